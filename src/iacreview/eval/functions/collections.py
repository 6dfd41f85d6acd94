"""Collection functions: alltrue, anytrue, chunklist, coalesce, coalescelist,
compact, concat, contains, distinct, element, flatten, index, keys, length,
lookup, matchkeys, merge, one, range, reverse, setintersection, setproduct,
setsubtract, setunion, slice, sort, sum, transpose, values, zipmap.

Results follow Terraform's typing: sequence functions keep lists as lists
and tuples as tuples; ``merge`` yields a map only when every argument is a
map of one element type; ``range`` refuses to build more than 1024 numbers,
as Terraform does.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal

from iacreview.eval.convert import convert, unify
from iacreview.eval.errors import ConversionError
from iacreview.eval.functions.common import check_length, fn, int_arg, param
from iacreview.eval.functions.registry import CallContext, FunctionError, FunctionSpec, arg_error
from iacreview.eval.functions.strings import graphemes
from iacreview.eval.operators import equal
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
    NUMBER_CONTEXT,
    TRUE,
    UNKNOWN,
    Value,
    list_val,
    map_val,
    normalize_set_elements,
    null_val,
    number_val,
    object_val,
    set_val,
    string_val,
    tuple_val,
    unknown_val,
)

RANGE_LIMIT = 1024


def _is_seq(t: Type) -> bool:
    return isinstance(t, (ListType, SetType, TupleType))


def _seq_elements(v: Value, index: int, what: str = "list, set, or tuple") -> tuple[Value, ...]:
    if not _is_seq(v.type):
        raise arg_error(index, f"must be a {what} value")
    return v.payload


def _element_type(t: Type) -> Type:
    if isinstance(t, (ListType, SetType, MapType)):
        return t.element
    if isinstance(t, TupleType):
        return unify(list(t.elements), True) or DYNAMIC
    if isinstance(t, ObjectType):
        return unify(list(t.attributes.values()), True) or DYNAMIC
    return DYNAMIC


def _like(template: Value, elements: Sequence[Value]) -> Value:
    """A sequence of the same kind as ``template`` holding ``elements``."""
    t = template.type
    if isinstance(t, ListType):
        return list_val(elements, t.element)
    if isinstance(t, SetType):
        return set_val(elements, t.element)
    return tuple_val(elements)


def _all_any(want: bool):
    def impl(ctx: CallContext, args: list[Value]) -> Value:
        # want=True: alltrue (a false or null element decides);
        # want=False: anytrue (a true element decides).
        undecided = False
        for e in args[0].payload:
            if e.payload is UNKNOWN:
                undecided = True
            elif want and e.payload is not True:
                return FALSE
            elif not want and e.payload is True:
                return TRUE
        if undecided:
            return unknown_val(BOOL)
        return TRUE if want else FALSE
    return impl


def _chunklist(ctx: CallContext, args: list[Value]) -> Value:
    lst, size_v = args
    size = int_arg(size_v, 1, "size")
    if size < 0:
        raise arg_error(1, "the size argument must be positive")
    elems = lst.payload
    et = lst.type.element  # type: ignore[attr-defined]
    if size == 0:
        return list_val([lst], ListType(et))
    chunks = [list_val(elems[i:i + size], et) for i in range(0, len(elems), size)]
    return list_val(chunks, ListType(et))


def _coalesce(ctx: CallContext, args: list[Value]) -> Value:
    if not args:
        raise FunctionError("at least one argument is required")
    types = [a.type for a in args if not (a.type is DYNAMIC)]
    target = unify(types, True) if types else DYNAMIC
    if target is None:
        raise FunctionError("all arguments must have the same type")
    for i, a in enumerate(args):
        if a.payload is UNKNOWN:
            return unknown_val(target)
        if a.is_null:
            continue
        try:
            v = convert(a, target)
        except ConversionError:
            raise FunctionError("all arguments must have the same type") from None
        if v.type is STRING and v.payload == "":
            continue
        return v
    raise FunctionError("no non-null, non-empty-string arguments")


def _coalescelist(ctx: CallContext, args: list[Value]) -> Value:
    if not args:
        raise FunctionError("at least one argument is required")
    for i, a in enumerate(args):
        if not (_is_seq(a.type) or a.type is DYNAMIC):
            raise arg_error(i, "coalescelist arguments must be lists or tuples")
    for a in args:
        if a.payload is UNKNOWN:
            return unknown_val(DYNAMIC)
        if a.is_null or len(a.payload) == 0:
            continue
        return a
    raise FunctionError("no non-null arguments")


def _compact(ctx: CallContext, args: list[Value]) -> Value:
    kept = [e for e in args[0].payload if not e.is_null and e.payload != ""]
    return list_val(kept, STRING)


def _concat(ctx: CallContext, args: list[Value]) -> Value:
    if not args:
        raise FunctionError("at least one argument is required")
    for i, a in enumerate(args):
        if not isinstance(a.type, (ListType, TupleType)):
            raise arg_error(i, f"all arguments must be lists or tuples; got {a.type.friendly_name()}")
    total = sum(len(a.payload) for a in args)
    check_length(total)
    elements = [e for a in args for e in a.payload]
    list_types = {a.type.element for a in args if isinstance(a.type, ListType)}  # type: ignore[attr-defined]
    if all(isinstance(a.type, ListType) for a in args) and len(list_types) == 1:
        return list_val(elements, list_types.pop())
    return tuple_val(elements)


def _contains(ctx: CallContext, args: list[Value]) -> Value:
    coll, needle = args
    elems = _seq_elements(coll, 0, "list, tuple, or set")
    undecided = False
    for e in elems:
        r = equal(e, needle)
        if r.payload is True:
            return TRUE
        if r.payload is UNKNOWN:
            undecided = True
    return unknown_val(BOOL) if undecided else FALSE


def _distinct(ctx: CallContext, args: list[Value]) -> Value:
    lst = args[0]
    seen: dict[Value, None] = {}
    for e in lst.payload:
        seen.setdefault(e, None)
    return list_val(list(seen), lst.type.element)  # type: ignore[attr-defined]


def _element(ctx: CallContext, args: list[Value]) -> Value:
    coll, index_v = args
    elems = _seq_elements(coll, 0, "list or tuple")
    if isinstance(coll.type, SetType):
        raise arg_error(0, "cannot read elements from set; use a list or tuple")
    index = int_arg(index_v, 1, "index")
    if not elems:
        raise arg_error(0, "cannot use element function with an empty list")
    if index < 0:
        raise arg_error(1, "cannot use element function with a negative index")
    return elems[index % len(elems)]


def _flatten_into(v: Value, out: list[Value]) -> bool:
    """Append the leaves of ``v``; False if an unknown sequence was met."""
    for e in v.payload:
        if _is_seq(e.type) and not e.is_null:
            if e.payload is UNKNOWN:
                return False
            if not _flatten_into(e, out):
                return False
        elif e.type is DYNAMIC and e.payload is UNKNOWN:
            return False
        else:
            out.append(e)
            check_length(len(out))
    return True


def _flatten(ctx: CallContext, args: list[Value]) -> Value:
    if not _is_seq(args[0].type):
        raise arg_error(0, "can only flatten lists, sets and tuples")
    out: list[Value] = []
    if not _flatten_into(args[0], out):
        return unknown_val(DYNAMIC)
    return tuple_val(out)


def _index(ctx: CallContext, args: list[Value]) -> Value:
    coll, needle = args
    if not isinstance(coll.type, (ListType, TupleType)):
        raise arg_error(0, "argument must be a list or tuple")
    for i, e in enumerate(coll.payload):
        r = equal(e, needle)
        if r.payload is True:
            return number_val(i)
        if r.payload is UNKNOWN:
            return unknown_val(NUMBER)
    raise FunctionError("item not found")


def _keys(ctx: CallContext, args: list[Value]) -> Value:
    m = args[0]
    if not isinstance(m.type, (MapType, ObjectType)):
        raise arg_error(0, "must have map or object type")
    names = [string_val(k) for k in m.payload]
    if isinstance(m.type, ObjectType):
        return tuple_val(names)
    return list_val(names, STRING)


def _length(ctx: CallContext, args: list[Value]) -> Value:
    v = args[0]
    t = v.type
    if v.payload is UNKNOWN:
        return unknown_val(NUMBER)
    if isinstance(t, TupleType):
        return number_val(len(t.elements))
    if isinstance(t, ObjectType):
        return number_val(len(t.attributes))
    if t is STRING:
        s = v.payload
        return number_val(len(s) if s.isascii() else len(graphemes(s)))
    if isinstance(t, SetType) and any(e.payload is UNKNOWN for e in v.payload):
        return unknown_val(NUMBER)
    if isinstance(t, (ListType, SetType, MapType)):
        return number_val(len(v.payload))
    raise arg_error(0, "argument must be a string, a collection type, or a structural type")


def _lookup(ctx: CallContext, args: list[Value]) -> Value:
    m, key_v = args[0], args[1]
    if len(args) > 3:
        raise FunctionError("lookup() takes two or three arguments")
    if not isinstance(m.type, (MapType, ObjectType)):
        raise arg_error(0, "the first argument must be a map or object")
    key = key_v.payload
    default = args[2] if len(args) == 3 else None
    if key in m.payload:
        return m.payload[key]
    if default is None:
        raise arg_error(1, f'the given key "{key}" is not present')
    if isinstance(m.type, MapType) and m.type.element is not DYNAMIC:
        try:
            return convert(default, m.type.element)
        except ConversionError:
            return default
    return default


def _matchkeys(ctx: CallContext, args: list[Value]) -> Value:
    values, keys, search = args
    if len(values.payload) != len(keys.payload):
        raise FunctionError("length of keys and values should be equal")
    wanted = set(search.payload)
    picked = []
    for v, k in zip(values.payload, keys.payload):
        for s in wanted:
            if equal(k, s).payload is True:
                picked.append(v)
                break
    return list_val(picked, values.type.element)  # type: ignore[attr-defined]


def _merge(ctx: CallContext, args: list[Value]) -> Value:
    # Like cty, only an argument that is itself unknown makes the result unknown:
    # maps with known keys and unknown values keep their keys (for_each counts them).
    if any(a.payload is UNKNOWN for a in args):
        return unknown_val(DYNAMIC)
    merged: dict[str, Value] = {}
    all_maps = True
    element_types: set[Type] = set()
    for i, a in enumerate(args):
        if a.is_null:
            continue
        if not isinstance(a.type, (MapType, ObjectType)):
            raise arg_error(i, f"arguments must be maps or objects, got {a.type.friendly_name()!r}")
        if isinstance(a.type, MapType):
            element_types.add(a.type.element)
        else:
            all_maps = False
        merged.update(a.payload)
        check_length(len(merged))
    if all_maps and len(element_types) <= 1:
        if element_types:
            return map_val(merged, element_types.pop())
        if args and all(isinstance(a.type, MapType) for a in args):
            return map_val({}, args[0].type.element)  # type: ignore[attr-defined]
    return object_val(merged)


def _one(ctx: CallContext, args: list[Value]) -> Value:
    coll = args[0]
    elems = _seq_elements(coll, 0)
    if len(elems) == 0:
        return null_val(_element_type(coll.type) if not isinstance(coll.type, TupleType) else DYNAMIC)
    if len(elems) == 1:
        return elems[0]
    raise arg_error(0, "must be a list, set, or tuple value with either zero or one elements")


def _range(ctx: CallContext, args: list[Value]) -> Value:
    if not 1 <= len(args) <= 3:
        raise FunctionError("must have one, two, or three arguments")
    nums = [a.payload for a in args]
    if len(nums) == 1:
        start, limit, step = Decimal(0), nums[0], Decimal(1)
    elif len(nums) == 2:
        start, limit = nums
        step = Decimal(1) if limit >= start else Decimal(-1)
    else:
        start, limit, step = nums
    if step.is_zero():
        raise arg_error(2, "step must not be zero")
    if not all(n.is_finite() for n in (start, limit, step)):
        raise FunctionError("range arguments must be finite numbers")
    down = step < 0
    if down and limit > start:
        raise arg_error(1, "limit must be less than or equal to start if step is negative")
    if not down and limit < start:
        raise arg_error(1, "limit must be greater than or equal to start if step is positive")
    count = (limit - start) / step
    if count > RANGE_LIMIT:
        raise FunctionError(
            f"more than {RANGE_LIMIT} values were generated; either decrease the difference "
            "between start and end or use a smaller step"
        )
    out = []
    current = start
    while (current < limit) if not down else (current > limit):
        out.append(Value(NUMBER, current))
        current = NUMBER_CONTEXT.add(current, step)
    return list_val(out, NUMBER)


def _reverse(ctx: CallContext, args: list[Value]) -> Value:
    v = args[0]
    if isinstance(v.type, SetType):
        raise arg_error(0, "can't reverse a set: it has no order")
    if not isinstance(v.type, (ListType, TupleType)):
        raise arg_error(0, "can only reverse list or tuple values")
    return _like(v, list(reversed(v.payload)))


def _set_common(args: Sequence[Value]) -> Type:
    et = unify([a.type.element for a in args], True)  # type: ignore[attr-defined]
    if et is None:
        raise FunctionError("given sets must all have compatible element types")
    return et


def _setunion(ctx: CallContext, args: list[Value]) -> Value:
    et = _set_common(args)
    elems = [convert(e, et) for a in args for e in a.payload]
    check_length(len(elems))
    return set_val(elems, et)


def _setintersection(ctx: CallContext, args: list[Value]) -> Value:
    et = _set_common(args)
    sets = [{convert(e, et) for e in a.payload} for a in args]
    common = set.intersection(*sets) if sets else set()
    return set_val(list(common), et)


def _setsubtract(ctx: CallContext, args: list[Value]) -> Value:
    et = _set_common(args)
    a = [convert(e, et) for e in args[0].payload]
    b = {convert(e, et) for e in args[1].payload}
    return set_val([e for e in a if e not in b], et)


def _setproduct(ctx: CallContext, args: list[Value]) -> Value:
    if len(args) < 2:
        raise FunctionError("at least two arguments are required")
    total = 1
    for i, a in enumerate(args):
        if not _is_seq(a.type):
            raise arg_error(i, "a set or a list is required")
        total *= len(a.payload)
        check_length(total)
    element_types = [_element_type(a.type) for a in args]
    rows = [Value(TupleType(element_types), tuple(convert(e, t) for e, t in zip(combo, element_types)))
            for combo in itertools.product(*(a.payload for a in args))]
    row_type = TupleType(element_types)
    if all(isinstance(a.type, SetType) for a in args):
        return Value(SetType(row_type), normalize_set_elements(rows))
    return Value(ListType(row_type), tuple(rows))


def _slice(ctx: CallContext, args: list[Value]) -> Value:
    coll, start_v, end_v = args
    if not isinstance(coll.type, (ListType, TupleType)):
        raise arg_error(0, "must be a list or tuple value")
    start = int_arg(start_v, 1, "start_index")
    end = int_arg(end_v, 2, "end_index")
    n = len(coll.payload)
    if start < 0:
        raise arg_error(1, "start index must not be less than zero")
    if end > n:
        raise arg_error(2, "end index must not be greater than the length of the list")
    if start > end:
        raise arg_error(1, "start index must not be greater than end index")
    return _like(coll, coll.payload[start:end])


def _sort(ctx: CallContext, args: list[Value]) -> Value:
    elems = args[0].payload
    for i, e in enumerate(elems):
        if e.is_null:
            raise arg_error(0, f"given list element {i} is null; a null string cannot be sorted")
    return list_val(sorted(elems, key=lambda e: e.payload.encode("utf-8")), STRING)


def _sum(ctx: CallContext, args: list[Value]) -> Value:
    coll = args[0]
    elems = _seq_elements(coll, 0, "list, set, or tuple")
    if not elems:
        raise arg_error(0, "cannot sum an empty list")
    total = Decimal(0)
    for i, e in enumerate(elems):
        if e.is_null:
            raise arg_error(0, f"argument must be list, set, or tuple of number values; element {i} is null")
        try:
            n = convert(e, NUMBER).payload
        except ConversionError:
            raise arg_error(0, "argument must be list, set, or tuple of number values") from None
        total = NUMBER_CONTEXT.add(total, n)
    return Value(NUMBER, total)


def _transpose(ctx: CallContext, args: list[Value]) -> Value:
    out: dict[str, list[Value]] = {}
    for key, lst in args[0].payload.items():
        for e in lst.payload:
            if e.is_null:
                raise arg_error(0, "input must not contain null list elements")
            out.setdefault(e.payload, []).append(string_val(key))
    return map_val({k: list_val(v, STRING) for k, v in out.items()}, ListType(STRING))


def _values(ctx: CallContext, args: list[Value]) -> Value:
    m = args[0]
    if isinstance(m.type, MapType):
        return list_val(list(m.payload.values()), m.type.element)
    if isinstance(m.type, ObjectType):
        return tuple_val(m.payload.values())
    raise arg_error(0, "values() requires a map as the first argument")


def _zipmap(ctx: CallContext, args: list[Value]) -> Value:
    keys, vals = args
    if not isinstance(vals.type, (ListType, TupleType)):
        raise arg_error(1, "values must be a list or tuple value")
    if len(keys.payload) != len(vals.payload):
        raise FunctionError(
            f"number of keys ({len(keys.payload)}) does not match number of values ({len(vals.payload)})"
        )
    pairs: dict[str, Value] = {}
    for i, (k, v) in enumerate(zip(keys.payload, vals.payload)):
        if k.is_null:
            raise arg_error(0, f"keys list has null value at index {i}")
        pairs[k.payload] = v
    if isinstance(vals.type, ListType):
        return map_val(pairs, vals.type.element)
    return object_val(pairs)


def _same(types: Sequence[Type]) -> Type:
    return types[0]


def _elem_of_first(types: Sequence[Type]) -> Type:
    return _element_type(types[0])


def specs() -> list[FunctionSpec]:
    any_list = ListType(DYNAMIC)
    any_set = SetType(DYNAMIC)
    return [
        fn("alltrue", [param("list", ListType(BOOL))], _all_any(True), BOOL,
           doc="True if every element of the collection is true (or it is empty)."),
        fn("anytrue", [param("list", ListType(BOOL))], _all_any(False), BOOL,
           doc="True if any element of the collection is true."),
        fn("chunklist", [param("list", any_list), param("size", NUMBER)], _chunklist,
           lambda ts: ListType(ts[0]), doc="Splits a list into fixed-size chunks."),
        fn("coalesce", [], _coalesce, DYNAMIC,
           variadic=param("vals", DYNAMIC, allow_null=True, allow_unknown=True),
           doc="First argument that is not null or an empty string."),
        fn("coalescelist", [], _coalescelist, DYNAMIC,
           variadic=param("vals", DYNAMIC, allow_null=True, allow_unknown=True),
           doc="First argument that is a non-empty list."),
        fn("compact", [param("list", ListType(STRING))], _compact, ListType(STRING),
           doc="Removes null and empty-string elements from a list of strings."),
        fn("concat", [], _concat, DYNAMIC, variadic=param("seqs", DYNAMIC),
           doc="Combines lists or tuples into one sequence."),
        fn("contains", [param("list", DYNAMIC), param("value", DYNAMIC, allow_null=True)], _contains, BOOL,
           doc="True if the collection contains the given value."),
        fn("distinct", [param("list", any_list)], _distinct, _same,
           doc="Removes duplicate elements, keeping the first occurrence."),
        fn("element", [param("list", DYNAMIC), param("index", NUMBER)], _element, _elem_of_first,
           doc="Element at an index, wrapping around the end of the list."),
        fn("flatten", [param("list", DYNAMIC)], _flatten, DYNAMIC,
           doc="Replaces nested lists with their elements, recursively."),
        fn("index", [param("list", DYNAMIC), param("value", DYNAMIC)], _index, NUMBER,
           doc="Index of the first element equal to the given value."),
        fn("keys", [param("inputMap", DYNAMIC)], _keys, DYNAMIC,
           doc="Sorted keys of a map or attribute names of an object."),
        fn("length", [param("value", DYNAMIC, allow_unknown=True)], _length, NUMBER,
           doc="Number of elements of a collection or characters of a string."),
        fn("lookup", [param("inputMap", DYNAMIC), param("key", STRING)], _lookup, DYNAMIC,
           variadic=param("default", DYNAMIC, allow_null=True), variadic_max=1,
           doc="Value of a map element by key, or a default."),
        fn("matchkeys", [param("values", any_list), param("keys", any_list), param("searchset", any_list)],
           _matchkeys, _same, doc="Elements of one list whose partners in another list match a search set."),
        fn("merge", [], _merge, DYNAMIC, variadic=param("maps", DYNAMIC, allow_null=True, allow_unknown=True),
           doc="Combines maps or objects; later arguments take precedence."),
        fn("one", [param("list", DYNAMIC)], _one, _elem_of_first,
           doc="The single element of a zero- or one-element collection (null when empty)."),
        fn("range", [], _range, ListType(NUMBER), variadic=param("params", NUMBER), variadic_max=3,
           doc="A list of numbers from start up to (not including) limit, by step."),
        fn("reverse", [param("list", DYNAMIC)], _reverse, _same, doc="Reverses a list or tuple."),
        fn("setintersection", [param("first_set", any_set)], _setintersection, DYNAMIC,
           variadic=param("other_sets", any_set), doc="Elements present in all the given sets."),
        fn("setproduct", [], _setproduct, DYNAMIC, variadic=param("sets", DYNAMIC),
           doc="Cartesian product of the given sets or lists."),
        fn("setsubtract", [param("a", any_set), param("b", any_set)], _setsubtract, DYNAMIC,
           doc="Elements of the first set that are not in the second."),
        fn("setunion", [param("first_set", any_set)], _setunion, DYNAMIC,
           variadic=param("other_sets", any_set), doc="Elements present in any of the given sets."),
        fn("slice", [param("list", DYNAMIC), param("start_index", NUMBER), param("end_index", NUMBER)],
           _slice, _same, doc="Consecutive elements from start index up to (not including) end index."),
        fn("sort", [param("list", ListType(STRING))], _sort, ListType(STRING),
           doc="Sorts a list of strings lexicographically."),
        fn("sum", [param("list", DYNAMIC)], _sum, NUMBER, doc="Sum of a collection of numbers."),
        fn("transpose", [param("values", MapType(ListType(STRING)))], _transpose, MapType(ListType(STRING)),
           doc="Swaps keys and values of a map of lists of strings."),
        fn("values", [param("mapping", DYNAMIC)], _values, DYNAMIC,
           doc="Values of a map or object, in key order."),
        fn("zipmap", [param("keys", ListType(STRING)), param("values", DYNAMIC)], _zipmap, DYNAMIC,
           doc="Builds a map from a list of keys and a list of values."),
    ]
