"""Vertical alignment of `=` signs and trailing comments across consecutive lines.

Consecutive lines that all have an assign cell form a run; in a run every `=`
is put one space after the widest lead. Then, separately, consecutive lines
that all have a comment cell form a run, and every comment goes one space after
the widest lead-plus-assign. Any other line (blank, comment only, block header,
multi-line value, closing bracket) ends a run. Widths count the indentation and
each token's spaces, in grapheme clusters (width.py).
"""

from __future__ import annotations

from iacreview.fmt.lines import Line
from iacreview.fmt.width import columns


def _width(texts: list[str], spaces: list[int], start: int, end: int) -> int:
    total = sum(spaces[start:end])
    for text in texts[start:end]:
        total += columns(text)
    return total


def align_assignments(lines: list[Line], texts: list[str], spaces: list[int]) -> None:
    """Set the spaces before each assign cell so runs of `=` line up."""
    run: list[tuple[int, int]] = []  # (index of '=', width of the lead)
    for line in lines:
        if line.assign < 0:
            if run:
                _close(run, spaces)
            continue
        run.append((line.assign, _width(texts, spaces, line.start, line.assign)))
    if run:
        _close(run, spaces)


def align_comments(lines: list[Line], texts: list[str], spaces: list[int]) -> None:
    """Set the spaces before each trailing comment so runs of comments line up."""
    run: list[tuple[int, int]] = []  # (index of the comment, width before it)
    for line in lines:
        if line.comment < 0:
            if run:
                _close(run, spaces)
            continue
        run.append((line.comment, _width(texts, spaces, line.start, line.comment)))
    if run:
        _close(run, spaces)


def _close(run: list[tuple[int, int]], spaces: list[int]) -> None:
    widest = max(width for _, width in run)
    for index, width in run:
        spaces[index] = widest - width + 1
    run.clear()
