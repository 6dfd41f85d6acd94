"""Encoding functions: base64decode, base64encode, base64gzip, csvdecode,
jsondecode, jsonencode, textdecodebase64, textencodebase64, urlencode,
yamldecode, yamlencode.

JSON numbers decode exactly (no float rounding).  ``base64gzip`` output is a
valid gzip stream but, being produced by zlib rather than Go's compressor,
its bytes may differ from Terraform's.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import csv
import gzip
import io
import json
import urllib.parse
from decimal import Decimal

from iacreview.eval.functions.common import check_length, check_string_length, fn, param
from iacreview.eval.functions.jsonenc import encode_json
from iacreview.eval.functions.registry import CallContext, FunctionError, FunctionSpec, arg_error
from iacreview.eval.functions.yamlcodec import yaml_decode, yaml_encode
from iacreview.eval.types import DYNAMIC, STRING, ListType
from iacreview.eval.values import (
    MAX_COLLECTION_LENGTH,
    NULL_DYNAMIC,
    Value,
    bool_val,
    list_val,
    number_val,
    object_val,
    string_val,
    tuple_val,
)


def _b64decode(text: str, index: int) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise arg_error(index, f'failed to decode base64 data "{text[:40]}"') from None


def _base64decode(ctx: CallContext, args: list[Value]) -> Value:
    raw = _b64decode(args[0].payload, 0)
    try:
        return string_val(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise FunctionError("the result of decoding the provided string is not valid UTF-8") from None


def _base64encode(ctx: CallContext, args: list[Value]) -> Value:
    data = args[0].payload.encode("utf-8")
    check_string_length(len(data) * 4 // 3 + 4)
    return string_val(base64.b64encode(data).decode("ascii"))


def _base64gzip(ctx: CallContext, args: list[Value]) -> Value:
    data = gzip.compress(args[0].payload.encode("utf-8"), compresslevel=6, mtime=0)
    return string_val(base64.b64encode(data).decode("ascii"))


def _csvdecode(ctx: CallContext, args: list[Value]) -> Value:
    text = args[0].payload
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(_limited(reader, MAX_COLLECTION_LENGTH + 1))
    except csv.Error as e:
        raise FunctionError(f"CSV parse error: {e}") from None
    rows = [r for r in rows if r]
    if not rows:
        raise FunctionError("missing header line")
    check_length(len(rows) - 1)
    header = rows[0]
    if len(set(header)) != len(header):
        raise FunctionError("duplicate column name in CSV header")
    records = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise FunctionError(f"record on line {line}: wrong number of fields")
        records.append(object_val({h: string_val(v) for h, v in zip(header, row)}))
    if not records:
        return list_val([], object_val({h: string_val("") for h in header}).type)
    return list_val(records)


def _limited(iterable, limit: int):
    for i, item in enumerate(iterable):
        if i >= limit:
            check_length(i + 1, "decoded CSV")
        yield item


def _from_json(obj) -> Value:
    if obj is None:
        return NULL_DYNAMIC
    if isinstance(obj, bool):
        return bool_val(obj)
    if isinstance(obj, str):
        return string_val(obj)
    if isinstance(obj, (int, Decimal)):
        return number_val(obj)
    if isinstance(obj, list):
        check_length(len(obj))
        return tuple_val(_from_json(e) for e in obj)
    return object_val({k: _from_json(v) for k, v in obj.items()})


def _reject_duplicates(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise FunctionError(f'duplicate "{k}" property in JSON object')
        obj[k] = v
    return obj


def _reject_constant(name: str):
    raise FunctionError(f"invalid JSON value {name}")


def _jsondecode(ctx: CallContext, args: list[Value]) -> Value:
    text = args[0].payload
    try:
        obj = json.loads(
            text,
            parse_float=Decimal,
            parse_int=Decimal,
            object_pairs_hook=_reject_duplicates,
            parse_constant=_reject_constant,
        )
    except json.JSONDecodeError as e:
        raise FunctionError(f"{e.msg} at line {e.lineno}, column {e.colno}") from None
    except RecursionError:
        raise FunctionError("JSON value is nested too deeply") from None
    return _from_json(obj)


def _jsonencode(ctx: CallContext, args: list[Value]) -> Value:
    return string_val(encode_json(args[0]))


_ENCODING_ALIASES = {"cp1252": "windows-1252"}


def _codec(name: str, index: int) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise arg_error(index, f'"{name}" is not a supported IANA encoding name or alias in this Terraform version') from None


def _textencodebase64(ctx: CallContext, args: list[Value]) -> Value:
    text, enc = args[0].payload, args[1].payload
    codec = _codec(enc, 1)
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        raise arg_error(0, f"the given string contains characters that cannot be represented in {enc}") from None
    if codec in ("utf-16", "utf-32"):
        data = text.encode(codec + "-be")
    return string_val(base64.b64encode(data).decode("ascii"))


def _textdecodebase64(ctx: CallContext, args: list[Value]) -> Value:
    codec = _codec(args[1].payload, 1)
    raw = _b64decode(args[0].payload, 0)
    try:
        return string_val(raw.decode(codec))
    except UnicodeDecodeError:
        raise arg_error(0, f"the given value is has an invalid {args[1].payload} byte sequence") from None


def _urlencode(ctx: CallContext, args: list[Value]) -> Value:
    return string_val(urllib.parse.quote_plus(args[0].payload, safe="-_.~"))


def _yamldecode(ctx: CallContext, args: list[Value]) -> Value:
    return yaml_decode(args[0].payload)


def _yamlencode(ctx: CallContext, args: list[Value]) -> Value:
    return string_val(yaml_encode(args[0]))


def specs() -> list[FunctionSpec]:
    S = STRING
    return [
        fn("base64decode", [param("str", S)], _base64decode, S, doc="Decodes a Base64 string to UTF-8 text."),
        fn("base64encode", [param("str", S)], _base64encode, S, doc="Encodes the UTF-8 bytes of a string as Base64."),
        fn("base64gzip", [param("str", S)], _base64gzip, S, doc="Gzips a string and encodes the result as Base64."),
        fn("csvdecode", [param("str", S)], _csvdecode, ListType(DYNAMIC),
           doc="Parses CSV with a header row into a list of objects."),
        fn("jsondecode", [param("str", S)], _jsondecode, DYNAMIC, doc="Parses a JSON string into a value."),
        fn("jsonencode", [param("val", DYNAMIC, allow_null=True)], _jsonencode, S,
           doc="Encodes a value as JSON (keys sorted, compact)."),
        fn("textdecodebase64", [param("source", S), param("encoding", S)], _textdecodebase64, S,
           doc="Decodes Base64 bytes in a given character encoding to a string."),
        fn("textencodebase64", [param("string", S), param("encoding", S)], _textencodebase64, S,
           doc="Encodes a string in a given character encoding, then as Base64."),
        fn("urlencode", [param("str", S)], _urlencode, S, doc="URL query-escapes a string."),
        fn("yamldecode", [param("src", S)], _yamldecode, DYNAMIC, doc="Parses a YAML string into a value."),
        fn("yamlencode", [param("value", DYNAMIC, allow_null=True)], _yamlencode, S,
           doc="Encodes a value as YAML."),
    ]

