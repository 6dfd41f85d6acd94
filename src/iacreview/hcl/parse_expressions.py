"""Expressions of HCL2 native syntax: operators with HCL's precedence, traversals, splats,
calls, collections and for-expressions.
"""

from __future__ import annotations

import re

from iacreview.hcl import nodes as N
from iacreview.hcl import tokens as T
from iacreview.hcl.cursor import Cursor
from iacreview.hcl.tokens import Token

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
_KEYWORD_LITERALS = {"true": True, "false": False, "null": None}
#: What a number token must look like to have a value (Go's big.Float syntax in base 10).
_NUMBER_VALUE = re.compile(r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?")


class ExpressionParser(Cursor):
    """The expression grammar; templates are parsed by TemplateParser."""

    def parse_expr(self) -> N.Expr:
        tok = (self.sig[self.pos] if self.newlines else self.peek())
        self.nest(tok)
        try:
            cond = self.parse_binary(1)
            if (self.sig[self.pos] if self.newlines else self.peek()).kind != T.QUESTION:
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
            op = (self.sig[self.pos] if self.newlines else self.peek())
            prec = _BINARY_PREC.get(op.kind)
            if prec is None or prec < min_prec:
                return lhs
            self.pos += 1
            rhs = self.parse_binary(prec + 1)
            lhs = N.BinaryOp(lhs, op, rhs, self.source)

    def parse_unary(self) -> N.Expr:
        tok = (self.sig[self.pos] if self.newlines else self.peek())
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
            tok = (self.sig[self.pos] if self.newlines else self.peek())
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
                    self.nest(close)  # `x[*][*][*]…` recurses once per splat: bounded like any nesting
                    try:
                        inner, last = self.parse_splat_each(close, full=True)
                    finally:
                        self.depth -= 1
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
        tok = (self.sig[self.pos] if self.newlines else self.peek())
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
        tok = self.sig[self.pos]  # peeked by parse_primary
        self.pos += 1
        nxt = (self.sig[self.pos] if self.newlines else self.peek())
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

    def parse_for_head(self, what: str) -> tuple[str | None, str, N.Expr]:
        """`k, v in coll` (or `v in coll`) after `for`, in for expressions and template directives."""
        first = self.expect(T.IDENT, "a variable name after 'for'")
        key_var: str | None = None
        value_var = first.text
        if self.peek().kind == T.COMMA:
            self.pos += 1
            second = self.expect(T.IDENT, "a second variable name after ','")
            key_var, value_var = first.text, second.text
        in_tok = self.peek()
        if in_tok.kind != T.IDENT or in_tok.text != "in":
            self.fail(in_tok, f"expected 'in' in the {what}, found {in_tok.describe()}")
        self.pos += 1
        return key_var, value_var, self.parse_expr()

    def parse_for(self, open_: Token, close_kind: str) -> N.Expr:
        self.pos += 1  # 'for'
        key_var, value_var, collection = self.parse_for_head("for expression")
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

