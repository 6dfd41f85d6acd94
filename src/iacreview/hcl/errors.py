"""Syntax errors: every problem of a file with its position, ready for one-line output."""

from __future__ import annotations

from iacreview.hcl.source import Diagnostic

#: After this many errors in one file the parser stops looking for more.
MAX_ERRORS = 20


class HCLSyntaxError(Exception):
    """A file that does not parse; `diagnostics` lists every error found, in order."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(str(diagnostics[0]))
        self.diagnostics = diagnostics

    @property
    def first(self) -> Diagnostic:
        return self.diagnostics[0]

    @property
    def filename(self) -> str:
        return self.first.filename

    @property
    def line(self) -> int:
        return self.first.line

    @property
    def col(self) -> int:
        return self.first.col

    @property
    def message(self) -> str:
        return self.first.message
