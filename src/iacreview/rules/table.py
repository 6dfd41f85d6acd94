"""Rules of the form "argument X of resource type T must be Y", as rows of one table.

Most scanner checks differ only in resource type, argument path and expected
value; writing each as a class (checkov has hundreds) buries the policy in
boilerplate. Here each is one `AttributeCheck` row run by one generic function:
the path may cross nested blocks (`root_block_device.encrypted`, including
dynamic ones) and object values; values are evaluated, so a variable default,
tfvars value, local or for_each binding is what gets checked; unknown values
are never reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from iacreview.eval.values import UNKNOWN
from iacreview.hcl import nodes as N
from iacreview.rules.base import Finding, Rule, RuleMeta, finding
from iacreview.rules.context import BlockView, ResourceView, RuleContext, to_py

ABSENT = object()


@dataclass(frozen=True)
class Expect:
    """What a compliant value is. `test(value) -> bool`; `describe` reads "expected …"."""

    test: Callable[[Any], bool]
    describe: str
    absent_ok: bool = False  # is leaving the argument unset compliant?


def equals(expected: Any, absent_ok: bool = False) -> Expect:
    return Expect(lambda v: v == expected, f"{_show(expected)}", absent_ok)


def not_equals(bad: Any, absent_ok: bool = True) -> Expect:
    return Expect(lambda v: v != bad, f"anything but {_show(bad)}", absent_ok)


def at_least(minimum: float, absent_ok: bool = False) -> Expect:
    return Expect(
        lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v >= minimum,
        f"at least {_show(minimum)}",
        absent_ok,
    )


def one_of(*allowed: Any, absent_ok: bool = False) -> Expect:
    return Expect(lambda v: v in allowed, "one of " + ", ".join(_show(a) for a in allowed), absent_ok)


def not_in(*bad: Any, absent_ok: bool = True) -> Expect:
    return Expect(lambda v: v not in bad, "none of " + ", ".join(_show(b) for b in bad), absent_ok)


def present() -> Expect:
    return Expect(lambda v: v not in (None, "", [], {}), "to be set", False)


def truthy_string(absent_ok: bool = False) -> Expect:
    return Expect(lambda v: isinstance(v, str) and v != "", "a non-empty string", absent_ok)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


@dataclass(frozen=True)
class Located:
    """A value found at a path, with the node to point at."""

    value: Any
    node: N.Node


def lookup(view: ResourceView, path: str) -> list[Located] | None:
    """Values at `path` of an instance; None when the path is absent altogether."""
    return _lookup_body(view.block, view.blocks, view.value, view.attr, path.split("."), view.block)


def _lookup_body(block, blocks_of, value_of, attr_of, parts: list[str], owner: N.Node) -> list[Located] | None:
    head, rest = parts[0], parts[1:]
    attr = attr_of(head)
    if attr is not None:
        data = to_py(value_of(head), None)
        if not rest:
            return [Located(data, attr)]
        for key in rest:
            if data is UNKNOWN:
                return [Located(UNKNOWN, attr)]
            if isinstance(data, dict) and key in data:
                data = data[key]
            else:
                return None
        return [Located(data, attr)]
    nested: list[BlockView] = blocks_of(head)
    if not nested:
        return None
    if not rest:
        return [Located(True, b.block) for b in nested]
    found: list[Located] = []
    for b in nested:
        sub = _lookup_body(b.block, b.blocks, b.value, b.attr, rest, b.block)
        if sub is None:
            found.append(Located(ABSENT, b.block))
        else:
            found.extend(sub)
    return found


@dataclass(frozen=True)
class AttributeCheck:
    """One table row: the rule's metadata, where to look, and what is compliant."""

    meta: RuleMeta
    path: str
    expect: Expect
    message: str = ""  # "{address}", "{path}", "{value}", "{expected}" are filled in
    applies: Callable[[ResourceView], bool] | None = None  # extra filter (e.g. engine == "postgres")

    def rule(self) -> Rule:
        return Rule(self.meta, lambda ctx, meta: self.run(ctx))

    def run(self, ctx: RuleContext) -> Iterator[Finding]:
        for view in ctx.of_type(*self.meta.resource_types):
            if self.applies is not None and not self.applies(view):
                continue
            located = lookup(view, self.path)
            if located is None:
                if not self.expect.absent_ok:
                    yield self._finding(view, view.block, "unset")
                continue
            for loc in located:
                if loc.value is UNKNOWN:
                    continue
                if loc.value is ABSENT or loc.value is None:
                    if not self.expect.absent_ok:
                        yield self._finding(view, loc.node, "unset")
                    continue
                if not self.expect.test(loc.value):
                    yield self._finding(view, loc.node, _show(loc.value))

    def _finding(self, view: ResourceView, node: N.Node, shown: str) -> Finding:
        template = self.message or "{address}: {path} is {value}; expected {expected}"
        message = template.format(address=view.address, path=self.path, value=shown, expected=self.expect.describe)
        return finding(self.meta, node, message, address=view.address)
