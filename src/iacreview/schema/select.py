"""Which shipped schema a configuration gets for each provider.

Terraform installs one version per provider for the whole configuration: the
newest that meets every module's `required_providers` constraint, or exactly
the version `.terraform.lock.hcl` records. The same rule picks the schema
here. When no shipped version qualifies, the provider gets no schema, and so
no schema findings: a check against the wrong version would raise false alarms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from iacreview.schema.blocks import ProviderSchema
from iacreview.schema.store import ShippedProvider, load_provider, shipped_providers
from iacreview.schema.versions import newest, satisfies

REGISTRY = "registry.terraform.io"


def normalize_source(source: str) -> str:
    """`hashicorp/aws` → `registry.terraform.io/hashicorp/aws` (lower case, as Terraform compares them)."""
    parts = source.strip().lower().split("/")
    if len(parts) == 1:
        parts = ["hashicorp", *parts]
    if len(parts) == 2:
        parts = [REGISTRY, *parts]
    return "/".join(parts)


@dataclass
class ProviderChoice:
    """The schema chosen for one provider source, and why."""

    source: str
    constraints: list[str] = field(default_factory=list)
    locked: str | None = None
    shipped: ShippedProvider | None = None
    reason: str = ""

    @property
    def version(self) -> str | None:
        return self.shipped.version if self.shipped else None

    def schema(self) -> ProviderSchema | None:
        return load_provider(self.shipped) if self.shipped else None

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "constraints": self.constraints,
            "locked": self.locked,
            "schema": None if self.shipped is None else {
                "version": self.shipped.version, "origin": self.shipped.origin},
            "reason": self.reason,
        }


def choose(source: str, constraints: Sequence[str], locked: str | None = None) -> ProviderChoice:
    """The newest shipped schema of `source` that the constraints (and the lock) allow."""
    source = normalize_source(source)
    choice = ProviderChoice(source, list(constraints), locked)
    candidates = [p for p in shipped_providers() if p.source == source]
    if not candidates:
        choice.reason = "no schema is shipped for this provider"
        return choice
    allowed = [p for p in candidates if satisfies(p.version, list(constraints))]
    if locked is not None:
        allowed = [p for p in allowed if p.version == locked]
    best = newest([p.version for p in allowed])
    if best is None:
        versions = ", ".join(p.version for p in candidates)
        wanted = " and ".join([*(f"'{c}'" for c in constraints), *([f"the lock file's {locked}"] if locked else [])])
        choice.reason = f"no shipped version ({versions}) satisfies {wanted}"
        return choice
    choice.shipped = next(p for p in allowed if p.version == best)
    choice.reason = "newest shipped version allowed" + (" by the lock file" if locked else " by the constraints")
    return choice


def choose_schemas(constraints: Mapping[str, Sequence[str]],
                   locks: Mapping[str, str] | None = None) -> dict[str, ProviderChoice]:
    """A choice per provider source, from every constraint the configuration's modules state."""
    locks = {normalize_source(k): v for k, v in (locks or {}).items()}
    merged: dict[str, list[str]] = {}
    for source, items in constraints.items():
        merged.setdefault(normalize_source(source), []).extend(items)
    return {source: choose(source, items, locks.get(source)) for source, items in sorted(merged.items())}
