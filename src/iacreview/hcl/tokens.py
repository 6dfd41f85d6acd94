"""Token kinds and the token record shared by the lexer, parser and formatter.

Every byte of a source file belongs to exactly one token, whitespace and comments
included, so joining the token texts gives back the file. That is what makes the
tree lossless and lets the formatter work on the token stream the way
`terraform fmt` does.
"""

from __future__ import annotations

from typing import Final

# Trivia: kept in the stream, skipped by the parser.
WS: Final = "WS"  # spaces and tabs
BOM: Final = "BOM"  # a leading U+FEFF
COMMENT: Final = "COMMENT"  # `# …`, `// …` (newline not included) or `/* … */`

NEWLINE: Final = "NEWLINE"  # "\n" or "\r\n"; ends attributes and object items
EOF: Final = "EOF"  # zero-width, always last

IDENT: Final = "IDENT"
NUMBER: Final = "NUMBER"

# Punctuation and operators.
OBRACE: Final = "OBRACE"  # {
CBRACE: Final = "CBRACE"  # }
OBRACK: Final = "OBRACK"  # [
CBRACK: Final = "CBRACK"  # ]
OPAREN: Final = "OPAREN"  # (
CPAREN: Final = "CPAREN"  # )
EQUAL: Final = "EQUAL"  # =
COLON: Final = "COLON"  # :
DCOLON: Final = "DCOLON"  # ::
COMMA: Final = "COMMA"  # ,
DOT: Final = "DOT"  # .
ELLIPSIS: Final = "ELLIPSIS"  # ...
QUESTION: Final = "QUESTION"  # ?
FATARROW: Final = "FATARROW"  # =>
PLUS: Final = "PLUS"
MINUS: Final = "MINUS"
STAR: Final = "STAR"
SLASH: Final = "SLASH"
PERCENT: Final = "PERCENT"
EQEQ: Final = "EQEQ"  # ==
NOTEQ: Final = "NOTEQ"  # !=
LT: Final = "LT"
LTE: Final = "LTE"
GT: Final = "GT"
GTE: Final = "GTE"
AND: Final = "AND"  # &&
OR: Final = "OR"  # ||
BANG: Final = "BANG"  # !
TILDE: Final = "TILDE"  # ~ strip marker inside template sequences

# Templates.
OQUOTE: Final = "OQUOTE"  # opening "
CQUOTE: Final = "CQUOTE"  # closing "
OHEREDOC: Final = "OHEREDOC"  # <<EOT or <<-EOT, newline included
CHEREDOC: Final = "CHEREDOC"  # closing marker line, leading whitespace included, newline not
QUOTED_LIT: Final = "QUOTED_LIT"  # literal text in a quoted string, escapes still raw
STRING_LIT: Final = "STRING_LIT"  # literal text in a heredoc, newlines included
TEMPLATE_INTERP: Final = "TEMPLATE_INTERP"  # ${
TEMPLATE_CONTROL: Final = "TEMPLATE_CONTROL"  # %{
TEMPLATE_SEQ_END: Final = "TEMPLATE_SEQ_END"  # } closing ${ or %{

INVALID: Final = "INVALID"  # a character HCL does not allow here
UNTERMINATED: Final = "UNTERMINATED"  # an unclosed /* comment

TRIVIA: Final = frozenset({WS, BOM, COMMENT})

#: Human names used in error messages ("expected '=' but found ',').
DESCRIPTIONS: Final = {
    NEWLINE: "newline",
    EOF: "end of file",
    IDENT: "identifier",
    NUMBER: "number",
    OQUOTE: "string",
    OHEREDOC: "heredoc",
    QUOTED_LIT: "string text",
    STRING_LIT: "heredoc text",
    TEMPLATE_INTERP: "'${'",
    TEMPLATE_CONTROL: "'%{'",
    TEMPLATE_SEQ_END: "'}'",
    CQUOTE: "closing quote",
    CHEREDOC: "heredoc end marker",
}


class Token:
    """One lexeme: its kind, its exact text and where it starts.

    Positions are 1-based lines and columns (counted in characters) and a
    0-based character offset; `Source.byte_offset` converts to bytes.
    """

    __slots__ = ("kind", "text", "start", "line", "col")

    def __init__(self, kind: str, text: str, start: int, line: int, col: int) -> None:
        self.kind = kind
        self.text = text
        self.start = start
        self.line = line
        self.col = col

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def describe(self) -> str:
        """How an error message names this token."""
        if self.kind in (EOF, NEWLINE):
            return DESCRIPTIONS[self.kind]
        text = self.text if len(self.text) <= 20 else self.text[:17] + "..."
        return repr(text)

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.text!r}, {self.line}:{self.col})"
