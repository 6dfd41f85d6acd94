"""Templates: quoted strings and heredocs with interpolations, directives and strip markers."""

from __future__ import annotations

from iacreview.hcl import nodes as N
from iacreview.hcl import tokens as T
from iacreview.hcl.cursor import Cursor, ParseError
from iacreview.hcl.source import Diagnostic
from iacreview.hcl.templates import EscapeError, decode_heredoc, decode_quoted
from iacreview.hcl.tokens import Token


class TemplateParser(Cursor):
    """Template contents; expressions inside them go back to the expression grammar."""

    def parse_quoted_template(self) -> N.Expr:
        open_ = self.sig[self.pos]  # peeked by parse_primary
        self.pos += 1
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
                    raise ParseError(Diagnostic(self.source.filename, line, col, str(err))) from None
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
                key_var, value_var, collection = self.parse_for_head("for directive")  # type: ignore[attr-defined]
            finally:
                self.newlines = saved
            _, strip_r = self.directive_end(open_dir)
            body, stop, _ = self.parse_parts_until(open_dir, heredoc, end_kind, ("endfor",))
            assert stop is not None
        finally:
            self.depth -= 1
        strips = (strip_l, strip_r, stop[3], stop[4])
        return N.TemplateFor(open_dir, key_var, value_var, collection, body, stop[2], strips, self.source)


