"""Lay out a token stream the way HCL's formatter does, and print it.

Only the spaces before tokens change: newlines, comments and template text are
printed as they are. The passes, in order, are the ones of `terraform fmt`:
indent each line (indent.py), space the tokens inside each cell
(spacing.py), then align `=` signs and trailing comments (align.py). The gap
before the end of the file is the one thing kept from the input.
"""

from __future__ import annotations

from iacreview.fmt.align import align_assignments, align_comments
from iacreview.fmt.indent import indent_lines
from iacreview.fmt.lines import Line, split_lines
from iacreview.fmt.spacing import DEPENDS_ON_BEFORE, SPACE_TABLE, space_after
from iacreview.fmt.stream import BRACKET_CHANGE, NIL, Stream
from iacreview.fmt.width import columns
from iacreview.hcl.native import load_accelerator

_SPACES = [" " * n for n in range(128)]

_native = load_accelerator("iacreview.fmt._layout")
#: The spacing table and bracket changes as the native pass reads them (bytes; -1 as 0xff).
_TABLE_BYTES = bytes(n for row in SPACE_TABLE for n in row)
_CHANGE_BYTES = bytes(c & 0xFF for c in BRACKET_CHANGE)


def layout(stream: Stream) -> str:
    """The formatted text of a stream."""
    if _native is not None:
        return _native.layout(stream.kinds, stream.texts, stream.eof_gap, _TABLE_BYTES, _CHANGE_BYTES,
                              DEPENDS_ON_BEFORE, space_after, columns)
    return layout_python(stream)


def layout_python(stream: Stream) -> str:
    """`layout` in pure Python: the reference the native pass (_layout.c) is tested against."""
    kinds = stream.kinds
    texts = stream.texts
    lines = split_lines(kinds)
    spaces = compute_spaces(kinds, lines, indent_lines(kinds, lines))
    align_assignments(lines, texts, spaces)
    align_comments(lines, texts, spaces)
    return render(texts, spaces, stream.eof_gap)


def compute_spaces(kinds: list[int], lines: list[Line], indents: list[int]) -> list[int]:
    """Spaces before each token: indentation, then the spacing rule inside each cell."""
    spaces = [0] * len(kinds)
    table = SPACE_TABLE
    for line, indent in zip(lines, indents):
        start = line.start
        spaces[start] = indent
        _space_cell(kinds, spaces, table, start, line.lead_end)
        assign = line.assign
        if assign >= 0:
            spaces[assign] = 1
            _space_cell(kinds, spaces, table, assign, line.assign_end)
    return spaces


def _space_cell(kinds: list[int], spaces: list[int], table: tuple, start: int, end: int) -> None:
    before = NIL
    subject = kinds[start]
    for i in range(start + 1, end):
        after = kinds[i]
        n = table[subject][after]
        if n == DEPENDS_ON_BEFORE:
            n = 1 if space_after(subject, before, after) else 0
        spaces[i] = n
        before = subject
        subject = after


def render(texts: list[str], spaces: list[int], eof_gap: int) -> str:
    pad = _SPACES
    pieces: list[str] = [""] * (2 * len(texts))
    pieces[0::2] = [pad[n] if n < 128 else " " * n for n in spaces]
    pieces[1::2] = texts
    if eof_gap:
        pieces.append(" " * eof_gap)
    return "".join(pieces)
