"""Decoding of template literal text: HCL's escapes, as the specification lists them.

Kept apart from the parser because the evaluator and the formatter's rewrites
need the same decoding.
"""

from __future__ import annotations

import re

_QUOTED_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|\$\$\{|%%\{", re.DOTALL)
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


class EscapeError(ValueError):
    """An escape sequence HCL does not define; `offset` is where it starts in the raw text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def decode_quoted(raw: str) -> str:
    """The value of quoted-string literal text (`\\n`, `\\u00e9`, `$${`, `%%{` …)."""
    if "\\" not in raw and "$${" not in raw and "%%{" not in raw:
        return raw

    def replace(m: re.Match[str]) -> str:
        s = m.group()
        if s == "$${":
            return "${"
        if s == "%%{":
            return "%{"
        c = s[1]
        if c in _SIMPLE and len(s) == 2:
            return _SIMPLE[c]
        if c in "uU" and len(s) > 2:
            code = int(s[2:], 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise EscapeError(f"invalid Unicode escape {s!r}", m.start())
            return chr(code)
        if c in "uU":
            raise EscapeError(f"invalid Unicode escape {s!r}: needs hex digits", m.start())
        raise EscapeError(f"invalid escape sequence {s!r}", m.start())

    return _QUOTED_ESCAPE.sub(replace, raw)


def decode_heredoc(raw: str) -> str:
    """Heredocs have no backslash escapes; only `$${` and `%%{` are unescaped."""
    if "$${" not in raw and "%%{" not in raw:
        return raw
    return raw.replace("$${", "${").replace("%%{", "%{")
