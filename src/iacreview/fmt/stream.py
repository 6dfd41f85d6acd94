"""The formatter's token stream: our lexer's tokens regrouped the way HCL's own scanner groups them.

`terraform fmt` decides every space from the *kinds* of neighbouring tokens as
HashiCorp's scanner produces them, so the formatter first reshapes our lossless
token list into that model:

- whitespace (and a leading byte-order mark) is not a token: only the gap
  before the end of the file survives formatting, counted in bytes as
  Terraform counts it (a tab is one "space");
- a `#` or `//` comment swallows the newline that ends it and then acts as a
  line break itself;
- the `~` strip markers belong to the `${` / `%{` before them or the `}` after
  them;
- the keyword `in` gets a kind of its own, since one spacing rule singles it out.

Kinds are small ints so the per-token work in the layout passes is table look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from iacreview.hcl import tokens as T
from iacreview.hcl.native import load_accelerator
from iacreview.hcl.tokens import Token

# ---------------------------------------------------------------- kinds

NIL: Final = 0  # no token: the start or end of a cell
NEWLINE: Final = 1
COMMENT_LINE: Final = 2  # `# …` / `// …` with the newline that ends it
COMMENT: Final = 3  # `/* … */`, or a line comment at the very end of the file
IDENT: Final = 4
IN: Final = 5  # the identifier `in`
NUMBER: Final = 6
OBRACE: Final = 7
CBRACE: Final = 8
OBRACK: Final = 9
CBRACK: Final = 10
OPAREN: Final = 11
CPAREN: Final = 12
EQUAL: Final = 13
COLON: Final = 14
DCOLON: Final = 15
COMMA: Final = 16
DOT: Final = 17
ELLIPSIS: Final = 18
QUESTION: Final = 19
FATARROW: Final = 20
PLUS: Final = 21
MINUS: Final = 22
STAR: Final = 23
SLASH: Final = 24
PERCENT: Final = 25
EQEQ: Final = 26
NOTEQ: Final = 27
LT: Final = 28
LTE: Final = 29
GT: Final = 30
GTE: Final = 31
AND: Final = 32
OR: Final = 33
BANG: Final = 34
OQUOTE: Final = 35
CQUOTE: Final = 36
OHEREDOC: Final = 37
CHEREDOC: Final = 38
QUOTED_LIT: Final = 39
STRING_LIT: Final = 40
TEMPLATE_INTERP: Final = 41  # `${` or `${~`
TEMPLATE_CONTROL: Final = 42  # `%{` or `%{~`
TEMPLATE_SEQ_END: Final = 43  # `}` or `~}`

KIND_COUNT: Final = 44

KIND_NAMES: Final = (
    "NIL", "NEWLINE", "COMMENT_LINE", "COMMENT", "IDENT", "IN", "NUMBER",
    "OBRACE", "CBRACE", "OBRACK", "CBRACK", "OPAREN", "CPAREN", "EQUAL", "COLON",
    "DCOLON", "COMMA", "DOT", "ELLIPSIS", "QUESTION", "FATARROW", "PLUS", "MINUS",
    "STAR", "SLASH", "PERCENT", "EQEQ", "NOTEQ", "LT", "LTE", "GT", "GTE", "AND",
    "OR", "BANG", "OQUOTE", "CQUOTE", "OHEREDOC", "CHEREDOC", "QUOTED_LIT",
    "STRING_LIT", "TEMPLATE_INTERP", "TEMPLATE_CONTROL", "TEMPLATE_SEQ_END",
)  # fmt: skip

#: +1 for tokens that open a nesting level, -1 for those that close one.
BRACKET_CHANGE: Final = tuple(
    1 if k in (OBRACE, OBRACK, OPAREN, TEMPLATE_INTERP, TEMPLATE_CONTROL)
    else -1 if k in (CBRACE, CBRACK, CPAREN, TEMPLATE_SEQ_END)
    else 0
    for k in range(KIND_COUNT)
)

#: Lexer kinds that map one to one onto a stream kind.
_DIRECT: Final = {
    T.NEWLINE: NEWLINE,
    T.IDENT: IDENT,
    T.NUMBER: NUMBER,
    T.OBRACE: OBRACE,
    T.CBRACE: CBRACE,
    T.OBRACK: OBRACK,
    T.CBRACK: CBRACK,
    T.OPAREN: OPAREN,
    T.CPAREN: CPAREN,
    T.EQUAL: EQUAL,
    T.COLON: COLON,
    T.DCOLON: DCOLON,
    T.COMMA: COMMA,
    T.DOT: DOT,
    T.ELLIPSIS: ELLIPSIS,
    T.QUESTION: QUESTION,
    T.FATARROW: FATARROW,
    T.PLUS: PLUS,
    T.MINUS: MINUS,
    T.STAR: STAR,
    T.SLASH: SLASH,
    T.PERCENT: PERCENT,
    T.EQEQ: EQEQ,
    T.NOTEQ: NOTEQ,
    T.LT: LT,
    T.LTE: LTE,
    T.GT: GT,
    T.GTE: GTE,
    T.AND: AND,
    T.OR: OR,
    T.BANG: BANG,
    T.OQUOTE: OQUOTE,
    T.CQUOTE: CQUOTE,
    T.OHEREDOC: OHEREDOC,
    T.CHEREDOC: CHEREDOC,
    T.QUOTED_LIT: QUOTED_LIT,
    T.STRING_LIT: STRING_LIT,
    T.TEMPLATE_INTERP: TEMPLATE_INTERP,
    T.TEMPLATE_CONTROL: TEMPLATE_CONTROL,
    T.TEMPLATE_SEQ_END: TEMPLATE_SEQ_END,
}


class StreamError(ValueError):
    """A lexer token the formatter has no place for (only in text that does not parse)."""


@dataclass(slots=True)
class Stream:
    """Parallel lists of kinds and texts, plus what the rewrites need to find nodes.

    `starts[i]` is the character offset in the source where token i begins
    (tokens a rewrite made up take the offset of what they replace);
    `eof_gap` is the number of spaces Terraform writes before the end of the
    file.
    """

    kinds: list[int]
    texts: list[str]
    starts: list[int]
    eof_gap: int

    def __len__(self) -> int:
        return len(self.kinds)


_native = load_accelerator("iacreview.fmt._layout")


def build_stream(tokens: list[Token]) -> Stream:
    """Regroup a lexer token list (ending with EOF) into the formatter's stream."""
    if _native is not None:
        built = _native.build_stream(tokens, _NATIVE_CODES)
        if built is not None:
            return Stream(*built)
    return build_stream_python(tokens)


def build_stream_python(tokens: list[Token]) -> Stream:
    """`build_stream` in pure Python: the reference the native pass (_layout.c) is tested against."""
    kinds: list[int] = []
    texts: list[str] = []
    starts: list[int] = []
    direct = _DIRECT
    gap = 0
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        lk = tok.kind
        kind = direct.get(lk)
        if kind is not None:
            text = tok.text
            if kind == IDENT and text == "in":
                kind = IN
            elif kind == TEMPLATE_SEQ_END and kinds and kinds[-1] == _TILDE_PENDING:
                # `~}`: the strip marker seen just before belongs to this token.
                kinds.pop()
                texts.pop()
                start = starts.pop()
                kinds.append(kind)
                texts.append("~" + text)
                starts.append(start)
                gap = 0
                i += 1
                continue
            kinds.append(kind)
            texts.append(text)
            starts.append(tok.start)
            gap = 0
        elif lk == T.WS:
            if i and tokens[i - 1].kind == T.CHEREDOC:
                # Blanks after a heredoc's end marker are part of that line's text.
                texts[-1] += tok.text
            else:
                gap += len(tok.text.encode("utf-8"))
        elif lk == T.COMMENT:
            text = tok.text
            nxt = tokens[i + 1] if i + 1 < n else None
            if text[0] != "/" or text[1] == "/":
                if nxt is not None and nxt.kind == T.NEWLINE:
                    kinds.append(COMMENT_LINE)
                    texts.append(text + nxt.text)
                    starts.append(tok.start)
                    gap = 0
                    i += 2
                    continue
            kinds.append(COMMENT)
            texts.append(text)
            starts.append(tok.start)
            gap = 0
        elif lk == T.TILDE:
            if kinds and kinds[-1] in (TEMPLATE_INTERP, TEMPLATE_CONTROL) and len(texts[-1]) == 2:
                texts[-1] += "~"
            else:
                # Must be followed by the `}` that closes the sequence.
                kinds.append(_TILDE_PENDING)
                texts.append("~")
                starts.append(tok.start)
            gap = 0
        elif lk == T.BOM:
            gap += 3
        elif lk == T.EOF:
            break
        else:
            raise StreamError(f"unexpected {lk} token at {tok.line}:{tok.col}")
        i += 1
    if _TILDE_PENDING in kinds:
        raise StreamError("a '~' strip marker that is not next to '${', '%{' or '}'")
    return Stream(kinds, texts, starts, gap)


#: Temporary kind for a `~` waiting for its `}`; never left in a finished stream.
_TILDE_PENDING: Final = -1

#: Lexer kinds as the native pass codes them: the direct ones, then the ones it regroups.
_NATIVE_CODES: Final = {**_DIRECT, T.WS: -10, T.COMMENT: -11, T.TILDE: -12, T.BOM: -13, T.EOF: -14}
