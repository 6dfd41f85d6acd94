"""The review's failures: what is wrong in the model's answer.

Every finding on the model's answer is a failure of the model, whatever the
ideal answer does: a defect both share is still a defect (an ideal identical
to the model's answer must not make its one real bug vanish). A finding the
ideal has too (matched by rule and resource address) is marked shared: the
report says "also in the IDEAL_RESPONSE" and does not quote the ideal's code
as its fix, and the diff does not count it as something the ideal fixed.
Each rule is one failure however many places it touches (formatting across
several files is one formatting failure), as a reviewer would write it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from iacreview.rules.base import Finding

#: Where a requirement finding's message turns from what the prompt asks to what the answer does.
REQUIREMENT_SEPARATOR = "; the answer: "


@dataclass
class Failure:
    """One failure of the review, built from one or more findings."""

    finding: Finding
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    shared: list[Finding] = field(default_factory=list)  # the findings the ideal answer has too

    @property
    def rule(self) -> str:
        return self.finding.rule

    @property
    def shared_with_ideal(self) -> bool:
        """Every place of the failure is also in the ideal answer: the ideal did not fix it anywhere."""
        return bool(self.findings) and len(self.shared) == len(self.findings)

    def fixed_by_ideal(self) -> list[Finding]:
        """The places the ideal answer does not share: where its code is the fix."""
        return [f for f in self.findings if not any(f is s for s in self.shared)]


def finding_key(f: Finding) -> tuple[str, str]:
    """How a model finding is matched with an ideal one."""
    if f.rule == "FMT001":
        return (f.rule, f.file)
    if f.rule.startswith("REQ"):  # a requirement of the prompt: the same whatever resource the answer names
        return (f.rule, f.message.split(REQUIREMENT_SEPARATOR, 1)[0])
    if f.address:
        return (f.rule, f.address)
    message = f.message.replace(f.file, "")
    return (f.rule, message)


def select_failures(model: list[Finding], ideal: list[Finding] | None) -> tuple[list[Failure], list[Finding]]:
    """(failures, shared findings). Shared findings are those the ideal has too; they are failures as well.

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
        is_shared = finding_key(f) in ideal_keys
        if is_shared:
            shared.append(f)
        failure = by_rule.get(f.rule)
        if failure is None:
            failure = by_rule[f.rule] = Failure(f, [f.file], [f], [f] if is_shared else [])
            failures.append(failure)
            continue
        failure.findings.append(f)
        if is_shared:
            failure.shared.append(f)
        if f.file not in failure.files:
            failure.files.append(f.file)
    return failures, shared
