"""Which provider schema each module's resources are checked against.

Terraform resolves a resource to a provider in two steps: the resource's
local provider name (its `provider` argument, or the prefix of its type), then
that name's source in the module's `required_providers` (or `hashicorp/<name>`
when the module does not say). One version serves the whole configuration, so
the constraints of every module are gathered before a schema is chosen.
"""

from __future__ import annotations

from collections.abc import Iterator

from iacreview.hcl import HCLSyntaxError, nodes as N, parse
from iacreview.model.files import FileTree
from iacreview.model.module import Module, Resource
from iacreview.schema import BlockSchema, ProviderChoice, ProviderSchema, choose_schemas
from iacreview.schema.select import normalize_source

LOCK_FILE = ".terraform.lock.hcl"


def local_sources(module: Module) -> dict[str, str]:
    """Local provider name → normalised source, as this module declares them."""
    found: dict[str, str] = {}
    for name, entry in module.settings.required_providers.items():
        found[name] = normalize_source(entry.get("source") or name)
    return found


def source_of(module: Module, local_name: str) -> str:
    return local_sources(module).get(local_name) or normalize_source(local_name)


def _used_locals(module: Module) -> Iterator[str]:
    for res in module.resources.values():
        yield res.provider_name  # its `provider` argument, or its type's prefix
    for provider in module.providers:
        yield provider.name
    for block in ephemeral_blocks(module):
        if block.labels:
            yield block.labels[0].split("_")[0]


def ephemeral_blocks(module: Module) -> list[N.Block]:
    """`ephemeral` blocks (Terraform 1.10+), which the module model does not hold."""
    return [b for b in module.all_blocks() if b.type == "ephemeral"]


def gather_constraints(root: Module) -> dict[str, list[str]]:
    """Every provider source the configuration uses, with every version constraint stated for it."""
    constraints: dict[str, list[str]] = {}
    for module in root.walk():
        for name, entry in module.settings.required_providers.items():
            items = constraints.setdefault(normalize_source(entry.get("source") or name), [])
            if entry.get("version"):
                items.append(str(entry["version"]))
        for local in _used_locals(module):
            constraints.setdefault(source_of(module, local), [])
    return constraints


def read_lock_file(tree: FileTree, rel_dir: str) -> dict[str, str]:
    """Provider source → locked version from the root's `.terraform.lock.hcl` (empty when absent or unreadable)."""
    path = f"{rel_dir}/{LOCK_FILE}" if rel_dir else LOCK_FILE
    if LOCK_FILE not in tree.list_dir(rel_dir):
        return {}
    try:
        tree_ = parse(tree.read(path), path)
    except (HCLSyntaxError, Exception):  # an unreadable lock file only means: no lock
        return {}
    locks = {}
    for block in tree_.body.blocks("provider"):
        version = block.body.get_attribute("version")
        if block.labels and version is not None and isinstance(version.expr, N.Template):
            text = version.expr.literal_value()
            if text:
                locks[normalize_source(block.labels[0])] = text
    return locks


class SchemaSet:
    """The chosen schemas of one configuration, looked up by module and local provider name."""

    def __init__(self, root: Module | None, locks: dict[str, str] | None = None) -> None:
        self.choices: dict[str, ProviderChoice] = (
            choose_schemas(gather_constraints(root), locks) if root is not None else {})
        self._cache: dict[tuple[int, str], ProviderSchema | None] = {}

    @classmethod
    def empty(cls) -> SchemaSet:
        """No schema for any provider: only the checks that need none (Terraform's own language)."""
        return cls(None)

    def for_local(self, module: Module, local_name: str) -> ProviderSchema | None:
        key = (id(module), local_name)
        if key not in self._cache:
            choice = self.choices.get(source_of(module, local_name))
            self._cache[key] = choice.schema() if choice is not None else None
        return self._cache[key]

    def for_resource(self, module: Module, res: Resource) -> ProviderSchema | None:
        return self.for_local(module, res.provider_name)

    def sensitive(self, module: Module, res: Resource, path: list[str]) -> bool | None:
        """Whether the provider marks what `res.<path>` reads sensitive (Terraform then hides it).

        None when no schema says: no schema for the provider, or a source that
        cannot tell sensitivity. A whole resource, or a nested block, is
        sensitive when anything inside it is, as Terraform's marks travel.
        """
        schema = self.for_resource(module, res)
        if schema is None or not schema.knows_about("sensitive"):
            return None
        block = schema.block("data" if res.mode == "data" else "resource", res.type)
        if block is None:
            return None
        if not path:
            return _holds_sensitive(block)
        if path[0] in block.attributes:
            return block.attributes[path[0]].sensitive
        if path[0] in block.blocks:
            return _holds_sensitive(block.blocks[path[0]].block)
        return False

    def to_json(self) -> dict:
        return {source: choice.to_json() for source, choice in self.choices.items()}


def _holds_sensitive(block: BlockSchema) -> bool:
    return any(a.sensitive for a in block.attributes.values()) or any(
        _holds_sensitive(nested.block) for nested in block.blocks.values())
