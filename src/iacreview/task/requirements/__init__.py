"""What the prompt asks for, read once: explicit requirements, waivers and the review's signals.

`read_requirements(prompt)` splits the prompt into statements (sentences,
list items with their lead-in, table rows; code fences skipped, see
`statements`) and reads from each the requirements it states explicitly
(`reading`): services and resources, counts ("a single NAT gateway", "three
availability zones", "at least two instances", numbers in words), instance,
database and cache classes, regions, engine and version, VPC, subnet and
ingress CIDRs, ports, retention and backup days, encryption and KMS,
Multi-AZ, required tags, requested outputs, layout (a single file, no
modules, named files) and the state backend. Negations ("no NAT gateway",
"instead of NAT gateways") make a subject forbidden; "such as", "e.g.",
"optionally", "if needed" and questions make a statement optional; "existing"
or "passed in" name what the answer does not build.

Waivers are what the prompt explicitly lets go: `single-az` ("single AZ is
fine"), `region-fixed` ("Region fixed to us-east-1"), `local-state` ("local
state"), `no-modules` ("no extra modules"). A rule lists the waivers that turn
it off in its `waived_by` metadata, and its documentation says so.

The review's older signals (destroyable stacks, high availability, cost
focus, requested documents, the name-suffix variable, tests, remote state,
the task's region) live here too (`signals`), so the review asks one place::

    >>> reqs = read_requirements("Use a single NAT gateway shared by both AZs.")
    >>> [r.describe() for r in reqs.items]
    ['exactly 1 NAT gateway (shared)', 'exactly 2 availability zones', 'a NAT gateway']
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from iacreview.task.requirements import signals
from iacreview.task.requirements.model import Requirement, Waiver
from iacreview.task.requirements.reading import READERS, read_waivers, strength
from iacreview.task.requirements.statements import Statement, statements

__all__ = ["Requirement", "Requirements", "Waiver", "read_requirements"]


@dataclass
class Requirements:
    """The prompt's requirements, waivers and signals."""

    prompt: str
    items: list[Requirement] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    def waives(self, name: str) -> bool:
        return any(w.name == name for w in self.waivers)

    @property
    def waiver_names(self) -> set[str]:
        return {w.name for w in self.waivers}

    def of_kind(self, *kinds: str) -> list[Requirement]:
        return [r for r in self.items if r.kind in kinds]

    @cached_property
    def rule_options(self) -> dict[str, bool]:
        """Options the rules read: destroyable test environment, HA required, cost focus, remote state asked for."""
        options = signals.rule_options(self.prompt)
        if self.waives("single-az"):
            options["ha_required"] = False
        if self.waives("local-state"):
            options["remote_state"] = False
        return options

    @cached_property
    def requested_documents(self) -> list[str]:
        return signals.requested_documents(self.prompt)

    @cached_property
    def name_suffix(self) -> str | None:
        return signals.required_name_suffix(self.prompt)

    @cached_property
    def asks_for_tests(self) -> bool:
        return signals.asks_for_tests(self.prompt)

    def region(self, metadata_region: str | None) -> str | None:
        return signals.task_region(self.prompt, metadata_region)

    def as_list(self) -> list[dict[str, Any]]:
        return [r.as_dict() for r in self.items]


def read_requirements(prompt: str | None) -> Requirements:
    """Every explicit requirement and waiver of `prompt`, in prompt order, without repeats."""
    text = prompt or ""
    found = statements(text)
    items: list[Requirement] = []
    seen: set[tuple[Any, ...]] = set()
    waivers: list[Waiver] = []
    for st in found:
        should = strength(st) == "should"
        for reader in READERS:
            for req in reader(st):
                if should and req.strength == "must":
                    req = replace(req, strength="should")
                key = (req.kind, req.subject, req.value if not isinstance(req.value, list) else tuple(req.value),
                       req.comparison)
                if key not in seen:
                    seen.add(key)
                    items.append(req)
        for waiver in read_waivers(st):
            if waiver.name not in {w.name for w in waivers}:
                waivers.append(waiver)
    return Requirements(text, _drop_contradicted(items), waivers, found)


def _drop_contradicted(items: list[Requirement]) -> list[Requirement]:
    """Counts of one subject that disagree (the prompt says 2 here and 3 there) are not checkable: drop both.

    A forbidden subject also drops the counts and services of that subject: "a NAT instance instead of NAT
    gateways" is about NAT gateways once, as forbidden.
    """
    counts: dict[str, set[Any]] = {}
    for r in items:
        if r.kind == "count" and r.comparison == "eq":
            counts.setdefault(r.subject, set()).add(r.value)
    forbidden = {r.subject for r in items if r.kind == "forbidden"}
    wanted = {r.subject for r in items if r.kind in ("count", "service") and not (r.kind == "count" and r.value == 0)}
    out = []
    for r in items:
        if r.kind == "count" and r.comparison == "eq" and len(counts.get(r.subject, ())) > 1:
            continue
        if r.kind in ("count", "service") and r.subject in forbidden:
            continue
        if r.kind == "forbidden" and r.subject in wanted and r.subject not in forbidden:
            continue
        out.append(r)
    return out
