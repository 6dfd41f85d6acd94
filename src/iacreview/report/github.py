"""Findings as GitHub Actions workflow commands: annotations on the pull request's diff.

`::error file=F,line=L,col=C,endLine=…,endColumn=…,title=…::message` for
critical and high findings, `::warning` for medium, `::notice` for low.
Suppressed findings are not annotated. Values are escaped the way the
Actions runner expects: `%`, CR and LF everywhere, and `:` and `,` in the
properties too, so a message with a colon or a newline cannot break the
command.
"""

from __future__ import annotations

from collections.abc import Sequence

from iacreview.check.run import PathResult
from iacreview.report.findings_text import summary_line
from iacreview.rules.base import SEVERITY_RANK, Finding
from iacreview.rules.registry import get_rule

COMMANDS = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, f: Finding) -> str:
    rule = get_rule(f.rule)
    props = {"file": path, "line": str(f.line), "col": str(f.col)}
    if f.end_line is not None:
        props["endLine"] = str(f.end_line)
        if f.end_col is not None and f.end_line == f.line:
            props["endColumn"] = str(f.end_col)
    props["title"] = f"{f.rule} {rule.meta.name}" if rule is not None else f.rule
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
    return f"::{COMMANDS[f.severity]} {rendered}::{escape_data(f'[{f.severity}] {f.message}')}"


def render_github(results: Sequence[PathResult]) -> str:
    """One workflow command per active finding, most severe first, then a plain summary line."""
    active = [(r.clean_path(f.file), f) for r in results for f in r.findings if f.suppressed is None]
    active.sort(key=lambda pf: (-SEVERITY_RANK[pf[1].severity], pf[0], pf[1].line, pf[1].col, pf[1].rule))
    lines = [annotation(path, f) for path, f in active]
    lines.append(summary_line([f for r in results for f in r.findings]))
    return "\n".join(lines) + "\n"
