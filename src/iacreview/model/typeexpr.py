"""Type constraints of `variable` blocks (`list(string)`, `object({…})`, `optional(…)`).

Terraform reads `type` as a type expression, not a value; this turns that
syntax into eval types. The bare keywords `list` and `map` still mean
`list(any)` and `map(any)`, as in Terraform; quoted constraints (`"string"`),
which Terraform 0.11 required, are an error since Terraform 0.15.
"""

from __future__ import annotations

from iacreview.eval.errors import EvalError
from iacreview.eval.types import (
    BOOL,
    DYNAMIC,
    NUMBER,
    STRING,
    Type,
    list_of,
    map_of,
    object_of,
    optional,
    set_of,
    tuple_of,
)
from iacreview.eval.values import Value
from iacreview.hcl import nodes as N

_PRIMITIVES = {"string": STRING, "number": NUMBER, "bool": BOOL, "any": DYNAMIC}
_LEGACY = {"list": list_of(DYNAMIC), "map": map_of(DYNAMIC)}
_LEGACY_STRINGS = ("string", "list", "map")
# Bare keywords that are only type constructors, and what their argument is.
_CONSTRUCTOR_ARGUMENT = {
    "set": "the element type",
    "tuple": "the element types as a list",
    "object": "the attribute types as an object",
}


class TypeExprError(EvalError):
    """An invalid type constraint."""

    def __init__(self, message: str, node: N.Node) -> None:
        super().__init__(message, summary="Invalid type specification")
        self.at(node.filename, node.line, node.col)


def parse_type(expr: N.Node, default_of=None) -> Type:
    """The Type a constraint expression denotes.

    `default_of(expr) -> Value` evaluates `optional(T, default)` defaults; when
    absent, defaults are ignored.
    """
    if isinstance(expr, N.Variable):
        name = expr.name
        if name in _PRIMITIVES:
            return _PRIMITIVES[name]
        if name in _LEGACY:
            return _LEGACY[name]
        if name in _CONSTRUCTOR_ARGUMENT:
            what = _CONSTRUCTOR_ARGUMENT[name]
            raise TypeExprError(f"The {name} type constructor requires one argument specifying {what}.", expr)
        raise TypeExprError(f'The keyword "{name}" is not a valid type specification.', expr)
    if isinstance(expr, N.Template):
        literal = expr.literal_value()
        if literal in _LEGACY_STRINGS:
            raise TypeExprError(
                "Invalid quoted type constraints: Terraform 0.11 and earlier required type constraints to be "
                f'given in quotes; remove the quotes around "{literal}".',
                expr,
            )
        raise TypeExprError("A type specification is a type keyword or constructor, not a string.", expr)
    if isinstance(expr, N.Parens):
        return parse_type(expr.expr, default_of)
    if isinstance(expr, N.FunctionCall):
        name = expr.name
        args = expr.args
        if name in ("list", "set", "map"):
            if len(args) != 1:
                raise TypeExprError(f"The {name} type constructor requires one argument.", expr)
            element = parse_type(args[0], default_of)
            return {"list": list_of, "set": set_of, "map": map_of}[name](element)
        if name == "tuple":
            if len(args) != 1 or not isinstance(args[0], N.Tuple):
                raise TypeExprError("The tuple type constructor requires a list of element types.", expr)
            return tuple_of(parse_type(item, default_of) for item in args[0].items)
        if name == "object":
            if len(args) != 1 or not isinstance(args[0], N.Object):
                raise TypeExprError("The object type constructor requires an object of attribute types.", expr)
            attrs: dict[str, object] = {}
            for item in args[0].items:
                key = item.key_name
                if key is None:
                    raise TypeExprError("Object type attribute names must be static.", item)
                attrs[key] = _attribute_type(item.value, default_of)
            return object_of(attrs)  # type: ignore[arg-type]
        if name == "optional":
            raise TypeExprError("optional() is only allowed for object attribute types.", expr)
        raise TypeExprError(f'Keyword "{name}" is not a valid type constructor.', expr)
    raise TypeExprError("A type specification is a type keyword or constructor.", expr)


def _attribute_type(expr: N.Node, default_of):
    if isinstance(expr, N.FunctionCall) and expr.name == "optional":
        if not 1 <= len(expr.args) <= 2:
            raise TypeExprError("optional() takes a type and an optional default value.", expr)
        inner = parse_type(expr.args[0], default_of)
        default: Value | None = None
        if len(expr.args) == 2 and default_of is not None:
            default = default_of(expr.args[1])
        return optional(inner, default)
    return parse_type(expr, default_of)
