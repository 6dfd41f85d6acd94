"""YAML for ``yamldecode``/``yamlencode``, matching Terraform's behaviour.

Decoding uses PyYAML's parser with the YAML 1.2 core schema (as Terraform
does: ``yes``/``no``/``on``/``off`` stay strings, numbers decode exactly) and a
node budget so alias bombs cannot expand without bound.  Encoding is our own
emitter in the style of Terraform's output: keys and strings double-quoted,
block sequences not indented under their key, multi-line strings as
literal blocks.
"""

from __future__ import annotations

import re
from decimal import Decimal

from iacreview.eval.errors import EvalError, LimitExceededError
from iacreview.eval.functions.registry import FunctionError
from iacreview.eval.values import (
    MAX_COLLECTION_LENGTH,
    NULL_DYNAMIC,
    UNKNOWN,
    Value,
    bool_val,
    format_number,
    number_val,
    object_val,
    string_val,
    tuple_val,
)

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")


def _loader():
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML is a dependency
        raise EvalError("YAML support requires the PyYAML package") from None

    class CoreSchemaLoader(yaml.SafeLoader):
        """SafeLoader with YAML 1.2 core-schema implicit typing."""

    CoreSchemaLoader.yaml_implicit_resolvers = {}
    CoreSchemaLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
    CoreSchemaLoader.add_implicit_resolver("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""])
    CoreSchemaLoader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
    CoreSchemaLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
    CoreSchemaLoader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^<<$"), ["<"])
    return yaml, CoreSchemaLoader


class _Budget:
    def __init__(self) -> None:
        self.left = MAX_COLLECTION_LENGTH

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise LimitExceededError(f"YAML document expands to more than {MAX_COLLECTION_LENGTH} values")


def yaml_decode(text: str) -> Value:
    yaml, loader = _loader()
    try:
        docs = list(yaml.compose_all(text, Loader=loader))
    except yaml.YAMLError as e:
        raise FunctionError(f"on line {_line(e)}: {_problem(e)}") from None
    if len(docs) > 1:
        raise FunctionError("YAML stream contains more than one document")
    if not docs or docs[0] is None:
        return NULL_DYNAMIC
    return _node_value(docs[0], _Budget(), 0, frozenset())


def _line(e) -> int:
    mark = getattr(e, "problem_mark", None)
    return (mark.line + 1) if mark is not None else 1


def _problem(e) -> str:
    return getattr(e, "problem", None) or str(e)


def _scalar(node) -> Value:
    tag = node.tag
    text = node.value
    if tag == "tag:yaml.org,2002:null":
        return NULL_DYNAMIC
    if tag == "tag:yaml.org,2002:bool":
        return bool_val(text.lower() == "true")
    if tag == "tag:yaml.org,2002:int":
        if text.startswith("0o"):
            return number_val(int(text[2:], 8))
        if text.startswith("0x"):
            return number_val(int(text[2:], 16))
        return number_val(Decimal(text))
    if tag == "tag:yaml.org,2002:float":
        low = text.lower().lstrip("+")
        if low in (".inf", "-.inf"):
            return number_val(Decimal("-Infinity" if low.startswith("-") else "Infinity"))
        if low == ".nan":
            raise FunctionError("NaN cannot be represented as a number")
        return number_val(Decimal(text))
    if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary", "!"):
        return string_val(text)
    if tag.startswith("tag:yaml.org,2002:"):
        raise FunctionError(f"unsupported tag {tag}")
    raise FunctionError(f"unsupported tag {tag!r}")


def _node_value(node, budget: _Budget, depth: int, open_nodes: frozenset[int]) -> Value:
    budget.spend()
    if depth > 500:
        raise LimitExceededError("YAML document is nested too deeply")
    kind = node.id
    if kind == "scalar":
        return _scalar(node)
    if id(node) in open_nodes:
        raise FunctionError("cannot refer to an anchor from inside its own definition")
    open_nodes = open_nodes | {id(node)}
    if kind == "sequence":
        return tuple_val(_node_value(n, budget, depth + 1, open_nodes) for n in node.value)
    attrs: dict[str, Value] = {}
    merged: dict[str, Value] = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            sources = value_node.value if value_node.id == "sequence" else [value_node]
            for src in sources:
                v = _node_value(src, budget, depth + 1, open_nodes)
                if not isinstance(v.payload, dict):
                    raise FunctionError("merge key value must be a mapping")
                for k, e in v.payload.items():
                    merged.setdefault(k, e)
            continue
        if key_node.id != "scalar":
            raise FunctionError("only scalar mapping keys are supported")
        key = _scalar(key_node)
        key_text = "null" if key.is_null else (
            format_number(key.payload) if key.type.kind == "number" else
            ("true" if key.payload is True else "false" if key.payload is False else key.payload)
        )
        attrs[key_text] = _node_value(value_node, budget, depth + 1, open_nodes)
    for k, e in merged.items():
        attrs.setdefault(k, e)
    return object_val(attrs)


# ---------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------

def _quote(s: str) -> str:
    out = ['"']
    for c in s:
        o = ord(c)
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif o < 0x20 or o == 0x7F or 0x80 <= o < 0xA0 or o in (0xFEFF, 0x2028, 0x2029):
            out.append(f"\\x{o:02X}" if o <= 0xFF else f"\\u{o:04X}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def _scalar_text(v: Value) -> str | None:
    p = v.payload
    if p is UNKNOWN:
        raise EvalError("value is not yet known")
    if p is None:
        return "null"
    if isinstance(p, bool):
        return "true" if p else "false"
    if isinstance(p, Decimal):
        if not p.is_finite():
            return ".inf" if p > 0 else "-.inf"
        return format_number(p)
    if isinstance(p, str):
        return None
    return None


def _literal_block(s: str, indent: str) -> list[str]:
    chomp = "" if s.endswith("\n") and not s.endswith("\n\n") else ("+" if s.endswith("\n") else "-")
    body = s[:-1] if s.endswith("\n") else s
    header = "|" + ("2" if body.startswith((" ", "\n")) else "") + chomp
    lines = body.split("\n")
    return [header] + [(indent + line) if line else "" for line in lines]


def yaml_encode(v: Value) -> str:
    lines: list[str] = []
    _emit_root(v, lines)
    return "\n".join(lines) + "\n"


def _inline(v: Value, indent: str) -> list[str] | None:
    """Lines for a value that starts on the same line, or None for a block."""
    p = v.payload
    text = _scalar_text(v)
    if text is not None:
        return [text]
    if isinstance(p, str):
        if "\n" in p and p.strip("\n") != "" and not any(c in p for c in "\r\t\x0b\x0c"):
            return _literal_block(p, indent)
        return [_quote(p)]
    if isinstance(p, tuple) and not p:
        return ["[]"]
    if isinstance(p, dict) and not p:
        return ["{}"]
    return None


def _emit_root(v: Value, out: list[str]) -> None:
    inline = _inline(v, "  ")
    if inline is not None:
        out.extend(inline)
        return
    _emit_block(v, "", out)


def _emit_block(v: Value, indent: str, out: list[str]) -> None:
    p = v.payload
    if isinstance(p, tuple):
        for e in p:
            inline = _inline(e, indent + "  ")
            if inline is not None:
                out.append(f"{indent}- {inline[0]}")
                out.extend(inline[1:])
            else:
                sub: list[str] = []
                _emit_block(e, indent + "  ", sub)
                out.append(f"{indent}- {sub[0][len(indent) + 2:]}")
                out.extend(sub[1:])
        return
    for k, e in p.items():
        key = _quote(k)
        inline = _inline(e, indent + "  ")
        if inline is not None:
            out.append(f"{indent}{key}: {inline[0]}")
            out.extend(inline[1:])
        elif isinstance(e.payload, tuple):
            out.append(f"{indent}{key}:")
            _emit_block(e, indent, out)
        else:
            out.append(f"{indent}{key}:")
            _emit_block(e, indent + "  ", out)
