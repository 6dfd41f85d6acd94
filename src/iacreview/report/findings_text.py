"""Findings as people read them in a terminal: grouped by file, with the line and a caret.

Colour only when writing to a terminal (rich decides), so CI logs and pipes
get plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby

from rich.console import Console
from rich.text import Text

from iacreview.rules.base import Finding

_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}


def render_text(
    findings: Sequence[Finding],
    line_of: Callable[[str, int], str | None],
    console: Console,
    display: Callable[[str], str] = lambda f: f,
) -> None:
    """Print findings grouped by file; `line_of(file, line)` gives a source line or None."""
    for file, group in groupby(sorted(findings, key=Finding.sort_key), key=lambda f: f.file):
        console.print(Text(display(file), style="bold underline"))
        for f in group:
            head = Text(f"  {f.line}:{f.col} ", style="dim" if f.suppressed is not None else "")
            head.append(f"{f.severity:<8}", style=_STYLE.get(f.severity, ""))
            head.append(f" {f.rule} ", style="bold")
            head.append(f.message)
            if f.suppressed is not None:
                head.append(f"  (suppressed: {f.suppressed})", style="dim")
            console.print(head)
            source = line_of(file, f.line)
            if source is not None:
                shown = source.expandtabs(4)
                console.print(Text(f"    {shown}", style="dim"), soft_wrap=True)
                prefix = source[: max(f.col - 1, 0)].expandtabs(4)
                console.print(Text("    " + " " * len(prefix) + "^", style=_STYLE.get(f.severity, "")))
        console.print()


def summary_line(findings: Sequence[Finding]) -> str:
    counts = {s: 0 for s in ("critical", "high", "medium", "low")}
    for f in findings:
        if f.suppressed is None:
            counts[f.severity] += 1
    total = sum(counts.values())
    parts = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    return f"{total} finding{'s' if total != 1 else ''}" + (f" ({parts})" if parts else "")
