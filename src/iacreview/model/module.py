"""The configuration model: what a Terraform module declares, with links to its syntax.

Every object keeps the block or attribute it came from, so findings point at
exact lines and rules can reach any argument the model does not name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from iacreview.eval.types import DYNAMIC, Type
from iacreview.hcl import Attribute, Block, ConfigFile, Expr
from iacreview.model.problems import Problem

#: Root names that are not resource types.
RESERVED_ROOTS = frozenset({"var", "local", "module", "data", "count", "each", "path", "terraform", "self"})


@dataclass
class Variable:
    name: str
    block: Block
    type: Type = DYNAMIC
    type_expr: Expr | None = None
    default: Expr | None = None
    description: str | None = None
    sensitive: bool = False
    nullable: bool = True
    validations: list[Block] = field(default_factory=list)

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass
class Local:
    name: str
    attribute: Attribute

    @property
    def expr(self) -> Expr:
        return self.attribute.expr


@dataclass
class Resource:
    """A `resource` (mode "managed") or `data` (mode "data") block."""

    mode: str
    type: str
    name: str
    block: Block
    count: Attribute | None = None
    for_each: Attribute | None = None
    provider: str | None = None  # "aws" or "aws.west"

    @property
    def address(self) -> str:
        prefix = "data." if self.mode == "data" else ""
        return f"{prefix}{self.type}.{self.name}"

    @property
    def provider_name(self) -> str:
        """The provider this resource belongs to: explicit, or the type's prefix."""
        if self.provider:
            return self.provider.split(".")[0].split("[")[0].strip()
        return self.type.split("_")[0]

    def attribute(self, name: str) -> Attribute | None:
        return self.block.body.get_attribute(name)


@dataclass
class ModuleCall:
    name: str
    block: Block
    source: str | None = None
    version: str | None = None
    count: Attribute | None = None
    for_each: Attribute | None = None
    child: Module | None = None
    not_followed: str | None = None  # why the child was not loaded

    @property
    def is_local(self) -> bool:
        return self.source is not None and self.source.startswith(("./", "../"))


@dataclass
class Output:
    name: str
    block: Block
    value: Expr | None = None
    description: str | None = None
    sensitive: bool = False


@dataclass
class ProviderConfig:
    name: str
    block: Block
    alias: str | None = None

    @property
    def key(self) -> str:
        return f"{self.name}.{self.alias}" if self.alias else self.name


@dataclass
class Settings:
    """What `terraform` blocks declare."""

    blocks: list[Block] = field(default_factory=list)
    required_version: str | None = None
    required_providers: dict[str, dict[str, str | None]] = field(default_factory=dict)
    backend: Block | None = None
    cloud: Block | None = None
    required_providers_block: Block | None = None  # the first; Terraform allows one per module


@dataclass
class Module:
    """One module directory: its files and everything they declare."""

    path: str  # directory relative to the tree root ("" for the root module)
    files: dict[str, ConfigFile] = field(default_factory=dict)
    variables: dict[str, Variable] = field(default_factory=dict)
    locals: dict[str, Local] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)  # by address, data included
    module_calls: dict[str, ModuleCall] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)
    providers: list[ProviderConfig] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    moved: list[Block] = field(default_factory=list)
    imports: list[Block] = field(default_factory=list)
    removed: list[Block] = field(default_factory=list)
    checks: list[Block] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    locked_providers: dict[str, str] = field(default_factory=dict)  # source → version in .terraform.lock.hcl

    @property
    def managed_resources(self) -> list[Resource]:
        return [r for r in self.resources.values() if r.mode == "managed"]

    @property
    def data_sources(self) -> list[Resource]:
        return [r for r in self.resources.values() if r.mode == "data"]

    def resources_of_type(self, type_: str) -> list[Resource]:
        return [r for r in self.resources.values() if r.mode == "managed" and r.type == type_]

    def walk(self) -> list[Module]:
        """This module and every loaded descendant, depth first."""
        found = [self]
        for call in self.module_calls.values():
            if call.child is not None:
                found.extend(call.child.walk())
        return found

    def all_blocks(self) -> list[Block]:
        return [item for f in self.files.values() for item in f.body.items if isinstance(item, Block)]
