"""Hash and crypto functions: base64sha256, base64sha512, bcrypt, md5,
rsadecrypt, sha1, sha256, sha512, uuid, uuidv5 and the ``file*`` variants.

``bcrypt`` (random salt), ``uuid`` (random) and ``rsadecrypt`` (needs a
private key we never handle) cannot be computed offline and deterministically,
so they return unknown strings, as Terraform does for values known only at
apply time.
"""

from __future__ import annotations

import base64

from iacreview.eval.functions.common import fn, param
from iacreview.eval.functions.files import read_confined
from iacreview.eval.functions.registry import CallContext, FunctionSpec, arg_error
from iacreview.eval.types import NUMBER, STRING
from iacreview.eval.values import Value, string_val, unknown_val

#: uuidv5's named namespaces (RFC 4122 appendix C); `uuid` is imported when uuidv5 is called, since
#: it imports `platform` and costs every start-up ~3 ms.
_NAMESPACES = {
    "dns": "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
    "url": "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
    "oid": "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
    "x500": "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
}


def _digest(algorithm: str, data: bytes):
    """A hash object; hashlib (and OpenSSL behind it) is imported when a configuration first hashes."""
    import hashlib

    return hashlib.new(algorithm, data)


def _hex(algorithm: str):
    def impl(ctx: CallContext, args: list[Value]) -> Value:
        return string_val(_digest(algorithm, args[0].payload.encode("utf-8")).hexdigest())
    return impl


def _b64(algorithm: str):
    def impl(ctx: CallContext, args: list[Value]) -> Value:
        digest = _digest(algorithm, args[0].payload.encode("utf-8")).digest()
        return string_val(base64.b64encode(digest).decode("ascii"))
    return impl


def _file_hex(algorithm: str):
    def impl(ctx: CallContext, args: list[Value]) -> Value:
        return string_val(_digest(algorithm, read_confined(ctx, args[0].payload)).hexdigest())
    return impl


def _file_b64(algorithm: str):
    def impl(ctx: CallContext, args: list[Value]) -> Value:
        digest = _digest(algorithm, read_confined(ctx, args[0].payload)).digest()
        return string_val(base64.b64encode(digest).decode("ascii"))
    return impl


def _unknown_string(ctx: CallContext, args: list[Value]) -> Value:
    return unknown_val(STRING)


def _bcrypt(ctx: CallContext, args: list[Value]) -> Value:
    if len(args) > 2:
        raise arg_error(2, "bcrypt takes at most two arguments")
    if len(args) == 2:
        cost = args[1].payload
        if cost != cost.to_integral_value() or not 4 <= cost <= 31:
            raise arg_error(1, "cost must be a whole number between 4 and 31")
    return unknown_val(STRING)


def _uuidv5(ctx: CallContext, args: list[Value]) -> Value:
    import uuid as uuidlib

    ns_text, name = args[0].payload, args[1].payload
    try:
        namespace = uuidlib.UUID(_NAMESPACES.get(ns_text, ns_text))
    except ValueError:
        raise arg_error(0, f'uuidv5() doesn\'t support namespace prefix "{ns_text}"; use one of dns, url, '
                           "oid, x500, or a UUID") from None
    return string_val(str(uuidlib.uuid5(namespace, name)))


def specs() -> list[FunctionSpec]:
    S = STRING
    s = param("str", S)
    p = param("path", S)
    return [
        fn("base64sha256", [s], _b64("sha256"), S, doc="Base64 of the SHA-256 digest of a string."),
        fn("base64sha512", [s], _b64("sha512"), S, doc="Base64 of the SHA-512 digest of a string."),
        fn("bcrypt", [s], _bcrypt, S, variadic=param("cost", NUMBER), variadic_max=1, pure=False,
           doc="Bcrypt hash of a string (random salt: unknown until apply)."),
        fn("filebase64sha256", [p], _file_b64("sha256"), S, doc="Base64 SHA-256 digest of a file."),
        fn("filebase64sha512", [p], _file_b64("sha512"), S, doc="Base64 SHA-512 digest of a file."),
        fn("filemd5", [p], _file_hex("md5"), S, doc="Hex MD5 digest of a file."),
        fn("filesha1", [p], _file_hex("sha1"), S, doc="Hex SHA-1 digest of a file."),
        fn("filesha256", [p], _file_hex("sha256"), S, doc="Hex SHA-256 digest of a file."),
        fn("filesha512", [p], _file_hex("sha512"), S, doc="Hex SHA-512 digest of a file."),
        fn("md5", [s], _hex("md5"), S, doc="Hex MD5 digest of a string."),
        fn("rsadecrypt", [param("ciphertext", S), param("privatekey", S)], _unknown_string, S, pure=False,
           doc="Decrypts RSA ciphertext (never evaluated offline: unknown)."),
        fn("sha1", [s], _hex("sha1"), S, doc="Hex SHA-1 digest of a string."),
        fn("sha256", [s], _hex("sha256"), S, doc="Hex SHA-256 digest of a string."),
        fn("sha512", [s], _hex("sha512"), S, doc="Hex SHA-512 digest of a string."),
        fn("uuid", [], _unknown_string, S, pure=False, doc="A random UUID (unknown until apply)."),
        fn("uuidv5", [param("namespace", S), param("name", S)], _uuidv5, S,
           doc="Name-based (SHA-1) UUID in a namespace."),
    ]
