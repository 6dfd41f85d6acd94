"""Source files: decoding bytes safely and mapping offsets to lines, columns and bytes.

Model answers arrive as anything from clean UTF-8 to binary junk. Decoding here
turns every such case into one `SourceError` naming file:line:col, so no caller
ever sees a UnicodeDecodeError or a traceback.
"""

from __future__ import annotations

import bisect
import os
from dataclasses import dataclass

#: Files larger than this are refused rather than parsed (10 MB files still parse).
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem at a position: what every user-facing error is made of."""

    filename: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}:{self.col}: {self.message}"


class SourceError(Exception):
    """A file that cannot be read as text: binary, bad UTF-8, too large, unreadable."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


class Source:
    """The text of one file with its line table, shared by all tokens and nodes."""

    __slots__ = ("text", "filename", "_line_starts", "_byte_prefix")

    def __init__(self, text: str, filename: str = "<input>") -> None:
        self.text = text
        self.filename = filename
        self._line_starts: list[int] | None = None
        self._byte_prefix: list[int] | None = None

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        starts = self.line_starts
        idx = bisect.bisect_right(starts, offset) - 1
        return idx + 1, offset - starts[idx] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its line ending."""
        starts = self.line_starts
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[starts[line - 1] : end].rstrip("\r\n")

    def byte_offset(self, offset: int) -> int:
        """Byte offset in the UTF-8 encoding of a character offset."""
        if self.text.isascii():
            return offset
        if self._byte_prefix is None:
            prefix = [0]
            total = 0
            for ch in self.text:
                total += 1 if ch < "\x80" else len(ch.encode("utf-8", "surrogatepass"))
                prefix.append(total)
            self._byte_prefix = prefix
        return self._byte_prefix[offset]


def decode(data: bytes, filename: str) -> str:
    """UTF-8 text of `data`, or a SourceError saying where and why it is not text."""
    if b"\x00" in data:
        nul = data.index(b"\x00")
        line = data.count(b"\n", 0, nul) + 1
        col = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        raise SourceError(Diagnostic(filename, line, col, "binary file (NUL byte); not HCL text"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
        line = data.count(b"\n", 0, bad) + 1
        line_start = data.rfind(b"\n", 0, bad) + 1
        col = len(data[line_start:bad].decode("utf-8", "replace")) + 1
        raise SourceError(
            Diagnostic(filename, line, col, f"invalid UTF-8 (byte 0x{data[bad]:02x})")
        ) from None


def read_source(path: str | os.PathLike[str], display_name: str | None = None) -> str:
    """Read a file as UTF-8 text, refusing binary, undecodable, huge or unreadable files."""
    name = display_name if display_name is not None else os.fspath(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise SourceError(
                Diagnostic(name, 1, 1, f"file too large ({size} bytes; limit {MAX_FILE_BYTES})")
            )
        with open(path, "rb") as fh:
            data = fh.read()
    except SourceError:
        raise
    except IsADirectoryError:
        raise SourceError(Diagnostic(name, 1, 1, "is a directory, not a file")) from None
    except OSError as exc:
        raise SourceError(Diagnostic(name, 1, 1, f"cannot read file: {exc.strerror}")) from None
    return decode(data, name)
