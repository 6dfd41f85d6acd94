"""The parser's cursor over significant tokens: lookahead, newline handling, errors, nesting.

Shared by the body, expression and template parts of the parser (each a class
of its own module) so each part reads as grammar, not bookkeeping.
"""

from __future__ import annotations

from iacreview.hcl import tokens as T
from iacreview.hcl.errors import MAX_ERRORS
from iacreview.hcl.lexer import lex_split
from iacreview.hcl.source import Diagnostic, Source
from iacreview.hcl.tokens import Token

#: Deepest nesting of blocks and expressions accepted before giving up on a file.
MAX_NESTING = 400


class ParseError(Exception):
    """Aborts the current item; the body loop records it and recovers."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


class FatalParseError(Exception):
    """Stops parsing the file (nesting too deep, too many errors)."""


class Cursor:
    """One file's tokens and the position in them."""

    def __init__(self, text: str, filename: str) -> None:
        self.source = Source(text, filename)
        self.tokens, self.sig = lex_split(text)
        # Two extra EOF references so looking ahead never runs off the end.
        self.sig += [self.sig[-1], self.sig[-1]]
        self.pos = 0
        self.newlines = True  # are newlines significant right now?
        self.depth = 0
        self.errors: list[Diagnostic] = []
        self.top_items: list = []  # the file's items so far (what a fatal error leaves of it)

    # ------------------------------------------------------------ cursor

    def peek(self) -> Token:
        """The next significant token. Hot paths inline the common case as
        `self.sig[self.pos] if self.newlines else self.peek()`."""
        sig = self.sig
        i = self.pos
        if not self.newlines:
            while sig[i].kind == T.NEWLINE:
                i += 1
            self.pos = i
        return sig[i]

    def peek_raw(self, ahead: int = 0) -> Token:
        """The token `ahead` places on, newlines counted, without skipping."""
        return self.sig[self.pos + ahead]

    def index_ahead(self, ahead: int) -> int:
        """Where the token `ahead` places on is, skipping newlines wherever they do not count."""
        sig = self.sig
        i = self.pos
        skip = not self.newlines
        while True:
            if skip:
                while sig[i].kind == T.NEWLINE:
                    i += 1
            if ahead == 0 or sig[i].kind == T.EOF:
                return i
            ahead -= 1
            i += 1

    def peek_ahead(self, ahead: int) -> Token:
        """Like `peek_raw`, but inside brackets `x.\n*` and `f\n(1)` read as on one line."""
        return self.sig[self.index_ahead(ahead)]

    def advance(self) -> Token:
        tok = self.peek()
        if tok.kind != T.EOF:
            self.pos += 1
        return tok

    def expect(self, kind: str, what: str) -> Token:
        tok = self.peek()
        if tok.kind != kind:
            self.fail(tok, f"expected {what}, found {tok.describe()}")
        self.pos += 1
        return tok

    def diag(self, tok: Token, message: str) -> Diagnostic:
        if tok.kind == T.INVALID:
            message = f"invalid character {tok.text!r}"
        elif tok.kind == T.UNTERMINATED:
            message = "unterminated comment: '/*' is never closed"
        return Diagnostic(self.source.filename, tok.line, tok.col, message)

    def fail(self, tok: Token, message: str) -> None:
        raise ParseError(self.diag(tok, message))

    def record(self, diagnostic: Diagnostic) -> None:
        self.errors.append(diagnostic)
        if len(self.errors) >= MAX_ERRORS:
            raise FatalParseError

    def nest(self, tok: Token) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            self.errors.append(self.diag(tok, f"nesting deeper than {MAX_NESTING} levels"))
            raise FatalParseError

    # ------------------------------------------------------------ bodies

