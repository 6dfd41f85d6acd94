"""Model answer against ideal answer, by meaning rather than by text.

Resources, data sources, variables, outputs, module calls, providers and the
backend are matched by address; a resource the ideal renamed is matched by
type and content. Matched objects are compared argument by argument after
evaluation (so `var.x` whose default is "t3.micro" equals "t3.micro"), nested
blocks included. Formatting never shows up as a difference: that is FMT001's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from iacreview.eval.values import to_python
from iacreview.hcl import nodes as N
from iacreview.model.config import Configuration
from iacreview.model.module import Module
from iacreview.model.scope import ModuleScope

#: Content similarity above which an unmatched model resource is taken as renamed.
RENAME_SIMILARITY = 0.6


@dataclass(frozen=True)
class AttrChange:
    path: str
    model: Any  # MISSING when absent
    ideal: Any


class _Missing:
    def __repr__(self) -> str:
        return "(absent)"


MISSING = _Missing()


@dataclass
class Change:
    """One difference: an object added, removed, renamed or changed in the ideal answer."""

    kind: str  # added | removed | renamed | changed
    what: str  # resource | data | variable | output | module | provider | backend | local
    address: str  # the ideal's address (the model's for removals)
    model_node: N.Node | None = None
    ideal_node: N.Node | None = None
    resource_type: str | None = None
    attrs: list[AttrChange] = field(default_factory=list)
    old_address: str | None = None  # renamed: the model's address

    def describe(self) -> str:
        if self.kind == "added":
            return f"{self.what} {self.address} added"
        if self.kind == "removed":
            return f"{self.what} {self.address} removed"
        if self.kind == "renamed":
            return f"{self.what} {self.old_address} renamed to {self.address}"
        parts = [f"{a.path}: {_show(a.model)} → {_show(a.ideal)}" for a in self.attrs[:4]]
        more = f" (+{len(self.attrs) - 4} more)" if len(self.attrs) > 4 else ""
        return f"{self.what} {self.address} changed: " + "; ".join(parts) + more


def _show(value: Any) -> str:
    if value is MISSING:
        return "(absent)"
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "..."


class Arg:
    """An argument as compared: its evaluated value and its written expression.

    Two arguments are the same when they evaluate alike *or* are written alike:
    an argument written identically in both answers whose value differs only
    because a local or variable it reads changed is not a fix of its own; the
    upstream change is reported (once) where it was made.
    """

    __slots__ = ("value", "text")

    def __init__(self, value: Any, text: str) -> None:
        self.value = value
        self.text = text

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Arg):
            return NotImplemented
        return self.text == other.text or self.value == other.value

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return repr(self.value)


def content(scope: ModuleScope, body: N.Body, bindings: dict | None = None) -> dict[str, Any]:
    """A comparable rendering of a body: arguments as `Arg`, nested blocks as lists."""
    out: dict[str, Any] = {}
    for item in body.items:
        if isinstance(item, N.Attribute):
            text = " ".join(item.expr.text().split())
            value = scope.try_evaluate(item.expr, bindings)
            if value.is_wholly_known():
                out[item.name] = Arg(to_python(value.unmark_deep()[0]), text)
            else:
                out[item.name] = Arg("expr:" + text, text)
        else:
            key = item.type if item.type != "dynamic" else f"dynamic:{'.'.join(item.labels)}"
            out.setdefault(key, []).append(content(scope, item.body, bindings))
    return out


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Arg) else value


def _diff_values(path: str, model: Any, ideal: Any, out: list[AttrChange]) -> None:
    if isinstance(model, dict) and isinstance(ideal, dict):
        for key in sorted(set(model) | set(ideal)):
            _diff_values(f"{path}.{key}" if path else key, model.get(key, MISSING), ideal.get(key, MISSING), out)
        return
    if isinstance(model, list) and isinstance(ideal, list) and model and ideal and all(
        isinstance(x, dict) for x in model + ideal
    ):
        for i in range(max(len(model), len(ideal))):
            m = model[i] if i < len(model) else MISSING
            d = ideal[i] if i < len(ideal) else MISSING
            _diff_values(f"{path}[{i}]", m, d, out)
        return
    if isinstance(model, Arg) and isinstance(ideal, Arg):
        if model == ideal:
            return
        mv, iv = model.value, ideal.value
        if isinstance(mv, dict) and isinstance(iv, dict):  # e.g. tags: report the keys that differ
            _diff_values(path, {k: Arg(v, repr(v)) for k, v in mv.items()}, {k: Arg(v, repr(v)) for k, v in iv.items()}, out)
            return
        out.append(AttrChange(path, mv, iv))
        return
    if model != ideal:
        out.append(AttrChange(path, _plain(model), _plain(ideal)))


def _similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    keys = set(a) | set(b)
    if not keys:
        return 1.0
    same = sum(1 for k in keys if k in a and k in b and a[k] == b[k])
    shared = sum(1 for k in keys if k in a and k in b)
    return (same + 0.5 * (shared - same)) / len(keys)


def _objects(module: Module) -> dict[str, tuple[str, N.Node, N.Body, str | None]]:
    """Comparable objects of a module: key -> (kind, node, body, resource type)."""
    found: dict[str, tuple[str, N.Node, N.Body, str | None]] = {}
    for res in module.resources.values():
        kind = "data" if res.mode == "data" else "resource"
        found[res.address] = (kind, res.block, res.block.body, res.type)
    for name, var in module.variables.items():
        found[f"var.{name}"] = ("variable", var.block, var.block.body, None)
    for name, out in module.outputs.items():
        found[f"output.{name}"] = ("output", out.block, out.block.body, None)
    for name, call in module.module_calls.items():
        found[f"module.{name}"] = ("module", call.block, call.block.body, None)
    for provider in module.providers:
        found[f"provider.{provider.key}"] = ("provider", provider.block, provider.block.body, None)
    backend = module.settings.backend
    if backend is not None:
        found["terraform.backend"] = ("backend", backend, backend.body, None)
    return found


def _local_value(scope: ModuleScope, module: Module, name: str) -> Any:
    value = scope.try_evaluate(module.locals[name].expr)
    if value.is_wholly_known():
        return to_python(value.unmark_deep()[0])
    return "expr:" + " ".join(module.locals[name].expr.text().split())


def diff_configurations(model: Configuration, ideal: Configuration) -> list[Change]:
    """Every difference of the root modules, ideal's view: what the ideal adds, removes, changes."""
    m_objs, i_objs = _objects(model.root), _objects(ideal.root)
    m_scope, i_scope = model.scope, ideal.scope
    changes: list[Change] = []
    m_content = {k: content(m_scope, v[2]) for k, v in m_objs.items()}
    i_content = {k: content(i_scope, v[2]) for k, v in i_objs.items()}
    only_model = [k for k in m_objs if k not in i_objs]
    only_ideal = [k for k in i_objs if k not in m_objs]
    renamed: dict[str, str] = {}
    for ik in only_ideal:
        kind, _, _, rtype = i_objs[ik]
        if kind not in ("resource", "data"):
            continue
        best, best_score = None, RENAME_SIMILARITY
        for mk in only_model:
            if mk in renamed.values() or m_objs[mk][3] != rtype:
                continue
            s = _similarity(m_content[mk], i_content[ik])
            if s >= best_score:
                best, best_score = mk, s
        if best is not None:
            renamed[ik] = best
    for key, (kind, node, _, rtype) in i_objs.items():
        mk = key if key in m_objs else renamed.get(key)
        if mk is None:
            changes.append(Change("added", kind, key, None, node, rtype))
            continue
        attrs: list[AttrChange] = []
        _diff_values("", m_content[mk], i_content[key], attrs)
        if mk != key:
            changes.append(Change("renamed", kind, key, m_objs[mk][1], node, rtype, attrs, old_address=mk))
        elif attrs:
            changes.append(Change("changed", kind, key, m_objs[mk][1], node, rtype, attrs))
    for key in only_model:
        if key in renamed.values():
            continue
        kind, node, _, rtype = m_objs[key]
        changes.append(Change("removed", kind, key, node, None, rtype))
    m_locals, i_locals = model.root.locals, ideal.root.locals
    for name in sorted(set(m_locals) | set(i_locals)):
        if name not in m_locals:
            changes.append(Change("added", "local", f"local.{name}", None, i_locals[name].attribute))
        elif name not in i_locals:
            changes.append(Change("removed", "local", f"local.{name}", m_locals[name].attribute, None))
        else:
            mv, iv = _local_value(m_scope, model.root, name), _local_value(i_scope, ideal.root, name)
            if mv != iv:
                changes.append(
                    Change("changed", "local", f"local.{name}", m_locals[name].attribute, i_locals[name].attribute,
                           attrs=[AttrChange("value", mv, iv)])
                )
    return changes
