"""Reading task files as text without ever crashing on what is inside them.

A dataset holds thousands of folders written by people and models; some files
are huge, binary, UTF-16 or not valid UTF-8. Each of those becomes a
`TaskProblem` naming the file (and for bad UTF-8 the line and column of the
first bad byte) while the loader carries on with whatever text it can get.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from iacreview.hcl.source import MAX_FILE_BYTES
from iacreview.task.problems import ProblemKind, TaskProblem

MAX_TEXT_BYTES = MAX_FILE_BYTES
"""Files above this size are not read; the same limit as `check`, `fmt` and `validate` (hcl.source)."""

_BINARY_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class TextRead:
    """The text of a file (None if it could not be used) and what went wrong."""

    text: str | None
    problems: list[TaskProblem] = field(default_factory=list)


def read_text(path: Path, display: str | None = None, *, max_bytes: int = MAX_TEXT_BYTES) -> TextRead:
    """Read `path` as UTF-8 text, reporting size, binary and encoding defects.

    `display` is the name used in problems (a path relative to the task).
    Invalid UTF-8 is reported at its first bad byte and then decoded with
    replacement characters, so extraction can still see the rest of the file.
    """
    name = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return TextRead(None, [_problem(ProblemKind.READ_ERROR, name, f"cannot read: {exc.strerror or exc}")])
    if size > max_bytes:
        return TextRead(
            None,
            [_problem(ProblemKind.TOO_LARGE, name, f"file is {size} bytes, more than the {max_bytes}-byte limit; not read")],
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        return TextRead(None, [_problem(ProblemKind.READ_ERROR, name, f"cannot read: {exc.strerror or exc}")])
    return decode_text(data, name)


def decode_text(data: bytes, name: str) -> TextRead:
    """Decode bytes that should be UTF-8 text; see `read_text`."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return TextRead(None, [_problem(ProblemKind.BINARY, name, "starts with a UTF-16 mark but is not UTF-16 text")])
        return TextRead(text, [_problem(ProblemKind.ENCODING, name, "file is UTF-16; answers are expected in UTF-8")])
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        return TextRead(None, [_problem(ProblemKind.BINARY, name, "file contains NUL bytes: binary, not text; not read")])
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return TextRead(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line, col = _position_of_byte(data, exc.start)
        problem = TaskProblem(
            ProblemKind.INVALID_UTF8,
            name,
            line,
            col,
            f"invalid UTF-8 byte 0x{data[exc.start]:02x}; decoded with replacement characters",
        )
        return TextRead(data.decode("utf-8", errors="replace"), [problem])


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of the byte at `offset`."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


def _problem(kind: ProblemKind, name: str, message: str) -> TaskProblem:
    return TaskProblem(kind, name, None, None, message)
