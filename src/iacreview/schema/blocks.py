"""The shape of a provider schema: blocks, their attributes and nested blocks.

Decoded from the compact format (see scripts/gen_provider_schema.py) one
resource type at a time: a configuration uses a few dozen of the provider's
two thousand types, so decoding only those keeps a check fast.
"""

from __future__ import annotations

import json
import zlib

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from iacreview.eval.types import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    Type,
    list_of,
    map_of,
    object_of,
    set_of,
    tuple_of,
)
from iacreview.schema.errors import SchemaDataError

_PRIMITIVES: dict[str, Type] = {"string": STRING, "number": NUMBER, "bool": BOOL, "dynamic": DYNAMIC}
_COLLECTIONS = {"list": list_of, "set": set_of, "map": map_of}


def decode_type(raw: object) -> Type:
    """Terraform's JSON type notation (`"string"`, `["list", "string"]`, `["object", {...}]`) as a Type."""
    if raw is None:
        return DYNAMIC
    if isinstance(raw, str):
        return _PRIMITIVES.get(raw, DYNAMIC)
    if isinstance(raw, list) and raw:
        kind = raw[0]
        if kind in _COLLECTIONS and len(raw) == 2:
            return _COLLECTIONS[kind](decode_type(raw[1]))
        if kind == "object" and len(raw) >= 2 and isinstance(raw[1], dict):
            attributes = {name: decode_type(t) for name, t in raw[1].items()}
            optional = raw[2] if len(raw) > 2 and isinstance(raw[2], list) else ()
            return object_of(attributes, [o for o in optional if o in attributes])
        if kind == "tuple" and len(raw) == 2 and isinstance(raw[1], list):
            return tuple_of([decode_type(t) for t in raw[1]])
    return DYNAMIC


@dataclass(frozen=True, slots=True)
class AttributeSchema:
    """One argument or exported attribute of a block."""

    name: str
    type: Type
    required: bool = False
    optional: bool = False
    computed: bool = False
    sensitive: bool = False
    deprecated: bool = False
    write_only: bool = False
    nested: BlockSchema | None = None  # attributes with nested attributes (plugin framework)
    nesting: str | None = None  # their nesting mode: single, list, set, map

    @property
    def configurable(self) -> bool:
        """Whether a configuration may set it (a computed-only attribute may not)."""
        return self.required or self.optional


@dataclass(frozen=True, slots=True)
class NestedBlockSchema:
    """A block type allowed inside another block (`versioning_configuration { … }`)."""

    name: str
    nesting: str  # list, set, single, group, map
    min_items: int
    max_items: int  # 0: no limit
    block: BlockSchema


@dataclass(eq=False)
class BlockSchema:
    """A block's attributes and nested block types."""

    attributes: dict[str, AttributeSchema] = field(default_factory=dict)
    blocks: dict[str, NestedBlockSchema] = field(default_factory=dict)
    deprecated: bool = False

    @cached_property
    def value_type(self) -> Type:
        """The object type a reference to this block yields (its attributes and nested blocks)."""
        members: dict[str, Type] = {}
        for name, attr in self.attributes.items():
            members[name] = attr.type
        for name, nested in self.blocks.items():
            inner = nested.block.value_type
            if nested.nesting in ("single", "group"):
                members[name] = inner
            elif nested.nesting == "set":
                members[name] = set_of(inner)
            elif nested.nesting == "map":
                members[name] = map_of(inner)
            else:
                members[name] = list_of(inner)
        return object_of(members)

    def names(self) -> list[str]:
        """Every argument and block type name, for "Did you mean" suggestions."""
        return [*self.attributes, *self.blocks]


def _flags(text: str) -> dict[str, bool]:
    return {
        "required": "R" in text,
        "optional": "O" in text,
        "computed": "C" in text,
        "sensitive": "S" in text,
        "deprecated": "D" in text,
        "write_only": "W" in text,
    }


def _attribute(name: str, raw: list) -> AttributeSchema:
    type_raw, flags = raw[0], raw[1] if len(raw) > 1 else ""
    if isinstance(type_raw, dict) and "nest" in type_raw:
        nested = BlockSchema({n: _attribute(n, a) for n, a in type_raw.get("a", {}).items()})
        mode = type_raw["nest"]
        inner = nested.value_type
        type_ = {"single": inner, "list": list_of(inner), "set": set_of(inner), "map": map_of(inner)}.get(mode, inner)
        return AttributeSchema(name, type_, nested=nested, nesting=mode, **_flags(flags))
    return AttributeSchema(name, decode_type(type_raw), **_flags(flags))


def decode_block(raw: dict) -> BlockSchema:
    """A BlockSchema from its compact form."""
    attributes = {name: _attribute(name, a) for name, a in raw.get("a", {}).items()}
    blocks = {}
    for name, (mode, min_items, max_items, inner) in raw.get("b", {}).items():
        blocks[name] = NestedBlockSchema(name, mode, min_items or 0, max_items or 0, decode_block(inner))
    return BlockSchema(attributes, blocks, "D" in raw.get("f", ""))


class ProviderSchema:
    """One provider version's schema, decoding each type on first use."""

    def __init__(self, doc: dict, file: str, texts: Callable[[str, str], str | None] | None = None,
                 names: dict[str, dict[str, str]] | None = None) -> None:
        """`doc` is the document; a container passes the type names and a reader of their texts instead."""
        try:
            meta = doc["provider"]
            self.name: str = meta["name"]
            self.source: str = meta["source"]
            self.version: str = meta["version"]
            self.origin: str = meta.get("origin", "")
            self.knows: dict[str, bool] = dict(doc.get("knows", {}))
            self._raw: dict[str, dict[str, str]] = names if names is not None else {
                kind: dict(doc.get(kind, {})) for kind in ("resource", "data", "ephemeral")
            }
            self._texts = texts or (lambda kind, type_name: self._raw.get(kind, {}).get(type_name))
            self._config_raw: str = doc.get("config", "{}")
            self._messages: dict[str, str] = dict(doc.get("deprecations", {}))
            self._one_of: dict[str, list[list[str]]] = dict(doc.get("one_of", {}))
        except (KeyError, TypeError) as err:
            raise SchemaDataError(f"{file}: not a provider schema document (missing {err})") from None
        self.file = file
        self._decoded: dict[tuple[str, str], BlockSchema] = {}

    def __repr__(self) -> str:
        return f"<ProviderSchema {self.source} {self.version}>"

    def knows_about(self, what: str) -> bool:
        """Whether the source of this schema can tell `what` (deprecation, sensitive, min_max, …)."""
        return bool(self.knows.get(what, False))

    def types(self, kind: str) -> list[str]:
        """The type names of one kind: resource, data or ephemeral."""
        return list(self._raw.get(kind, {}))

    def has(self, kind: str, type_name: str) -> bool:
        return type_name in self._raw.get(kind, {})

    def block(self, kind: str, type_name: str) -> BlockSchema | None:
        """The schema of one resource type (kind "resource"), data source ("data") or ephemeral resource."""
        key = (kind, type_name)
        found = self._decoded.get(key)
        if found is None:
            if type_name not in self._raw.get(kind, {}):
                return None
            try:
                text = self._texts(kind, type_name)
            except (OSError, ValueError, zlib.error, EOFError, KeyError) as err:
                raise SchemaDataError(f"{self.file}: {kind} {type_name} cannot be read ({err})") from None
            if text is None:
                return None
            try:
                found = decode_block(json.loads(text))
            except (ValueError, TypeError, KeyError) as err:
                raise SchemaDataError(f"{self.file}: the schema of {kind} {type_name} is corrupt ({err})") from None
            self._decoded[key] = found
        return found

    def resource(self, type_name: str) -> BlockSchema | None:
        return self.block("resource", type_name)

    def data_source(self, type_name: str) -> BlockSchema | None:
        return self.block("data", type_name)

    @cached_property
    def _provider_config(self) -> BlockSchema:
        try:
            return decode_block(json.loads(self._config_raw))
        except (ValueError, TypeError, KeyError) as err:
            raise SchemaDataError(f"{self.file}: the provider configuration schema is corrupt ({err})") from None

    def provider_config(self) -> BlockSchema:
        """The provider block's own arguments (region, profile, …)."""
        return self._provider_config

    def value_rules(self, kind: str, type_name: str) -> list[dict]:
        """The provider's own value checks that apply to this version and type (see data/value_rules.json)."""
        return self._value_rules.get((kind, type_name), [])

    @cached_property
    def _value_rules(self) -> dict[tuple[str, str], list[dict]]:
        from iacreview.schema.store import value_rules
        from iacreview.schema.versions import satisfies

        found: dict[tuple[str, str], list[dict]] = {}
        for rule in value_rules():
            if rule["source"] == self.source and satisfies(self.version, [rule["versions"]]):
                found.setdefault((rule["kind"], rule["type"]), []).append(rule)
        return found

    def one_of(self, kind: str, type_name: str, path: tuple[str, ...] = ()) -> list[list[str]]:
        """Groups of arguments of which the provider requires at least one (where they were recorded)."""
        return self._one_of.get("/".join((kind, type_name, *path)), [])

    def deprecation_message(self, kind: str, type_name: str, path: tuple[str, ...] = ()) -> str | None:
        """The provider's own deprecation text for a type or one of its arguments, where it was recorded."""
        return self._messages.get("/".join((kind, type_name, *path)))
