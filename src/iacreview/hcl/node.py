"""The base of every syntax-tree node: position, source text and walking (see nodes.py).

Kept apart from the node classes so structure and expression nodes, which both
build on it, live in modules of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from iacreview.hcl.native import load_accelerator
from iacreview.hcl.source import Source
from iacreview.hcl.tokens import Token

_native_tree = load_accelerator("iacreview.hcl._tree")


class Node:
    """Base of every tree node: position, source text and child iteration."""

    __slots__ = ("first", "last", "source")
    #: Names of the attributes holding child nodes (or lists of them), in source order.
    _children: ClassVar[tuple[str, ...]] = ()

    first: Token
    last: Token
    source: Source

    @property
    def filename(self) -> str:
        return self.source.filename

    @property
    def line(self) -> int:
        return self.first.line

    @property
    def col(self) -> int:
        return self.first.col

    @property
    def end_line(self) -> int:
        last = self.last
        return last.line + last.text.count("\n")

    @property
    def end_col(self) -> int:
        """Column just after the node's last character (1-based)."""
        text = self.last.text
        nl = text.rfind("\n")
        if nl == -1:
            return self.last.col + len(text)
        return len(text) - nl

    @property
    def span(self) -> tuple[int, int]:
        """Character offsets [start, end) of the node in its source."""
        return self.first.start, self.last.end

    @property
    def byte_span(self) -> tuple[int, int]:
        start, end = self.span
        return self.source.byte_offset(start), self.source.byte_offset(end)

    def text(self) -> str:
        """The node's exact source text."""
        return self.source.text[self.first.start : self.last.end]

    def children(self) -> Iterator[Node]:
        """The direct child nodes, in source order (natively when built)."""
        if _native_tree is not None:
            return iter(_native_tree.children(self, Node))
        return self.children_python()

    def children_python(self) -> Iterator[Node]:
        """`children` in pure Python, the reference."""
        for name in self._children:
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, Node):
                        yield item
            elif isinstance(value, Node):
                yield value

    def walk(self, only: type | tuple[type, ...] | None = None) -> Iterator[Node]:
        """This node and all below it, depth first, in source order (no recursion).

        With `only`, just the nodes of that class (or classes): most walks look for
        one kind of node, and the native walk (_tree.c) then filters without a
        Python loop over every node. Rules walk whole files many times.
        """
        if _native_tree is not None:
            return iter(_native_tree.walk(self, Node, only))
        nodes = self.walk_python()
        return nodes if only is None else (n for n in nodes if isinstance(n, only))

    def walk_python(self) -> Iterator[Node]:
        """`walk` in pure Python, the reference: children are pushed straight from the fields,
        last first, without building generators."""
        stack: list[Node] = [self]
        pop, push = stack.pop, stack.append
        while stack:
            node = pop()
            yield node
            names = node._children
            for i in range(len(names) - 1, -1, -1):
                value = getattr(node, names[i])
                if value is None:
                    continue
                if value.__class__ is list:
                    for j in range(len(value) - 1, -1, -1):
                        item = value[j]
                        if isinstance(item, Node):
                            push(item)
                elif isinstance(value, Node):
                    push(value)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.filename}:{self.line}:{self.col}>"
