"""Findings as a Markdown table, for a pull-request comment or a job summary.

Most severe first; each rule links to its documentation page. Cells are
escaped (`|`, backticks, newlines) so a message can never break the table.
Counts of what was not shown (suppressed inline, accepted by the baseline,
excluded by configuration) end the comment, so a reader knows the table is
not the whole story.
"""

from __future__ import annotations

from collections.abc import Sequence

from iacreview.check.run import PathResult
from iacreview.rules.base import SEVERITIES, SEVERITY_RANK, Finding
from iacreview.rules.registry import get_rule


def cell(text: str) -> str:
    """Text safe inside a table cell."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def code(text: str) -> str:
    """Text as inline code inside a table cell (backticks in the text widen the fence)."""
    text = " ".join(text.split()).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render_markdown(results: Sequence[PathResult], show_suppressed: bool = False) -> str:
    rows = [(r.clean_path(f.file), f) for r in results for f in r.findings
            if f.suppressed is None or show_suppressed]
    rows.sort(key=lambda pf: (pf[1].suppressed is not None, -SEVERITY_RANK[pf[1].severity], pf[0], pf[1].line,
                              pf[1].col, pf[1].rule))
    active = [f for r in results for f in r.findings if f.suppressed is None]
    counts = {s: sum(1 for f in active if f.severity == s) for s in SEVERITIES}
    parts = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    title = f"{len(active)} finding{'s' if len(active) != 1 else ''}" + (f" ({parts})" if parts else "")
    out = [f"### iacreview: {title}", ""]
    if rows:
        out += ["| Severity | Rule | Location | Resource | Message |", "|---|---|---|---|---|"]
        out += [_row(path, f) for path, f in rows]
        out.append("")
    else:
        out += ["No findings.", ""]
    suppressed = sum(1 for r in results for f in r.findings if f.suppressed is not None)
    hidden = sum(r.baseline_hidden for r in results)
    excluded = sum(r.excluded for r in results)
    notes = []
    if suppressed:
        notes.append(f"{suppressed} suppressed inline" + (" (shown dimmed)" if show_suppressed else ""))
    if hidden:
        notes.append(f"{hidden} accepted by the baseline")
    if excluded:
        notes.append(f"{excluded} in excluded files")
    if notes:
        out += ["Not counted: " + "; ".join(notes) + ".", ""]
    return "\n".join(out)


def _row(path: str, f: Finding) -> str:
    rule = get_rule(f.rule)
    name = f" {rule.meta.name}" if rule is not None else ""
    # The rule's page ships with iacreview (`iacreview rules ID`); the link goes to the first documentation
    # the rule cites (AWS or Terraform), a page that exists wherever the report is read.
    references = rule.meta.references if rule is not None else ()
    link = (f"[{f.rule}]({references[0]}){name}" if references else f"`{f.rule}`{name}")
    severity = f.severity if f.suppressed is None else f"~~{f.severity}~~ suppressed"
    message = cell(f.message) + (f" *(suppressed: {cell(f.suppressed)})*" if f.suppressed is not None else "")
    resource = code(f.address) if f.address else ""
    return f"| {severity} | {link} | {code(f'{path}:{f.line}:{f.col}')} | {resource} | {message} |"
