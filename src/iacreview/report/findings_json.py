"""Findings as JSON: the stable shape other tools read (add keys, never change them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from iacreview import __version__
from iacreview.rules.base import Finding, RuleMeta


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "category": f.category,
        "title": f.title,
        "message": f.message,
        "file": f.file,
        "line": f.line,
        "col": f.col,
        "end_line": f.end_line,
        "end_col": f.end_col,
        "address": f.address,
        "fix": f.fix_text,
        "edits": [{"file": e.file, "start": e.start, "end": e.end, "replacement": e.replacement} for e in f.edits],
        "suppressed": f.suppressed,
        "references": list(f.references),
    }


def render_json(findings: Sequence[Finding], passed: Sequence[RuleMeta], errors: Sequence[str]) -> dict[str, Any]:
    active = [f for f in findings if f.suppressed is None]
    summary = {s: sum(1 for f in active if f.severity == s) for s in ("critical", "high", "medium", "low")}
    summary["total"] = len(active)
    return {
        "tool": {"name": "iacreview", "version": __version__},
        "summary": summary,
        "findings": [finding_dict(f) for f in findings],
        "passed": [{"rule": m.id, "category": m.category, "title": m.summary} for m in passed],
        "errors": list(errors),
    }
