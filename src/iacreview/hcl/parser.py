"""Recursive-descent parser for HCL2 native syntax, as Terraform uses it.

It follows the HCL specification's grammar and newline rules: newlines end
attributes and separate object items, but are ignored inside parentheses,
brackets, function arguments, for-expressions and template interpolations.
Errors are collected with their positions; after an error the parser skips to the
end of the offending line and goes on, so one run reports several problems.
Nesting is bounded so hostile input gets an error, never a RecursionError.
"""

from __future__ import annotations

import re
import sys

from iacreview.hcl import nodes as N
from iacreview.hcl import tokens as T
from iacreview.hcl.errors import MAX_ERRORS, HCLSyntaxError
from iacreview.hcl.lexer import lex
from iacreview.hcl.source import Diagnostic, Source
from iacreview.hcl.templates import EscapeError, decode_heredoc, decode_quoted
from iacreview.hcl.tokens import Token

#: Deepest nesting of blocks and expressions accepted before giving up on a file.
MAX_NESTING = 400

_BINARY_PREC = {
    T.OR: 1,
    T.AND: 2,
    T.EQEQ: 3,
    T.NOTEQ: 3,
    T.LT: 4,
    T.LTE: 4,
    T.GT: 4,
    T.GTE: 4,
    T.PLUS: 5,
    T.MINUS: 5,
    T.STAR: 6,
    T.SLASH: 6,
    T.PERCENT: 6,
}
_OPENERS = {T.OBRACE: T.CBRACE, T.OBRACK: T.CBRACK, T.OPAREN: T.CPAREN}
_CLOSERS = {T.CBRACE, T.CBRACK, T.CPAREN, T.TEMPLATE_SEQ_END}
_KEYWORD_LITERALS = {"true": True, "false": False, "null": None}
#: What a number token must look like to have a value (Go's big.Float syntax in base 10).
_NUMBER_VALUE = re.compile(r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?")


class _Error(Exception):
    """Internal: aborts the current item; the body loop records it and recovers."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


class _Fatal(Exception):
    """Internal: stops parsing the file (nesting too deep, too many errors)."""


class Parser:
    """One file's parse. Use `parse()`; this class holds the cursor state."""

    def __init__(self, text: str, filename: str) -> None:
        self.source = Source(text, filename)
        self.tokens = lex(text)
        self.sig = [t for t in self.tokens if t.kind not in T.TRIVIA]
        # Two extra EOF references so looking ahead never runs off the end.
        self.sig += [self.sig[-1], self.sig[-1]]
        self.pos = 0
        self.newlines = True  # are newlines significant right now?
        self.depth = 0
        self.errors: list[Diagnostic] = []

    # ------------------------------------------------------------ cursor

    def peek(self) -> Token:
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
        raise _Error(self.diag(tok, message))

    def record(self, diagnostic: Diagnostic) -> None:
        self.errors.append(diagnostic)
        if len(self.errors) >= MAX_ERRORS:
            raise _Fatal

    def nest(self, tok: Token) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            self.errors.append(self.diag(tok, f"nesting deeper than {MAX_NESTING} levels"))
            raise _Fatal

    # ------------------------------------------------------------ bodies

    def parse_file(self) -> N.ConfigFile:
        try:
            body = self.parse_body(None)
        except _Fatal:
            body = N.Body([], self.tokens[0], self.tokens[0], self.source)
        return N.ConfigFile(body, self.tokens, self.source)

    def parse_body(self, opener: Token | None) -> N.Body:
        """Items up to the `}` matching `opener` (not consumed), or to EOF at top level."""
        items: list[N.Attribute | N.Block] = []
        seen: dict[str, Token] = {}
        start_tok = self.peek()
        while True:
            tok = self.peek()
            if tok.kind == T.NEWLINE:
                self.pos += 1
                continue
            if tok.kind == T.EOF:
                if opener is not None:
                    self.record(
                        self.diag(
                            tok,
                            f"expected '}}' to close the block opened at {opener.line}:{opener.col}, "
                            "found end of file",
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
            except _Error as err:
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
        tok = self.peek()
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
        name = self.advance()
        equals = self.advance()
        expr = self.parse_expr()
        return N.Attribute(name, equals, expr, self.source)

    def end_of_item(self, item: N.Node) -> None:
        tok = self.peek()
        if tok.kind == T.NEWLINE:
            self.pos += 1
        elif tok.kind != T.EOF:
            self.fail(tok, f"expected a newline after the {type(item).__name__.lower()}, found {tok.describe()}")

    def parse_block(self) -> N.Block:
        type_tok = self.advance()
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
                raise _Fatal  # parse_body only stops at '}' or EOF; EOF was recorded
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

    def parse_expr(self) -> N.Expr:
        tok = self.peek()
        self.nest(tok)
        try:
            cond = self.parse_binary(1)
            if self.peek().kind != T.QUESTION:
                return cond
            self.pos += 1
            true_expr = self.parse_expr()
            self.expect(T.COLON, "':' in the conditional expression")
            false_expr = self.parse_expr()
            return N.Conditional(cond, true_expr, false_expr, self.source)
        finally:
            self.depth -= 1

    def parse_binary(self, min_prec: int) -> N.Expr:
        lhs = self.parse_unary()
        while True:
            op = self.peek()
            prec = _BINARY_PREC.get(op.kind)
            if prec is None or prec < min_prec:
                return lhs
            self.pos += 1
            rhs = self.parse_binary(prec + 1)
            lhs = N.BinaryOp(lhs, op, rhs, self.source)

    def parse_unary(self) -> N.Expr:
        tok = self.peek()
        if tok.kind == T.MINUS or tok.kind == T.BANG:
            self.pos += 1
            self.nest(tok)
            try:
                operand = self.parse_unary()
            finally:
                self.depth -= 1
            return N.UnaryOp(tok, operand, self.source)
        return self.parse_postfix(self.parse_primary())

    def parse_postfix(self, expr: N.Expr) -> N.Expr:
        """Attribute access, indexing and splats after a primary expression."""
        while True:
            tok = self.peek()
            if tok.kind == T.DOT:
                nxt = self.peek_ahead(1)
                if nxt.kind == T.STAR:
                    self.pos = self.index_ahead(1) + 1
                    each, last = self.parse_splat_each(nxt, full=False)
                    expr = N.Splat(expr, each, False, last, self.source)
                    continue
                self.pos += 1
                expr = self.parse_get_attr(expr)
            elif tok.kind == T.OBRACK:
                if self.peek_ahead(1).kind == T.STAR and self.peek_ahead(2).kind == T.CBRACK:
                    close = self.peek_ahead(2)
                    self.pos = self.index_ahead(2) + 1
                    each, last = self.parse_splat_each(close, full=True)
                    expr = N.Splat(expr, each, True, last, self.source)
                    continue
                expr = self.parse_index(expr)
            else:
                return expr

    def parse_get_attr(self, obj: N.Expr) -> N.Expr:
        """After a '.': a name, or a legacy numeric index (`a.0`, `a.0.1`)."""
        tok = self.peek()
        if tok.kind == T.IDENT:
            self.pos += 1
            return N.GetAttr(obj, tok, self.source)
        if tok.kind == T.NUMBER:
            if "." in tok.text:
                self.fail(tok, "invalid legacy index syntax: use brackets, as in a[0][1]")
            self.check_number(tok)
            self.pos += 1
            return N.GetAttr(obj, tok, self.source)
        self.fail(tok, f"expected an attribute name after '.', found {tok.describe()}")
        raise AssertionError("unreachable")

    def parse_index(self, obj: N.Expr) -> N.Expr:
        open_ = self.advance()
        saved = self.newlines
        self.newlines = False
        try:
            key = self.parse_expr()
            close = self.expect(T.CBRACK, "']' to close the index")
        finally:
            self.newlines = saved
        del open_
        return N.Index(obj, key, close, self.source)

    def parse_splat_each(self, at: Token, full: bool) -> tuple[N.Expr, Token]:
        """The traversal a splat applies to each element; attribute splats take names only."""
        each: N.Expr = N.AnonSymbol(at, self.source)
        last = at
        while True:
            tok = self.peek()
            if tok.kind == T.DOT and self.peek_ahead(1).kind != T.STAR:
                self.pos += 1
                each = self.parse_get_attr(each)
                last = each.last
            elif full and tok.kind == T.OBRACK:
                if self.peek_ahead(1).kind == T.STAR and self.peek_ahead(2).kind == T.CBRACK:
                    close = self.peek_ahead(2)
                    self.pos = self.index_ahead(2) + 1
                    inner, last = self.parse_splat_each(close, full=True)
                    each = N.Splat(each, inner, True, last, self.source)
                    return each, last
                each = self.parse_index(each)
                last = each.last
            elif not full and tok.kind == T.DOT:  # `.*` again, as Terraform refuses
                self.fail(self.peek_ahead(1), "nested splat expression not allowed: an attribute-only splat "
                          "(.*) cannot contain another '.*'")
            else:
                return each, last

    def parse_primary(self) -> N.Expr:
        tok = self.peek()
        kind = tok.kind
        if kind == T.NUMBER:
            self.check_number(tok)
            self.pos += 1
            return N.Literal(tok, tok.text, self.source)
        if kind == T.IDENT:
            return self.parse_name()
        if kind == T.OQUOTE:
            return self.parse_quoted_template()
        if kind == T.OHEREDOC:
            return self.parse_heredoc()
        if kind == T.OBRACK:
            return self.parse_tuple()
        if kind == T.OBRACE:
            return self.parse_object()
        if kind == T.OPAREN:
            self.pos += 1
            saved = self.newlines
            self.newlines = False
            try:
                inner = self.parse_expr()
                close = self.expect(T.CPAREN, "')' to close the parenthesis")
            finally:
                self.newlines = saved
            return N.Parens(tok, inner, close, self.source)
        self.fail(tok, f"expected an expression, found {tok.describe()}")
        raise AssertionError("unreachable")

    def check_number(self, tok: Token) -> None:
        if _NUMBER_VALUE.fullmatch(tok.text) is None:
            self.fail(tok, f"invalid number literal {tok.text!r}")

    def parse_name(self) -> N.Expr:
        tok = self.advance()
        nxt = self.peek()
        if nxt.kind == T.OPAREN or nxt.kind == T.DCOLON:
            return self.parse_call([tok])
        if tok.text in _KEYWORD_LITERALS:
            return N.Literal(tok, _KEYWORD_LITERALS[tok.text], self.source)
        return N.Variable(tok, self.source)

    def parse_call(self, name_tokens: list[Token]) -> N.Expr:
        while self.peek().kind == T.DCOLON:
            sep = self.advance()
            part = self.peek()
            if part.kind != T.IDENT:
                self.fail(part, f"expected a function name after '::', found {part.describe()}")
            self.pos += 1
            name_tokens += [sep, part]
        self.expect(T.OPAREN, "'(' to call the function")
        saved = self.newlines
        self.newlines = False
        args: list[N.Expr] = []
        expand = False
        try:
            while True:
                tok = self.peek()
                if tok.kind == T.CPAREN:
                    break
                args.append(self.parse_expr())
                tok = self.peek()
                if tok.kind == T.ELLIPSIS:
                    self.pos += 1
                    expand = True
                    if self.peek().kind != T.CPAREN:
                        self.fail(self.peek(), "'...' may only follow the last argument")
                    break
                if tok.kind == T.COMMA:
                    self.pos += 1
                    continue
                if tok.kind != T.CPAREN:
                    self.fail(tok, f"expected ',' or ')' in the function call, found {tok.describe()}")
            close = self.advance()
        finally:
            self.newlines = saved
        return N.FunctionCall(name_tokens, args, expand, close, self.source)

    def parse_tuple(self) -> N.Expr:
        open_ = self.advance()
        saved = self.newlines
        self.newlines = False
        try:
            tok = self.peek()
            if tok.kind == T.IDENT and tok.text == "for":
                return self.parse_for(open_, T.CBRACK)
            items: list[N.Expr] = []
            while True:
                tok = self.peek()
                if tok.kind == T.CBRACK:
                    break
                items.append(self.parse_expr())
                tok = self.peek()
                if tok.kind == T.COMMA:
                    self.pos += 1
                elif tok.kind != T.CBRACK:
                    self.fail(tok, f"expected ',' or ']' in the list, found {tok.describe()}")
            close = self.advance()
        finally:
            self.newlines = saved
        return N.Tuple(open_, items, close, self.source)

    def parse_object(self) -> N.Expr:
        open_ = self.advance()
        saved = self.newlines
        self.newlines = False
        try:
            tok = self.peek()
            if tok.kind == T.IDENT and tok.text == "for":
                return self.parse_for(open_, T.CBRACE)
            items: list[N.ObjectItem] = []
            while True:
                self.newlines = False
                tok = self.peek()
                if tok.kind == T.CBRACE:
                    break
                key = self.parse_object_key()
                sep = self.peek()
                if sep.kind not in (T.EQUAL, T.COLON):
                    self.fail(sep, f"expected '=' or ':' after the object key, found {sep.describe()}")
                self.pos += 1
                self.newlines = True
                value = self.parse_expr()
                items.append(N.ObjectItem(key, sep, value, self.source))
                tok = self.peek_raw()
                if tok.kind == T.COMMA or tok.kind == T.NEWLINE:
                    self.pos += 1
                elif tok.kind != T.CBRACE:
                    self.fail(
                        tok,
                        f"expected ',', a newline or '}}' after the object item, found {tok.describe()}",
                    )
            self.newlines = False
            close = self.advance()
        finally:
            self.newlines = saved
        return N.Object(open_, items, close, self.source)

    def parse_object_key(self) -> N.Expr:
        """A key: a bare name (taken literally), a string, or any expression in parentheses."""
        tok = self.peek()
        if tok.kind == T.IDENT and self.peek_raw(1).kind in (T.EQUAL, T.COLON):
            self.pos += 1
            if tok.text in _KEYWORD_LITERALS:
                return N.Variable(tok, self.source)  # `null = 1` is the key "null"
            return N.Variable(tok, self.source)
        self.newlines = True
        key = self.parse_expr()
        self.newlines = False
        return key

    def parse_for(self, open_: Token, close_kind: str) -> N.Expr:
        self.pos += 1  # 'for'
        first = self.expect(T.IDENT, "a variable name after 'for'")
        key_var: str | None = None
        value_var = first.text
        if self.peek().kind == T.COMMA:
            self.pos += 1
            second = self.expect(T.IDENT, "a second variable name after ','")
            key_var, value_var = first.text, second.text
        in_tok = self.peek()
        if in_tok.kind != T.IDENT or in_tok.text != "in":
            self.fail(in_tok, f"expected 'in' in the for expression, found {in_tok.describe()}")
        self.pos += 1
        collection = self.parse_expr()
        self.expect(T.COLON, "':' after the for expression's collection")
        key_expr: N.Expr | None = None
        group = False
        if close_kind == T.CBRACE:
            key_expr = self.parse_expr()
            self.expect(T.FATARROW, "'=>' in the object for expression")
        value_expr = self.parse_expr()
        if close_kind == T.CBRACE and self.peek().kind == T.ELLIPSIS:
            self.pos += 1
            group = True
        cond: N.Expr | None = None
        tok = self.peek()
        if tok.kind == T.IDENT and tok.text == "if":
            self.pos += 1
            cond = self.parse_expr()
        what = "']'" if close_kind == T.CBRACK else "'}'"
        close = self.expect(close_kind, f"{what} to close the for expression")
        return N.ForExpr(open_, key_var, value_var, collection, key_expr, value_expr, group, cond, close, self.source)

    # ------------------------------------------------------------ templates

    def parse_quoted_template(self) -> N.Expr:
        open_ = self.advance()
        parts, close = self.parse_template_parts(open_, heredoc=False)
        return N.Template(open_, parts, close, heredoc=False, flush=False, source=self.source)

    def parse_heredoc(self) -> N.Expr:
        open_ = self.advance()
        parts, close = self.parse_template_parts(open_, heredoc=True)
        return N.Template(open_, parts, close, heredoc=True, flush=open_.text.startswith("<<-"), source=self.source)

    def parse_template_parts(self, open_: Token, heredoc: bool) -> tuple[list[N.TemplatePart], Token]:
        """Template contents up to the closing quote or marker, directives nested."""
        end_kind = T.CHEREDOC if heredoc else T.CQUOTE
        parts, _, close = self.parse_parts_until(open_, heredoc, end_kind, ())
        return parts, close

    def parse_parts_until(
        self, open_: Token, heredoc: bool, end_kind: str, stops: tuple[str, ...]
    ) -> tuple[list[N.TemplatePart], tuple[Token, str, Token, bool, bool] | None, Token]:
        """Parts until the template ends, or until a directive keyword in `stops`.

        Returns (parts, stop, last): stop is (opening token, keyword, closing token,
        strip-left, strip-right) when a stop directive ended the run.
        """
        parts: list[N.TemplatePart] = []
        sig = self.sig
        lit_kind = T.STRING_LIT if heredoc else T.QUOTED_LIT
        while True:
            tok = sig[self.pos]
            kind = tok.kind
            if kind == lit_kind:
                self.pos += 1
                try:
                    value = decode_heredoc(tok.text) if heredoc else decode_quoted(tok.text)
                except EscapeError as err:
                    line, col = self.source.position(tok.start + err.offset)
                    raise _Error(Diagnostic(self.source.filename, line, col, str(err))) from None
                parts.append(N.TemplateLiteral(tok, tok, value, self.source))
            elif kind == end_kind:
                if stops:
                    self.fail(tok, f"expected '%{{ {stops[-1]} }}' before the end of the template")
                self.pos += 1
                return parts, None, tok
            elif kind == T.TEMPLATE_INTERP:
                parts.append(self.parse_interp())
            elif kind == T.TEMPLATE_CONTROL:
                open_dir, keyword, strip_l = self.directive_head()
                if keyword in stops:
                    close, strip_r = self.directive_end(open_dir)
                    return parts, (open_dir, keyword, close, strip_l, strip_r), close
                if keyword == "if":
                    parts.append(self.parse_template_if(open_dir, strip_l, heredoc, end_kind))
                elif keyword == "for":
                    parts.append(self.parse_template_for(open_dir, strip_l, heredoc, end_kind))
                else:
                    self.fail(open_dir, f"unexpected '%{{ {keyword} }}' with no matching opening directive")
            else:
                if heredoc and kind != T.INVALID:
                    self.fail(open_, f"heredoc opened at {open_.line}:{open_.col} has no end marker")
                self.fail(tok, f"unterminated string: expected closing quote, found {tok.describe()}")

    def directive_head(self) -> tuple[Token, str, bool]:
        open_dir = self.advance()
        saved = self.newlines
        self.newlines = False
        strip_l = self.strip_marker(open_dir, before=False)
        kw = self.peek()
        self.newlines = saved
        if kw.kind != T.IDENT or kw.text not in ("if", "else", "endif", "for", "endfor"):
            self.fail(kw, f"expected a template directive (if, else, endif, for, endfor), found {kw.describe()}")
        self.pos += 1
        return open_dir, kw.text, strip_l

    def directive_end(self, open_dir: Token) -> tuple[Token, bool]:
        saved = self.newlines
        self.newlines = False
        try:
            strip_r = self.strip_marker(None, before=True)
            close = self.expect(T.TEMPLATE_SEQ_END, "'}' to close the template directive")
        finally:
            self.newlines = saved
        del open_dir
        return close, strip_r

    def strip_marker(self, opener: Token | None, before: bool) -> bool:
        """Consume a `~` strip marker if present; it must touch `${`/`%{` (after) or `}` (before)."""
        tok = self.peek()
        if tok.kind != T.TILDE:
            return False
        nxt = self.sig[self.pos + 1]
        touching = (nxt.kind == T.TEMPLATE_SEQ_END and nxt.start == tok.end) if before else (
            opener is not None and opener.end == tok.start)
        if not touching:
            self.fail(tok, "a '~' strip marker must be written directly next to '${', '%{' or '}'")
        self.pos += 1
        return True

    def parse_interp(self) -> N.TemplatePart:
        open_ = self.advance()
        self.nest(open_)
        saved = self.newlines
        self.newlines = False
        try:
            strip_l = self.strip_marker(open_, before=False)
            expr = self.parse_expr()
            strip_r = self.strip_marker(None, before=True)
            close = self.expect(T.TEMPLATE_SEQ_END, "'}' to close the interpolation")
        finally:
            self.newlines = saved
            self.depth -= 1
        return N.TemplateInterp(open_, expr, close, strip_l, strip_r, self.source)

    def parse_template_if(self, open_dir: Token, strip_l: bool, heredoc: bool, end_kind: str) -> N.TemplatePart:
        self.nest(open_dir)
        try:
            saved = self.newlines
            self.newlines = False
            try:
                cond = self.parse_expr()
            finally:
                self.newlines = saved
            _, strip_r = self.directive_end(open_dir)
            then_parts, stop, _ = self.parse_parts_until(open_dir, heredoc, end_kind, ("else", "endif"))
            assert stop is not None
            strips = [strip_l, strip_r, stop[3], stop[4]]
            else_parts = None
            if stop[1] == "else":
                else_parts, stop2, _ = self.parse_parts_until(open_dir, heredoc, end_kind, ("endif",))
                assert stop2 is not None
                strips += [stop2[3], stop2[4]]
                stop = stop2
        finally:
            self.depth -= 1
        return N.TemplateIf(open_dir, cond, then_parts, else_parts, stop[2], tuple(strips), self.source)

    def parse_template_for(self, open_dir: Token, strip_l: bool, heredoc: bool, end_kind: str) -> N.TemplatePart:
        self.nest(open_dir)
        try:
            saved = self.newlines
            self.newlines = False
            try:
                first = self.expect(T.IDENT, "a variable name after 'for'")
                key_var: str | None = None
                value_var = first.text
                if self.peek().kind == T.COMMA:
                    self.pos += 1
                    second = self.expect(T.IDENT, "a second variable name after ','")
                    key_var, value_var = first.text, second.text
                in_tok = self.peek()
                if in_tok.kind != T.IDENT or in_tok.text != "in":
                    self.fail(in_tok, f"expected 'in' in the for directive, found {in_tok.describe()}")
                self.pos += 1
                collection = self.parse_expr()
            finally:
                self.newlines = saved
            _, strip_r = self.directive_end(open_dir)
            body, stop, _ = self.parse_parts_until(open_dir, heredoc, end_kind, ("endfor",))
            assert stop is not None
        finally:
            self.depth -= 1
        strips = (strip_l, strip_r, stop[3], stop[4])
        return N.TemplateFor(open_dir, key_var, value_var, collection, body, stop[2], strips, self.source)


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
    """Parse and return the (possibly partial) tree together with its errors."""
    limit = sys.getrecursionlimit()
    if limit < 20 * MAX_NESTING:
        sys.setrecursionlimit(20 * MAX_NESTING)
    try:
        parser = Parser(text, filename)
        tree = parser.parse_file()
    finally:
        sys.setrecursionlimit(limit)
    return tree, parser.errors
