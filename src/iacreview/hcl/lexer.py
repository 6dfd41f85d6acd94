"""The HCL2 lexer: text in, a token list covering every character out.

HCL needs a stack of modes: expressions, quoted templates (`"…${…}…"`) and
heredoc templates, each of which may nest the others through `${`/`%{`. The lexer
never fails: characters it cannot place become INVALID tokens and the parser
reports them with their position, so one pass finds every problem.
"""

from __future__ import annotations

import functools
import re

from iacreview.hcl import tokens as T
from iacreview.hcl.native import load_accelerator
from iacreview.hcl.tokens import Token
from iacreview.hcl.unicode_ident import ID_CONTINUE_NON_ASCII, ID_START_NON_ASCII

# One pattern for the whole expression mode; group order decides ties (comments
# before '/', heredoc starts before '<'). Identifiers follow UAX #31 as HCL does; the
# lookaheads keep the large non-ASCII classes off the common ASCII path.
# A number runs on over digits, dots and exponents as in HCL's scanner, so `1.5.2`
# is one (invalid) number and `x.1.2` one (invalid) legacy index; the parser checks it.
@functools.lru_cache(maxsize=1)
def _expr_pattern() -> re.Pattern[str]:
    """The expression-mode pattern, compiled on first use: its Unicode identifier classes take
    ~6 ms to compile, and the native lexer (the usual path) never needs them."""
    pattern = re.compile(
        r"""
         (?P<WS>[ \t]+)
        |(?P<NEWLINE>\r?\n)
        |(?P<IDENT>(?:[A-Za-z_]|(?=[^\x00-\x7f])["""
        + ID_START_NON_ASCII
        + r"""])[A-Za-z0-9_\-]*(?:(?=[^\x00-\x7f])["""
        + ID_CONTINUE_NON_ASCII
        + r"""]+[A-Za-z0-9_\-]*)*)
        |(?P<COMMENT>\#(?:[^\r\n]|\r(?!\n))*|//(?:[^\r\n]|\r(?!\n))*|/\*[\s\S]*?\*/)
        |(?P<UNTERMINATED>/\*[\s\S]*)
        |(?P<OHEREDOC><<(-?)([^\W\d][\w-]*)\r?\n)
        |(?P<OP>\.\.\.|==|!=|<=|>=|&&|\|\||=>|::|[{}\[\]()=:,.?+\-*/%<>!~"])
        |(?P<NUMBER>[0-9](?:\.*(?:[0-9]|[eE][+-]?[0-9]))*)
        """,
        re.VERBOSE,
    )
    assert [pattern.groupindex[k] for k in ("WS", "NEWLINE", "IDENT")] == [1, 2, 3]
    return pattern


_QUOTED_LIT = re.compile(
    r"(?:[^\"\\$%\r\n]|\\[^\r\n]|\$\$\{|%%\{|\$(?!\{)|%(?!\{)|\\)+"
)
# A carriage return in heredoc text must start a line end ("\r\n"), as in HCL.
# Group numbers of the expression pattern: 1 WS, 2 NEWLINE, 3 IDENT (the frequent ones), OP by name.
_SIMPLE_KINDS = (None, T.WS, T.NEWLINE, T.IDENT)

# The body and closing quote of a string with no `${`/`%{` sequence (escapes allowed).
_SIMPLE_STRING = re.compile(r'((?:[^"\\$%\r\n]|\\[^\r\n]|\$\$\{|%%\{|\$(?!\{)|%(?!\{))*)"')
_HEREDOC_LIT = re.compile(r"(?:[^$%\r\n]|\r(?=\n)|\$\$\{|%%\{|\$(?!\{)|%(?!\{))+\n?|\n")

_OPS = {
    "{": T.OBRACE,
    "}": T.CBRACE,
    "[": T.OBRACK,
    "]": T.CBRACK,
    "(": T.OPAREN,
    ")": T.CPAREN,
    "=": T.EQUAL,
    ":": T.COLON,
    "::": T.DCOLON,
    ",": T.COMMA,
    ".": T.DOT,
    "...": T.ELLIPSIS,
    "?": T.QUESTION,
    "=>": T.FATARROW,
    "+": T.PLUS,
    "-": T.MINUS,
    "*": T.STAR,
    "/": T.SLASH,
    "%": T.PERCENT,
    "==": T.EQEQ,
    "!=": T.NOTEQ,
    "<": T.LT,
    "<=": T.LTE,
    ">": T.GT,
    ">=": T.GTE,
    "&&": T.AND,
    "||": T.OR,
    "!": T.BANG,
    "~": T.TILDE,
    '"': T.OQUOTE,
}

_native = load_accelerator("iacreview.hcl._lexer")
#: Token kinds in the order of the enum in _lexer.c.
_NATIVE_KINDS = (
    T.WS, T.NEWLINE, T.IDENT, T.COMMENT, T.UNTERMINATED, T.OHEREDOC, T.NUMBER, T.INVALID, T.EOF, T.BOM,
    T.OBRACE, T.CBRACE, T.OBRACK, T.CBRACK, T.OPAREN, T.CPAREN, T.EQUAL, T.COLON, T.DCOLON, T.COMMA,
    T.DOT, T.ELLIPSIS, T.QUESTION, T.FATARROW, T.PLUS, T.MINUS, T.STAR, T.SLASH, T.PERCENT, T.EQEQ,
    T.NOTEQ, T.LT, T.LTE, T.GT, T.GTE, T.AND, T.OR, T.BANG, T.TILDE, T.OQUOTE, T.CQUOTE, T.CHEREDOC,
    T.QUOTED_LIT, T.STRING_LIT, T.TEMPLATE_INTERP, T.TEMPLATE_CONTROL, T.TEMPLATE_SEQ_END,
)  # fmt: skip


def _is_blank(ch: str) -> bool:
    """Whitespace other than a line break (spaces, tabs, \\v, NBSP …), as HCL allows around heredoc markers."""
    return ch.isspace() and ch not in "\n\r"


_MODE_EXPR = 0  # top level or inside ${ } / %{ }
_MODE_QUOTED = 1
_MODE_HEREDOC = 2


def lex(text: str) -> list[Token]:
    """Tokens of `text`, ending with an EOF token; their texts join back to `text`."""
    if _native is not None:
        tokens = _native.lex(text, Token, _NATIVE_KINDS)
        if tokens is not None:
            return tokens
    return lex_python(text)


def lex_split(text: str) -> tuple[list[Token], list[Token]]:
    """`lex`, plus the tokens the parser reads (trivia left out) in a second list."""
    if _native is not None:
        pair = _native.lex_split(text, Token, _NATIVE_KINDS)
        if pair is not None:
            return pair
    tokens = lex_python(text)
    trivia = T.TRIVIA
    return tokens, [t for t in tokens if t.kind not in trivia]


def lex_python(text: str) -> list[Token]:
    """`lex` in pure Python: the reference the native lexer (_lexer.c) is tested against."""
    out: list[Token] = []
    append = out.append
    n = len(text)
    pos = 0
    line = 1
    line_start = 0
    if text.startswith("\ufeff"):
        append(Token(T.BOM, "\ufeff", 0, 1, 1))
        pos = 1
    # Each frame: [mode, brace depth (expr) | marker (heredoc), at_line_start (heredoc)]
    # The bottom frame is the file's top level: an expression frame that never closes.
    stack: list[list] = [[_MODE_EXPR, 0, False]]
    expr_pattern = _expr_pattern()
    expr_match = expr_pattern.match
    op_group = expr_pattern.groupindex["OP"]
    simple_string = _SIMPLE_STRING.match
    ops = _OPS

    while pos < n:
        frame = stack[-1]
        mode = frame[0]
        if mode == _MODE_EXPR:
            # Tight loop over expression tokens; leaves only when the mode changes.
            while True:
                m = expr_match(text, pos)
                if m is None:
                    if pos < n:
                        append(Token(T.INVALID, text[pos], pos, line, pos - line_start + 1))
                        pos += 1
                        continue
                    break
                s = m.group()
                index = m.lastindex
                if index <= 3:  # whitespace, newline, identifier: the bulk of every file
                    append(Token(_SIMPLE_KINDS[index], s, pos, line, pos - line_start + 1))
                    pos += len(s)
                    if index == 2:
                        line += 1
                        line_start = pos
                    continue
                if index == op_group:
                    kind = ops[s]
                    if kind == T.CBRACE and frame[1] == 0 and len(stack) > 1:
                        append(Token(T.TEMPLATE_SEQ_END, s, pos, line, pos - line_start + 1))
                        pos += 1
                        stack.pop()
                        break
                    append(Token(kind, s, pos, line, pos - line_start + 1))
                    pos += len(s)
                    if kind == T.OQUOTE:
                        # Most strings have no interpolation: take them whole without a mode switch.
                        sm = simple_string(text, pos)
                        if sm is not None:
                            body = sm.group(1)
                            if body:
                                append(Token(T.QUOTED_LIT, body, pos, line, pos - line_start + 1))
                            pos = sm.end()
                            append(Token(T.CQUOTE, '"', pos - 1, line, pos - line_start))
                            continue
                        stack.append([_MODE_QUOTED, 0, False])
                        break
                    if kind == T.OBRACE:
                        frame[1] += 1
                    elif kind == T.CBRACE:
                        frame[1] -= 1
                    continue
                kind = m.lastgroup
                tok = Token(kind, s, pos, line, pos - line_start + 1)
                pos += len(s)
                append(tok)
                if kind == "OHEREDOC":
                    line += 1
                    line_start = pos
                    stack.append([_MODE_HEREDOC, m.group(8), True])
                    break
                if kind == "COMMENT" or kind == "UNTERMINATED":
                    nl = s.count("\n")
                    if nl:
                        line += nl
                        line_start = tok.start + s.rfind("\n") + 1
        elif mode == _MODE_QUOTED:
            ch = text[pos]
            col = pos - line_start + 1
            if ch == '"':
                append(Token(T.CQUOTE, '"', pos, line, col))
                pos += 1
                stack.pop()
            elif ch in "$%" and text.startswith("{", pos + 1):
                kind = T.TEMPLATE_INTERP if ch == "$" else T.TEMPLATE_CONTROL
                append(Token(kind, text[pos : pos + 2], pos, line, col))
                pos += 2
                stack.append([_MODE_EXPR, 0, False])
            elif ch in "\r\n":
                # A quoted string cannot span lines: close it here and let the parser
                # report the missing quote at this position.
                stack.pop()
            else:
                m = _QUOTED_LIT.match(text, pos)
                assert m is not None  # every other character starts a literal
                append(Token(T.QUOTED_LIT, m.group(), pos, line, col))
                pos = m.end()
        else:  # heredoc
            col = pos - line_start + 1
            if frame[2]:
                marker = frame[1]
                j = pos
                while j < n and _is_blank(text[j]):
                    j += 1
                if text.startswith(marker, j):
                    k = j + len(marker)
                    while k < n and _is_blank(text[k]):
                        k += 1  # blanks after the marker belong to the marker line, as in HCL
                    if text.startswith("\n", k) or text.startswith("\r\n", k):
                        append(Token(T.CHEREDOC, text[pos:k], pos, line, col))
                        pos = k
                        stack.pop()
                        continue
            ch = text[pos]
            if ch in "$%" and text.startswith("{", pos + 1):
                kind = T.TEMPLATE_INTERP if ch == "$" else T.TEMPLATE_CONTROL
                append(Token(kind, text[pos : pos + 2], pos, line, col))
                pos += 2
                frame[2] = False
                stack.append([_MODE_EXPR, 0, False])
                continue
            m = _HEREDOC_LIT.match(text, pos)
            if m is None:  # a lone carriage return
                append(Token(T.INVALID, ch, pos, line, col))
                pos += 1
                frame[2] = False
                continue
            s = m.group()
            append(Token(T.STRING_LIT, s, pos, line, col))
            pos = m.end()
            if s.endswith("\n"):
                line += 1
                line_start = pos
                frame[2] = True
            else:
                frame[2] = False
    append(Token(T.EOF, "", n, line, n - line_start + 1))
    return out
