"""The review's failures: what is wrong in the model's answer that the ideal answer gets right.

With an ideal answer, a finding counts only when the ideal does not share it
(matched by rule and resource address), so the review blames the model for
what the reviewed ideal fixed, not for house-style choices both share. Without
an ideal, every finding counts. Each rule is one failure however many places it
touches (formatting across several files is one formatting failure), as a
reviewer would write it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from iacreview.rules.base import Finding


@dataclass
class Failure:
    """One failure of the review, built from one or more findings."""

    finding: Finding
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def rule(self) -> str:
        return self.finding.rule


def finding_key(f: Finding) -> tuple[str, str]:
    """How a model finding is matched with an ideal one."""
    if f.rule == "FMT001":
        return (f.rule, f.file)
    if f.address:
        return (f.rule, f.address)
    message = f.message.replace(f.file, "")
    return (f.rule, message)


def select_failures(model: list[Finding], ideal: list[Finding] | None) -> tuple[list[Failure], list[Finding]]:
    """(failures, shared findings). Shared findings are those the ideal has too.

    Findings of one rule make one failure, listing every place: a reviewer writes
    "outputs expose secrets (3 places)", not three failures.
    """
    ideal_keys = {finding_key(f) for f in ideal} if ideal is not None else set()
    failures: list[Failure] = []
    by_rule: dict[str, Failure] = {}
    shared: list[Finding] = []
    for f in model:
        if f.suppressed is not None:
            continue
        if finding_key(f) in ideal_keys:
            shared.append(f)
            continue
        failure = by_rule.get(f.rule)
        if failure is None:
            failure = by_rule[f.rule] = Failure(f, [f.file], [f])
            failures.append(failure)
            continue
        failure.findings.append(f)
        if f.file not in failure.files:
            failure.files.append(f.file)
    return failures, shared
