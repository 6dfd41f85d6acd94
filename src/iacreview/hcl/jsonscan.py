"""A JSON scanner that keeps positions: Python's `json` module gives none.

`.tf.json` files must be reported as FILE:LINE:COL like native files, and their
values must become tree nodes that know where they are. This scanner reads
RFC 8259 JSON into small positioned value records (`JString`, `JNumber`, …) and
a token list covering every character of the text, so the tree built on top
prints back byte for byte. It keeps object members in order and keeps
duplicate keys, as the HCL JSON specification asks.

It is iterative (no recursion), bounds nesting, and turns every problem into an
`HCLSyntaxError`; it raises nothing else. A leading byte order mark is accepted
as a BOM token, as the native lexer does; comments are not JSON and are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from iacreview.hcl import tokens as T
from iacreview.hcl.errors import HCLSyntaxError
from iacreview.hcl.source import Diagnostic, Source
from iacreview.hcl.tokens import Token

#: Deepest nesting of arrays and objects accepted (the native parser's bound).
MAX_JSON_NESTING = 400

_SPACE = re.compile(r"[ \t]+|\r?\n|\r")
_PLAIN_STRING = re.compile(r'"([^"\\\x00-\x1f]*)"')
_STRING_CHUNK = re.compile(r'[^"\\\x00-\x1f]+')
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_WORD = re.compile(r"[A-Za-z0-9_.+\-]+")
_KEYWORDS = {"true": True, "false": False, "null": None}
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")


@dataclass(slots=True)
class JString:
    """A string: its quote and content tokens, its decoded value and where each character came from."""

    open: Token
    content: Token | None  # None for ""
    close: Token
    value: str
    #: Decoded index → file offset, len(value)+1 entries; None when the raw text has no escapes.
    offsets: list[int] | None = None

    @property
    def content_start(self) -> int:
        return self.open.end

    def file_offset(self, index: int) -> int:
        """File offset of the decoded character at `index` (or of the closing quote for len(value))."""
        if self.offsets is None:
            return self.open.end + index
        return self.offsets[index]

    @property
    def has_escapes(self) -> bool:
        return self.offsets is not None


@dataclass(slots=True)
class JNumber:
    token: Token


@dataclass(slots=True)
class JKeyword:
    """`true`, `false` or `null`."""

    token: Token
    value: bool | None


@dataclass(slots=True)
class JArray:
    open: Token
    items: list[JValue] = field(default_factory=list)
    close: Token | None = None


@dataclass(slots=True)
class JMember:
    key: JString
    colon: Token
    value: JValue


@dataclass(slots=True)
class JObject:
    open: Token
    members: list[JMember] = field(default_factory=list)
    close: Token | None = None


JValue = JString | JNumber | JKeyword | JArray | JObject


def value_first(value: JValue) -> Token:
    """The first token of a value."""
    if isinstance(value, (JNumber, JKeyword)):
        return value.token
    return value.open


def value_last(value: JValue) -> Token:
    """The last token of a value."""
    if isinstance(value, (JNumber, JKeyword)):
        return value.token
    if isinstance(value, JString):
        return value.close
    assert value.close is not None
    return value.close


def describe_value(value: JValue) -> str:
    """How error messages name the kind of a JSON value."""
    if isinstance(value, JString):
        return "string"
    if isinstance(value, JNumber):
        return "number"
    if isinstance(value, JKeyword):
        return "null" if value.value is None else "boolean"
    if isinstance(value, JArray):
        return "array"
    return "object"


class _Stop(Exception):
    """Internal: the first syntax error ends the scan (JSON has no useful recovery)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


class JsonScanner:
    """One document's scan; use `scan_json()`."""

    def __init__(self, text: str, filename: str) -> None:
        self.text = text
        self.source = Source(text, filename)
        self.tokens: list[Token] = []
        self.pos = 0

    # ------------------------------------------------------------ helpers

    def token(self, kind: str, start: int, end: int) -> Token:
        line, col = self.source.position(start)
        tok = Token(kind, self.text[start:end], start, line, col)
        self.tokens.append(tok)
        return tok

    def error(self, offset: int, message: str) -> _Stop:
        line, col = self.source.position(offset)
        return _Stop(Diagnostic(self.source.filename, line, col, message))

    def found(self, offset: int) -> str:
        """What is at `offset`, for "expected …, found …" messages."""
        if offset >= len(self.text):
            return "end of file"
        ch = self.text[offset]
        if ch in "\r\n":
            return "newline"
        m = _WORD.match(self.text, offset)
        word = m.group() if m else ch
        if len(word) > 20:
            word = word[:17] + "..."
        return repr(word)

    def skip_space(self) -> None:
        text, match = self.text, _SPACE.match
        while True:
            m = match(text, self.pos)
            if m is None:
                return
            s = m.group()
            self.token(T.NEWLINE if s.endswith("\n") else T.WS, self.pos, m.end())
            self.pos = m.end()

    # ------------------------------------------------------------ values

    def scan(self) -> JValue:
        if self.text.startswith("\ufeff"):
            self.token(T.BOM, 0, 1)
            self.pos = 1
        self.skip_space()
        if self.pos >= len(self.text):
            raise self.error(self.pos, "empty file: expected a JSON object")
        root = self.scan_value()
        self.skip_space()
        if self.pos < len(self.text):
            raise self.error(self.pos, f"unexpected {self.found(self.pos)} after the end of the JSON value")
        self.token(T.EOF, self.pos, self.pos)
        return root

    def scan_value(self) -> JValue:
        """One JSON value; arrays and objects are filled iteratively with an explicit stack."""
        stack: list[JArray | JObject] = []
        while True:
            # Read a value (or open a container) at self.pos.
            self.skip_space()
            value = self.scan_scalar_or_open(stack)
            if isinstance(value, (JArray, JObject)) and value.close is None:
                if len(stack) >= MAX_JSON_NESTING:
                    raise self.error(value.open.start, f"nesting deeper than {MAX_JSON_NESTING} levels")
                stack.append(value)
                if self.open_container(value):
                    continue  # expecting its first element
                value = stack.pop()  # it was empty and is closed now
            # Attach the finished value to its parent, then close parents that end here.
            while True:
                if not stack:
                    return value
                parent = stack[-1]
                if isinstance(parent, JArray):
                    parent.items.append(value)
                else:
                    parent.members[-1].value = value
                if self.after_element(parent):
                    break  # a ',' was read: the next element follows
                value = stack.pop()

    def scan_scalar_or_open(self, stack: list[JArray | JObject]) -> JValue:
        text = self.text
        pos = self.pos
        if pos >= len(text):
            raise self.error(pos, "expected a JSON value, found end of file")
        ch = text[pos]
        if ch == "{":
            self.pos += 1
            return JObject(self.token(T.OBRACE, pos, pos + 1))
        if ch == "[":
            self.pos += 1
            return JArray(self.token(T.OBRACK, pos, pos + 1))
        if ch == '"':
            return self.scan_string()
        if ch == "-" or "0" <= ch <= "9":
            return self.scan_number()
        m = _WORD.match(text, pos)
        if m is not None and m.group() in _KEYWORDS:
            self.pos = m.end()
            return JKeyword(self.token(T.IDENT, pos, m.end()), _KEYWORDS[m.group()])
        if ch == "]" and stack and isinstance(stack[-1], JArray) and stack[-1].items:
            raise self.error(pos, "trailing comma before ']' is not allowed in JSON")
        if ch in "/#":
            raise self.error(pos, "comments are not allowed in JSON; use a \"//\" property")
        if ch == "'":
            raise self.error(pos, "JSON strings use double quotes")
        raise self.error(pos, f"expected a JSON value, found {self.found(pos)}")

    def open_container(self, container: JArray | JObject) -> bool:
        """After '{' or '[': False if it closes at once, else True with the first element next."""
        self.skip_space()
        pos = self.pos
        closer = "}" if isinstance(container, JObject) else "]"
        if self.text.startswith(closer, pos):
            self.pos += 1
            container.close = self.token(T.CBRACE if closer == "}" else T.CBRACK, pos, pos + 1)
            return False
        if isinstance(container, JObject):
            self.scan_member_head(container)
        return True

    def scan_member_head(self, obj: JObject) -> None:
        """`"key" :` of an object member; the value is filled in when it has been read."""
        self.skip_space()
        pos = self.pos
        if not self.text.startswith('"', pos):
            if self.text.startswith("}", pos) and obj.members:
                raise self.error(pos, "trailing comma before '}' is not allowed in JSON")
            raise self.error(pos, f"expected a string key in the object, found {self.found(pos)}")
        key = self.scan_string()
        self.skip_space()
        pos = self.pos
        if not self.text.startswith(":", pos):
            raise self.error(pos, f"expected ':' after the object key, found {self.found(pos)}")
        self.pos += 1
        colon = self.token(T.COLON, pos, pos + 1)
        obj.members.append(JMember(key, colon, JKeyword(colon, None)))  # placeholder value

    def after_element(self, container: JArray | JObject) -> bool:
        """After an element: True when ',' starts another, False when the container closed."""
        self.skip_space()
        pos = self.pos
        text = self.text
        is_object = isinstance(container, JObject)
        closer = "}" if is_object else "]"
        if text.startswith(",", pos):
            self.pos += 1
            self.token(T.COMMA, pos, pos + 1)
            if is_object:
                self.scan_member_head(container)  # type: ignore[arg-type]
            return True
        if text.startswith(closer, pos):
            self.pos += 1
            container.close = self.token(T.CBRACE if is_object else T.CBRACK, pos, pos + 1)
            return False
        what = "object member" if is_object else "array element"
        raise self.error(pos, f"expected ',' or '{closer}' after the {what}, found {self.found(pos)}")

    def scan_number(self) -> JNumber:
        pos = self.pos
        m = _NUMBER.match(self.text, pos)
        end = m.end() if m else pos
        tail = _WORD.match(self.text, end)
        if m is None or (tail is not None and tail.group()[0] not in "+-") or m.group() == "-":
            bad = _WORD.match(self.text, pos)
            shown = bad.group() if bad else self.text[pos]
            raise self.error(pos, f"invalid JSON number {shown[:20]!r}")
        self.pos = end
        return JNumber(self.token(T.NUMBER, pos, end))

    def scan_string(self) -> JString:
        text = self.text
        start = self.pos
        m = _PLAIN_STRING.match(text, start)
        if m is not None:  # fast path: no escapes
            open_ = self.token(T.OQUOTE, start, start + 1)
            end = m.end() - 1
            content = self.token(T.QUOTED_LIT, start + 1, end) if end > start + 1 else None
            close = self.token(T.CQUOTE, end, end + 1)
            self.pos = end + 1
            return JString(open_, content, close, m.group(1))
        value, offsets, end = self.decode_escaped(start + 1)
        open_ = self.token(T.OQUOTE, start, start + 1)
        content = self.token(T.QUOTED_LIT, start + 1, end) if end > start + 1 else None
        close = self.token(T.CQUOTE, end, end + 1)
        self.pos = end + 1
        return JString(open_, content, close, value, offsets)

    def decode_escaped(self, pos: int) -> tuple[str, list[int], int]:
        """Decode string content from `pos`; returns (value, offsets, offset of the closing quote)."""
        text = self.text
        n = len(text)
        pieces: list[str] = []
        offsets: list[int] = []
        while True:
            m = _STRING_CHUNK.match(text, pos)
            if m is not None:
                chunk = m.group()
                pieces.append(chunk)
                offsets.extend(range(pos, m.end()))
                pos = m.end()
            if pos >= n:
                raise self.error(pos, "unterminated string: expected closing quote, found end of file")
            ch = text[pos]
            if ch == '"':
                offsets.append(pos)
                return "".join(pieces), offsets, pos
            if ch != "\\":
                if ch in "\r\n":
                    raise self.error(pos, "unterminated string: expected closing quote, found newline")
                raise self.error(pos, f"control character U+{ord(ch):04X} must be escaped in a JSON string")
            esc = text[pos + 1 : pos + 2]
            if esc in _SIMPLE_ESCAPES:
                pieces.append(_SIMPLE_ESCAPES[esc])
                offsets.append(pos)
                pos += 2
                continue
            if esc != "u":
                shown = "\\" + esc if esc and esc not in "\r\n" else "\\"
                raise self.error(pos, f"invalid escape sequence {shown!r} in JSON string")
            code = self.hex4(pos)
            width = 6
            if 0xD800 <= code <= 0xDBFF and text.startswith("\\u", pos + 6) and _HEX4.match(text, pos + 8):
                low = int(text[pos + 8 : pos + 12], 16)
                if 0xDC00 <= low <= 0xDFFF:
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    width = 12
            if 0xD800 <= code <= 0xDFFF:
                code = 0xFFFD  # a lone surrogate cannot be encoded; Go's decoder does the same
            pieces.append(chr(code))
            offsets.append(pos)
            pos += width

    def hex4(self, pos: int) -> int:
        if not _HEX4.match(self.text, pos + 2):
            raise self.error(pos, "invalid Unicode escape in JSON string: '\\u' needs four hex digits")
        return int(self.text[pos + 2 : pos + 6], 16)


def scan_json(text: str, filename: str = "<input>") -> tuple[JValue, list[Token], Source]:
    """The root value, every token (texts join back to `text`) and the Source they refer to.

    Raises HCLSyntaxError naming the first problem's position.
    """
    scanner = JsonScanner(text, filename)
    try:
        root = scanner.scan()
    except _Stop as stop:
        raise HCLSyntaxError([stop.diagnostic]) from None
    return root, scanner.tokens, scanner.source
