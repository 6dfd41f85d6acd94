"""Translate RE2 regular expressions (Terraform's syntax) to Python ``re``.

Terraform patterns use Go's RE2 dialect.  Most of it means the same in
Python; the differences handled here:

* ``\\d \\w \\s`` are ASCII-only in RE2, so they become explicit ASCII classes;
* ``$`` without the ``m`` flag matches only at the very end (``\\Z``);
* ``\\z`` is Python's ``\\Z``; ``\\x{HHHH}`` is a code point; ``\\Q...\\E`` quotes;
* ``(?<name>...)`` is accepted as ``(?P<name>...)``;
* POSIX classes ``[[:alpha:]]`` are expanded.

Constructs RE2 rejects (backreferences, lookaround, possessive repeats,
``\\Z``) and RE2 features Python lacks (``\\p{...}`` Unicode classes, the
``U`` flag, flags in mid-pattern) raise :class:`RegexError`.  Python's engine
backtracks, unlike RE2; callers bound input sizes to limit the cost.
"""

from __future__ import annotations

import re
from functools import lru_cache

_POSIX = {
    "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\\x00-\\x7f", "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f", "digit": "0-9", "graph": "!-~", "lower": "a-z",
    "print": " -~", "punct": "!-/:-@\\[-`{-~", "space": "\\t\\n\\v\\f\\r ", "upper": "A-Z",
    "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f",
}
_PERL_IN_CLASS = {"d": "0-9", "w": "0-9A-Za-z_", "s": "\\t\\n\\f\\r "}
_PERL = {
    "d": "[0-9]", "D": "[^0-9]", "w": "[0-9A-Za-z_]", "W": "[^0-9A-Za-z_]",
    "s": "[\\t\\n\\f\\r ]", "S": "[^\\t\\n\\f\\r ]",
}
_SIMPLE_ESCAPES = set("afnrtv")
MAX_REPEAT = 1000


class RegexError(ValueError):
    """The pattern is not valid RE2, or uses a feature that cannot be translated."""


@lru_cache(maxsize=512)
def compile_re2(pattern: str) -> re.Pattern[str]:
    """Compile an RE2 pattern as an equivalent Python pattern."""
    translated = translate(pattern)
    try:
        return re.compile(translated)
    except re.error as e:
        raise RegexError(f"invalid regexp: {e}") from None


def translate(pattern: str) -> str:
    """The Python ``re`` source equivalent to RE2 ``pattern``."""
    out: list[str] = []
    i = 0
    n = len(pattern)
    multiline = False
    prev_was_quantifier = False
    while i < n:
        c = pattern[i]
        quantifier = False
        if c == "\\":
            piece, i = _escape(pattern, i, in_class=False)
            out.append(piece)
        elif c == "[":
            piece, i = _char_class(pattern, i)
            out.append(piece)
        elif c == "(":
            if pattern.startswith("(?", i):
                piece, i, flags = _group_open(pattern, i, at_start=not out)
                if flags is not None and "m" in flags:
                    multiline = True
                out.append(piece)
            else:
                out.append("(")
                i += 1
        elif c == "$":
            out.append("$" if multiline else "\\Z")
            i += 1
        elif c in "*+?":
            if prev_was_quantifier and c == "+":
                raise RegexError("invalid nested repetition operator: possessive repetition is not supported")
            if prev_was_quantifier and c != "?":
                raise RegexError(f"invalid nested repetition operator: `{c}`")
            out.append(c)
            i += 1
            # a lazy marker directly after a quantifier ends the quantifier
            quantifier = not (c == "?" and prev_was_quantifier)
        elif c == "{":
            m = re.compile(r"\{(\d+)(,(\d*))?\}").match(pattern, i)
            if m:
                lo = int(m.group(1))
                hi = int(m.group(3)) if m.group(3) else lo
                if lo > MAX_REPEAT or hi > MAX_REPEAT:
                    raise RegexError(f"invalid repeat count: {m.group(0)}")
                if m.group(3) and hi < lo:
                    raise RegexError(f"invalid repeat count: {m.group(0)}")
                if prev_was_quantifier:
                    raise RegexError(f"invalid nested repetition operator: `{m.group(0)}`")
                out.append(m.group(0))
                i = m.end()
                quantifier = True
            else:
                out.append("\\{")
                i += 1
        elif c == "}":
            out.append("\\}")
            i += 1
        else:
            out.append(c)
            i += 1
        prev_was_quantifier = quantifier
    return "".join(out)


def _group_open(p: str, i: int, at_start: bool) -> tuple[str, int, str | None]:
    """Translate ``(?...`` at ``i``; returns (text, new index, global flags set)."""
    rest = p[i + 2:]
    if rest.startswith("P<") or rest.startswith("<"):
        start = i + (4 if rest.startswith("P<") else 3)
        end = p.find(">", start)
        if end < 0:
            raise RegexError("invalid named capture: missing >")
        name = p[start:end]
        if rest.startswith("<") and name[:1] in "=!":
            raise RegexError("lookbehind assertions are not supported")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise RegexError(f"invalid named capture: {name!r}")
        return f"(?P<{name}>", end + 1, None
    if rest[:1] in ("=", "!"):
        raise RegexError("lookahead assertions are not supported")
    m = re.match(r"([imsU]*)(?:-([imsU]*))?([:)])", rest)
    if not m:
        raise RegexError(f"invalid or unsupported Perl syntax: `{p[i:i + 4]}`")
    on, off, close = m.group(1), m.group(2) or "", m.group(3)
    if "U" in on or "U" in off:
        raise RegexError("the U (ungreedy) flag is not supported")
    if m.group(2) is not None and not off:
        raise RegexError("invalid flag syntax: missing flags after -")
    end = i + 2 + m.end()
    if close == ":":
        flags = on + ("-" + off if off else "")
        return (f"(?{flags}:" if flags else "(?:"), end, None
    if off or not at_start:
        raise RegexError("flags may only be set at the start of the pattern in this implementation")
    return (f"(?{on})" if on else ""), end, on


def _escape(p: str, i: int, in_class: bool) -> tuple[str, int]:
    if i + 1 >= len(p):
        raise RegexError("trailing backslash at end of expression")
    c = p[i + 1]
    if c in _PERL:
        if in_class:
            if c in _PERL_IN_CLASS:
                return _PERL_IN_CLASS[c], i + 2
            return "\\" + c, i + 2
        return _PERL[c], i + 2
    if c == "z" and not in_class:
        return "\\Z", i + 2
    if c in "AbB" and not in_class:
        return "\\" + c, i + 2
    if c in "pP":
        raise RegexError("Unicode character classes (\\p) are not supported")
    if c == "Q":
        end = p.find("\\E", i + 2)
        literal = p[i + 2:] if end < 0 else p[i + 2:end]
        return re.escape(literal), (len(p) if end < 0 else end + 2)
    if c == "x":
        if p.startswith("{", i + 2):
            end = p.find("}", i + 3)
            if end < 0 or not re.fullmatch(r"[0-9A-Fa-f]{1,8}", p[i + 3:end]):
                raise RegexError("invalid escape sequence: \\x{")
            code = int(p[i + 3:end], 16)
            if code > 0x10FFFF:
                raise RegexError("invalid escape sequence: code point out of range")
            return f"\\U{code:08x}", end + 1
        m = re.compile(r"[0-9A-Fa-f]{2}").match(p, i + 2)
        if not m:
            raise RegexError("invalid escape sequence: \\x")
        return "\\x" + m.group(0), m.end()
    if c in "01234567":
        m = re.compile(r"[0-7]{1,3}").match(p, i + 1)
        assert m is not None
        if c != "0" and len(m.group(0)) == 1 and not in_class:
            raise RegexError(f"invalid escape sequence: \\{c} (backreferences are not supported)")
        return f"\\{int(m.group(0), 8):03o}", m.end()
    if c in "89":
        raise RegexError(f"invalid escape sequence: \\{c}")
    if c in _SIMPLE_ESCAPES:
        return "\\" + c, i + 2
    if c.isalnum() or c == "_":
        raise RegexError(f"invalid escape sequence: \\{c}")
    return re.escape(c) if c not in "-]^\\[" else "\\" + c, i + 2


def _char_class(p: str, i: int) -> tuple[str, int]:
    out = ["["]
    j = i + 1
    n = len(p)
    if j < n and p[j] == "^":
        out.append("^")
        j += 1
    first = True
    while True:
        if j >= n:
            raise RegexError("missing closing ]")
        c = p[j]
        if c == "]" and not first:
            out.append("]")
            return "".join(out), j + 1
        first = False
        if c == "[" and p.startswith("[:", j):
            end = p.find(":]", j + 2)
            if end >= 0:
                name = p[j + 2:end]
                negated = name.startswith("^")
                if negated:
                    raise RegexError("negated POSIX classes are not supported")
                if name not in _POSIX:
                    raise RegexError(f"invalid character class range: [:{name}:]")
                out.append(_POSIX[name])
                j = end + 2
                continue
        if c == "\\":
            piece, j = _escape(p, j, in_class=True)
            out.append(piece)
            continue
        if c in "[&~|":
            out.append("\\" + c)
        elif c == "]":
            out.append("\\]")
        else:
            out.append(c)
        j += 1


def expand_replacement(template: str, match: re.Match[str]) -> str:
    """Go's ``Regexp.Expand``: ``$1``, ``${1}``, ``$name``, ``${name}``, ``$$``."""
    out: list[str] = []
    i = 0
    n = len(template)
    while i < n:
        c = template[i]
        if c != "$" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        nxt = template[i + 1]
        if nxt == "$":
            out.append("$")
            i += 2
            continue
        if nxt == "{":
            end = template.find("}", i + 2)
            name = template[i + 2:end] if end >= 0 else ""
            if end < 0 or not re.fullmatch(r"\w+", name):
                out.append(c)
                i += 1
                continue
            i = end + 1
        else:
            m = re.compile(r"\w+").match(template, i + 1)
            if not m:
                out.append(c)
                i += 1
                continue
            name = m.group(0)
            i = m.end()
        out.append(_group_text(match, name))
    return "".join(out)


def _group_text(match: re.Match[str], name: str) -> str:
    try:
        if name.isdigit():
            index = int(name)
            if index > (match.re.groups):
                return ""
            return match.group(index) or ""
        return match.group(name) or ""
    except IndexError:
        return ""
