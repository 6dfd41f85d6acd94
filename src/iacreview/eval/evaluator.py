"""Evaluation of HCL expression trees to Terraform values.

The evaluator knows expressions, not modules: names such as `var`, `local`,
`aws_vpc` or `count` are resolved through a `Scope` the module layer supplies,
so the same code evaluates a resource argument, a tfvars file or a template.
Anything known only after apply is an unknown value that flows through
operators and functions instead of raising. Work is bounded by a node budget
so hostile input ends in an EvalError, never a hang.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Protocol

from iacreview.eval import operators as ops
from iacreview.eval.convert import convert
from iacreview.eval.errors import ConversionError, EvalError, FunctionArgError, LimitExceededError
from iacreview.eval.functions import CallContext, FunctionRegistry, default_registry
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
    EMPTY_TUPLE_VAL,
    UNKNOWN,
    Value,
    bool_val,
    empty_list,
    null_val,
    number_val,
    object_val,
    string_val,
    tuple_val,
    unknown_val,
)
from iacreview.hcl import nodes as N

#: Expression nodes one top-level evaluation may visit before giving up.
DEFAULT_NODE_BUDGET = 2_000_000


class Scope(Protocol):
    """Resolves the root names of references (`var`, `local`, `aws_vpc`, `count`…)."""

    def resolve(self, name: str, node: N.Node) -> Value:
        """The value of root name `name`; raise EvalError if it is not declared."""
        ...

    def resolve_attr(self, name: str, attr: str, node: N.Node) -> Value | None:
        """`name.attr` directly (lazy locals, single variables); None to fall back to resolve()."""
        ...


class MappingScope:
    """A scope over a fixed mapping of root names: tfvars files, tests, templatefile."""

    def __init__(self, names: Mapping[str, Value]) -> None:
        self.names = names

    def resolve(self, name: str, node: N.Node) -> Value:
        value = self.names.get(name)
        if value is None:
            raise EvalError(f'There is no variable named "{name}".', summary="Unknown variable")
        return value

    def resolve_attr(self, name: str, attr: str, node: N.Node) -> Value | None:
        return None


class Evaluator:
    """Evaluates expressions against a scope, a function registry and a call context."""

    def __init__(
        self,
        scope: Scope,
        registry: FunctionRegistry | None = None,
        ctx: CallContext | None = None,
        node_budget: int = DEFAULT_NODE_BUDGET,
    ) -> None:
        self.scope = scope
        self.registry = registry or default_registry()
        self.ctx = ctx or CallContext()
        self.node_budget = node_budget
        self._spent = 0

    # ------------------------------------------------------------ entry points

    def evaluate(self, expr: N.Node, bindings: Mapping[str, Value] | None = None) -> Value:
        """The value of `expr`; `bindings` adds names (for-expression variables, `each`)."""
        self._spent = 0
        try:
            return self._eval(expr, dict(bindings) if bindings else {})
        except RecursionError:
            # Values that refer to each other hundreds deep (a long chain of
            # locals): give up on this one instead of crashing the process.
            raise LimitExceededError("expressions refer to one another too deeply to evaluate") from None

    def try_evaluate(self, expr: N.Node, bindings: Mapping[str, Value] | None = None) -> Value:
        """Like evaluate(), but a failure yields an unknown value instead of an error."""
        try:
            return self.evaluate(expr, bindings)
        except EvalError:
            return unknown_val(DYNAMIC)

    # ------------------------------------------------------------ dispatch

    def _eval(self, node: N.Node, env: dict[str, Value]) -> Value:
        self._spent += 1
        if self._spent > self.node_budget:
            raise LimitExceededError(f"expression evaluation exceeded {self.node_budget} steps")
        method = _DISPATCH.get(type(node))
        if method is None:
            raise EvalError(f"cannot evaluate {type(node).__name__}", summary="Unsupported expression")
        try:
            return method(self, node, env)
        except EvalError as err:
            raise err.at(node.filename, node.line, node.col, node.end_line, node.end_col)

    def _literal(self, node: N.Literal, env: dict[str, Value]) -> Value:
        value = node.value
        if value is None:
            return null_val(DYNAMIC)
        if isinstance(value, bool):
            return bool_val(value)
        return number_val(Decimal(str(value)))

    def _variable(self, node: N.Variable, env: dict[str, Value]) -> Value:
        name = node.name
        if name in env:
            return env[name]
        return self.scope.resolve(name, node)

    def _get_attr(self, node: N.GetAttr, env: dict[str, Value]) -> Value:
        obj_node = node.obj
        if isinstance(obj_node, N.Variable) and obj_node.name not in env:
            direct = self.scope.resolve_attr(obj_node.name, node.name, node)
            if direct is not None:
                return direct
        elif obj_node.__class__ is N.GetAttr and "data" not in env and isinstance(obj_node.obj, N.Variable) \
                and obj_node.obj.name == "data":  # type: ignore[attr-defined]
            # `data.TYPE.NAME` reads that data source alone, as Terraform does: building every data source
            # of the type would evaluate the others' count too, which may wait for this very value.
            resolve_data = getattr(self.scope, "resolve_data", None)
            direct = resolve_data(obj_node.name, node.name) if resolve_data is not None else None  # type: ignore[attr-defined]
            if direct is not None:
                return direct
        obj = self._eval(obj_node, env)
        if node.is_legacy_index:
            return index_value(obj, number_val(int(node.name)))
        return get_attr(obj, node.name)

    def _index(self, node: N.Index, env: dict[str, Value]) -> Value:
        return index_value(self._eval(node.obj, env), self._eval(node.key, env))

    def _splat(self, node: N.Splat, env: dict[str, Value]) -> Value:
        src = self._eval(node.src, env)
        is_sequence = isinstance(src.type, (ListType, SetType, TupleType))
        if src.is_null:
            if is_sequence:
                raise EvalError(
                    "Splat expressions (with the * symbol) cannot be applied to null sequences.",
                    summary="Splat of null value",
                )
            return EMPTY_TUPLE_VAL.with_marks(src.marks)
        if src.is_unknown:
            return unknown_val(DYNAMIC).with_marks(src.marks)
        # A splat over a single value treats it as a one-element tuple.
        elements = src.payload if is_sequence else (src,)
        results = [self._eval(node.each, {**env, _ANON: element}) for element in elements]
        if isinstance(src.type, (ListType, SetType)):
            result = self._splat_list(node, src.type.element, results, env)
        else:
            result = tuple_val(results)
        return result.with_marks(src.marks) if src.marks else result

    def _splat_list(self, node: N.Splat, element: Type, results: list[Value], env: dict[str, Value]) -> Value:
        """A splat over a list or set gives a list, as HCL does (a tuple only for tuples)."""
        if not results:
            try:
                probe = self._eval(node.each, {**env, _ANON: unknown_val(element)})
            except EvalError:
                return empty_list(DYNAMIC)
            return empty_list(probe.type)
        first = results[0].type
        if any(r.type != first for r in results):
            raise EvalError(
                "The second level of splat expression produced elements of different types, so it isn't "
                "possible to construct a valid list to represent the top-level result.",
                summary="Invalid nested splat expressions",
            )
        return Value(ListType(first), tuple(results))

    def _anon(self, node: N.AnonSymbol, env: dict[str, Value]) -> Value:
        return env[_ANON]

    def _parens(self, node: N.Parens, env: dict[str, Value]) -> Value:
        return self._eval(node.expr, env)

    def _unary(self, node: N.UnaryOp, env: dict[str, Value]) -> Value:
        return ops.unary_op(node.op, self._eval(node.operand, env))

    def _binary(self, node: N.BinaryOp, env: dict[str, Value]) -> Value:
        op = node.op
        lhs = self._eval(node.lhs, env)
        if op == "&&" and lhs.is_known and not lhs.is_null and lhs.payload is False:
            return ops.logical_and(lhs, self._eval(node.rhs, env))
        return ops.binary_op(op, lhs, self._eval(node.rhs, env))

    def _conditional(self, node: N.Conditional, env: dict[str, Value]) -> Value:
        cond = self._eval(node.cond, env)
        # Like HCL, both results are evaluated (their types unify) but only the
        # chosen one's errors count: `length(l) > 0 ? l[0] : null` is fine. When
        # the condition is unknown neither branch is chosen, so neither's errors
        # count, and the result carries the marks of all three values.
        chosen_true = None if cond.is_unknown or cond.is_null else _truthy(cond)
        results = []
        for branch, is_chosen in ((node.true_expr, chosen_true is True), (node.false_expr, chosen_true is False)):
            try:
                results.append(self._eval(branch, env))
            except EvalError:
                if is_chosen:
                    raise
                results.append(unknown_val(DYNAMIC))
        result = ops.conditional(cond, results[0], results[1])
        return result.with_marks(results[0].marks | results[1].marks)

    def _tuple(self, node: N.Tuple, env: dict[str, Value]) -> Value:
        return tuple_val([self._eval(item, env) for item in node.items])

    def _object(self, node: N.Object, env: dict[str, Value]) -> Value:
        attrs: dict[str, Value] = {}
        for item in node.items:
            key_node = item.key
            if isinstance(key_node, N.Variable):
                key = key_node.name  # a bare name is the key itself, not a reference
            else:
                key_value = self._eval(key_node, env)
                if key_value.is_unknown:
                    return unknown_val(DYNAMIC)
                key = _as_key(key_value)
            attrs[key] = self._eval(item.value, env)
        return object_val(attrs)

    def _function(self, node: N.FunctionCall, env: dict[str, Value]) -> Value:
        args: list[Callable[[], Value]] = [_thunk(self, arg, env) for arg in node.args]
        if node.expand_final:
            if not args:
                raise EvalError("'...' needs an argument to expand", summary="Invalid expanding argument")
            last = args.pop()()
            if last.is_null:
                raise EvalError(
                    "The expanding argument (indicated by ...) must not be null.",
                    summary="Invalid expanding argument value",
                )
            if last.is_unknown:
                self.registry.require(node.name)
                return unknown_val(DYNAMIC)
            if not isinstance(last.type, (ListType, SetType, TupleType)):
                raise EvalError(
                    "The expanding argument (indicated by ...) must be of a tuple, list, or set type.",
                    summary="Invalid expanding argument value",
                )
            # The collection's marks move onto each element it expands to.
            args.extend(_const(v.with_marks(last.marks)) for v in last.payload)
        try:
            return self.registry.call(node.name, args, self.ctx)
        except FunctionArgError as err:
            # Point at the offending argument, as Terraform does, when it is one written out.
            index = err.arg_index
            if err.filename is None and index is not None and index < len(node.args) - int(node.expand_final):
                arg = node.args[index]
                err.at(arg.filename, arg.line, arg.col, arg.end_line, arg.end_col)
            raise

    def _for(self, node: N.ForExpr, env: dict[str, Value]) -> Value:
        coll = self._eval(node.collection, env)
        if coll.is_unknown:
            return unknown_val(DYNAMIC).with_marks(coll.marks)
        if coll.is_null:
            raise EvalError("The collection value in a for expression must not be null.", summary="Iteration over null value")
        pairs = iterate(coll)
        # Marks of the collection, the conditions and the keys mark the result (HCL's rule).
        marks: set[str] = set(coll.marks)
        if node.is_object:
            grouped: dict[str, list[Value]] = {}
            plain: dict[str, Value] = {}
            selected = self._for_selected(node, env, pairs, marks)
            if selected is None:
                return unknown_val(DYNAMIC).with_marks(marks)
            for inner in selected:
                k = self._eval(node.key_expr, inner)  # type: ignore[arg-type]
                marks |= k.marks
                if k.is_unknown:
                    return unknown_val(DYNAMIC).with_marks(marks)
                key_text = _as_key(k)
                v = self._eval(node.value_expr, inner)
                if node.group:
                    grouped.setdefault(key_text, []).append(v)
                elif key_text in plain:
                    raise EvalError(
                        f'Two different items produced the key "{key_text}" in this \'for\' expression. '
                        "If duplicates are expected, use the ellipsis (...) after the value expression "
                        "to enable grouping by key.",
                        summary="Duplicate object key",
                    )
                else:
                    plain[key_text] = v
            if node.group:
                return object_val({k: tuple_val(vs) for k, vs in grouped.items()}).with_marks(marks)
            return object_val(plain).with_marks(marks)
        selected = self._for_selected(node, env, pairs, marks)
        if selected is None:
            return unknown_val(DYNAMIC).with_marks(marks)
        return tuple_val([self._eval(node.value_expr, inner) for inner in selected]).with_marks(marks)

    def _for_selected(
        self, node: N.ForExpr, env: dict[str, Value], pairs: list[tuple[Value, Value]], marks: set[str]
    ) -> list[dict[str, Value]] | None:
        """The bindings of each element the `if` keeps (None when a condition is unknown).

        The condition's marks are added to `marks`, since they decide the result's shape.
        """
        selected = []
        for key, value in pairs:
            inner = dict(env)
            if node.key_var:
                inner[node.key_var] = key
            inner[node.value_var] = value
            if node.cond is not None:
                include = self._eval(node.cond, inner)
                marks |= include.marks
                if include.is_unknown:
                    return None
                if not _truthy_at(include, node.cond):
                    continue
            selected.append(inner)
        return selected

    def _template(self, node: N.Template, env: dict[str, Value]) -> Value:
        parts = node.parts
        if node.is_wrapped_interpolation:
            # "${expr}" alone yields the expression's value, not a string conversion.
            return self._eval(parts[0].expr, env)  # type: ignore[attr-defined]
        texts = literal_texts(node)
        return ops.template_string(self._template_parts(parts, env, texts))

    def _template_parts(
        self, parts: list[N.TemplatePart], env: dict[str, Value], texts: dict[int, str]
    ) -> list[Value]:
        pieces: list[Value] = []
        for part in parts:
            if isinstance(part, N.TemplateLiteral):
                pieces.append(string_val(texts[id(part)]))
            elif isinstance(part, N.TemplateInterp):
                value = self._eval(part.expr, env)
                if value.is_null or not (value.type.is_primitive or value.type is DYNAMIC):
                    try:  # an unsuitable value is reported at its interpolation
                        ops.template_string([value])
                    except EvalError as err:
                        expr = part.expr
                        raise err.at(expr.filename, expr.line, expr.col, expr.end_line, expr.end_col) from None
                pieces.append(value)
            elif isinstance(part, N.TemplateIf):
                cond = self._eval(part.cond, env)
                if cond.is_unknown:
                    return [unknown_val(STRING).with_marks(cond.marks)]
                chosen = part.then_parts if _truthy(cond) else (part.else_parts or [])
                pieces.extend(self._template_parts(chosen, env, texts))
            elif isinstance(part, N.TemplateFor):
                coll = self._eval(part.collection, env)
                if coll.is_unknown:
                    return [unknown_val(STRING).with_marks(coll.marks)]
                if coll.is_null:
                    raise EvalError(
                        "The collection value in a for directive must not be null.", summary="Iteration over null value"
                    )
                if coll.marks:
                    pieces.append(string_val("").with_marks(coll.marks))
                for key, value in iterate(coll):
                    inner = dict(env)
                    if part.key_var:
                        inner[part.key_var] = key
                    inner[part.value_var] = value
                    pieces.extend(self._template_parts(part.body_parts, inner, texts))
        return pieces


_ANON = "\x00each-element"  # binding name no HCL identifier can spell

_DISPATCH: dict[type, Callable[[Evaluator, N.Node, dict[str, Value]], Value]] = {
    N.Literal: Evaluator._literal,
    N.Variable: Evaluator._variable,
    N.GetAttr: Evaluator._get_attr,
    N.Index: Evaluator._index,
    N.Splat: Evaluator._splat,
    N.AnonSymbol: Evaluator._anon,
    N.Parens: Evaluator._parens,
    N.UnaryOp: Evaluator._unary,
    N.BinaryOp: Evaluator._binary,
    N.Conditional: Evaluator._conditional,
    N.Tuple: Evaluator._tuple,
    N.Object: Evaluator._object,
    N.FunctionCall: Evaluator._function,
    N.ForExpr: Evaluator._for,
    N.Template: Evaluator._template,
}  # type: ignore[dict-item]


def _thunk(evaluator: Evaluator, node: N.Node, env: dict[str, Value]) -> Callable[[], Value]:
    return lambda: evaluator._eval(node, env)


def _const(value: Value) -> Callable[[], Value]:
    return lambda: value


class _Marker:
    """A directive or interpolation in a template's flat token sequence, by its strip markers."""

    __slots__ = ("strip_left", "strip_right")

    def __init__(self, strip_left: bool, strip_right: bool) -> None:
        self.strip_left = strip_left
        self.strip_right = strip_right


def _flat_tokens(parts: list[N.TemplatePart], out: list[N.TemplateLiteral | _Marker]) -> None:
    """The template as HCL's parser first sees it: literals and markers in source order."""
    for part in parts:
        if isinstance(part, N.TemplateLiteral):
            out.append(part)
        elif isinstance(part, N.TemplateInterp):
            out.append(_Marker(part.strip_left, part.strip_right))
        elif isinstance(part, N.TemplateIf):
            strips = part.strips
            out.append(_Marker(strips[0], strips[1]))
            _flat_tokens(part.then_parts, out)
            if part.else_parts is not None:
                out.append(_Marker(strips[2], strips[3]))
                _flat_tokens(part.else_parts, out)
            out.append(_Marker(strips[-2], strips[-1]))
        elif isinstance(part, N.TemplateFor):
            strips = part.strips
            out.append(_Marker(strips[0], strips[1]))
            _flat_tokens(part.body_parts, out)
            out.append(_Marker(strips[2], strips[3]))


def literal_texts(template: N.Template) -> dict[int, str]:
    """The text each literal part contributes (by id), after strip markers and `<<-` flushing.

    HCL applies both to the static literal tokens, before evaluation and in
    this order: a `~` trims only the literal token right next to it (in a
    heredoc, one line), and a flush heredoc then removes the smallest
    indentation among the lines, where a line starting with `${`/`%{` counts
    as unindented and a whitespace-only line neither counts nor is trimmed.
    """
    tokens: list[N.TemplateLiteral | _Marker] = []
    _flat_tokens(template.parts, tokens)
    texts: dict[int, str] = {}
    trim_next = False
    prev: N.TemplateLiteral | _Marker | None = None
    for token in tokens:
        if isinstance(token, N.TemplateLiteral):
            text = token.value
            texts[id(token)] = text.lstrip() if trim_next else text
            trim_next = False
        else:
            if token.strip_left and isinstance(prev, N.TemplateLiteral):
                texts[id(prev)] = texts[id(prev)].rstrip()
            trim_next = token.strip_right
        prev = token
    if template.flush:
        _flush(tokens, texts)
    return texts


def _flush(tokens: list[N.TemplateLiteral | _Marker], texts: dict[int, str]) -> None:
    """Remove the smallest indentation of the lines from the literals that start a line."""
    smallest: int | None = None
    adjust: list[int] = []
    line_start = True
    for token in tokens:
        if line_start:
            line_start = False
            if not isinstance(token, N.TemplateLiteral):
                smallest = 0  # `${` or `%{` at the start of a line
            else:
                text = texts[id(token)]
                body = text.lstrip()
                if body or not text.endswith("\n"):  # a blank line is neither counted nor trimmed
                    adjust.append(id(token))
                    indent = len(text) - len(body)
                    smallest = indent if smallest is None else min(smallest, indent)
        if isinstance(token, N.TemplateLiteral) and texts[id(token)].endswith("\n"):
            line_start = True
    if smallest:
        for key in adjust:
            texts[key] = texts[key][smallest:]


def _truthy_at(value: Value, node: N.Node) -> bool:
    """`_truthy`, with a failure reported at the condition's own position."""
    try:
        return _truthy(value)
    except EvalError as err:
        raise err.at(node.filename, node.line, node.col, node.end_line, node.end_col) from None


def _truthy(value: Value) -> bool:
    if value.is_null:
        raise EvalError("The condition value is null. Conditions must either be true or false.", summary="Invalid condition")
    try:
        converted = convert(value.unmark(), BOOL)
    except ConversionError as err:
        raise EvalError(f"The condition must be a bool: {err.bare_message}.", summary="Invalid condition") from None
    return bool(converted.payload)


def _as_key(value: Value) -> str:
    if value.is_null:
        raise EvalError("Key expression must not be null.", summary="Invalid object key")
    try:
        return convert(value.unmark(), STRING).payload
    except ConversionError:
        raise EvalError(
            f"Key must be a string, not {value.type.friendly_name()}.", summary="Invalid object key"
        ) from None


def iterate(coll: Value) -> list[tuple[Value, Value]]:
    """(key, value) pairs of a collection as a for expression sees them."""
    t = coll.type
    payload = coll.payload
    if isinstance(t, (ListType, TupleType)):
        return [(number_val(i), v) for i, v in enumerate(payload)]
    if isinstance(t, SetType):
        return [(v, v) for v in payload]
    if isinstance(t, (MapType, ObjectType)):
        return [(string_val(k), v) for k, v in payload.items()]
    if t is DYNAMIC and payload is UNKNOWN:
        return []
    raise EvalError(
        f"A for expression can only iterate over a list, set, map or object; got {t.friendly_name()}.",
        summary="Iteration over non-iterable value",
    )


def get_attr(obj: Value, name: str) -> Value:
    """`obj.name` with Terraform's rules; unknown objects give unknown attributes."""
    if obj.is_unknown:
        return unknown_val(DYNAMIC).with_marks(obj.marks)
    if obj.is_null:
        raise EvalError(f'Attempt to get attribute "{name}" from a null value.', summary="Attempt to get attribute from null value")
    t = obj.type
    if isinstance(t, (ObjectType, MapType)):
        value = obj.payload.get(name)
        if value is None:
            what = "object" if isinstance(t, ObjectType) else "map"
            raise EvalError(f'This {what} does not have an attribute named "{name}".', summary="Unsupported attribute")
        return value.with_marks(obj.marks | value.marks) if obj.marks else value
    raise EvalError(
        f'Can\'t access attributes on a primitive-typed value ({t.friendly_name()}).'
        if t.is_primitive
        else f'Can\'t access attributes on a {t.friendly_name()}; use an index.',
        summary="Unsupported attribute",
    )


def index_value(coll: Value, key: Value) -> Value:
    """`coll[key]` with Terraform's rules."""
    if coll.is_unknown or key.is_unknown:
        return unknown_val(DYNAMIC).with_marks(coll.marks | key.marks)
    if coll.is_null:
        raise EvalError("Cannot index a null value.", summary="Invalid index")
    t = coll.type
    marks = coll.marks | key.marks
    if isinstance(t, (ListType, TupleType)):
        try:
            number = convert(key.unmark(), NUMBER).payload
        except ConversionError:
            raise EvalError("The given key does not identify an element in this collection value: a number is required.", summary="Invalid index") from None
        if number != number.to_integral_value():
            raise EvalError("The given key does not identify an element in this collection value: an integer is required.", summary="Invalid index")
        i = int(number)
        elements = coll.payload
        if not 0 <= i < len(elements):
            raise EvalError(
                f"The given key does not identify an element in this collection value: the collection has "
                f"{len(elements)} element(s) and index {i} is out of range.",
                summary="Invalid index",
            )
        result = elements[i]
    elif isinstance(t, (MapType, ObjectType)):
        try:
            k = convert(key.unmark(), STRING).payload
        except ConversionError:
            raise EvalError("The given key does not identify an element in this collection value: a string is required.", summary="Invalid index") from None
        result = coll.payload.get(k)
        if result is None:
            raise EvalError(f'The given key does not identify an element in this collection value: no element with key "{k}".', summary="Invalid index")
    elif isinstance(t, SetType):
        raise EvalError(
            "Elements of a set are identified only by their value and don't have any separate index or key to select with.",
            summary="Invalid index",
        )
    else:
        raise EvalError(f"This value does not have any indices ({t.friendly_name()}).", summary="Invalid index")
    return result.with_marks(marks | result.marks) if marks else result
