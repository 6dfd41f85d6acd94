"""Recursive-descent parser for HCL2 native syntax, as Terraform uses it.

It follows the HCL specification's grammar and newline rules: newlines end
attributes and separate object items, but are ignored inside parentheses,
brackets, function arguments, for-expressions and template interpolations.
Errors are collected with their positions; after an error the parser skips to the
end of the offending line and goes on, so one run reports several problems.
Nesting is bounded so hostile input gets an error, never a RecursionError.
"""

from __future__ import annotations

import gc
import sys

from iacreview.hcl import nodes as N
from iacreview.hcl import tokens as T
from iacreview.hcl.cursor import MAX_NESTING, FatalParseError, ParseError
from iacreview.hcl.errors import HCLSyntaxError
from iacreview.hcl.parse_expressions import ExpressionParser
from iacreview.hcl.parse_templates import TemplateParser
from iacreview.hcl.lexer import _NATIVE_KINDS, lex_split
from iacreview.hcl.native import load_accelerator
from iacreview.hcl.source import Diagnostic, Source
from iacreview.hcl.templates import EscapeError, decode_heredoc, decode_quoted
from iacreview.hcl.tokens import Token

_native = load_accelerator("iacreview.hcl._parser")
#: The classes _parser.c builds, in the order of its enum.
_NATIVE_CLASSES = (
    N.Literal, N.Variable, N.AnonSymbol, N.GetAttr, N.Index, N.Splat, N.FunctionCall, N.Tuple, N.ObjectItem,
    N.Object, N.ForExpr, N.Conditional, N.BinaryOp, N.UnaryOp, N.Parens, N.TemplateLiteral, N.TemplateInterp,
    N.TemplateIf, N.TemplateFor, N.Template, N.Body, N.Attribute, N.Label, N.Block, Token,
)

_OPENERS = {T.OBRACE: T.CBRACE, T.OBRACK: T.CBRACK, T.OPAREN: T.CPAREN}
_CLOSERS = {T.CBRACE, T.CBRACK, T.CPAREN, T.TEMPLATE_SEQ_END}


class Parser(TemplateParser, ExpressionParser):
    """One file's parse: bodies and blocks here, expressions and templates in their modules."""

    def parse_file(self) -> N.ConfigFile:
        try:
            body = self.parse_body(None)
        except FatalParseError:
            # A block left open at the end, or too many errors: keep the complete items before it.
            items = self.top_items
            first = items[0].first if items else self.tokens[0]
            body = N.Body(items, first, items[-1].last if items else first, self.source)
        return N.ConfigFile(body, self.tokens, self.source)

    def parse_body(self, opener: Token | None) -> N.Body:
        """Items up to the `}` matching `opener` (not consumed), or to EOF at top level."""
        items: list[N.Attribute | N.Block] = []
        if opener is None:
            self.top_items = items  # what a fatal error leaves of the file
        seen: dict[str, Token] = {}
        start_tok = self.peek()
        while True:
            tok = (self.sig[self.pos] if self.newlines else self.peek())
            if tok.kind == T.NEWLINE:
                self.pos += 1
                continue
            if tok.kind == T.EOF:
                if opener is not None:
                    # Reported where the block opens, as Terraform does ("Unclosed configuration block"):
                    # that is where the missing brace belongs, not at the end of the file.
                    self.record(
                        self.diag(
                            opener,
                            f"unclosed block: expected '}}' to close this block, found end of file at line {tok.line}",
                        )
                    )
                break
            if tok.kind == T.CBRACE:
                if opener is not None:
                    break
                self.record(self.diag(tok, "unexpected '}': no block is open here"))
                self.pos += 1
                continue
            try:
                item = self.parse_item()
            except ParseError as err:
                self.record(err.diagnostic)
                self.recover()
                continue
            if isinstance(item, N.Attribute):
                earlier = seen.get(item.name)
                if earlier is not None:
                    self.record(
                        self.diag(
                            item.name_token,
                            f"attribute {item.name!r} was already set at {earlier.line}:{earlier.col}; "
                            "each attribute may be set only once",
                        )
                    )
                else:
                    seen[item.name] = item.name_token
            items.append(item)
        end_tok = items[-1].last if items else start_tok
        return N.Body(items, items[0].first if items else start_tok, end_tok, self.source)

    def recover(self) -> None:
        """Skip to the end of the current line (outside brackets), keeping block closers."""
        self.newlines = True
        depth = 0
        sig = self.sig
        while True:
            tok = sig[self.pos]
            kind = tok.kind
            if kind == T.EOF:
                return
            if depth == 0 and kind == T.NEWLINE:
                self.pos += 1
                return
            if kind in _OPENERS or kind in (T.TEMPLATE_INTERP, T.TEMPLATE_CONTROL):
                depth += 1
            elif kind in _CLOSERS:
                if depth == 0:
                    if kind == T.CBRACE:
                        return
                else:
                    depth -= 1
            self.pos += 1

    def parse_item(self) -> N.Attribute | N.Block:
        tok = (self.sig[self.pos] if self.newlines else self.peek())
        if tok.kind != T.IDENT:
            self.fail(tok, f"expected an attribute or block, found {tok.describe()}")
        nxt = self.peek_raw(1)
        if nxt.kind == T.EQUAL:
            attr = self.parse_attribute()
            self.end_of_item(attr)
            return attr
        if nxt.kind in (T.OQUOTE, T.IDENT, T.OBRACE):
            return self.parse_block()
        self.fail(
            nxt,
            f"expected '=' or a block after {tok.text!r}, found {nxt.describe()}",
        )
        raise AssertionError("unreachable")

    def parse_attribute(self) -> N.Attribute:
        # Callers have peeked the name and seen '=' right after it.
        pos = self.pos
        name, equals = self.sig[pos], self.sig[pos + 1]
        self.pos = pos + 2
        expr = self.parse_expr()
        return N.Attribute(name, equals, expr, self.source)

    def end_of_item(self, item: N.Node) -> None:
        tok = (self.sig[self.pos] if self.newlines else self.peek())
        if tok.kind == T.NEWLINE:
            self.pos += 1
        elif tok.kind != T.EOF:
            self.fail(tok, f"expected a newline after the {type(item).__name__.lower()}, found {tok.describe()}")

    def parse_block(self) -> N.Block:
        type_tok = self.sig[self.pos]  # peeked by parse_item
        self.pos += 1
        labels: list[N.Label] = []
        while True:
            tok = self.peek()
            if tok.kind == T.IDENT:
                self.pos += 1
                labels.append(N.Label([tok], tok.text, quoted=False))
            elif tok.kind == T.OQUOTE:
                labels.append(self.parse_label())
            else:
                break
        open_ = self.expect(T.OBRACE, "'{' to open the block")
        self.nest(open_)
        try:
            after = self.peek()
            if after.kind == T.NEWLINE or after.kind == T.EOF:
                body = self.parse_body(open_)
            else:
                body = self.parse_single_line_body(open_)
            close = self.peek()
            if close.kind != T.CBRACE:
                raise FatalParseError  # parse_body only stops at '}' or EOF; EOF was recorded
            self.pos += 1
        finally:
            self.depth -= 1
        block = N.Block(type_tok, labels, open_, body, close, self.source)
        self.end_of_item(block)
        return block

    def parse_single_line_body(self, opener: Token) -> N.Body:
        """`name { attr = value }`: at most one attribute, no nested blocks."""
        tok = self.peek()
        if tok.kind == T.CBRACE:
            return N.Body([], tok, tok, self.source)
        if tok.kind == T.IDENT and self.peek_raw(1).kind == T.EQUAL:
            attr = self.parse_attribute()
            after = self.peek()
            if after.kind != T.CBRACE:
                self.fail(
                    after,
                    "a single-line block can hold only one attribute; "
                    f"expected '}}', found {after.describe()}",
                )
            return N.Body([attr], attr.first, attr.last, self.source)
        self.fail(tok, f"expected a newline or an attribute after '{{', found {tok.describe()}")
        raise AssertionError("unreachable")

    def parse_label(self) -> N.Label:
        open_ = self.advance()
        toks = [open_]
        value = ""
        while True:
            tok = self.sig[self.pos]
            if tok.kind == T.QUOTED_LIT:
                try:
                    value += decode_quoted(tok.text)
                except EscapeError as err:
                    self.fail(tok, str(err))
                toks.append(tok)
                self.pos += 1
            elif tok.kind == T.CQUOTE:
                toks.append(tok)
                self.pos += 1
                return N.Label(toks, value, quoted=True)
            elif tok.kind in (T.TEMPLATE_INTERP, T.TEMPLATE_CONTROL):
                self.fail(tok, "block labels cannot contain template sequences")
            else:
                self.fail(tok, f"expected closing quote of the label, found {tok.describe()}")

    # ------------------------------------------------------------ expressions


def parse(text: str, filename: str = "<input>") -> N.ConfigFile:
    """Parse HCL2 native syntax (`.tf`, `.tfvars`, `.tftest.hcl`) into a lossless tree.

    Raises HCLSyntaxError listing every error found (at most MAX_ERRORS).
    `parse(text).to_source() == text` for every text that parses.
    """
    tree, errors = parse_with_errors(text, filename)
    if errors:
        raise HCLSyntaxError(errors)
    return tree


def parse_with_errors(text: str, filename: str = "<input>") -> tuple[N.ConfigFile, list[Diagnostic]]:
    """Parse and return the (possibly partial) tree together with its errors.

    The native parser (_parser.c), when built, parses files without errors; a file
    it declines is parsed here in Python, which reports and recovers.
    """
    if _native is not None:
        # A tree holds no reference cycles, so the cyclic collector has nothing to find while one is
        # built; left on, it re-scans the growing tree again and again (a 10 MB file parsed 30% slower
        # per MB than a 1 MB one). Reference counting still frees everything as usual.
        collecting = gc.isenabled()
        gc.disable()
        try:
            tokens, sig = lex_split(text)
            source = Source(text, filename)
            body = _native.parse_body(sig, source, _NATIVE_KINDS, _NATIVE_CLASSES, decode_quoted, decode_heredoc,
                                      MAX_NESTING)
        finally:
            if collecting:
                gc.enable()
        if body is not None:
            return N.ConfigFile(body, tokens, source), []
    return parse_with_errors_python(text, filename)


def parse_with_errors_python(text: str, filename: str = "<input>") -> tuple[N.ConfigFile, list[Diagnostic]]:
    """`parse_with_errors` in pure Python, the reference."""
    limit = sys.getrecursionlimit()
    if limit < 20 * MAX_NESTING:
        sys.setrecursionlimit(20 * MAX_NESTING)
    try:
        parser = Parser(text, filename)
        tree = parser.parse_file()
    finally:
        sys.setrecursionlimit(limit)
    return tree, parser.errors
