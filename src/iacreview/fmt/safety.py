"""Safety checks run on every format, as Black runs its own: equivalent and stable.

- Equivalent: lexing the output gives back exactly the tokens the formatter
  meant to print, i.e. the input's tokens with Terraform's rewrites made;
  only whitespace differs. This catches a space dropped between tokens that
  would then lex as one, a comment or heredoc line changed, a token lost.
- Stable: laying the output out again changes nothing.

Both reuse the one lexing of the output, so together they cost about a lexer
pass and a layout pass; for a file that was already formatted they cost a
list comparison (see `verify`). A failure is our bug, never the user's: it raises
InternalFormatError with a diff showing where things went wrong, and the
caller leaves the file untouched.
"""

from __future__ import annotations

import difflib

from iacreview.fmt.layout import layout
from iacreview.fmt.stream import KIND_NAMES, Stream, StreamError, build_stream
from iacreview.hcl.lexer import lex

#: Tokens of context shown on each side of the first difference.
_CONTEXT = 6


class InternalFormatError(Exception):
    """The formatter produced output that fails a safety check; `diff` shows how."""

    def __init__(self, filename: str, message: str, diff: str) -> None:
        super().__init__(f"{filename}: internal formatter error: {message}\n{diff}")
        self.filename = filename
        self.message = message
        self.diff = diff


def verify(expected: Stream, output: str, filename: str, unchanged_input: Stream | None = None) -> None:
    """Raise InternalFormatError unless `output` is equivalent to `expected` and stable.

    `unchanged_input` is the input's own stream when the output is byte for
    byte the input: lexing the output would give exactly that stream again, so
    it stands in for the lexer pass (the common case of an already formatted
    file then costs next to nothing).
    """
    if unchanged_input is not None:
        printed = unchanged_input
    else:
        try:
            printed = build_stream(lex(output))
        except StreamError as exc:
            raise InternalFormatError(filename, f"the output does not lex cleanly: {exc}", "") from None
    if printed.kinds != expected.kinds or printed.texts != expected.texts:
        raise InternalFormatError(
            filename,
            "the output's tokens differ from the input's (more than whitespace changed)",
            token_diff(expected, printed),
        )
    if printed.eof_gap != expected.eof_gap:
        raise InternalFormatError(filename, "the blanks before the end of the file changed", "")
    if unchanged_input is not None:
        return  # same tokens as the input, which was laid out into itself: stable
    again = layout(printed)
    if again != output:
        raise InternalFormatError(filename, "formatting the output again changes it", text_diff(output, again))


def token_diff(expected: Stream, actual: Stream) -> str:
    """A unified diff of the two token lists around their first difference."""
    first = 0
    limit = min(len(expected), len(actual))
    while (
        first < limit
        and expected.kinds[first] == actual.kinds[first]
        and expected.texts[first] == actual.texts[first]
    ):
        first += 1
    lo = max(0, first - _CONTEXT)

    def dump(stream: Stream) -> list[str]:
        hi = min(len(stream), first + _CONTEXT + 1)
        return [f"{KIND_NAMES[k]} {t!r}\n" for k, t in zip(stream.kinds[lo:hi], stream.texts[lo:hi])]

    return "".join(difflib.unified_diff(dump(expected), dump(actual), "expected tokens", "output tokens"))


def text_diff(before: str, after: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), "first pass", "second pass"
        )
    )
