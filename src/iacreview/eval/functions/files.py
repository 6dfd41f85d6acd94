"""Filesystem functions, confined to the tree under review.

``file``, ``fileexists``, ``fileset``, ``filebase64``, ``templatefile`` (and
the ``file*sha*``/``filemd5`` hashes in :mod:`hashing`) read only inside
``CallContext.base_dir``: relative paths are resolved against it, and any
path whose real location (after ``..`` and symlinks) lies outside it is an
error and is never opened.  Files over ``CallContext.max_file_size`` are
refused.  ``abspath``, ``dirname``, ``basename`` and ``pathexpand`` only
manipulate strings.
"""

from __future__ import annotations

import base64
import os
import posixpath
import re
from pathlib import Path

from iacreview.eval.errors import EvalError, FileAccessUnavailable, LimitExceededError
from iacreview.eval.functions.common import fn, param
from iacreview.eval.functions.registry import CallContext, FunctionError, FunctionSpec, arg_error
from iacreview.eval.types import BOOL, DYNAMIC, STRING, MapType, ObjectType, SetType
from iacreview.eval.values import FALSE, TRUE, Value, set_val, string_val, unknown_val


def resolve_confined(ctx: CallContext, path: str, index: int = 0) -> Path:
    """The real path for ``path``: inside ``ctx.base_dir``, or a path that does not exist at all.

    An existing file outside the base directory is never read: FileAccessUnavailable (an unknown result).
    """
    if ctx.base_dir is None:
        raise FileAccessUnavailable("file access is not available: no base directory was configured")
    if "\x00" in path:
        raise arg_error(index, "path must not contain NUL characters")
    base = Path(ctx.base_dir).resolve()
    candidate = Path(path)
    if not candidate.is_absolute():
        candidate = base / candidate
    try:
        real = candidate.resolve()
    except (OSError, RuntimeError):
        raise arg_error(index, f"cannot resolve path {path!r}") from None
    if real != base and base not in real.parents and real.exists():
        # Terraform would read it; iacreview reads nothing outside the tree it was given. The content
        # is therefore unknown (as for an answer held in memory), never an error of the configuration.
        # A path that exists nowhere is what Terraform reports ("no file exists"): the caller says so.
        raise FileAccessUnavailable(f"path {path!r} is outside the module directory and will not be read")
    return real


def read_confined(ctx: CallContext, path: str, index: int = 0) -> bytes:
    """The bytes of a file inside the base directory, within the size limit."""
    real = resolve_confined(ctx, path, index)
    try:
        if not real.is_file():
            raise arg_error(index, f'no file exists at "{path}"; this function works only with files '
                                   "that are distributed as part of the configuration source code")
        size = real.stat().st_size
        if size > ctx.max_file_size:
            raise LimitExceededError(f"file {path!r} is {size} bytes, larger than the limit of {ctx.max_file_size}")
        with real.open("rb") as fh:
            data = fh.read(ctx.max_file_size + 1)
    except OSError as e:
        raise arg_error(index, f"failed to read {path!r}: {e.strerror}") from None
    if len(data) > ctx.max_file_size:
        raise LimitExceededError(f"file {path!r} is larger than the limit of {ctx.max_file_size} bytes")
    return data


def read_text(ctx: CallContext, path: str, index: int = 0) -> str:
    data = read_confined(ctx, path, index)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise arg_error(
            index,
            f"contents of {path} are not valid UTF-8; use the filebase64 function to obtain the Base64 "
            "encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file "
            "hashing results instead",
        ) from None


def _file(ctx: CallContext, args: list[Value]) -> Value:
    return string_val(read_text(ctx, args[0].payload))


def _filebase64(ctx: CallContext, args: list[Value]) -> Value:
    return string_val(base64.b64encode(read_confined(ctx, args[0].payload)).decode("ascii"))


def _fileexists(ctx: CallContext, args: list[Value]) -> Value:
    real = resolve_confined(ctx, args[0].payload)
    if real.is_dir():
        raise FunctionError(f'"{args[0].payload}" is a directory, not a file')
    return TRUE if real.is_file() else FALSE


def glob_to_regex(pattern: str) -> re.Pattern[str]:
    """Terraform's ``fileset`` globs: ``*`` ``?`` ``[...]`` within a path
    segment, ``**`` across segments, ``{a,b}`` alternatives."""
    out = []
    i = 0
    n = len(pattern)
    depth = 0
    while i < n:
        c = pattern[i]
        if c == "*":
            if pattern.startswith("**", i):
                i += 2
                if i < n and pattern[i] == "/":
                    out.append("(?:.*/)?")
                    i += 1
                else:
                    out.append(".*")
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 2)
            if end < 0:
                raise FunctionError(f"invalid glob pattern {pattern!r}: unclosed [")
            body = pattern[i + 1:end]
            if body.startswith("!") or body.startswith("^"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end
        elif c == "{":
            out.append("(?:")
            depth += 1
        elif c == "}" and depth:
            out.append(")")
            depth -= 1
        elif c == "," and depth:
            out.append("|")
        elif c == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 1
        else:
            out.append(re.escape(c))
        i += 1
    if depth:
        raise FunctionError(f"invalid glob pattern {pattern!r}: unclosed {{")
    return re.compile("".join(out))


def _fileset(ctx: CallContext, args: list[Value]) -> Value:
    root_text, pattern = args[0].payload, args[1].payload
    root = resolve_confined(ctx, root_text)
    base = Path(ctx.base_dir).resolve()  # type: ignore[arg-type]
    rx = glob_to_regex(pattern)
    found: list[Value] = []
    seen = 0
    if root.is_dir():
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            dirnames.sort()
            for name in sorted(filenames):
                seen += 1
                if seen > ctx.max_fileset_entries:
                    raise LimitExceededError(f"fileset scanned more than {ctx.max_fileset_entries} files")
                full = Path(dirpath, name)
                try:
                    real = full.resolve()
                except OSError:
                    continue
                if real != base and base not in real.parents:
                    continue
                rel = full.relative_to(root).as_posix()
                if rx.fullmatch(rel) and real.is_file():
                    found.append(string_val(rel))
    return set_val(found, STRING)


def _templatefile(ctx: CallContext, args: list[Value]) -> Value:
    path, variables = args
    # As Terraform does, the file is read even when the variables are not known yet: a missing
    # template fails validation whatever the values.
    text = read_text(ctx, path.payload)
    if not variables.is_wholly_known():
        return unknown_val(DYNAMIC)
    if not isinstance(variables.type, (MapType, ObjectType)):
        raise arg_error(1, "invalid vars value: must be a map")
    if ctx.render_template is None:
        return unknown_val(DYNAMIC)
    for name in variables.payload:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", name):
            raise arg_error(1, f"invalid template variable name {name!r}: must start with a letter, "
                               "followed by zero or more letters, digits, and underscores")
    try:
        return ctx.render_template(text, dict(variables.payload))
    except EvalError:
        raise
    except Exception as e:  # a renderer bug must not leak a traceback
        raise FunctionError(f"failed to render {path.payload}: {e}") from None


def _abspath(ctx: CallContext, args: list[Value]) -> Value:
    p = args[0].payload
    if not posixpath.isabs(p):
        base = str(Path(ctx.base_dir).resolve()) if ctx.base_dir is not None else os.getcwd()
        p = posixpath.join(base, p)
    return string_val(posixpath.normpath(p) if p else p)


def _dirname(ctx: CallContext, args: list[Value]) -> Value:
    p = args[0].payload
    if "/" not in p:
        return string_val(".")
    d = posixpath.dirname(p)
    return string_val(posixpath.normpath(d) if d else ".")


def _basename(ctx: CallContext, args: list[Value]) -> Value:
    p = args[0].payload
    if p == "":
        return string_val(".")
    stripped = p.rstrip("/")
    if stripped == "":
        return string_val("/")
    return string_val(stripped.rsplit("/", 1)[-1])


def _pathexpand(ctx: CallContext, args: list[Value]) -> Value:
    p = args[0].payload
    if not p.startswith("~"):
        return args[0]
    if ctx.home_dir is None:
        return unknown_val(STRING)
    if p == "~" or p.startswith("~/"):
        return string_val(ctx.home_dir + p[1:])
    return args[0]


def specs() -> list[FunctionSpec]:
    S = STRING
    p = param("path", S)
    return [
        fn("abspath", [p], _abspath, S, doc="Converts a relative filesystem path to an absolute one."),
        fn("basename", [p], _basename, S, doc="Last portion of a filesystem path."),
        fn("dirname", [p], _dirname, S, doc="All but the last portion of a filesystem path."),
        fn("file", [p], _file, S, doc="Contents of a UTF-8 file in the module tree."),
        fn("filebase64", [p], _filebase64, S, doc="Base64-encoded contents of a file in the module tree."),
        fn("fileexists", [p], _fileexists, BOOL, doc="Whether a file exists in the module tree."),
        fn("fileset", [p, param("pattern", S)], _fileset, SetType(S),
           doc="Set of file names under a directory matching a glob pattern."),
        fn("pathexpand", [p], _pathexpand, S, doc="Replaces a leading ~ with the home directory."),
        fn("templatefile", [p, param("vars", DYNAMIC, allow_unknown=True)], _templatefile, DYNAMIC,
           doc="Renders a template file with the given variables."),
    ]
