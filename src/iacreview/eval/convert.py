"""Type conversion and unification, following Terraform's documented rules.

Terraform converts values automatically wherever a type is expected
(arguments, variables, operators).  The rules, as documented under
"Conversion of Primitive Types" and "Conversion of Complex Types":

* number → string and bool → string always work (*safe*).
* string → number works when the string is a number literal; string → bool
  works for ``"true"``/``"false"`` (Terraform also accepts ``"1"``/``"0"``).
  These can fail, so they are *unsafe* conversions.
* tuple → list/set and object → map work when every element converts to one
  element type; list ↔ set ↔ tuple and map ↔ object work when lengths/keys fit.
* object → object keeps the target's attributes (extra ones are dropped);
  missing attributes are errors unless declared ``optional(...)``, which are
  filled with their default or null.
* ``any`` (``DYNAMIC``) accepts everything; a collection of ``any`` takes the
  unified type of its elements.

``convert`` performs a conversion; ``unify`` finds the common type of several
types (for conditionals and ``list(any)``), mirroring cty's unification.
Error messages reuse Terraform's wording (``"string required"``,
``"attribute \\"name\\" is required"``, ``"element 0: ..."``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from iacreview.eval.errors import ConversionError
from iacreview.eval.types import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    ListType,
    MapType,
    ObjectType,
    SetType,
    TupleType,
    Type,
)
from iacreview.eval.values import (
    FALSE,
    TRUE,
    UNKNOWN,
    Value,
    format_number,
    normalize_set_elements,
    null_val,
    string_val,
    unknown_val,
)

__all__ = [
    "convert",
    "try_convert",
    "can_convert",
    "unify",
    "unify_values",
    "concrete_type",
    "mismatch_message",
    "parse_number",
    "constraint_name",
]

_NUMBER_LITERAL = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def parse_number(text: str) -> Decimal | None:
    """The number a string denotes under Terraform's string→number rule, or None."""
    if not _NUMBER_LITERAL.fullmatch(text):
        return None
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    if d.is_finite() and abs(d.adjusted()) > 100_000:
        return None
    return d


def constraint_name(t: Type) -> str:
    """Terraform's ``FriendlyNameForConstraint``: ``any`` reads as "any single type"."""
    if t is DYNAMIC:
        return "any single type"
    if isinstance(t, (ListType, SetType, MapType)):
        if t.element is DYNAMIC:
            return f"{t.kind} of any single type"
        return f"{t.kind} of {constraint_name(t.element)}"
    return t.friendly_name()


def concrete_type(t: Type) -> Type:
    """The value type a constraint produces when it has no ``any`` inside
    (optional-attribute markers removed, recursively)."""
    if isinstance(t, ObjectType):
        if not t.optional and not any(isinstance(a, (ObjectType, ListType, SetType, MapType, TupleType)) for a in t.attributes.values()):
            return t
        return ObjectType({k: concrete_type(a) for k, a in t.attributes.items()})
    if isinstance(t, ListType):
        return ListType(concrete_type(t.element))
    if isinstance(t, SetType):
        return SetType(concrete_type(t.element))
    if isinstance(t, MapType):
        return MapType(concrete_type(t.element))
    if isinstance(t, TupleType):
        return TupleType(concrete_type(e) for e in t.elements)
    return t


# ---------------------------------------------------------------------------
# Type-level: is a conversion possible?
# ---------------------------------------------------------------------------

def can_convert(got: Type, want: Type, unsafe: bool = True) -> bool:
    """Whether values of type ``got`` can in principle convert to ``want``.

    Unsafe conversions (string→number/bool) count only when ``unsafe``.
    A True answer for unsafe conversions still lets individual values fail.
    """
    if want is DYNAMIC or got is DYNAMIC or got == want:
        return True
    if want.is_primitive:
        if not got.is_primitive:
            return False
        if want is STRING:
            return True
        return unsafe and got is STRING
    if isinstance(want, (ListType, SetType)):
        if isinstance(got, (ListType, SetType)):
            return can_convert(got.element, want.element, unsafe)
        if isinstance(got, TupleType):
            if want.element is DYNAMIC:
                return unify(list(got.elements), unsafe) is not None
            return all(can_convert(e, want.element, unsafe) for e in got.elements)
        return False
    if isinstance(want, MapType):
        if isinstance(got, MapType):
            return can_convert(got.element, want.element, unsafe)
        if isinstance(got, ObjectType):
            if want.element is DYNAMIC:
                return unify(list(got.attributes.values()), unsafe) is not None
            return all(can_convert(a, want.element, unsafe) for a in got.attributes.values())
        return False
    if isinstance(want, TupleType):
        if isinstance(got, TupleType):
            return len(got.elements) == len(want.elements) and all(
                can_convert(g, w, unsafe) for g, w in zip(got.elements, want.elements)
            )
        if isinstance(got, (ListType, SetType)):
            return all(can_convert(got.element, w, unsafe) for w in want.elements)
        return False
    if isinstance(want, ObjectType):
        if isinstance(got, ObjectType):
            for name, wt in want.attributes.items():
                gt = got.attributes.get(name)
                if gt is None:
                    if name not in want.optional:
                        return False
                elif not can_convert(gt, wt, unsafe):
                    return False
            return True
        if isinstance(got, MapType):
            return all(can_convert(got.element, wt, unsafe) for wt in want.attributes.values())
        return False
    return False


# ---------------------------------------------------------------------------
# Unification
# ---------------------------------------------------------------------------

def unify(types: Sequence[Type], unsafe: bool = False) -> Type | None:
    """The single type all of ``types`` convert to, or None if there is none.

    Mirrors cty: same-kind collections unify element types; objects with the
    same attribute names unify per attribute, otherwise as a map; tuples of
    equal length unify per element, otherwise as a list; mixes of map+object
    or list+tuple unify as map/list; primitives prefer string, then number,
    then bool among the types present.  Any ``DYNAMIC`` makes the result ``DYNAMIC``.
    """
    if not types:
        return DYNAMIC
    first = types[0]
    if all(t == first for t in types[1:]):
        return first
    if any(t is DYNAMIC for t in types):
        return DYNAMIC
    counts = {"map": 0, "list": 0, "set": 0, "object": 0, "tuple": 0}
    for t in types:
        if t.kind in counts:
            counts[t.kind] += 1
    n = len(types)
    if counts["map"] == n:
        return _unify_collection(MapType, types, unsafe)
    if counts["map"] and counts["map"] + counts["object"] == n:
        result = _unify_as_map(types, unsafe)
        if result is not None:
            return result
    if counts["list"] == n:
        return _unify_collection(ListType, types, unsafe)
    if counts["list"] and counts["list"] + counts["tuple"] == n:
        result = _unify_as_list(types, unsafe)
        if result is not None:
            return result
    if counts["set"] == n:
        return _unify_collection(SetType, types, unsafe)
    if counts["object"] == n:
        return _unify_objects(types, unsafe)  # type: ignore[arg-type]
    if counts["tuple"] == n:
        return _unify_tuples(types, unsafe)  # type: ignore[arg-type]
    if counts["object"] and counts["tuple"]:
        return None
    for candidate in _preference_order(types):
        if all(t == candidate or can_convert(t, candidate, unsafe) for t in types):
            return candidate
    return None


def _preference_order(types: Sequence[Type]) -> list[Type]:
    rank = {STRING: 0, NUMBER: 1, BOOL: 2}
    unique: list[Type] = []
    for t in types:
        if t not in unique:
            unique.append(t)
    return sorted(unique, key=lambda t: rank.get(t, 3))


def _unify_collection(kind: type, types: Sequence[Type], unsafe: bool) -> Type | None:
    element = unify([t.element for t in types], unsafe)  # type: ignore[attr-defined]
    return None if element is None else kind(element)


def _unify_as_map(types: Sequence[Type], unsafe: bool) -> Type | None:
    elements: list[Type] = []
    for t in types:
        if isinstance(t, MapType):
            elements.append(t.element)
        else:
            elements.extend(t.attributes.values())  # type: ignore[attr-defined]
    element = unify(elements, unsafe)
    return None if element is None else MapType(element)


def _unify_as_list(types: Sequence[Type], unsafe: bool) -> Type | None:
    elements: list[Type] = []
    for t in types:
        if isinstance(t, ListType):
            elements.append(t.element)
        else:
            elements.extend(t.elements)  # type: ignore[attr-defined]
    element = unify(elements, unsafe)
    return None if element is None else ListType(element)


def _unify_objects(types: Sequence[ObjectType], unsafe: bool) -> Type | None:
    names = set(types[0].attributes)
    if any(set(t.attributes) != names for t in types[1:]):
        return _unify_as_map(types, unsafe)
    attrs: dict[str, Type] = {}
    for name in names:
        unified = unify([t.attributes[name] for t in types], unsafe)
        if unified is None:
            return None
        attrs[name] = unified
    return ObjectType(attrs)


def _unify_tuples(types: Sequence[TupleType], unsafe: bool) -> Type | None:
    length = len(types[0].elements)
    if any(len(t.elements) != length for t in types[1:]):
        return _unify_as_list(types, unsafe)
    elements: list[Type] = []
    for i in range(length):
        unified = unify([t.elements[i] for t in types], unsafe)
        if unified is None:
            return None
        elements.append(unified)
    return TupleType(elements)


def unify_values(values: Sequence[Value], unsafe: bool = True) -> tuple[Type, list[Value]] | None:
    """Convert ``values`` to their unified type (as a conditional does).

    A literal ``null`` (null of ``DYNAMIC``) takes the type of the others.
    Returns None when no common type exists.
    """
    typed = [v.type for v in values if not (v.type is DYNAMIC and v.payload is None)]
    target = unify(typed, unsafe) if typed else DYNAMIC
    if target is None:
        return None
    return target, [convert(v, target, unsafe=unsafe) for v in values]


# ---------------------------------------------------------------------------
# Value-level conversion
# ---------------------------------------------------------------------------

def mismatch_message(got: Type, want: Type) -> str:
    """Terraform-style reason why ``got`` does not conform to ``want``."""
    if isinstance(got, ObjectType) and isinstance(want, ObjectType):
        missing = sorted(n for n in want.attributes if n not in got.attributes and n not in want.optional)
        if missing:
            if len(missing) == 1:
                return f'attribute "{missing[0]}" is required'
            if len(missing) == 2:
                return f'attributes "{missing[0]}" and "{missing[1]}" are required'
            quoted = ", ".join(f'"{m}"' for m in missing[:-1])
            return f'attributes {quoted}, and "{missing[-1]}" are required'
        for name, wt in want.attributes.items():
            gt = got.attributes.get(name)
            if gt is not None and not can_convert(gt, wt, True):
                return f'attribute "{name}": {mismatch_message(gt, wt)}'
        return "incorrect object attributes"
    if isinstance(got, TupleType) and isinstance(want, (ListType, SetType)) and want.element is DYNAMIC:
        return f"all {want.kind} elements must have the same type"
    if isinstance(got, ObjectType) and isinstance(want, MapType) and want.element is DYNAMIC:
        return "all map elements must have the same type"
    if isinstance(got, TupleType) and isinstance(want, (ListType, SetType)):
        for i, et in enumerate(got.elements):
            if not can_convert(et, want.element, True):
                return f"element {i}: {mismatch_message(et, want.element)}"
    if isinstance(got, ObjectType) and isinstance(want, MapType):
        for name, at in got.attributes.items():
            if not can_convert(at, want.element, True):
                return f'element "{name}": {mismatch_message(at, want.element)}'
    if isinstance(got, (ListType, SetType, MapType)) and isinstance(want, (ListType, SetType, MapType)):
        compatible = (isinstance(want, MapType)) == (isinstance(got, MapType))
        if compatible:
            return f"incorrect {want.kind} element type: {mismatch_message(got.element, want.element)}"
    if isinstance(got, TupleType) and isinstance(want, TupleType) and len(got.elements) != len(want.elements):
        return f"tuple required with exactly {len(want.elements)} elements"
    return f"{constraint_name(want)} required"


def convert(value: Value, want: Type, *, unsafe: bool = True) -> Value:
    """Convert ``value`` to type ``want`` (a type or constraint) or raise :class:`ConversionError`.

    Marks are preserved; unknown and null values convert to unknown/null of
    the target type.  ``unsafe=False`` refuses string→number/bool.
    """
    return _convert(value, want, (), unsafe)


def try_convert(value: Value, want: Type, *, unsafe: bool = True) -> Value | None:
    """Like :func:`convert` but returns None instead of raising."""
    try:
        return _convert(value, want, (), unsafe)
    except ConversionError:
        return None


def _path_text(path: tuple[str, ...]) -> str:
    return ": ".join(path)


def _fail(path: tuple[str, ...], message: str) -> ConversionError:
    return ConversionError(message, _path_text(path))


def _convert(value: Value, want: Type, path: tuple[str, ...], unsafe: bool) -> Value:
    if want is DYNAMIC:
        return value
    got = value.type
    if got == want and not (isinstance(want, ObjectType) and want.optional):
        return value
    marks = value.marks
    payload = value.payload
    if payload is UNKNOWN or payload is None:
        if got is not DYNAMIC and not can_convert(got, want, unsafe):
            raise _fail(path, mismatch_message(got, want))
        result_type = _result_type_for_opaque(got, want)
        result = unknown_val(result_type) if payload is UNKNOWN else null_val(result_type)
        return result.with_marks(marks) if marks else result

    if want.is_primitive:
        result = _convert_primitive(value, want, path, unsafe)
    elif isinstance(want, ListType):
        result = _convert_to_sequence(value, want, path, unsafe, as_set=False)
    elif isinstance(want, SetType):
        result = _convert_to_sequence(value, want, path, unsafe, as_set=True)
    elif isinstance(want, MapType):
        result = _convert_to_map(value, want, path, unsafe)
    elif isinstance(want, TupleType):
        result = _convert_to_tuple(value, want, path, unsafe)
    elif isinstance(want, ObjectType):
        result = _convert_to_object(value, want, path, unsafe)
    else:  # pragma: no cover - every Type subclass is handled above
        raise _fail(path, f"{constraint_name(want)} required")
    return result.with_marks(marks) if marks else result


def _result_type_for_opaque(got: Type, want: Type) -> Type:
    """Type of a converted null/unknown: the constraint with ``any`` filled from ``got`` where possible."""
    if not want.has_dynamic():
        return concrete_type(want)
    if want is DYNAMIC:
        return got
    if got is DYNAMIC:
        return DYNAMIC if want is DYNAMIC else _dynamic_fallback(want)
    if isinstance(want, (ListType, SetType, MapType)):
        if isinstance(got, (ListType, SetType, MapType)):
            return type(want)(_result_type_for_opaque(got.element, want.element))
        if isinstance(got, TupleType):
            u = unify(list(got.elements), True)
            return type(want)(_result_type_for_opaque(u or DYNAMIC, want.element))
        if isinstance(got, ObjectType):
            u = unify(list(got.attributes.values()), True)
            return type(want)(_result_type_for_opaque(u or DYNAMIC, want.element))
    if isinstance(want, TupleType) and isinstance(got, TupleType):
        return TupleType(_result_type_for_opaque(g, w) for g, w in zip(got.elements, want.elements))
    if isinstance(want, ObjectType) and isinstance(got, ObjectType):
        return ObjectType(
            {k: _result_type_for_opaque(got.attributes.get(k, DYNAMIC), w) for k, w in want.attributes.items()}
        )
    return _dynamic_fallback(want)


def _dynamic_fallback(want: Type) -> Type:
    # With nothing to infer from, a constraint containing ``any`` yields an
    # entirely unknown type, as Terraform does for unknown/null inputs.
    return DYNAMIC if want.has_dynamic() else concrete_type(want)


def _convert_primitive(value: Value, want: Type, path: tuple[str, ...], unsafe: bool) -> Value:
    got = value.type
    p = value.payload
    if want is STRING:
        if got is NUMBER:
            return string_val(format_number(p))
        if got is BOOL:
            return string_val("true" if p else "false")
    elif want is NUMBER and got is STRING:
        if not unsafe:
            raise _fail(path, "number required")
        d = parse_number(p)
        if d is None:
            raise _fail(path, "a number is required")
        return Value(NUMBER, d)
    elif want is BOOL and got is STRING:
        if not unsafe:
            raise _fail(path, "bool required")
        if p in ("true", "1"):
            return TRUE
        if p in ("false", "0"):
            return FALSE
        if p.lower() in ("true", "false"):
            raise _fail(path, f'a bool is required; to convert from string, use lowercase "{p.lower()}"')
        raise _fail(path, "a bool is required")
    raise _fail(path, mismatch_message(got, want))


def _element_target(value: Value, want_element: Type, path: tuple[str, ...], unsafe: bool, kind: str) -> Type:
    """For ``list(any)`` & co: the unified element type of the input's elements."""
    if want_element is not DYNAMIC:
        return want_element
    got = value.type
    if isinstance(got, (ListType, SetType, MapType)):
        return got.element
    if isinstance(got, TupleType):
        types = list(got.elements)
    elif isinstance(got, ObjectType):
        types = list(got.attributes.values())
    else:
        return DYNAMIC
    if not types:
        return DYNAMIC
    unified = unify(types, unsafe)
    if unified is None:
        raise _fail(path, f"all {kind} elements must have the same type")
    return unified


def _convert_to_sequence(value: Value, want: ListType | SetType, path: tuple[str, ...], unsafe: bool, as_set: bool) -> Value:
    got = value.type
    if not isinstance(got, (ListType, SetType, TupleType)):
        raise _fail(path, mismatch_message(got, want))
    kind = "set" if as_set else "list"
    elem_type = _element_target(value, want.element, path, unsafe, kind)
    items = []
    for i, e in enumerate(value.payload):
        items.append(_convert(e, elem_type, path + (f"element {i}",), unsafe))
    if elem_type is DYNAMIC or elem_type.has_dynamic():
        elem_type = _settle_element_type(items, elem_type)
        if elem_type.has_dynamic() and items and len({e.type for e in items}) > 1:
            unified = unify([e.type for e in items], unsafe)
            if unified is None:
                raise _fail(path, f"all {kind} elements must have the same type")
            items = [_convert(e, unified, path + (f"element {i}",), unsafe) for i, e in enumerate(items)]
            elem_type = unified
    if as_set:
        return Value(SetType(elem_type), normalize_set_elements(items))
    return Value(ListType(elem_type), tuple(items))


def _settle_element_type(items: list[Value], fallback: Type) -> Type:
    """Element type after converting to a constraint with ``any`` inside:
    the common type of the converted elements when they agree."""
    types = {e.type for e in items if e.type is not DYNAMIC}
    if len(types) == 1:
        return types.pop()
    if not types:
        return fallback
    return fallback


def _convert_to_map(value: Value, want: MapType, path: tuple[str, ...], unsafe: bool) -> Value:
    got = value.type
    if not isinstance(got, (MapType, ObjectType)):
        raise _fail(path, mismatch_message(got, want))
    elem_type = _element_target(value, want.element, path, unsafe, "map")
    entries = {}
    for k, e in value.payload.items():
        entries[k] = _convert(e, elem_type, path + (f'element "{k}"',), unsafe)
    if elem_type is DYNAMIC or elem_type.has_dynamic():
        elem_type = _settle_element_type(list(entries.values()), elem_type)
        if elem_type.has_dynamic() and len({e.type for e in entries.values()}) > 1:
            unified = unify([e.type for e in entries.values()], unsafe)
            if unified is None:
                raise _fail(path, "all map elements must have the same type")
            entries = {k: _convert(e, unified, path + (f'element "{k}"',), unsafe) for k, e in entries.items()}
            elem_type = unified
    return Value(MapType(elem_type), entries)


def _convert_to_tuple(value: Value, want: TupleType, path: tuple[str, ...], unsafe: bool) -> Value:
    got = value.type
    if not isinstance(got, (ListType, SetType, TupleType)):
        raise _fail(path, mismatch_message(got, want))
    elems = value.payload
    if len(elems) != len(want.elements):
        raise _fail(path, f"tuple required with exactly {len(want.elements)} elements")
    items = tuple(
        _convert(e, w, path + (f"element {i}",), unsafe) for i, (e, w) in enumerate(zip(elems, want.elements))
    )
    return Value(TupleType(e.type for e in items), items)


def _convert_to_object(value: Value, want: ObjectType, path: tuple[str, ...], unsafe: bool) -> Value:
    got = value.type
    if not isinstance(got, (ObjectType, MapType)):
        raise _fail(path, mismatch_message(got, want))
    source: dict[str, Value] = value.payload
    if isinstance(got, ObjectType):
        missing = [n for n in want.attributes if n not in source and n not in want.optional]
        if missing:
            raise _fail(path, mismatch_message(got, want))
    else:
        extra = sorted(k for k in source if k not in want.attributes)
        if extra:
            raise _fail(path, f'unsupported attribute "{extra[0]}"')
        missing = sorted(n for n in want.attributes if n not in source and n not in want.optional)
        if missing:
            raise _fail(path, f'attribute "{missing[0]}" is required')
    attrs: dict[str, Value] = {}
    for name, attr_type in want.attributes.items():
        attr_path = path + (f'attribute "{name}"',)
        v = source.get(name)
        if (v is None or v.is_null) and name in want.defaults:
            default = want.defaults[name]
            attrs[name] = _convert(default, attr_type, attr_path, unsafe)
            continue
        if v is None:
            attrs[name] = null_val(_result_type_for_opaque(DYNAMIC, attr_type))
            continue
        attrs[name] = _convert(v, attr_type, attr_path, unsafe)
    return Value(ObjectType({k: a.type for k, a in attrs.items()}), attrs)
