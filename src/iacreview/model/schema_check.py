"""What `terraform validate` finds with the provider's schema: arguments, blocks, types, attributes.

The checks that need to know what a provider accepts: resource types and data
sources that do not exist, arguments and blocks a type does not have (with
Terraform's "Did you mean"), required arguments left out, too many or too few
blocks, values of the wrong type, values for computed-only attributes,
references to attributes a resource does not export (schema_references), and
deprecations. The summaries and positions follow what `terraform validate`
prints, so a user can match the two line for line. Only providers with a chosen schema are
checked: no schema, no findings.
"""

from __future__ import annotations

import re

from collections.abc import Iterator
from dataclasses import dataclass

from iacreview.eval.convert import convert
from iacreview.eval.errors import EvalError
from iacreview.eval.types import BOOL, DYNAMIC, NUMBER, STRING, ListType, MapType, ObjectType, SetType, TupleType, Type
from iacreview.eval.values import unknown_val
from iacreview.hcl import nodes as N
from iacreview.model.expressions import is_constant
from iacreview.model.module import RESERVED_ROOTS, Module
from iacreview.model.problems import Problem
from iacreview.model.provider_schemas import SchemaSet, ephemeral_blocks
from iacreview.model.schema_hints import docs_index, docs_page, nearest_fix, short_source
from iacreview.model.schema_references import ReferenceChecker
from iacreview.model.scope import ModuleScope
from iacreview.schema import BlockSchema, ProviderSchema
from iacreview.schema.suggest import did_you_mean

#: Rule ids of the schema checks (documented in the rule catalogue).
INVALID_TYPE = "VAL030"
UNSUPPORTED_ARGUMENT = "VAL031"
MISSING_ARGUMENT = "VAL032"
UNSUPPORTED_BLOCK = "VAL033"
BLOCK_COUNT = "VAL034"
VALUE_TYPE = "VAL036"
UNCONFIGURABLE = "VAL037"  # VAL035, unsupported attributes in references: schema_references
ONE_OF = "VAL038"
VALUE_RULE = "VAL040"
DEPRECATED = "VAL039"
WARNINGS = frozenset({DEPRECATED})

#: Meta-arguments and meta-blocks of resources and data sources: Terraform's, not the provider's.
_RESOURCE_META_ARGS = frozenset({"count", "for_each", "provider", "depends_on"})
_RESOURCE_META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection"})
_DATA_META_BLOCKS = frozenset({"lifecycle"})
_PROVIDER_META_ARGS = frozenset({"alias", "version", "count", "for_each", "depends_on", "source"})  # VAL014 has those
_KIND_WORD = {"resource": "resource type", "data": "data source", "ephemeral": "ephemeral resource type"}
_KIND_SUMMARY = {"resource": "Invalid resource type", "data": "Invalid data source",
                 "ephemeral": "Invalid ephemeral resource type"}


def check_schemas(root_scope: ModuleScope, schemas: SchemaSet, generic: ModuleScope | None = None) -> list[Problem]:
    """Every schema problem of the module tree (one pass per module, not per instance)."""
    problems: list[Problem] = []
    for scope in _module_scopes(generic or root_scope):
        problems.extend(_ModuleChecker(scope, schemas).run())
    return problems


def _module_scopes(root: ModuleScope) -> Iterator[ModuleScope]:
    seen: set[int] = set()
    stack = [root]
    while stack:
        scope = stack.pop()
        if id(scope.module) in seen:
            continue
        seen.add(id(scope.module))
        yield scope
        for name, call in scope.module.module_calls.items():
            if call.child is not None:
                stack.append(ModuleScope(call.child, scope.context, {}, f"module.{name}", variables_unknown=True))


@dataclass(frozen=True)
class _Where:
    """What is being checked: for messages and for deciding which meta-arguments apply."""

    kind: str  # resource, data, ephemeral, provider
    type_name: str
    schema: ProviderSchema
    bindings: dict
    address: str | None = None

    @property
    def docs(self) -> str:
        """The provider's documentation page of this resource type (what a reviewer opens to fix it)."""
        return docs_page(self.schema, self.kind, self.type_name)

    def inner(self, bindings: dict) -> _Where:
        return _Where(self.kind, self.type_name, self.schema, bindings, self.address)


class _ModuleChecker:
    def __init__(self, scope: ModuleScope, schemas: SchemaSet) -> None:
        self.scope = scope
        self.module: Module = scope.module
        self.schemas = schemas
        self.problems: list[Problem] = []

    def run(self) -> list[Problem]:
        for res in self.module.resources.values():
            if res.block.filename.endswith(".json"):
                continue  # JSON syntax writes blocks as properties: not checked here
            schema = self.schemas.for_resource(self.module, res)
            if schema is not None:
                kind = "data" if res.mode == "data" else "resource"
                self._check_resource(res.block, kind, res.type, schema, self._bindings(res), res.address)
        for block in ephemeral_blocks(self.module):
            if block.labels and not block.filename.endswith(".json"):
                schema = self.schemas.for_local(self.module, block.labels[0].split("_")[0])
                if schema is not None:
                    self._check_resource(block, "ephemeral", block.labels[0], schema, {},
                                         "ephemeral." + ".".join(block.labels))
        for provider in self.module.providers:
            schema = self.schemas.for_local(self.module, provider.name)
            if schema is not None and not provider.block.filename.endswith(".json"):
                where = _Where("provider", provider.name, schema, {}, f"provider.{provider.key}")
                self._check_body(provider.block, schema.provider_config(), where, top=True)
        self.problems.extend(ReferenceChecker(self.module, self.schemas).run())
        return self.problems

    def _bindings(self, res) -> dict:
        try:
            instances = self.scope.expansion(res, res.address).instances()
        except EvalError:
            instances = []
        return dict(instances[0][1]) if instances and instances[0][1] is not None else {}

    # ------------------------------------------------------------ resources

    def _check_resource(self, block: N.Block, kind: str, type_name: str, schema: ProviderSchema, bindings: dict,
                        address: str) -> None:
        body_schema = schema.block(kind, type_name)
        where = _Where(kind, type_name, schema, bindings, address)
        label = block.label_nodes[0]
        if body_schema is None:
            if schema.types(kind) or kind != "ephemeral":
                hint = did_you_mean(type_name, schema.types(kind))
                message = (f"The provider {short_source(schema.source)} does not support {_KIND_WORD[kind]} "
                           f'"{type_name}".{hint}')
                fix = nearest_fix(f"{_KIND_WORD[kind]}s of {short_source(schema.source)} with a similar name", type_name,
                                   schema.types(kind))
                self._report(INVALID_TYPE, f"{_KIND_SUMMARY[kind]}: {message}", block, label.tokens[0],
                             label.tokens[-1], where, fix, reference=docs_index(schema))
            return
        if body_schema.deprecated and schema.knows_about("deprecation"):
            text = schema.deprecation_message(kind, type_name) or f'The {_KIND_WORD[kind]} "{type_name}" is deprecated.'
            self._report(DEPRECATED, f"Deprecated Resource: {text}", block, label.tokens[0], label.tokens[-1], where,
                         "Replace it with the resource its documentation recommends.")
        self._check_body(block, body_schema, where, top=True)
        for rule in schema.value_rules(kind, type_name):
            self._check_value_rule(block, rule, where)

    def _check_body(self, block: N.Block, schema: BlockSchema, where: _Where, top: bool,
                    path: tuple[str, ...] = ()) -> None:
        body = block.body
        meta_args, meta_blocks = _meta(where.kind, top)
        present: set[str] = set()
        counts: dict[str, list[N.Block]] = {}
        dynamic: set[str] = set()
        for item in body.items:
            if isinstance(item, N.Attribute):
                if item.name in meta_args:
                    continue
                present.add(item.name)
                self._check_attribute(item, schema, where, path)
                continue
            if item.type in meta_blocks:
                continue
            if item.type == "dynamic" and item.labels:
                name = item.labels[0]
                dynamic.add(name)
                present.add(name)
                content = item.body.blocks("content")
                self._check_nested(item, name, content[0] if content else None, schema, where, path, True, block)
                continue
            present.add(item.type)
            counts.setdefault(item.type, []).append(item)
            self._check_nested(item, item.type, item, schema, where, path, False, block)
        self._check_required(block, schema, present, where)
        self._check_one_of(block, present, where, path)
        self._check_counts(block, schema, counts, dynamic, where)

    def _check_attribute(self, attr: N.Attribute, schema: BlockSchema, where: _Where, path: tuple[str, ...]) -> None:
        spec = schema.attributes.get(attr.name)
        if spec is None:
            if attr.name in schema.blocks:
                hint = f' Did you mean to define a block of type "{attr.name}"?'
                fix = f"Write {attr.name} as a block, without the equals sign: {attr.name} {{ … }}"
            else:
                hint = did_you_mean(attr.name, schema.names())
                fix = nearest_fix(f"arguments of {_what(where, path)} with a similar name", attr.name,
                                   [n for n, a in schema.attributes.items() if a.configurable] + list(schema.blocks),
                                   f'Remove "{attr.name}": {_what(where, path)} has no such argument.')
            self._report(UNSUPPORTED_ARGUMENT,
                         f'Unsupported argument: An argument named "{attr.name}" is not expected here.{hint}',
                         attr, attr.name_token, attr.name_token, where, fix)
            return
        if not spec.configurable and where.schema.knows_about("computed"):
            if self._null_or_unset(attr, where, nested=bool(path)):
                return
            self._report(UNCONFIGURABLE,
                         f'Value for unconfigurable attribute: Can\'t configure a value for "{attr.name}": its value '
                         "will be decided automatically based on the result of applying this configuration.",
                         attr, attr.expr.first, attr.expr.last, where,
                         f'Remove "{attr.name}": the provider sets it; read it as {where.type_name}.NAME.{attr.name}.')
            return
        if spec.deprecated and where.schema.knows_about("deprecation"):
            text = where.schema.deprecation_message(where.kind, where.type_name, (*path, attr.name))
            text = text or _deprecated_text(attr.name, where)
            self._report(DEPRECATED, f"Argument is deprecated: {text}", attr, attr.expr.first, attr.expr.last,
                         where, text)
        if where.schema.knows_about("types"):
            self._check_type(attr, spec.type, where)

    def _null_or_unset(self, attr: N.Attribute, where: _Where, nested: bool) -> bool:
        """Whether a computed-only attribute is in effect not set: null is the same as absent.

        Terraform rejects any other value at the top of a resource, even an unknown
        one; inside nested blocks the provider sees only values known before apply.
        """
        if isinstance(attr.expr, N.Literal) and attr.expr.token.text == "null":
            return True
        try:
            value = self.scope.evaluate(attr.expr, where.bindings)
        except EvalError:
            return nested
        if value.is_known and value.is_null:
            return True
        return nested and not value.is_known

    def _check_type(self, attr: N.Attribute, want: Type, where: _Where) -> None:
        if want.is_dynamic or _has_object(want):
            return  # objects may be written as legacy blocks whose omitted attributes are null
        expr = attr.expr
        if want is STRING and expr.__class__ in (N.Template, N.Literal):
            return  # every string, number and bool converts to a string (null included)
        if is_constant(expr) and expr.__class__ is N.Literal and want.is_primitive:
            text = expr.token.text  # type: ignore[attr-defined]
            if text == "null" or (want is BOOL and text in ("true", "false")) or (want is NUMBER and text[:1].isdigit()):
                return
        if not _may_be_known(expr):
            return
        value = self.scope.context.argument_values.get(id(expr))  # validation evaluated most arguments already
        if value is None:
            try:
                value = self.scope.evaluate(attr.expr, where.bindings)
            except EvalError:
                return  # the expression's own error is reported elsewhere
        if not value.is_wholly_known():
            return
        try:
            convert(value.unmark() if hasattr(value, "unmark") else value, want)
        except EvalError as err:
            reason = err.message.rstrip(".")
            self._report(VALUE_TYPE,
                         f'Incorrect attribute value type: Inappropriate value for attribute "{attr.name}": {reason}.',
                         attr, attr.expr.first, attr.expr.last, where,
                         f'Give "{attr.name}" a value of type {want.friendly_name()}.')

    def _check_nested(self, block: N.Block, name: str, content: N.Block | None, schema: BlockSchema, where: _Where,
                      path: tuple[str, ...], dynamic: bool, parent: N.Block) -> None:
        nested = schema.blocks.get(name)
        anchor = block.label_nodes[0].tokens[0] if dynamic else block.type_token
        if nested is None:
            spec = schema.attributes.get(name)
            if spec is not None and _block_like(spec.type):
                # A list or set of objects may be written as blocks (Terraform's attributes-as-blocks mode).
                if content is not None:
                    self._check_legacy_block(content, spec.type, where)
                return
            if spec is not None:
                hint = (f' Did you mean to define argument "{name}"? If so, use the equals sign to assign it a value.')
                fix = f"Set {name} as an argument: {name} = {{ … }}"
            else:
                hint = did_you_mean(name, schema.names())
                fix = nearest_fix(f"blocks of {_what(where, path)} with a similar name", name, list(schema.blocks),
                                   f'Remove the "{name}" block: {_what(where, path)} has no such block.')
            self._report(UNSUPPORTED_BLOCK, f'Unsupported block type: Blocks of type "{name}" are not expected here.{hint}',
                         block, anchor, anchor, where, fix)
            return
        if nested.block.deprecated and where.schema.knows_about("deprecation"):
            text = where.schema.deprecation_message(where.kind, where.type_name, (*path, name))
            text = text or _deprecated_text(name, where)
            # Terraform points at the enclosing block's opening brace.
            self._report(DEPRECATED, f"Argument is deprecated: {text}", parent, parent.open, parent.open, where, text)
        if content is not None:
            inner = where.inner({**where.bindings, **({block.labels[0]: unknown_val(DYNAMIC)} if dynamic else {})})
            iterator = block.body.get_attribute("iterator") if dynamic else None
            if iterator is not None and isinstance(iterator.expr, N.Variable):
                inner.bindings[iterator.expr.name] = unknown_val(DYNAMIC)
            self._check_body(content, nested.block, inner, top=False, path=(*path, name))

    def _check_legacy_block(self, block: N.Block, type_: Type, where: _Where) -> None:
        element = type_.element if isinstance(type_, (ListType, SetType)) else type_  # type: ignore[attr-defined]
        if not isinstance(element, ObjectType) or not element.attributes:
            return  # an object of unknown shape (a schema source that could not say): nothing to check
        for attr in block.body.attributes:
            if attr.name not in element.attributes:
                hint = did_you_mean(attr.name, list(element.attributes))
                fix = nearest_fix(f"arguments of {block.type} with a similar name", attr.name, list(element.attributes),
                                   f'Remove "{attr.name}": {block.type} has no such argument.')
                self._report(UNSUPPORTED_ARGUMENT,
                             f'Unsupported argument: An argument named "{attr.name}" is not expected here.{hint}',
                             attr, attr.name_token, attr.name_token, where, fix)

    def _check_required(self, block: N.Block, schema: BlockSchema, present: set[str], where: _Where) -> None:
        for name, spec in schema.attributes.items():
            if spec.required and name not in present:
                self._report(MISSING_ARGUMENT,
                             f'Missing required argument: The argument "{name}" is required, but no definition '
                             "was found.", block, block.open, block.open, where,
                             f'Set "{name}" ({spec.type.friendly_name()}) in '
                             f'{where.address if block.type in ("resource", "data") else "this " + block.type + " block"}.')

    def _check_value_rule(self, block: N.Block, rule: dict, where: _Where) -> None:
        """One of the provider's own value checks, on every known value at the rule's path."""
        for shown, attr in _at_path(block, rule["path"]):
            if not _may_be_known(attr.expr):
                continue
            try:
                value = self.scope.evaluate(attr.expr, where.bindings)
            except EvalError:
                continue
            if not value.is_known or value.is_null:
                continue
            raw = value.unmark().payload if hasattr(value, "unmark") else value.payload
            message = _value_violation(rule, shown, raw)
            if message is not None:
                # Terraform points at a top-level argument's value, but at the resource for one in a nested block.
                first, last = (attr.expr.first, attr.expr.last) if len(rule["path"]) == 1 else (block.open, block.open)
                self._report(VALUE_RULE, message, block, first, last, where,
                             f'Change "{attr.name}" at line {attr.line} to a value the provider accepts.')

    def _check_one_of(self, block: N.Block, present: set[str], where: _Where, path: tuple[str, ...]) -> None:
        if where.kind not in ("resource", "data"):
            return
        for group in where.schema.one_of(where.kind, where.type_name, path):
            if not present & set(group):
                names = ",".join(group)
                self._report(ONE_OF, f'Invalid combination of arguments: "{group[0]}": one of `{names}` must be '
                             "specified", block, block.open, block.open, where,
                             f"Set one of {', '.join(group)} in {_what(where, path)}.")

    def _check_counts(self, block: N.Block, schema: BlockSchema, counts: dict[str, list[N.Block]], dynamic: set[str],
                      where: _Where) -> None:
        if not where.schema.knows_about("min_max"):
            return
        for name, nested in schema.blocks.items():
            if name in dynamic:
                continue  # how many a dynamic block makes is not known here
            found = counts.get(name, [])
            limit = 1 if nested.nesting in ("single", "group") else nested.max_items
            if limit and len(found) > limit:
                extra = found[limit]
                self._report(BLOCK_COUNT, f'Too many {name} blocks: No more than {limit} "{name}" blocks are allowed',
                             extra, extra.open, extra.open, where,
                             f'Merge the {name} blocks into {"one" if limit == 1 else limit}.')
            if nested.min_items and len(found) < nested.min_items:
                self._report(BLOCK_COUNT, f'Insufficient {name} blocks: At least {nested.min_items} "{name}" blocks '
                             "are required.", block, block.open, block.open, where,
                             f'Add a {name} block to '
                             f'{where.address if block.type in ("resource", "data") else "this " + block.type + " block"}.')

    def _report(self, rule: str, message: str, node: N.Node, first, last, where: _Where, fix: str | None,
                reference: str | None = None) -> None:
        end_col = last.col + len(last.text)
        self.problems.append(Problem(rule, message, node.filename, first.line, first.col, last.line, end_col,
                                     where.address, fix, reference or where.docs))


def _meta(kind: str, top: bool) -> tuple[frozenset[str], frozenset[str]]:
    if not top:
        return frozenset(), frozenset()
    if kind == "provider":
        return _PROVIDER_META_ARGS, frozenset()
    if kind == "data":
        return _RESOURCE_META_ARGS, _DATA_META_BLOCKS
    return _RESOURCE_META_ARGS, _RESOURCE_META_BLOCKS


def _what(where: _Where, path: tuple[str, ...]) -> str:
    return " ".join([where.type_name, *path]) if where.kind != "provider" else f'provider "{where.type_name}"'


def _deprecated_text(name: str, where: _Where) -> str:
    """Where the provider's own text was not recorded: name the resource replacing an argument, if any."""
    replacement = f"{where.type_name}_{name}"
    if where.kind == "resource" and where.schema.has("resource", replacement):
        return f"{name} is deprecated. Use the {replacement} resource instead."
    configuration = f"{replacement}_configuration"
    if where.kind == "resource" and where.schema.has("resource", configuration):
        return f"{name} is deprecated. Use the {configuration} resource instead."
    return f"{name} is deprecated."


def _at_path(block: N.Block, path: list[str]) -> Iterator[tuple[str, N.Attribute]]:
    """(Terraform's dotted path such as `ingress.0.description`, attribute) of each literal match of `path`."""
    if len(path) == 1:
        attr = block.body.get_attribute(path[0])
        if attr is not None:
            yield path[0], attr
        return
    for index, nested in enumerate(block.body.blocks(path[0])):
        for rest, attr in _at_path(nested, path[1:]):
            yield f"{path[0]}.{index}.{rest}", attr


def _value_violation(rule: dict, shown: str, raw: object) -> str | None:
    """The provider's own message when `raw` breaks the rule, else None."""
    if "pattern" in rule and isinstance(raw, str):
        if not re.search(rule["pattern"], raw):
            return f'"{shown}" doesn\'t comply with restrictions ("{rule["pattern"]}"): "{raw}"'
        if rule.get("max_length") and len(raw) > rule["max_length"]:
            return f'expected length of {shown} to be in the range (0 - {rule["max_length"]}), got {raw}'
    if "one_of" in rule and raw is not None and not isinstance(raw, (str, bool)):
        number = int(raw) if float(raw) == int(raw) else float(raw)
        if number not in rule["one_of"]:
            allowed = " ".join(str(v) for v in rule["one_of"])
            return f"expected {shown.split('.')[-1]} to be one of [{allowed}], got {number}"
    return None


def _has_object(t: Type) -> bool:
    if isinstance(t, ObjectType):
        return True
    if isinstance(t, (ListType, SetType, MapType)):
        return _has_object(t.element)  # type: ignore[attr-defined]
    if isinstance(t, TupleType):
        return any(_has_object(e) for e in t.elements)  # type: ignore[attr-defined]
    return False


def _block_like(t: Type) -> bool:
    return isinstance(t, (ListType, SetType)) and isinstance(t.element, ObjectType)  # type: ignore[attr-defined]


#: Roots whose values `terraform validate` does not know: input variables, resources, data sources, modules.
_UNKNOWN_ROOTS = frozenset({"var", "data", "module", "self"})


def _may_be_known(expr: N.Node) -> bool:
    """False when the value surely is not wholly known before apply (it reads a variable or a resource).

    Validation treats every input variable as unknown, and resources are known
    only after apply: evaluating such an expression cannot show a type error
    about a known value, so it is skipped.
    """
    for node in expr.walk(N.Variable):
        name = node.name  # type: ignore[attr-defined]
        if name in _UNKNOWN_ROOTS or ("_" in name and name not in RESERVED_ROOTS):
            return False
    return True


def problem_is_warning(problem: Problem) -> bool:
    """Deprecations are warnings: `terraform validate` still says the configuration is valid."""
    return problem.rule in WARNINGS


