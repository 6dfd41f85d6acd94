"""Indentation: two spaces per open bracket level, counted line by line.

`terraform fmt` does not indent by the syntax tree. It counts, on each line,
how many brackets (`{ [ (` and the template openers `${ %{`) open or close on
balance, ignoring anything after a heredoc opener on that line. A line that opens
more than it closes is indented at the current level and pushes one level that
remembers how many brackets it opened; a line that closes more than it opens
pops levels until those brackets are used up and is indented at the level that
remains. So `foo({` opens a single level, and its `})` closes just that one.
"""

from __future__ import annotations

from iacreview.fmt.lines import Line
from iacreview.fmt.stream import BRACKET_CHANGE, NEWLINE, OHEREDOC


def indent_lines(kinds: list[int], lines: list[Line]) -> list[int]:
    """Spaces before the first token of each line (0 for blank lines)."""
    change = BRACKET_CHANGE
    levels: list[int] = []  # brackets opened by each indented level
    out: list[int] = []
    append = out.append
    for line in lines:
        start = line.start
        if kinds[start] == NEWLINE:
            append(0)
            continue
        lead = kinds[start : line.lead_end]
        if OHEREDOC in lead:
            lead = lead[: lead.index(OHEREDOC) + 1]
        net = sum([change[k] for k in lead])
        if net > 0:
            append(2 * len(levels))
            levels.append(net)
            continue
        closed = -net
        while closed > 0 and levels:
            top = levels[-1]
            if closed >= top:
                closed -= top
                levels.pop()
            else:
                levels[-1] = top - closed
                closed = 0
        append(2 * len(levels))
    return out
