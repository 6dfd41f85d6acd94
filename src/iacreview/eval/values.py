"""Terraform values: an immutable ``Value`` with a type, a Python payload and marks.

Why this shape: the evaluator creates a great many values, so a ``Value`` is
a three-slot object with no per-instance dict and no validation in its
constructor.  Use the ``*_val`` constructors below, which normalise and
check, rather than calling ``Value(...)`` directly.

Payload by type (``v.type`` → ``v.payload``):

===================  ====================================================
``STRING``           ``str`` (NFC-normalised, as Terraform does)
``NUMBER``           ``decimal.Decimal`` (exact; finite or ±Infinity)
``BOOL``             ``bool``
list / set / tuple   ``tuple`` of ``Value`` (sets: deduplicated and kept
                     in Terraform's set order)
map / object         ``dict[str, Value]`` with keys in sorted order; never
                     mutate it
any type, null       ``None``
any type, unknown    the :data:`UNKNOWN` sentinel
===================  ====================================================

An unknown value may have a concrete type (``unknown_val(STRING)``) or be of
type ``DYNAMIC`` when even its type is not known.  Marks (``"sensitive"``,
``"ephemeral"``) are a ``frozenset`` of strings on any value, at any depth;
operations carry the marks of their operands over to their result.
"""

from __future__ import annotations

import decimal
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from iacreview.eval.errors import EvalError, LimitExceededError
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

SENSITIVE = "sensitive"
EPHEMERAL = "ephemeral"
NO_MARKS: frozenset[str] = frozenset()

# Safety limits shared by every operation and function (documented in the
# package docstring of iacreview.eval.functions).
MAX_COLLECTION_LENGTH = 1_000_000
MAX_STRING_LENGTH = 64 * 1024 * 1024  # the largest file read (hcl.source.MAX_FILE_BYTES): a literal always fits
MAX_NUMBER_EXPONENT = 100_000

#: Arithmetic context: about as many significant digits as Terraform's 512-bit
#: binary floats, exponent range bounded so printing a number stays cheap.
NUMBER_CONTEXT = decimal.Context(
    prec=154,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=MAX_NUMBER_EXPONENT,
    Emin=-MAX_NUMBER_EXPONENT,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


class _Unknown:
    """Payload of every unknown value ("known after apply")."""

    __slots__ = ()
    _instance: "_Unknown | None" = None

    def __new__(cls) -> "_Unknown":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


class Value:
    """One Terraform value.  Immutable; compare with :meth:`raw_equals` or ``==``.

    ``==`` and ``hash`` are *raw* equality (same type, same payload, same
    marks), which is what sets and caches need.  Terraform's ``==`` operator
    is :func:`iacreview.eval.operators.equal`, which differs for unknowns and
    ignores marks.
    """

    __slots__ = ("type", "payload", "marks")

    type: Type
    payload: Any
    marks: frozenset[str]

    def __init__(self, type_: Type, payload: Any, marks: frozenset[str] = NO_MARKS) -> None:
        self.type = type_
        self.payload = payload
        self.marks = marks

    # -- state -------------------------------------------------------------
    @property
    def is_null(self) -> bool:
        return self.payload is None

    @property
    def is_known(self) -> bool:
        return self.payload is not UNKNOWN

    @property
    def is_unknown(self) -> bool:
        return self.payload is UNKNOWN

    def is_wholly_known(self) -> bool:
        """Known here and in every nested element."""
        p = self.payload
        if p is UNKNOWN:
            return False
        if isinstance(p, tuple):
            return all(e.is_wholly_known() for e in p)
        if isinstance(p, dict):
            return all(e.is_wholly_known() for e in p.values())
        return True

    @property
    def is_sensitive(self) -> bool:
        return SENSITIVE in self.marks

    @property
    def is_marked(self) -> bool:
        return bool(self.marks)

    # -- marks -------------------------------------------------------------
    def with_marks(self, marks: Iterable[str]) -> "Value":
        """Return this value with ``marks`` added (self when nothing changes)."""
        marks = frozenset(marks)
        if not marks or marks <= self.marks:
            return self
        return Value(self.type, self.payload, self.marks | marks)

    def mark(self, mark: str) -> "Value":
        return self.with_marks((mark,))

    def unmark(self) -> "Value":
        """This value without its own (top-level) marks."""
        if not self.marks:
            return self
        return Value(self.type, self.payload)

    def marks_deep(self) -> frozenset[str]:
        """Union of the marks on this value and everything nested in it."""
        marks = self.marks
        p = self.payload
        if isinstance(p, tuple):
            for e in p:
                m = e.marks_deep()
                if m:
                    marks = marks | m
        elif isinstance(p, dict):
            for e in p.values():
                m = e.marks_deep()
                if m:
                    marks = marks | m
        return marks

    def unmark_deep(self) -> tuple["Value", frozenset[str]]:
        """This value with every mark removed at every depth, plus the removed marks."""
        marks = self.marks_deep()
        if not marks:
            return self, marks
        return self._strip(), marks

    def _strip(self) -> "Value":
        p = self.payload
        if isinstance(p, tuple):
            p = tuple(e._strip() for e in p)
        elif isinstance(p, dict):
            p = {k: e._strip() for k, e in p.items()}
        return Value(self.type, p)

    # -- accessors (raise on wrong state; callers check first) -------------
    def as_str(self) -> str:
        if self.type is not STRING or not isinstance(self.payload, str):
            raise EvalError(f"expected a known string, got {self!r}")
        return self.payload

    def as_number(self) -> Decimal:
        if self.type is not NUMBER or not isinstance(self.payload, Decimal):
            raise EvalError(f"expected a known number, got {self!r}")
        return self.payload

    def as_bool(self) -> bool:
        if self.type is not BOOL or not isinstance(self.payload, bool):
            raise EvalError(f"expected a known bool, got {self!r}")
        return self.payload

    def as_int(self) -> int:
        """The number as a Python int; error unless it is a whole number."""
        d = self.as_number()
        if not d.is_finite() or d != d.to_integral_value():
            raise EvalError(f"{format_number(d)} is not a whole number")
        return int(d)

    def elements(self) -> tuple["Value", ...]:
        """Elements of a known list, set or tuple."""
        if not isinstance(self.payload, tuple):
            raise EvalError(f"expected a known sequence, got {self!r}")
        return self.payload

    def items(self) -> dict[str, "Value"]:
        """Attributes or entries of a known map or object (do not mutate)."""
        if not isinstance(self.payload, dict):
            raise EvalError(f"expected a known map or object, got {self!r}")
        return self.payload

    def __len__(self) -> int:
        p = self.payload
        if isinstance(p, (tuple, dict)):
            return len(p)
        raise EvalError(f"value of type {self.type.friendly_name()} has no length")

    def __iter__(self) -> Iterator["Value"]:
        return iter(self.elements())

    # -- equality ----------------------------------------------------------
    def raw_equals(self, other: "Value") -> bool:
        return self == other

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Value):
            return NotImplemented
        return self.type == other.type and self.marks == other.marks and self.payload == other.payload

    def __hash__(self) -> int:
        p = self.payload
        if isinstance(p, dict):
            return hash((self.type, tuple(p.items())))
        return hash((self.type, p))

    def __repr__(self) -> str:
        return f"Value({self.type.type_expr()}, {render(self)})"


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

def to_decimal(x: int | float | Decimal | str) -> Decimal:
    """Exact Decimal for a Python number (floats via their shortest repr)."""
    if isinstance(x, bool):
        raise TypeError("bool is not a number")
    if isinstance(x, Decimal):
        return x
    if isinstance(x, int):
        return Decimal(x)
    if isinstance(x, float):
        if x != x:
            raise EvalError("NaN is not a valid number")
        return Decimal(repr(x)) if abs(x) != float("inf") else Decimal(x)
    if isinstance(x, str):
        return Decimal(x)
    raise TypeError(f"not a number: {x!r}")


def format_number(d: Decimal) -> str:
    """Terraform's canonical text for a number: ``1``, ``1.5``, ``-0.001``, ``+Inf``."""
    if not d.is_finite():
        return "+Inf" if d > 0 else "-Inf"
    if d.is_zero():
        return "0"
    if d == d.to_integral_value():
        if d.adjusted() < 30:
            return str(int(d))
    text = format(d.normalize(NUMBER_CONTEXT), "f")
    return text


def is_whole(d: Decimal) -> bool:
    return d.is_finite() and d == d.to_integral_value()


# ---------------------------------------------------------------------------
# Constructors
# ---------------------------------------------------------------------------

TRUE = Value(BOOL, True)
FALSE = Value(BOOL, False)
EMPTY_STRING = Value(STRING, "")
DYNAMIC_VAL = Value(DYNAMIC, UNKNOWN)
NULL_DYNAMIC = Value(DYNAMIC, None)
ZERO = Value(NUMBER, Decimal(0))


def string_val(s: str) -> Value:
    """A known string (normalised to Unicode NFC)."""
    if len(s) > MAX_STRING_LENGTH:
        raise LimitExceededError(f"string of {len(s)} characters exceeds the limit of {MAX_STRING_LENGTH}")
    if not s.isascii():
        s = unicodedata.normalize("NFC", s)
    return Value(STRING, s)


def number_val(x: int | float | Decimal | str) -> Value:
    """A known number from an int, float, Decimal or numeric string."""
    d = to_decimal(x)
    if d.is_nan():
        raise EvalError("NaN is not a valid number")
    if d.is_finite() and d.adjusted() > MAX_NUMBER_EXPONENT:
        raise LimitExceededError(f"number exceeds the magnitude limit of 1e{MAX_NUMBER_EXPONENT}")
    return Value(NUMBER, d)


def bool_val(b: bool) -> Value:
    return TRUE if b else FALSE


def null_val(type_: Type = DYNAMIC) -> Value:
    """A null of the given type (``null`` literals are ``null_val(DYNAMIC)``)."""
    if type_ is DYNAMIC:
        return NULL_DYNAMIC
    return Value(type_, None)


def unknown_val(type_: Type = DYNAMIC) -> Value:
    """An unknown value of the given type (``DYNAMIC``: type unknown too)."""
    if type_ is DYNAMIC:
        return DYNAMIC_VAL
    return Value(type_, UNKNOWN)


def _check_length(n: int) -> None:
    if n > MAX_COLLECTION_LENGTH:
        raise LimitExceededError(
            f"collection of {n} elements exceeds the limit of {MAX_COLLECTION_LENGTH}"
        )


def tuple_val(elements: Iterable[Value]) -> Value:
    """A tuple; its type is the tuple of the element types."""
    elems = tuple(elements)
    _check_length(len(elems))
    return Value(TupleType(e.type for e in elems), elems)


def object_val(attributes: Mapping[str, Value]) -> Value:
    """An object; its type has one attribute per key."""
    attrs = {k: attributes[k] for k in sorted(attributes)}
    _check_length(len(attrs))
    return Value(ObjectType.of_sorted({k: v.type for k, v in attrs.items()}), attrs)


def _homogeneous(values: Sequence[Value], element_type: Type | None, what: str) -> tuple[Type, tuple[Value, ...]]:
    from iacreview.eval.convert import convert, unify

    if element_type is None:
        if not values:
            raise ValueError(f"an empty {what} needs an explicit element type")
        first = values[0].type
        if all(v.type == first for v in values):
            return first, tuple(values)
        unified = unify([v.type for v in values])
        if unified is None:
            raise EvalError(f"all {what} elements must have the same type")
        element_type = unified
    if all(v.type == element_type for v in values):
        return element_type, tuple(values)
    return element_type, tuple(convert(v, element_type) for v in values)


def list_val(elements: Iterable[Value], element_type: Type | None = None) -> Value:
    """A list; elements are converted to ``element_type`` or to their unified type."""
    elems = list(elements)
    _check_length(len(elems))
    et, conv = _homogeneous(elems, element_type, "list")
    return Value(ListType(et), conv)


def set_val(elements: Iterable[Value], element_type: Type | None = None) -> Value:
    """A set: duplicates dropped, elements kept in Terraform's set order."""
    elems = list(elements)
    _check_length(len(elems))
    et, conv = _homogeneous(elems, element_type, "set")
    return Value(SetType(et), normalize_set_elements(conv))


def map_val(entries: Mapping[str, Value], element_type: Type | None = None) -> Value:
    """A map; values are converted to ``element_type`` or to their unified type."""
    keys = sorted(entries)
    _check_length(len(keys))
    et, conv = _homogeneous([entries[k] for k in keys], element_type, "map")
    return Value(MapType(et), dict(zip(keys, conv)))


def empty_list(element_type: Type) -> Value:
    return Value(ListType(element_type), ())


def empty_set(element_type: Type) -> Value:
    return Value(SetType(element_type), ())


def empty_map(element_type: Type) -> Value:
    return Value(MapType(element_type), {})


EMPTY_TUPLE_VAL = Value(TupleType(()), ())
EMPTY_OBJECT_VAL = Value(ObjectType({}), {})


def set_sort_key(v: Value) -> tuple[Any, ...]:
    """Terraform orders sets: known before unknown; strings lexically, numbers
    numerically, false before true; other values by their rendering."""
    p = v.payload
    if p is UNKNOWN:
        return (3, "")
    if p is None:
        return (2, "")
    if isinstance(p, bool):
        return (0, 0, p)
    if isinstance(p, Decimal):
        return (0, 1, p)
    if isinstance(p, str):
        return (0, 2, p)
    return (1, render(v))


def normalize_set_elements(elements: Iterable[Value]) -> tuple[Value, ...]:
    """Deduplicate known elements (raw equality) and order them; unknown
    elements are never equal to anything, so each is kept, at the end."""
    known: dict[Value, None] = {}
    unknowns: list[Value] = []
    for e in elements:
        if e.payload is UNKNOWN:
            unknowns.append(e)
        else:
            known.setdefault(e, None)
    out = sorted(known, key=set_sort_key)
    out.extend(unknowns)
    return tuple(out)


# ---------------------------------------------------------------------------
# Python interop
# ---------------------------------------------------------------------------

def from_python(obj: Any) -> Value:
    """Build a value from plain Python data, inferring the type the way an HCL
    literal would: ``str``→string, ``bool``→bool, ``int``/``float``/``Decimal``→number,
    ``list``/``tuple``→tuple, ``dict``→object, ``None``→null.  ``Value`` passes through."""
    if isinstance(obj, Value):
        return obj
    if obj is None:
        return NULL_DYNAMIC
    if isinstance(obj, bool):
        return bool_val(obj)
    if isinstance(obj, str):
        return string_val(obj)
    if isinstance(obj, (int, float, Decimal)):
        return number_val(obj)
    if isinstance(obj, (list, tuple)):
        return tuple_val(from_python(e) for e in obj)
    if isinstance(obj, Mapping):
        return object_val({str(k): from_python(v) for k, v in obj.items()})
    raise TypeError(f"cannot convert {type(obj).__name__} to a Terraform value")


def to_python(v: Value) -> Any:
    """Plain Python data for a wholly known value: numbers become ``int`` when
    whole, else ``Decimal``; sequences become lists; maps/objects dicts; null None.
    Marks are dropped.  Raises :class:`EvalError` on unknown values."""
    p = v.payload
    if p is UNKNOWN:
        raise EvalError("value is not known until apply")
    if p is None or isinstance(p, (bool, str)):
        return p
    if isinstance(p, Decimal):
        return int(p) if is_whole(p) and p.adjusted() < 400 else p
    if isinstance(p, tuple):
        return [to_python(e) for e in p]
    return {k: to_python(e) for k, e in p.items()}


# ---------------------------------------------------------------------------
# Rendering (Terraform console style, one line)
# ---------------------------------------------------------------------------

def quote_string(s: str) -> str:
    """A Terraform string literal for ``s`` (escapes ``\\``, ``"``, control chars, ``${``, ``%{``)."""
    out = ['"']
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif c in "$%" and i + 1 < n and s[i + 1] == "{":
            out.append(c + c + "{")
            i += 2
            continue
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
        i += 1
    out.append('"')
    return "".join(out)


def render(v: Value) -> str:
    """Compact, human-readable rendering for messages and debugging."""
    if v.is_sensitive:
        return "(sensitive value)"
    p = v.payload
    if p is UNKNOWN:
        return "(known after apply)"
    if p is None:
        return "null"
    if isinstance(p, bool):
        return "true" if p else "false"
    if isinstance(p, Decimal):
        return format_number(p)
    if isinstance(p, str):
        return quote_string(p)
    if isinstance(p, tuple):
        inner = ", ".join(render(e) for e in p)
        if isinstance(v.type, SetType):
            return f"toset([{inner}])"
        return f"[{inner}]"
    inner = ", ".join(f"{quote_string(k)} = {render(e)}" for k, e in p.items())
    if isinstance(v.type, MapType):
        return f"tomap({{{inner}}})" if inner else "tomap({})"
    return f"{{{inner}}}" if inner else "{}"
