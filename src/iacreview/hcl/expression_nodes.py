"""Expression and template nodes, and static traversal paths (see nodes.py)."""

from __future__ import annotations

from iacreview.hcl.node import Node
from iacreview.hcl.source import Source
from iacreview.hcl.tokens import Token


class Expr(Node):
    """Base of expressions."""

    __slots__ = ()


class Literal(Expr):
    """A number, `true`, `false` or `null`; `value` is the Python value (numbers as str)."""

    __slots__ = ("token", "value")

    def __init__(self, token: Token, value: object, source: Source) -> None:
        self.token = token
        self.value = value
        self.source = source
        self.first = self.last = token


class Variable(Expr):
    """A root name such as `var`, `local`, `aws_vpc` or `count`."""

    __slots__ = ("token",)

    def __init__(self, token: Token, source: Source) -> None:
        self.token = token
        self.source = source
        self.first = self.last = token

    @property
    def name(self) -> str:
        return self.token.text


class AnonSymbol(Expr):
    """The element placeholder a splat's per-element traversal starts from."""

    __slots__ = ()

    def __init__(self, at: Token, source: Source) -> None:
        self.source = source
        self.first = self.last = at


class GetAttr(Expr):
    """`obj.name`, or the legacy index form `obj.0` (then `name` is digits)."""

    __slots__ = ("obj", "name_token")
    _children = ("obj",)

    def __init__(self, obj: Expr, name_token: Token, source: Source) -> None:
        self.obj = obj
        self.name_token = name_token
        self.source = source
        self.first = obj.first
        self.last = name_token

    @property
    def name(self) -> str:
        return self.name_token.text

    @property
    def is_legacy_index(self) -> bool:
        return self.name_token.text.isdigit()


class Index(Expr):
    """`obj[key]`."""

    __slots__ = ("obj", "key", "close")
    _children = ("obj", "key")

    def __init__(self, obj: Expr, key: Expr, close: Token, source: Source) -> None:
        self.obj = obj
        self.key = key
        self.close = close
        self.source = source
        self.first = obj.first
        self.last = close


class Splat(Expr):
    """`src[*].a.b` (full) or `src.*.a` (attribute-only); `each` applies per element."""

    __slots__ = ("src", "each", "full")
    _children = ("src", "each")

    def __init__(self, src: Expr, each: Expr, full: bool, last: Token, source: Source) -> None:
        self.src = src
        self.each = each
        self.full = full
        self.source = source
        self.first = src.first
        self.last = last


class FunctionCall(Expr):
    """`name(args…)`, `name(args, list...)`, `provider::aws::arn_parse(x)`."""

    __slots__ = ("name_tokens", "args", "expand_final", "close")
    _children = ("args",)

    def __init__(
        self, name_tokens: list[Token], args: list[Expr], expand_final: bool, close: Token, source: Source
    ) -> None:
        self.name_tokens = name_tokens
        self.args = args
        self.expand_final = expand_final
        self.close = close
        self.source = source
        self.first = name_tokens[0]
        self.last = close

    @property
    def name(self) -> str:
        return "".join(t.text for t in self.name_tokens)


class Tuple(Expr):
    """`[a, b, c]`."""

    __slots__ = ("items",)
    _children = ("items",)

    def __init__(self, open_: Token, items: list[Expr], close: Token, source: Source) -> None:
        self.items = items
        self.source = source
        self.first = open_
        self.last = close


class ObjectItem(Node):
    """`key = value` or `key: value` inside an object constructor."""

    __slots__ = ("key", "sep", "value")
    _children = ("key", "value")

    def __init__(self, key: Expr, sep: Token, value: Expr, source: Source) -> None:
        self.key = key
        self.sep = sep
        self.value = value
        self.source = source
        self.first = key.first
        self.last = value.last

    @property
    def key_name(self) -> str | None:
        """The key as a string when it is a bare identifier or a plain quoted string."""
        key = self.key
        if isinstance(key, Variable):
            return key.name
        if isinstance(key, Template):
            return key.literal_value()
        return None


class Object(Expr):
    """`{ k = v, … }`: items separated by commas or newlines."""

    __slots__ = ("items",)
    _children = ("items",)

    def __init__(self, open_: Token, items: list[ObjectItem], close: Token, source: Source) -> None:
        self.items = items
        self.source = source
        self.first = open_
        self.last = close

    def get(self, key: str) -> Expr | None:
        for item in self.items:
            if item.key_name == key:
                return item.value
        return None


class ForExpr(Expr):
    """`[for k, v in coll : v if cond]` and `{for k, v in coll : k => v... if cond}`."""

    __slots__ = ("key_var", "value_var", "collection", "key_expr", "value_expr", "group", "cond")
    _children = ("collection", "key_expr", "value_expr", "cond")

    def __init__(
        self,
        open_: Token,
        key_var: str | None,
        value_var: str,
        collection: Expr,
        key_expr: Expr | None,
        value_expr: Expr,
        group: bool,
        cond: Expr | None,
        close: Token,
        source: Source,
    ) -> None:
        self.key_var = key_var
        self.value_var = value_var
        self.collection = collection
        self.key_expr = key_expr
        self.value_expr = value_expr
        self.group = group
        self.cond = cond
        self.source = source
        self.first = open_
        self.last = close

    @property
    def is_object(self) -> bool:
        return self.key_expr is not None


class Conditional(Expr):
    """`cond ? a : b`."""

    __slots__ = ("cond", "true_expr", "false_expr")
    _children = ("cond", "true_expr", "false_expr")

    def __init__(self, cond: Expr, true_expr: Expr, false_expr: Expr, source: Source) -> None:
        self.cond = cond
        self.true_expr = true_expr
        self.false_expr = false_expr
        self.source = source
        self.first = cond.first
        self.last = false_expr.last


class BinaryOp(Expr):
    """`lhs op rhs`; `op` is the operator's text (`+`, `==`, `&&`, …)."""

    __slots__ = ("lhs", "op_token", "rhs")
    _children = ("lhs", "rhs")

    def __init__(self, lhs: Expr, op_token: Token, rhs: Expr, source: Source) -> None:
        self.lhs = lhs
        self.op_token = op_token
        self.rhs = rhs
        self.source = source
        self.first = lhs.first
        self.last = rhs.last

    @property
    def op(self) -> str:
        return self.op_token.text


class UnaryOp(Expr):
    """`-x` or `!x`."""

    __slots__ = ("op_token", "operand")
    _children = ("operand",)

    def __init__(self, op_token: Token, operand: Expr, source: Source) -> None:
        self.op_token = op_token
        self.operand = operand
        self.source = source
        self.first = op_token
        self.last = operand.last

    @property
    def op(self) -> str:
        return self.op_token.text


class Parens(Expr):
    """`( expr )`: kept so the tree prints back and object keys know they were wrapped."""

    __slots__ = ("expr",)
    _children = ("expr",)

    def __init__(self, open_: Token, expr: Expr, close: Token, source: Source) -> None:
        self.expr = expr
        self.source = source
        self.first = open_
        self.last = close


# ---------------------------------------------------------------- templates


class TemplatePart(Node):
    """Base of the pieces of a template."""

    __slots__ = ()


class TemplateLiteral(TemplatePart):
    """Literal text; `value` has escapes (`\\n`, `$${`, `%%{`) already decoded."""

    __slots__ = ("value",)

    def __init__(self, first: Token, last: Token, value: str, source: Source) -> None:
        self.value = value
        self.source = source
        self.first = first
        self.last = last


class TemplateInterp(TemplatePart):
    """`${ expr }` with optional `~` strip markers."""

    __slots__ = ("expr", "strip_left", "strip_right")
    _children = ("expr",)

    def __init__(
        self, open_: Token, expr: Expr, close: Token, strip_left: bool, strip_right: bool, source: Source
    ) -> None:
        self.expr = expr
        self.strip_left = strip_left
        self.strip_right = strip_right
        self.source = source
        self.first = open_
        self.last = close


class TemplateIf(TemplatePart):
    """`%{ if cond }…%{ else }…%{ endif }`."""

    __slots__ = ("cond", "then_parts", "else_parts", "strips")
    _children = ("cond", "then_parts", "else_parts")

    def __init__(
        self,
        open_: Token,
        cond: Expr,
        then_parts: list[TemplatePart],
        else_parts: list[TemplatePart] | None,
        close: Token,
        strips: tuple[bool, ...],
        source: Source,
    ) -> None:
        self.cond = cond
        self.then_parts = then_parts
        self.else_parts = else_parts
        self.strips = strips
        self.source = source
        self.first = open_
        self.last = close


class TemplateFor(TemplatePart):
    """`%{ for k, v in coll }…%{ endfor }`."""

    __slots__ = ("key_var", "value_var", "collection", "body_parts", "strips")
    _children = ("collection", "body_parts")

    def __init__(
        self,
        open_: Token,
        key_var: str | None,
        value_var: str,
        collection: Expr,
        body_parts: list[TemplatePart],
        close: Token,
        strips: tuple[bool, ...],
        source: Source,
    ) -> None:
        self.key_var = key_var
        self.value_var = value_var
        self.collection = collection
        self.body_parts = body_parts
        self.strips = strips
        self.source = source
        self.first = open_
        self.last = close


class Template(Expr):
    """A quoted string or heredoc: literal parts, interpolations and directives."""

    __slots__ = ("parts", "heredoc", "flush")
    _children = ("parts",)

    def __init__(
        self, open_: Token, parts: list[TemplatePart], close: Token, heredoc: bool, flush: bool, source: Source
    ) -> None:
        self.parts = parts
        self.heredoc = heredoc
        self.flush = flush  # `<<-` heredoc: common leading whitespace is removed
        self.source = source
        self.first = open_
        self.last = close

    @property
    def is_literal(self) -> bool:
        """No interpolation or directive: the string is fixed as written."""
        return all(p.__class__ is TemplateLiteral for p in self.parts)

    def literal_value(self) -> str | None:
        """The string when the template has no interpolation or directive."""
        if self.is_literal:
            return "".join(p.value for p in self.parts)  # type: ignore[attr-defined]
        return None

    def masked_text(self) -> str:
        """The literal parts, each interpolation or directive a NUL (so no text pattern spans one)."""
        return "".join(p.value if p.__class__ is TemplateLiteral else "\0" for p in self.parts)  # type: ignore[attr-defined]

    @property
    def is_wrapped_interpolation(self) -> bool:
        """`"${expr}"`: a quoted template that is exactly one interpolation."""
        return (
            not self.heredoc
            and len(self.parts) == 1
            and isinstance(self.parts[0], TemplateInterp)
        )


def is_attribute_path(expr: Node) -> bool:
    """`a`, `a.b`, `aws_vpc.main.id`: a name and attribute steps only (no index, splat or call).

    Such a reference holds no string literal and no object constructor, which
    lets the rules that look for those skip most arguments without a walk.
    """
    while expr.__class__ is GetAttr:
        expr = expr.obj  # type: ignore[attr-defined]
    return expr.__class__ is Variable


def traversal_parts(expr: Node) -> list[str] | None:
    """`aws_vpc.main.id` → ["aws_vpc", "main", "id"]; None unless a static attribute path.

    Index steps with literal keys are included as their key text (`a[0].b` →
    ["a", "0", "b"]), which is what reference checks need.
    """
    parts: list[str] = []
    node = expr
    while True:
        if isinstance(node, GetAttr):
            parts.append(node.name)
            node = node.obj
        elif isinstance(node, Index):
            key = node.key
            if isinstance(key, Literal):
                parts.append(key.token.text)
            elif isinstance(key, Template) and key.literal_value() is not None:
                parts.append(key.literal_value() or "")
            else:
                return None
            node = node.obj
        elif isinstance(node, Variable):
            parts.append(node.name)
            parts.reverse()
            return parts
        else:
            return None
