"""Token lines and their cells: the units `terraform fmt` indents and aligns.

A line runs up to and including a newline token or a `#`/`//` comment (which
carries its own newline); heredoc text does not break lines, so a whole heredoc
belongs to the line that opens it. Each line is cut into up to three cells:

- lead: everything not in the other two;
- assign: from the first `=` (not the line's first token) to the end, but only
  when the brackets from there on balance, i.e. a single-line attribute or
  object item; multi-line values stay in the lead;
- comment: a comment that ends a line holding something else.

The `=` of assign cells and the comments of comment cells are aligned across
consecutive lines (see align.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from iacreview.fmt.stream import BRACKET_CHANGE, COMMENT, COMMENT_LINE, EQUAL, NEWLINE


@dataclass(slots=True)
class Line:
    """One line's token index ranges (end-exclusive) in the stream.

    lead is [start, lead_end); assign, when present, is [assign, comment or end);
    comment, when present, is the single token at `comment`.
    """

    start: int
    lead_end: int
    assign: int  # -1: no assign cell
    comment: int  # -1: no comment cell
    end: int

    @property
    def assign_end(self) -> int:
        return self.comment if self.comment >= 0 else self.end


def split_lines(kinds: list[int]) -> list[Line]:
    """The lines of a token stream, with their cells found."""
    lines: list[Line] = []
    append = lines.append
    change = BRACKET_CHANGE
    n = len(kinds)
    breaks = [i + 1 for i, k in enumerate(kinds) if k == NEWLINE or k == COMMENT_LINE]
    if not breaks or breaks[-1] != n:
        breaks.append(n)
    start = 0
    for end in breaks:
        if end == start:
            continue
        body_end = end
        comment = -1
        last = kinds[end - 1]
        if end - start > 1 and (last == COMMENT_LINE or last == COMMENT):
            comment = body_end = end - 1
        assign = -1
        if body_end - start > 1:
            try:
                j = kinds.index(EQUAL, start + 1, body_end)
            except ValueError:
                j = -1
            if j >= 0 and sum([change[k] for k in kinds[j:body_end]]) == 0:
                assign = j
        append(Line(start, assign if assign >= 0 else body_end, assign, comment, end))
        start = end
    return lines
