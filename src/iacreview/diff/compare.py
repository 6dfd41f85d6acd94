"""Model answer against ideal answer, by meaning rather than by text.

Resources, data sources, variables, outputs, module calls, providers and the
backend are matched by address; a resource the ideal renamed is matched by
type and content. Matched objects are compared argument by argument after
evaluation (so `var.x` whose default is "t3.micro" equals "t3.micro"), nested
blocks included. Formatting never shows up as a difference: that is FMT001's job.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from iacreview.eval.values import to_python
from iacreview.hcl import nodes as N
from iacreview.model.config import Configuration
from iacreview.model.module import Module
from iacreview.model.scope import ModuleScope

#: Content similarity above which an unmatched model resource is taken as renamed.
RENAME_SIMILARITY = 0.6
#: The bar when the resource is the only unmatched one of its type in both answers (and the two share
#: a setting or a name: `aws_db_instance.db` → `.primary` with one engine pairs, a state bucket and an
#: application bucket do not).
UNIQUE_RENAME_SIMILARITY = 0.25
#: Arguments most resources of an answer share whatever their purpose: no sign of being one resource.
_COMMON_SETTINGS = frozenset({"tags", "tags_all", "provider", "depends_on", "count", "for_each"})


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
    if _block_or_list(model) and _block_or_list(ideal) and isinstance(model, Arg) != isinstance(ideal, Arg):
        # One answer writes `ingress { … }` blocks, the other `ingress = [{ … }]`: Terraform's
        # attributes-as-blocks mode makes them one setting, compared by what they set.
        if _objects_set(model) != _objects_set(ideal):
            out.append(AttrChange(path, _objects_set(model), _objects_set(ideal)))
        return
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


def _block_or_list(value: Any) -> bool:
    """Nested blocks (a list of contents), or an argument whose known value is a list of objects."""
    if isinstance(value, Arg):
        return isinstance(value.value, list) and bool(value.value) and all(isinstance(v, dict) for v in value.value)
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)


def _objects_set(value: Any) -> list[dict[str, Any]]:
    """Blocks or a list of objects as plain objects, unset (null or empty) settings left out."""
    items = value.value if isinstance(value, Arg) else [_plain_content(v) for v in value]
    return [{k: v for k, v in item.items() if v not in (None, [], {}, "")} for item in items]


def _plain_content(block: dict[str, Any]) -> dict[str, Any]:
    return {k: [_plain_content(b) for b in v] if isinstance(v, list) else _plain(v) for k, v in block.items()}


def _similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    """How alike two bodies are, 0..1: per argument, 1 when equal, and when both set but different
    how alike their written forms are (`"app-logs-v2"` is nearer `"app-logs"` than `"app-data"`)."""
    keys = set(a) | set(b)
    if not keys:
        return 1.0
    total = 0.0
    for k in keys:
        if k in a and k in b:
            total += 1.0 if a[k] == b[k] else _text_similarity(_written(a[k]), _written(b[k]))
    return total / len(keys)


#: Written forms longer than this are compared by their start (policies, scripts): enough to tell them apart.
_COMPARED_CHARS = 240


def _written(value: Any) -> str:
    if isinstance(value, Arg):
        return value.text[:_COMPARED_CHARS]
    return repr(value)[:_COMPARED_CHARS]


def _text_similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _match_renames(
    only_model: list[str], only_ideal: list[str], m_objs: dict, i_objs: dict, m_content: dict, i_content: dict
) -> dict[str, str]:
    """Resources the ideal renamed: ideal address -> model address.

    Matching runs in rounds. Each round scores every unmatched pair of one type,
    reading references to resources already matched as the same name (the ideal's
    `aws_s3_bucket.primary.id` is the model's `aws_s3_bucket.main.id` once main is
    primary), and takes pairs best first. A type left with exactly one unmatched
    resource on each side pairs at a lower bar when the two set something alike
    or are named alike: the answer's one MySQL database is the ideal's one, however
    much the ideal changed it, but a state bucket does not become an application bucket.
    """
    free_m = [k for k in only_model if m_objs[k][0] in ("resource", "data")]
    free_i = [k for k in only_ideal if i_objs[k][0] in ("resource", "data")]
    m_refs, i_refs = _references_by_path(m_content), _references_by_path(i_content)  # the same every round
    renamed: dict[str, str] = {}
    while free_m and free_i:
        view = _with_renamed_references({k: m_content[k] for k in free_m}, {mk: ik for ik, mk in renamed.items()})
        pairs = sorted(
            (-_similarity(view[mk], i_content[ik]), i, j, ik, mk)
            for i, ik in enumerate(free_i)
            for j, mk in enumerate(free_m)
            if m_objs[mk][0] == i_objs[ik][0] and m_objs[mk][3] == i_objs[ik][3]
        )
        taken = _pairs_by_reference(free_m, free_i, m_objs, i_objs, m_refs, i_refs, renamed)
        i_types = Counter(i_objs[k][3] for k in free_i)
        m_types = Counter(m_objs[k][3] for k in free_m)
        for score, _, _, ik, mk in pairs:
            if ik in taken or mk in taken.values():
                continue
            alone = i_types[i_objs[ik][3]] == 1 and m_types[m_objs[mk][3]] == 1
            if -score >= RENAME_SIMILARITY or (alone and -score >= UNIQUE_RENAME_SIMILARITY and (
                    _shares_a_setting(view[mk], i_content[ik]) or _text_similarity(_name(mk), _name(ik)) >= 0.6)):
                taken[ik] = mk
        if not taken:
            break
        renamed.update(taken)
        free_i = [k for k in free_i if k not in taken]
        free_m = [k for k in free_m if k not in taken.values()]
    return renamed


_REFERENCE = re.compile(r"(?<![\w.-])((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*)")


def _pairs_by_reference(
    free_m: list[str], free_i: list[str], m_objs: dict, i_objs: dict, m_refs: dict[str, dict[str, set[str]]],
    i_refs: dict[str, dict[str, set[str]]], renamed: dict[str, str],
) -> dict[str, str]:
    """Unmatched resources that matched objects point at from the same argument.

    When the model's `aws_s3_bucket_versioning.main` is the ideal's
    `aws_s3_bucket_versioning.primary` and their `bucket` arguments read
    `aws_s3_bucket.main.id` and `aws_s3_bucket.primary.id`, those buckets are one
    resource renamed, whatever else changed in them. Only unambiguous evidence
    counts: a resource pointed at from matched objects to one counterpart only.
    """
    free_m_set, free_i_set = set(free_m), set(free_i)
    pairs = [(k, k) for k in m_refs if k in i_refs] + [(mk, ik) for ik, mk in renamed.items()]
    votes: dict[str, set[str]] = {}
    back: dict[str, set[str]] = {}
    for mk, ik in pairs:
        m_paths, i_paths = m_refs[mk], i_refs[ik]
        for path in m_paths.keys() & i_paths.keys():
            m_free = m_paths[path] & free_m_set
            i_free = i_paths[path] & free_i_set
            for m_ref in m_free:
                same_type = [r for r in i_free if i_objs[r][3] == m_objs[m_ref][3]]
                others = [r for r in m_free if m_objs[r][3] == m_objs[m_ref][3]]
                if len(same_type) == 1 and len(others) == 1:
                    votes.setdefault(m_ref, set()).add(same_type[0])
                    back.setdefault(same_type[0], set()).add(m_ref)
    return {next(iter(ideal)): mk for mk, ideal in votes.items()
            if len(ideal) == 1 and back[next(iter(ideal))] == {mk} and m_objs[mk][0] == i_objs[next(iter(ideal))][0]}


def _references_by_path(contents: dict[str, Any]) -> dict[str, dict[str, set[str]]]:
    """For each object, the addresses each of its arguments names, by argument path."""
    return {k: {path: set(_REFERENCE.findall(text)) for path, text in _flat_args(c).items()}
            for k, c in contents.items()}


def _flat_args(content: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Every argument's written text by its path (`bucket`, `rule[0].apply_server_side_encryption_by_default`)."""
    out: dict[str, str] = {}
    for key, value in content.items():
        if isinstance(value, Arg):
            out[prefix + key] = value.text
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    out.update(_flat_args(item, f"{prefix}{key}[{i}]."))
    return out


def _shares_a_setting(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether the two bodies set one argument alike (tags, provider and meta-arguments aside)."""
    return any(isinstance(a[k], Arg) and a[k] == b[k] for k in a.keys() & b.keys() if k not in _COMMON_SETTINGS)


def _name(address: str) -> str:
    """The name part of an address: `main` of `aws_s3_bucket.main`, `ami` of `data.aws_ami.ami`."""
    return address.rsplit(".", 1)[-1]


def _with_renamed_references(contents: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    """`contents` with every written reference to a model address in `mapping` read as its ideal address."""
    if not mapping:
        return contents
    pattern = re.compile(r"(?<![\w.-])(?:" + "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True))
                         + r")(?![\w-])")

    def rewrite(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: rewrite(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rewrite(v) for v in value]
        if isinstance(value, Arg):
            text = pattern.sub(lambda m: mapping[m.group(0)], value.text)
            if text == value.text:
                return value
            raw = value.value
            if isinstance(raw, str) and raw.startswith("expr:"):
                raw = "expr:" + pattern.sub(lambda m: mapping[m.group(0)], raw[5:])
            return Arg(raw, text)
        return value

    return {k: rewrite(v) for k, v in contents.items()}


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
    renamed = _match_renames(only_model, only_ideal, m_objs, i_objs, m_content, i_content)
    if renamed:  # a reference to a renamed resource is no fix of its own: the rename is reported once
        m_content = _with_renamed_references(m_content, {mk: ik for ik, mk in renamed.items()})
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
