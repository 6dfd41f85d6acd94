"""Building the module model from parsed files, and loading whole module trees.

Local child modules (`source = "./…"`, or `"../../"` from an example: any
relative path, as Terraform follows them) are loaded recursively; registry and
git sources are read where `terraform init` fetched them (its
`.terraform/modules/modules.json`), and otherwise stay unknown modules with
unknown outputs, with a note saying so. Syntax errors become SYN001
problems on the module: one broken file never hides the rest.
"""

from __future__ import annotations

import posixpath
import re

from iacreview.eval.errors import EvalError
from iacreview.eval.evaluator import Evaluator, MappingScope
from iacreview.eval.values import Value
from iacreview.hcl import Attribute, Block, ConfigFile, Expr, HCLSyntaxError, Object, SourceError, Template, parse
from iacreview.hcl import nodes as N
from iacreview.hcl.nodes import Literal
from iacreview.model.files import FileTree, config_files, module_source_path, normalize
from iacreview.model.module import (
    Local,
    Module,
    ModuleCall,
    Output,
    ProviderConfig,
    Resource,
    Settings,
    Variable,
)
from iacreview.model.problems import Problem
from iacreview.model.typeexpr import parse_type

#: Deepest chain of local module calls followed (guards against cycles).
MAX_MODULE_DEPTH = 16

_TYPED_BLOCKS = ("resource", "data")


def parse_config(text: str, filename: str) -> ConfigFile:
    """Native or JSON syntax by file name."""
    if filename.endswith(".json"):
        from iacreview.hcl import parse_file_text  # JSON support lives beside the native parser

        return parse_file_text(text, filename)
    return parse(text, filename)


def load_tree(tree: FileTree, rel_dir: str = "") -> Module:
    """The module at `rel_dir` of `tree` with its descendants: local ones, and those `terraform init` fetched."""
    return _load(tree, rel_dir, depth=0, chain=(), fetched=fetched_modules(tree, rel_dir), key="")


#: Where `terraform init` records the modules it installed, relative to the root module's directory.
MODULES_JSON = ".terraform/modules/modules.json"


def fetched_modules(tree: FileTree, rel_dir: str = "") -> dict[str, str]:
    """Module call path ("vpc", "eks.node_group") → directory relative to the tree, from `modules.json`.

    Nothing when `terraform init` has not run or its record cannot be read: the
    calls then stay unknown modules, as before an init.
    """
    import json

    try:
        data = json.loads(tree.read(posixpath.join(rel_dir, MODULES_JSON) if rel_dir else MODULES_JSON))
    except (SourceError, ValueError):
        return {}
    found: dict[str, str] = {}
    for entry in data.get("Modules", []) if isinstance(data, dict) else []:
        if not isinstance(entry, dict) or not entry.get("Key") or not isinstance(entry.get("Dir"), str):
            continue
        target = normalize(posixpath.join(rel_dir, entry["Dir"]))
        if target is not None:  # a record pointing outside the tree is not followed
            found[str(entry["Key"])] = target
    return found


def _load(tree: FileTree, rel_dir: str, depth: int, chain: tuple[str, ...], fetched: dict[str, str],
          key: str) -> Module:
    module = Module(path=rel_dir)
    for rel in config_files(tree, rel_dir):
        try:
            module.files[rel] = parse_config(tree.read(rel), rel)
        except SourceError as err:
            d = err.diagnostic
            module.problems.append(Problem("SYN001", d.message, d.filename, d.line, d.col))
        except HCLSyntaxError as err:
            for d in err.diagnostics:
                module.problems.append(Problem("SYN001", d.message, d.filename, d.line, d.col))
    for rel in sorted(module.files):
        populate(module, module.files[rel])
    for call in module.module_calls.values():
        _follow(tree, module, call, depth, chain + (tree.identity(rel_dir),), fetched,
                f"{key}.{call.name}" if key else call.name)
    return module


def _follow(tree: FileTree, parent: Module, call: ModuleCall, depth: int, chain: tuple[str, ...],
            fetched: dict[str, str], key: str) -> None:
    if call.source is None:
        call.not_followed = "it has no literal source"
        return
    if not call.is_local:
        target = fetched.get(key)
        if target is None or not tree.is_dir(target):
            call.not_followed = (f"source {call.source!r} is not a local path and is not fetched "
                                 "(run terraform init to read it)")
            parent.notes.append(f"module.{call.name}: {call.not_followed}; its outputs are unknown")
            return
        _load_child(tree, parent, call, target, depth, chain, fetched, key)
        return
    target = normalize(posixpath.join(parent.path, call.source))
    if target is None:  # Terraform follows relative sources anywhere: so do we, that directory only
        target = module_source_path(parent.path, call.source)
        if target is None or not tree.admit_module_dir(target):
            target = None
    if target is None:
        call.not_followed = f"source {call.source!r} points outside the configuration"
    elif tree.identity(target) in chain:
        call.not_followed = f"source {call.source!r} makes a cycle of module calls"
    elif depth >= MAX_MODULE_DEPTH:
        call.not_followed = f"module calls nest deeper than {MAX_MODULE_DEPTH} levels"
    elif not tree.is_dir(target):
        call.not_followed = f"directory {call.source!r} does not exist"
    if call.not_followed is not None:
        parent.notes.append(f"module.{call.name}: {call.not_followed}")
        attr = call.block.body.get_attribute("source")
        if attr is not None and "does not exist" in call.not_followed:
            parent.problems.append(Problem.at("VAL016", f"Module source {call.source!r} not found", attr))
        return
    _load_child(tree, parent, call, target, depth, chain, fetched, key)


def _load_child(tree: FileTree, parent: Module, call: ModuleCall, target: str, depth: int, chain: tuple[str, ...],
                fetched: dict[str, str], key: str) -> None:
    if tree.identity(target) in chain or depth >= MAX_MODULE_DEPTH:
        call.not_followed = "module calls make a cycle or nest too deep"
        parent.notes.append(f"module.{call.name}: {call.not_followed}")
        return
    call.child = _load(tree, target, depth + 1, chain, fetched, key)


def populate(module: Module, file: ConfigFile) -> None:
    """Add what one file declares to the module, reporting duplicates (VAL007)."""
    for item in file.body.items:
        if isinstance(item, Attribute):
            module.problems.append(
                Problem.at("VAL017", f"Unexpected argument {item.name!r} at the top level of a configuration file", item)
            )
            continue
        handler = _HANDLERS.get(item.type)
        if handler is not None:
            handler(module, item)
        elif item.type not in _OTHER_TOP_LEVEL:
            module.problems.append(Problem.at(
                "VAL017", f'Unsupported block type: Blocks of type "{item.type}" are not expected here.', item))


def _labels(block: Block, count: int, module: Module) -> list[str] | None:
    if len(block.labels) != count:
        what = "no labels" if count == 0 else f"{count} label{'s' if count > 1 else ''}"
        module.problems.append(
            Problem.at("VAL018", f"A {block.type!r} block needs {what}, found {len(block.labels)}", block)
        )
        return None
    return block.labels


def _duplicate(module: Module, kind: str, name: str, block: Block, first: Block) -> None:
    module.problems.append(
        Problem.at(
            "VAL007",
            f"Duplicate {kind} {name!r}: already declared at {first.filename}:{first.line}",
            block,
        )
    )


def literal_string(attr: Attribute | None) -> str | None:
    """The value of an attribute that is a plain string literal."""
    if attr is None:
        return None
    expr = attr.expr
    if isinstance(expr, Template):
        return expr.literal_value()
    return None


def literal_bool(attr: Attribute | None) -> bool | None:
    if attr is None:
        return None
    expr = attr.expr
    if isinstance(expr, Literal) and isinstance(expr.value, bool):
        return expr.value
    return None


def _variable(module: Module, block: Block) -> None:
    labels = _labels(block, 1, module)
    if labels is None:
        return
    name = labels[0]
    if name in module.variables:
        _duplicate(module, "variable", name, block, module.variables[name].block)
        return
    body = block.body
    var = Variable(name=name, block=block)
    type_attr = body.get_attribute("type")
    if type_attr is not None:
        var.type_expr = type_attr.expr
        try:
            var.type = parse_type(type_attr.expr, default_of=_constant_value)
        except EvalError as err:
            module.problems.append(Problem.at("VAL019", f"Invalid type for variable {name!r}: {err.message}", type_attr))
    default = body.get_attribute("default")
    var.default = default.expr if default is not None else None
    var.description = literal_string(body.get_attribute("description"))
    var.sensitive = bool(literal_bool(body.get_attribute("sensitive")))
    nullable = literal_bool(body.get_attribute("nullable"))
    var.nullable = True if nullable is None else nullable
    var.validations = body.blocks("validation")
    module.variables[name] = var


def _constant_value(expr: Expr) -> Value:
    """The value of an `optional(T, default)` default: a constant, evaluated with no names in scope."""
    return Evaluator(MappingScope({})).evaluate(expr)


def _locals(module: Module, block: Block) -> None:
    _labels(block, 0, module)  # a label is an error, but the values still count
    for attr in block.body.attributes:
        if attr.name in module.locals:
            first = module.locals[attr.name].attribute
            module.problems.append(
                Problem.at("VAL007", f"Duplicate local value {attr.name!r}: already defined at {first.filename}:{first.line}", attr)
            )
            continue
        module.locals[attr.name] = Local(attr.name, attr)


def _resource(module: Module, block: Block) -> None:
    labels = _labels(block, 2, module)
    if labels is None:
        return
    mode = "data" if block.type == "data" else "managed"
    res = Resource(mode=mode, type=labels[0], name=labels[1], block=block)
    if res.address in module.resources:
        kind = "data source" if mode == "data" else "resource"
        _duplicate(module, kind, res.address, block, module.resources[res.address].block)
        return
    body = block.body
    res.count = body.get_attribute("count")
    res.for_each = body.get_attribute("for_each")
    provider = body.get_attribute("provider")
    if provider is not None:
        res.provider = provider.expr.text().strip()
        if not _static_provider_reference(provider.expr):
            module.problems.append(Problem.at(
                "VAL014", "Invalid provider configuration reference: The provider argument requires a provider type "
                "name, optionally followed by a period and then a configuration alias.", provider.expr))
    module.resources[res.address] = res


def _static_provider_reference(expr: Expr) -> bool:
    """`aws` or `aws.west`: the only forms Terraform accepts for a resource's provider (no expressions)."""
    if isinstance(expr, N.Variable):
        return True
    return isinstance(expr, N.GetAttr) and isinstance(expr.obj, N.Variable) and not expr.is_legacy_index


def _module(module: Module, block: Block) -> None:
    labels = _labels(block, 1, module)
    if labels is None:
        return
    name = labels[0]
    if name in module.module_calls:
        _duplicate(module, "module call", name, block, module.module_calls[name].block)
        return
    body = block.body
    module.module_calls[name] = ModuleCall(
        name=name,
        block=block,
        source=literal_string(body.get_attribute("source")),
        version=literal_string(body.get_attribute("version")),
        count=body.get_attribute("count"),
        for_each=body.get_attribute("for_each"),
    )


def _output(module: Module, block: Block) -> None:
    labels = _labels(block, 1, module)
    if labels is None:
        return
    name = labels[0]
    if name in module.outputs:
        _duplicate(module, "output", name, block, module.outputs[name].block)
        return
    body = block.body
    value = body.get_attribute("value")
    module.outputs[name] = Output(
        name=name,
        block=block,
        value=value.expr if value is not None else None,
        description=literal_string(body.get_attribute("description")),
        sensitive=bool(literal_bool(body.get_attribute("sensitive"))),
    )


def _provider(module: Module, block: Block) -> None:
    labels = _labels(block, 1, module)
    if labels is None:
        return
    alias_attr = block.body.get_attribute("alias")
    config = ProviderConfig(name=labels[0], block=block, alias=literal_string(alias_attr))
    if alias_attr is not None and (config.alias is None or not _NAME.fullmatch(config.alias)):
        module.problems.append(Problem.at(
            "VAL014", "Invalid provider configuration alias: An alias must be a valid name, written as a literal "
            "string. A name must start with a letter or underscore and may contain only letters, digits, "
            "underscores, and dashes.", alias_attr.expr))
    for attr in block.body.attributes:
        if attr.name in _RESERVED_PROVIDER_ARGS:
            module.problems.append(Problem.at(
                "VAL014", f'Reserved argument name in provider block: The provider argument name "{attr.name}" is '
                "reserved for use by Terraform in a future version.", attr))
    for existing in module.providers:
        if existing.key == config.key:
            _duplicate(module, "provider configuration", config.key, block, existing.block)
            return
    module.providers.append(config)


def _terraform(module: Module, block: Block) -> None:
    _labels(block, 0, module)
    settings: Settings = module.settings
    settings.blocks.append(block)
    body = block.body
    version = literal_string(body.get_attribute("required_version"))
    if version is not None:
        settings.required_version = version
    for rp in body.blocks("required_providers"):
        if settings.required_providers_block is not None and settings.required_providers_block is not rp:
            first = settings.required_providers_block
            module.problems.append(Problem.at(
                "VAL007", "Duplicate required providers configuration: A module may have only one required providers "
                f"configuration. The required providers were previously configured at {first.filename}:{first.line}.",
                rp))
        else:
            settings.required_providers_block = rp
        for attr in rp.body.attributes:
            entry: dict[str, str | None] = {"source": None, "version": None}
            expr = attr.expr
            if isinstance(expr, Object):
                for key in ("source", "version"):
                    value = expr.get(key)
                    if isinstance(value, Template):
                        entry[key] = value.literal_value()
            elif isinstance(expr, Template):  # legacy `aws = "~> 5.0"`
                entry["version"] = expr.literal_value()
            settings.required_providers[attr.name] = entry
    backend = body.find_block("backend")
    if backend is not None:
        settings.backend = backend
    cloud = body.find_block("cloud")
    if cloud is not None:
        settings.cloud = cloud


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
#: Meta-argument names Terraform keeps for itself in provider blocks.
_RESERVED_PROVIDER_ARGS = frozenset({"count", "for_each", "depends_on", "source"})

#: Top-level blocks Terraform knows that the model keeps no record of.
_OTHER_TOP_LEVEL = frozenset({"ephemeral"})

_HANDLERS = {
    "variable": _variable,
    "locals": _locals,
    "resource": _resource,
    "data": _resource,
    "module": _module,
    "output": _output,
    "provider": _provider,
    "terraform": _terraform,
    "moved": lambda m, b: m.moved.append(b),
    "import": lambda m, b: m.imports.append(b),
    "removed": lambda m, b: m.removed.append(b),
    "check": lambda m, b: m.checks.append(b),
}
