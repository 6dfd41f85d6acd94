"""The review's failures: what is wrong in the model's answer that the ideal answer gets right.

With an ideal answer, a finding counts only when the ideal does not share it
(matched by rule and resource address), so the review blames the model for
what the reviewed ideal fixed, not for house-style choices both share. Without
an ideal, every finding counts. Formatting is one failure for the whole
answer, however many files it touches, as a reviewer would write it.
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
    """(failures, shared findings). Shared findings are those the ideal has too."""
    ideal_keys = {finding_key(f) for f in ideal} if ideal is not None else set()
    ideal_fmt = ideal is not None and any(f.rule == "FMT001" for f in ideal)
    failures: list[Failure] = []
    shared: list[Finding] = []
    formatting: Failure | None = None
    for f in model:
        if f.suppressed is not None:
            continue
        if f.rule == "FMT001":
            if ideal_fmt and finding_key(f) in ideal_keys:
                shared.append(f)
                continue
            if formatting is None:
                formatting = Failure(f, [f.file], [f])
                failures.append(formatting)
            else:
                formatting.files.append(f.file)
                formatting.findings.append(f)
            continue
        if finding_key(f) in ideal_keys:
            shared.append(f)
            continue
        failures.append(Failure(f, [f.file], [f]))
    return failures, shared
