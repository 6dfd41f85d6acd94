"""Applying the text edits findings carry (`check --fix`).

Edits are applied per file from the end backwards so offsets stay valid; an
edit that overlaps one already taken is left for the next run (as ruff does),
so a file is never corrupted by two fixes touching the same text. Only fixes
marked safe are applied unless unsafe ones are asked for. The file must still
parse afterwards, otherwise it is left as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from iacreview.hcl import HCLSyntaxError, SourceError, parse_file_text, read_source
from iacreview.rules.base import Edit, Finding
from iacreview.rules.registry import get_rule


@dataclass
class FixReport:
    files: int = 0
    fixes: int = 0
    skipped: int = 0  # overlapping or leaving a file that does not parse


def fixable(finding: Finding, unsafe: bool) -> bool:
    if not finding.edits or finding.suppressed is not None:
        return False
    rule = get_rule(finding.rule)
    safety = rule.meta.fix_safety if rule else "none"
    return safety == "safe" or (unsafe and safety == "unsafe")


def apply_fixes(text: str, fixes: Iterable[list[Edit]]) -> tuple[str, int, int]:
    """(new text, fixes applied, fixes skipped). A fix is all the edits of one finding, applied
    together or not at all; fixes are taken from the end of the file backwards and one that
    overlaps a fix already taken waits for the next run."""
    applied = skipped = 0
    limit = len(text)
    ordered = sorted((sorted(edits, key=lambda e: e.start) for edits in fixes if edits),
                     key=lambda edits: edits[0].start, reverse=True)
    for edits in ordered:
        if edits[-1].end > limit or edits[0].start < 0 or any(
            a.end > b.start for a, b in zip(edits, edits[1:])
        ):
            skipped += 1
            continue
        for edit in reversed(edits):
            text = text[: edit.start] + edit.replacement + text[edit.end :]
        limit = edits[0].start
        applied += 1
    return text, applied, skipped


def fix_files(located: Iterable[tuple[str, Finding]], unsafe: bool = False) -> FixReport:
    """Apply the fixes of (path on disk, finding) pairs; returns what was done."""
    by_path: dict[str, list[list[Edit]]] = {}
    report = FixReport()
    for path, finding in located:
        if fixable(finding, unsafe):
            by_path.setdefault(path, []).append(list(finding.edits))
    for path, fixes in by_path.items():
        try:
            text = read_source(path)
        except SourceError:
            report.skipped += len(fixes)
            continue
        new, applied, skipped = apply_fixes(text, fixes)
        report.skipped += skipped
        if applied == 0 or new == text:
            continue
        try:
            parse_file_text(new, path)
        except HCLSyntaxError:
            report.skipped += applied
            continue
        tmp = f"{path}.iacreview-fix"
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(new)
        os.replace(tmp, path)
        report.files += 1
        report.fixes += applied
    return report
