"""Terraform's type system (the ``cty`` model) as immutable Python objects.

Types are small, hashable, interned-by-equality objects.  Primitive types and
``DYNAMIC`` (Terraform's ``any``) are module-level singletons; collection and
structural types are built with the constructors at the bottom of the module
(:func:`list_of`, :func:`object_of`, ...), which is what a type-constraint
parser for HCL expressions should call.

Two renderings are provided, because Terraform uses both:

* :meth:`Type.friendly_name` — used in error messages (``"list of string"``,
  ``"object"``).
* :meth:`Type.type_expr` — the HCL type-constraint syntax that the ``type()``
  function prints (``list(string)``, ``object({a=string})``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iacreview.eval.values import Value


class Type:
    """Base class of every Terraform type.  Compare with ``==``; hashable."""

    __slots__ = ("_hash",)

    kind: str = "?"

    def friendly_name(self) -> str:
        raise NotImplementedError

    def type_expr(self) -> str:
        raise NotImplementedError

    # Classification helpers, cheap enough for hot paths.
    @property
    def is_primitive(self) -> bool:
        return False

    @property
    def is_collection(self) -> bool:
        return False

    @property
    def is_structural(self) -> bool:
        return False

    @property
    def is_dynamic(self) -> bool:
        return False

    def has_dynamic(self) -> bool:
        """True if ``any`` appears anywhere inside this type."""
        return self.is_dynamic

    def __repr__(self) -> str:
        return f"<type {self.type_expr()}>"


class PrimitiveType(Type):
    """``string``, ``number`` or ``bool``; only the singletons below exist."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._hash = hash(("primitive", kind))

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return self._hash

    @property
    def is_primitive(self) -> bool:
        return True

    def friendly_name(self) -> str:
        return self.kind

    def type_expr(self) -> str:
        return self.kind


class DynamicType(Type):
    """The pseudo-type ``any``: "decide the type from the value"."""

    __slots__ = ()
    kind = "dynamic"

    def __init__(self) -> None:
        self._hash = hash("dynamic")

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return self._hash

    @property
    def is_dynamic(self) -> bool:
        return True

    def friendly_name(self) -> str:
        return "dynamic"

    def type_expr(self) -> str:
        return "any"


STRING = PrimitiveType("string")
NUMBER = PrimitiveType("number")
BOOL = PrimitiveType("bool")
DYNAMIC = DynamicType()


class CollectionType(Type):
    """``list(T)``, ``set(T)`` and ``map(T)``: every element has type ``T``."""

    __slots__ = ("element",)

    def __init__(self, element: Type) -> None:
        if not isinstance(element, Type):
            raise TypeError(f"element type must be a Type, not {element!r}")
        self.element = element
        self._hash = hash((self.kind, element))

    def __eq__(self, other: object) -> bool:
        return self is other or (
            type(other) is type(self) and self._hash == other._hash and self.element == other.element  # type: ignore[attr-defined]
        )

    def __hash__(self) -> int:
        return self._hash

    @property
    def is_collection(self) -> bool:
        return True

    def has_dynamic(self) -> bool:
        return self.element.has_dynamic()

    def friendly_name(self) -> str:
        if self.element.is_dynamic:
            return self.kind
        return f"{self.kind} of {self.element.friendly_name()}"

    def type_expr(self) -> str:
        return f"{self.kind}({self.element.type_expr()})"


class ListType(CollectionType):
    __slots__ = ()
    kind = "list"


class SetType(CollectionType):
    __slots__ = ()
    kind = "set"


class MapType(CollectionType):
    __slots__ = ()
    kind = "map"


class TupleType(Type):
    """``tuple([T0, T1, ...])``: a fixed-length sequence of individually typed elements."""

    __slots__ = ("elements",)
    kind = "tuple"

    def __init__(self, elements: Iterable[Type]) -> None:
        self.elements: tuple[Type, ...] = tuple(elements)
        self._hash = hash(("tuple", self.elements))

    def __eq__(self, other: object) -> bool:
        return self is other or (
            type(other) is TupleType and self._hash == other._hash and self.elements == other.elements
        )

    def __hash__(self) -> int:
        return self._hash

    @property
    def is_structural(self) -> bool:
        return True

    def has_dynamic(self) -> bool:
        return any(t.has_dynamic() for t in self.elements)

    def friendly_name(self) -> str:
        return "tuple"

    def type_expr(self) -> str:
        return "tuple([" + ", ".join(t.type_expr() for t in self.elements) + "])"


_NO_NAMES: frozenset[str] = frozenset()


class ObjectType(Type):
    """``object({name = T, ...})``, optionally with optional attributes.

    ``optional`` names attributes that may be absent when a value is
    converted to this type (a *type constraint* feature: such a type is only
    used as a conversion target).  ``defaults`` maps some optional attribute
    names to the :class:`~iacreview.eval.values.Value` substituted when the
    attribute is absent or null, as written with ``optional(T, default)``.
    Attribute names are kept sorted, as Terraform does.
    """

    __slots__ = ("attributes", "optional", "defaults")
    kind = "object"

    def __init__(
        self,
        attributes: Mapping[str, Type],
        optional: Iterable[str] = (),
        defaults: Mapping[str, "Value"] | None = None,
    ) -> None:
        self.attributes: dict[str, Type] = {k: attributes[k] for k in sorted(attributes)}
        self.optional: frozenset[str] = frozenset(optional)
        self.defaults: dict[str, Value] = dict(defaults or {})
        unknown = (self.optional | set(self.defaults)) - set(self.attributes)
        if unknown:
            raise ValueError(f"optional/default for undeclared attribute(s): {sorted(unknown)}")
        missing_optional = set(self.defaults) - self.optional
        if missing_optional:
            raise ValueError(f"defaults given for non-optional attribute(s): {sorted(missing_optional)}")
        self._hash = hash(("object", tuple(self.attributes.items()), self.optional))

    @classmethod
    def of_sorted(cls, attributes: dict[str, Type]) -> ObjectType:
        """The plain object type of attributes already in sorted order (every object value has one).

        Skips the checks and the sort of __init__, which only type constraints need.
        """
        self = object.__new__(cls)
        self.attributes = attributes
        self.optional = _NO_NAMES
        self.defaults = {}
        self._hash = hash(("object", tuple(attributes.items()), _NO_NAMES))
        return self

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not ObjectType or self._hash != other._hash:
            return False
        return (
            self.attributes == other.attributes
            and self.optional == other.optional
            and self.defaults == other.defaults
        )

    def __hash__(self) -> int:
        return self._hash

    @property
    def is_structural(self) -> bool:
        return True

    def has_dynamic(self) -> bool:
        return any(t.has_dynamic() for t in self.attributes.values())

    def without_optional(self) -> "ObjectType":
        """The concrete object type that conversion to this constraint produces."""
        if not self.optional:
            return self
        return ObjectType(self.attributes)

    def friendly_name(self) -> str:
        return "object"

    def type_expr(self) -> str:
        parts = []
        for name, attr_type in self.attributes.items():
            rendered = attr_type.type_expr()
            if name in self.optional:
                rendered = f"optional({rendered})"
            parts.append(f"{_attr_name(name)}={rendered}")
        return "object({" + ", ".join(parts) + "})"


def _attr_name(name: str) -> str:
    if name and (name[0].isalpha() or name[0] == "_") and all(c.isalnum() or c in "_-" for c in name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---------------------------------------------------------------------------
# Constructors (what a type-constraint parser should call)
# ---------------------------------------------------------------------------

def list_of(element: Type) -> ListType:
    """``list(element)``"""
    return ListType(element)


def set_of(element: Type) -> SetType:
    """``set(element)``"""
    return SetType(element)


def map_of(element: Type) -> MapType:
    """``map(element)``"""
    return MapType(element)


def tuple_of(elements: Iterable[Type]) -> TupleType:
    """``tuple([e0, e1, ...])``"""
    return TupleType(elements)


class OptionalAttr:
    """Marker for ``optional(T)`` / ``optional(T, default)`` inside :func:`object_of`."""

    __slots__ = ("type", "default")

    def __init__(self, type_: Type, default: "Value | None" = None) -> None:
        self.type = type_
        self.default = default

    def __repr__(self) -> str:
        return f"optional({self.type.type_expr()})"


def optional(type_: Type, default: "Value | None" = None) -> OptionalAttr:
    """``optional(T)`` or ``optional(T, default)`` for an :func:`object_of` attribute."""
    return OptionalAttr(type_, default)


def object_of(
    attributes: Mapping[str, "Type | OptionalAttr"],
    optional: Iterable[str] = (),
) -> ObjectType:
    """``object({...})``.

    Attributes may be given as plain types or wrapped in :func:`optional`
    (carrying an optional default); ``optional`` may also list names of
    plain-typed attributes that are optional without a default.  Defaults
    are converted to the attribute type when the constraint is applied.
    """
    attrs: dict[str, Type] = {}
    opt = set(optional)
    defaults: dict[str, Value] = {}
    for name, spec in attributes.items():
        if isinstance(spec, OptionalAttr):
            attrs[name] = spec.type
            opt.add(name)
            if spec.default is not None:
                defaults[name] = spec.default
        else:
            attrs[name] = spec
    return ObjectType(attrs, opt, defaults)


EMPTY_OBJECT = ObjectType({})
EMPTY_TUPLE = TupleType(())


def is_list_like(t: Type) -> bool:
    """True for list, set and tuple types (things ``for`` and ``length`` iterate by index)."""
    return isinstance(t, (ListType, SetType, TupleType))


def is_map_like(t: Type) -> bool:
    """True for map and object types (things with string keys)."""
    return isinstance(t, (MapType, ObjectType))


def describe(t: Any) -> str:
    """Friendly name for error messages, tolerant of non-Type input."""
    return t.friendly_name() if isinstance(t, Type) else repr(t)
