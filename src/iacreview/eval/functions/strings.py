"""String functions: chomp, endswith, format, formatlist, indent, join, lower,
regex, regexall, replace, split, startswith, strcontains, strrev, substr,
templatestring, title, trim, trimprefix, trimspace, trimsuffix, upper.

Lengths and offsets count user-perceived characters (grapheme clusters), as
Terraform does; Go's Unicode whitespace and word-boundary rules are used
for ``trimspace`` and ``title``.
"""

from __future__ import annotations

import re
import unicodedata

from iacreview.eval.functions.common import check_length, check_string_length, fn, int_arg, param
from iacreview.eval.functions.formatting import format_impl, formatlist_impl
from iacreview.eval.functions.re2 import RegexError, compile_re2, expand_replacement
from iacreview.eval.functions.registry import CallContext, FunctionError, FunctionSpec, arg_error
from iacreview.eval.types import BOOL, DYNAMIC, NUMBER, STRING, ListType, MapType
from iacreview.eval.values import (
    Value,
    bool_val,
    list_val,
    null_val,
    object_val,
    string_val,
    tuple_val,
    unknown_val,
)

# Go's unicode.IsSpace
_GO_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def graphemes(s: str) -> list[str]:
    """Approximate extended grapheme clusters: a base character with its
    combining marks, variation selectors, emoji modifiers and ZWJ sequences;
    CR LF and regional-indicator pairs stay together."""
    clusters: list[str] = []
    i = 0
    n = len(s)
    while i < n:
        start = i
        c = s[i]
        i += 1
        if c == "\r" and i < n and s[i] == "\n":
            i += 1
        elif 0x1F1E6 <= ord(c) <= 0x1F1FF and i < n and 0x1F1E6 <= ord(s[i]) <= 0x1F1FF:
            i += 1
        while i < n:
            d = s[i]
            o = ord(d)
            if unicodedata.combining(d) or unicodedata.category(d) in ("Mn", "Me", "Mc") \
                    or 0xFE00 <= o <= 0xFE0F or 0x1F3FB <= o <= 0x1F3FF or 0xE0020 <= o <= 0xE007F:
                i += 1
            elif d == "\u200d" and i + 1 < n:
                i += 2
            else:
                break
        clusters.append(s[start:i])
    return clusters


def _s(v: Value) -> str:
    return v.payload


def _chomp(ctx: CallContext, args: list[Value]) -> Value:
    s = _s(args[0])
    for ending in ("\r\n", "\n", "\r"):
        if s.endswith(ending):
            return string_val(s[: -len(ending)])
    return args[0]


def _indent(ctx: CallContext, args: list[Value]) -> Value:
    spaces = int_arg(args[0], 0, "spaces")
    if spaces < 0:
        raise arg_error(0, "spaces must not be negative")
    s = _s(args[1])
    check_string_length(len(s) + s.count("\n") * spaces)
    return string_val(s.replace("\n", "\n" + " " * spaces))


def _join(ctx: CallContext, args: list[Value]) -> Value:
    sep = _s(args[0])
    lists = args[1:]
    if not lists:
        raise FunctionError("at least one list is required")
    items: list[str] = []
    total = 0
    for li, lst in enumerate(lists):
        for ei, e in enumerate(lst.payload):
            if e.is_null:
                raise arg_error(li + 1, f"element {ei} is null; cannot concatenate null values")
            items.append(e.payload)
            total += len(e.payload) + len(sep)
            check_string_length(total)
    return string_val(sep.join(items))


def _compile(pattern: str, index: int = 0):
    try:
        return compile_re2(pattern)
    except RegexError as e:
        raise arg_error(index, f"invalid regexp pattern: {e}") from None


def _match_value(rx: re.Pattern[str], m: re.Match[str]) -> Value:
    names = {i: n for n, i in rx.groupindex.items()}
    if rx.groups == 0:
        return string_val(m.group(0))
    if names and len(names) != rx.groups:
        raise arg_error(0, "invalid regexp pattern: cannot mix both named and unnamed capture groups")

    def cap(i: int) -> Value:
        g = m.group(i)
        return null_val(STRING) if g is None else string_val(g)

    if names:
        return object_val({names[i]: cap(i) for i in range(1, rx.groups + 1)})
    return tuple_val(cap(i) for i in range(1, rx.groups + 1))


def _regex(ctx: CallContext, args: list[Value]) -> Value:
    rx = _compile(_s(args[0]))
    m = rx.search(_s(args[1]))
    if m is None:
        raise FunctionError("pattern did not match any part of the given string")
    return _match_value(rx, m)


def _regexall(ctx: CallContext, args: list[Value]) -> Value:
    rx = _compile(_s(args[0]))
    matches = []
    for m in rx.finditer(_s(args[1])):
        matches.append(_match_value(rx, m))
        check_length(len(matches))
    if not matches:
        return list_val([], STRING if rx.groups == 0 else DYNAMIC)
    return list_val(matches)


def _replace(ctx: CallContext, args: list[Value]) -> Value:
    s, old, new = (_s(a) for a in args)
    if len(old) >= 2 and old.startswith("/") and old.endswith("/"):
        rx = _compile(old[1:-1], 1)
        pieces: list[str] = []
        total = 0
        pos = 0
        for m in rx.finditer(s):
            piece = s[pos:m.start()] + expand_replacement(new, m)
            total += len(piece)
            check_string_length(total)
            pieces.append(piece)
            pos = m.end()
        pieces.append(s[pos:])
        return string_val("".join(pieces))
    if old == "":
        count = len(s) + 1
    else:
        count = s.count(old)
    check_string_length(len(s) + count * max(len(new) - len(old), 0))
    if old == "":
        return string_val(new + new.join(s) + new if s else new)
    return string_val(s.replace(old, new))


def _split(ctx: CallContext, args: list[Value]) -> Value:
    sep, s = _s(args[0]), _s(args[1])
    if sep == "":
        parts = list(s)
    else:
        parts = s.split(sep)
    check_length(len(parts))
    return list_val([string_val(p) for p in parts], STRING)


def _strrev(ctx: CallContext, args: list[Value]) -> Value:
    return string_val("".join(reversed(graphemes(_s(args[0])))))


def _substr(ctx: CallContext, args: list[Value]) -> Value:
    s = _s(args[0])
    offset = int_arg(args[1], 1, "offset")
    length = int_arg(args[2], 2, "length")
    chars = graphemes(s) if not s.isascii() else list(s)
    total = len(chars)
    if offset < 0:
        offset = max(total + offset, 0)
    if offset > total:
        return string_val("")
    if length < 0:
        end = total
    else:
        end = min(offset + length, total)
    return string_val("".join(chars[offset:end]))


def _is_go_separator(c: str) -> bool:
    if c.isascii():
        return not (c.isalnum() or c == "_")
    if c.isalpha() or c.isdigit():
        return False
    return c in _GO_SPACE


def _title(ctx: CallContext, args: list[Value]) -> Value:
    out = []
    prev_sep = True
    for c in _s(args[0]):
        out.append(c.title() if prev_sep and len(c.title()) == 1 else c)
        prev_sep = _is_go_separator(c)
    return string_val("".join(out))


def _trim(ctx: CallContext, args: list[Value]) -> Value:
    return string_val(_s(args[0]).strip(_s(args[1])) if _s(args[1]) else _s(args[0]))


def _trimprefix(ctx: CallContext, args: list[Value]) -> Value:
    s, prefix = _s(args[0]), _s(args[1])
    return string_val(s[len(prefix):] if prefix and s.startswith(prefix) else s)


def _trimsuffix(ctx: CallContext, args: list[Value]) -> Value:
    s, suffix = _s(args[0]), _s(args[1])
    return string_val(s[: -len(suffix)] if suffix and s.endswith(suffix) else s)


def _trimspace(ctx: CallContext, args: list[Value]) -> Value:
    return string_val(_s(args[0]).strip(_GO_SPACE))


def _templatestring(ctx: CallContext, args: list[Value]) -> Value:
    template, variables = args
    if ctx.render_template is None:
        return unknown_val(DYNAMIC)
    if not isinstance(variables.type, (MapType,)) and not variables.type.kind == "object":
        raise arg_error(1, "invalid vars value: must be a map")
    return ctx.render_template(_s(template), dict(variables.payload))


_str = param("str", STRING)


def specs() -> list[FunctionSpec]:
    S = STRING
    return [
        fn("chomp", [_str], _chomp, S, doc="Removes newline characters at the end of a string."),
        fn("endswith", [_str, param("suffix", S)], lambda c, a: bool_val(_s(a[0]).endswith(_s(a[1]))), BOOL,
           doc="True if the string ends with the given suffix."),
        fn("format", [param("format", S)], format_impl, S,
           variadic=param("args", DYNAMIC, allow_null=True), doc="Produces a string by formatting values printf-style."),
        fn("formatlist", [param("format", S)], formatlist_impl, ListType(S),
           variadic=param("args", DYNAMIC, allow_null=True, allow_unknown=True),
           doc="Formats each element of the given lists printf-style, producing a list."),
        fn("indent", [param("spaces", NUMBER), _str], _indent, S,
           doc="Adds spaces to the start of every line but the first."),
        fn("join", [param("separator", S)], _join, S, variadic=param("lists", ListType(S)),
           doc="Concatenates the elements of lists with a separator."),
        fn("lower", [_str], lambda c, a: string_val(_s(a[0]).lower()), S, doc="Converts letters to lowercase."),
        fn("regex", [param("pattern", S), param("string", S)], _regex, DYNAMIC,
           doc="Applies a regular expression and returns the matching substrings."),
        fn("regexall", [param("pattern", S), param("string", S)], _regexall, DYNAMIC,
           doc="Applies a regular expression and returns all matches."),
        fn("replace", [_str, param("substr", S), param("replace", S)], _replace, S,
           doc="Replaces a substring (or /regex/ matches) with another string."),
        fn("split", [param("separator", S), _str], _split, ListType(S),
           doc="Divides a string at each occurrence of a separator."),
        fn("startswith", [_str, param("prefix", S)], lambda c, a: bool_val(_s(a[0]).startswith(_s(a[1]))), BOOL,
           doc="True if the string begins with the given prefix."),
        fn("strcontains", [_str, param("substr", S)], lambda c, a: bool_val(_s(a[1]) in _s(a[0])), BOOL,
           doc="True if the string contains the given substring."),
        fn("strrev", [_str], _strrev, S, doc="Reverses the characters of a string."),
        fn("substr", [_str, param("offset", NUMBER), param("length", NUMBER)], _substr, S,
           doc="Extracts a substring by character offset and length."),
        fn("templatestring", [param("template", S), param("vars", DYNAMIC)], _templatestring, DYNAMIC,
           doc="Renders a string as a template with the given variables."),
        fn("title", [_str], _title, S, doc="Converts the first letter of each word to uppercase."),
        fn("trim", [_str, param("cutset", S)], _trim, S,
           doc="Removes the given characters from both ends of a string."),
        fn("trimprefix", [_str, param("prefix", S)], _trimprefix, S, doc="Removes a prefix from a string."),
        fn("trimspace", [_str], _trimspace, S, doc="Removes whitespace from both ends of a string."),
        fn("trimsuffix", [_str, param("suffix", S)], _trimsuffix, S, doc="Removes a suffix from a string."),
        fn("upper", [_str], lambda c, a: string_val(_s(a[0]).upper()), S, doc="Converts letters to uppercase."),
    ]


__all__ = ["specs", "graphemes"]
