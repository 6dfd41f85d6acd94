"""How many spaces go between two tokens of one cell: `terraform fmt`'s spacing rule.

The rule looks at the token, the one after it and (for a minus sign and the
keyword `in` only) the one before it, and answers "one space" or "none". The
readable form is `space_after`; the layout pass uses `SPACE_TABLE`, the same rule
precomputed for every (token, next token) pair, with `DEPENDS_ON_BEFORE` marking
the entries that need the token before to decide.
"""

from __future__ import annotations

from typing import Final

from iacreview.fmt.stream import (
    AND,
    BANG,
    BRACKET_CHANGE,
    CBRACE,
    CHEREDOC,
    COLON,
    COMMA,
    CQUOTE,
    DCOLON,
    DOT,
    ELLIPSIS,
    EQEQ,
    EQUAL,
    GT,
    GTE,
    IDENT,
    IN,
    KIND_COUNT,
    LT,
    LTE,
    MINUS,
    NEWLINE,
    NIL,
    NOTEQ,
    NUMBER,
    OBRACE,
    OBRACK,
    OHEREDOC,
    OPAREN,
    OQUOTE,
    OR,
    PERCENT,
    PLUS,
    QUESTION,
    QUOTED_LIT,
    SLASH,
    STAR,
    STRING_LIT,
    TEMPLATE_CONTROL,
    TEMPLATE_INTERP,
    TEMPLATE_SEQ_END,
)

_IDENTS: Final = frozenset({IDENT, IN})
_TEMPLATE_TEXT_SUBJECTS: Final = frozenset({QUOTED_LIT, STRING_LIT, OQUOTE, OHEREDOC})
_TEMPLATE_TEXT_AFTERS: Final = frozenset({QUOTED_LIT, STRING_LIT, CQUOTE, CHEREDOC})
_TEMPLATE_OPENERS: Final = frozenset({TEMPLATE_INTERP, TEMPLATE_CONTROL})

#: After one of these a `-` can only be a negation, which takes no space after it.
NEGATION_CONTEXT: Final = frozenset(
    {
        NIL, OPAREN, OBRACE, OBRACK, EQUAL, COLON, COMMA, QUESTION,  # openers, separators
        PLUS, STAR, SLASH, PERCENT, MINUS,  # arithmetic
        EQEQ, NOTEQ, GT, GTE, LT, LTE,  # comparison
        AND, OR, BANG,  # logic
    }
)  # fmt: skip

#: Table entry meaning "look at the token before the subject".
DEPENDS_ON_BEFORE: Final = 2


def space_after(subject: int, before: int, after: int) -> bool:
    """Whether one space separates `subject` from `after` (`before` precedes `subject`)."""
    if after == NEWLINE or after == NIL:
        return False
    if subject in _IDENTS and after == OPAREN:
        return False  # a function name and its parenthesis
    if (subject in _IDENTS and after == DCOLON) or (subject == DCOLON and after in _IDENTS):
        return False  # provider::name::function
    if subject == DOT or after == DOT:
        return False
    if after == COMMA or after == ELLIPSIS:
        return False
    if subject == COMMA:
        return True
    if subject in _TEMPLATE_TEXT_SUBJECTS or after in _TEMPLATE_TEXT_AFTERS:
        return False  # inside templates the text is kept as written
    if subject == IN and before in _IDENTS:
        return True  # `for x in [a]`, not `in[a]`
    if after == OBRACK and (subject in _IDENTS or subject == NUMBER or BRACKET_CHANGE[subject] < 0):
        return False  # indexing
    if subject == BANG:
        return False
    if subject == MINUS:
        return before not in NEGATION_CONTEXT  # binary minus gets a space, negation none
    if subject == OBRACE or after == CBRACE:
        return not (subject == OBRACE and after == CBRACE)  # `{ a = 1 }` but `{}`
    if subject in _TEMPLATE_OPENERS and after == OBRACE:
        return True  # `${ {…} }`
    if subject == CBRACE and after == TEMPLATE_SEQ_END:
        return True
    if subject == TEMPLATE_SEQ_END and after in _TEMPLATE_OPENERS:
        return False  # `${a}${b}`
    if BRACKET_CHANGE[subject] > 0:
        return False  # nothing after an opening bracket
    if BRACKET_CHANGE[after] < 0:
        return False  # nothing before a closing bracket
    return True


def _build_table() -> tuple[tuple[int, ...], ...]:
    """SPACE_TABLE[subject][after]: 0 or 1 space, or DEPENDS_ON_BEFORE."""
    rows = []
    for subject in range(KIND_COUNT):
        # Only these subjects read `before`; the tests check the table against every triple.
        befores = range(KIND_COUNT) if subject in _READS_BEFORE else (NIL,)
        row = []
        for after in range(KIND_COUNT):
            answers = {space_after(subject, before, after) for before in befores}
            row.append(DEPENDS_ON_BEFORE if len(answers) > 1 else int(answers.pop()))
        rows.append(tuple(row))
    return tuple(rows)


_READS_BEFORE: Final = frozenset({MINUS, IN})


SPACE_TABLE: Final = _build_table()
