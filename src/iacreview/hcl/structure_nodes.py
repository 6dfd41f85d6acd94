"""Structure nodes: a file, its bodies, attributes, blocks and their labels (see nodes.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iacreview.hcl.node import Node
from iacreview.hcl.source import Source
from iacreview.hcl.tokens import Token

if TYPE_CHECKING:
    from iacreview.hcl.expression_nodes import Expr


class ConfigFile(Node):
    """A whole file: its body plus every token, so it prints back byte for byte."""

    __slots__ = ("body", "tokens")
    _children = ("body",)

    def __init__(self, body: Body, tokens: list[Token], source: Source) -> None:
        self.body = body
        self.tokens = tokens
        self.source = source
        self.first = tokens[0]
        self.last = tokens[-1]

    def text(self) -> str:
        return self.source.text

    def to_source(self) -> str:
        """The exact input text, rebuilt from the tokens."""
        return "".join(t.text for t in self.tokens)


class Body(Node):
    """The attributes and blocks of a file or block, in source order."""

    __slots__ = ("items", "_attribute_index")
    _children = ("items",)

    def __init__(self, items: list[Attribute | Block], first: Token, last: Token, source: Source):
        self.items = items
        self.first = first
        self.last = last
        self.source = source
        self._attribute_index: dict[str, Attribute] | None = None  # built on the first look-up

    @property
    def attributes(self) -> list[Attribute]:
        return [i for i in self.items if isinstance(i, Attribute)]

    def get_attribute(self, name: str) -> Attribute | None:
        """The first attribute called `name` (trees are not changed once parsed, so the index stays right)."""
        index = self._attribute_index
        if index is None:
            index = {}
            for item in self.items:
                if isinstance(item, Attribute):
                    index.setdefault(item.name, item)
            self._attribute_index = index
        return index.get(name)

    def blocks(self, type_: str | None = None, *labels: str) -> list[Block]:
        """Blocks of this body, filtered by type and leading label values."""
        found = []
        for item in self.items:
            if not isinstance(item, Block):
                continue
            if type_ is not None and item.type != type_:
                continue
            if labels and tuple(item.labels[: len(labels)]) != labels:
                continue
            found.append(item)
        return found

    def find_block(self, type_: str, *labels: str) -> Block | None:
        found = self.blocks(type_, *labels)
        return found[0] if found else None


class Attribute(Node):
    """`name = expr`."""

    __slots__ = ("name_token", "equals", "expr")
    _children = ("expr",)

    def __init__(self, name_token: Token, equals: Token, expr: Expr, source: Source) -> None:
        self.name_token = name_token
        self.equals = equals
        self.expr = expr
        self.source = source
        self.first = name_token
        self.last = expr.last

    @property
    def name(self) -> str:
        return self.name_token.text


class Label:
    """A block label: a bare identifier or a quoted string, with its value."""

    __slots__ = ("tokens", "value", "quoted")

    def __init__(self, tokens: list[Token], value: str, quoted: bool) -> None:
        self.tokens = tokens
        self.value = value
        self.quoted = quoted

    @property
    def line(self) -> int:
        return self.tokens[0].line

    @property
    def col(self) -> int:
        return self.tokens[0].col


class Block(Node):
    """`type "label" … { body }`; single-line blocks included."""

    __slots__ = ("type_token", "label_nodes", "open", "body", "close")
    _children = ("body",)

    def __init__(
        self,
        type_token: Token,
        label_nodes: list[Label],
        open_: Token,
        body: Body,
        close: Token,
        source: Source,
    ) -> None:
        self.type_token = type_token
        self.label_nodes = label_nodes
        self.open = open_
        self.body = body
        self.close = close
        self.source = source
        self.first = type_token
        self.last = close

    @property
    def type(self) -> str:
        return self.type_token.text

    @property
    def labels(self) -> list[str]:
        return [label.value for label in self.label_nodes]

    @property
    def address(self) -> str:
        """`resource "aws_vpc" "main"` → `aws_vpc.main`; `module "x"` → `module.x`."""
        labels = self.labels
        if self.type == "resource" and len(labels) == 2:
            return f"{labels[0]}.{labels[1]}"
        if self.type == "data" and len(labels) == 2:
            return f"data.{labels[0]}.{labels[1]}"
        return ".".join([self.type, *labels])
