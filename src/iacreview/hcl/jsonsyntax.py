"""Terraform's JSON configuration syntax (`.tf.json`, `.tfvars.json`) as the native tree.

The layers above (module model, evaluator, rules) should not care whether a
block was written as HCL or as JSON, so a JSON file becomes the same
`ConfigFile` / `Body` / `Block` / `Attribute` / expression nodes a `.tf` file
does, with positions in the JSON text and `to_source()` giving the text back.

The mapping follows Terraform's "JSON Configuration Syntax" page and HCL's JSON
specification:

- The root object's keys are block types. `resource`, `data` and `ephemeral`
  nest two label levels, `variable`, `output`, `module`, `provider` and `check`
  one, `locals`, `terraform`, `moved`, `import` and `removed` none. At any label
  level and at the body level a value may be an object or an array of objects;
  an array of bodies means repeated blocks (`"ingress": [{…}, {…}]`). The root
  itself may also be an array of objects, whose members are read in order.
- Inside a block body, the nested block types Terraform itself defines are
  blocks (`lifecycle`, `provisioner "x"`, `connection`, `dynamic "x"` with its
  `content`, `precondition`/`postcondition`, `validation`, `backend "x"`,
  `cloud`, `required_providers` …); every other key is an attribute.
  Provider-defined nested blocks (`versioning`, `ingress`, `default_tags` …)
  cannot be told from attributes without provider schemas, so they come out as
  attributes whose value is an `Object` (or a `Tuple` of objects).
- `"//"` keys of objects that are block bodies are comments and are dropped;
  in objects that are expressions they are ordinary keys.
- Strings are read as templates (`"${var.x}-a"` has a real `TemplateInterp`
  holding a `GetAttr`), except where Terraform takes them literally
  (`variable.default`/`description`, `output.description`, `module.source`/
  `version`, `provider.alias`/`version`, everything in `terraform`, a
  connection's `type`, all of `.tfvars.json`) or as the text of an expression
  (`variable.type`, `provider`, `depends_on`, `lifecycle.ignore_changes` and
  `replace_triggered_by`, a dynamic block's `iterator`, `module.providers`,
  `moved`/`import`/`removed` addresses). Literal strings are a `Template` with
  one `TemplateLiteral`; expression strings yield the expression node itself,
  so `"provider": "aws.west"` reads like `provider = aws.west`. Object keys
  follow the same rule as their values.
- Numbers, `true`, `false` and `null` are `Literal` nodes (a negative number is
  one `Literal` whose value text starts with "-"), arrays `Tuple`, objects `Object`.

Positions: every node's `first`/`last` tokens lie in the JSON text. An attribute
starts at the opening quote of its key; a block starts at the quote of the key
whose value is its body (its last label, or its type when it has none), or at
the body's `{` when the body is an element of an array. A name token is the
key's content token; for a key written with JSON escapes it is a separate token
holding the decoded name at the same position, outside `ConfigFile.tokens`.
Nodes inside template strings map exactly onto the JSON text (see jsontemplate).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from enum import Enum

from iacreview.hcl import nodes as N
from iacreview.hcl import tokens as T
from iacreview.hcl.errors import MAX_ERRORS, HCLSyntaxError
from iacreview.hcl.jsonscan import (
    MAX_JSON_NESTING,
    JArray,
    JKeyword,
    JNumber,
    JObject,
    JString,
    JValue,
    describe_value,
    scan_json,
    value_first,
    value_last,
)
from iacreview.hcl.jsontemplate import Embedded, expression_from_string, literal_template, template_from_string
from iacreview.hcl.source import Diagnostic, Source
from iacreview.hcl.tokens import Token


class Mode(Enum):
    """How the strings of a value are read."""

    TEMPLATE = "template"
    LITERAL = "literal"
    EXPRESSION = "expression"


@dataclass(frozen=True)
class BlockKind:
    """A nested block type: how many labels it takes and the schema of its body (by name)."""

    labels: int
    body: str


@dataclass(frozen=True)
class BodySchema:
    """What a body may hold: its block types, and how each attribute's strings are read."""

    blocks: dict[str, BlockKind] = field(default_factory=dict)
    modes: dict[str, Mode] = field(default_factory=dict)
    default: Mode = Mode.TEMPLATE
    #: Top level of a configuration: an unknown key holding objects is taken as a block.
    unknown_as_blocks: bool = False


_EXPR, _LIT = Mode.EXPRESSION, Mode.LITERAL
_CONDITIONS = {"precondition": BlockKind(0, "condition"), "postcondition": BlockKind(0, "condition")}
_DYNAMIC = {"dynamic": BlockKind(1, "dynamic")}
_REFERENCES = {"provider": _EXPR, "depends_on": _EXPR}

#: Body schemas by name, from Terraform's own block types (provider schemas are not known here).
SCHEMAS: dict[str, BodySchema] = {
    "config": BodySchema(
        blocks={
            "terraform": BlockKind(0, "terraform"),
            "provider": BlockKind(1, "provider"),
            "variable": BlockKind(1, "variable"),
            "output": BlockKind(1, "output"),
            "locals": BlockKind(0, "attributes"),
            "module": BlockKind(1, "module"),
            "resource": BlockKind(2, "resource"),
            "data": BlockKind(2, "data"),
            "ephemeral": BlockKind(2, "data"),
            "moved": BlockKind(0, "moved"),
            "import": BlockKind(0, "import"),
            "removed": BlockKind(0, "removed"),
            "check": BlockKind(1, "check"),
        },
        unknown_as_blocks=True,
    ),
    "tfvars": BodySchema(default=_LIT),
    "attributes": BodySchema(),
    "literal": BodySchema(default=_LIT),
    "condition": BodySchema(),
    "terraform": BodySchema(
        blocks={
            "backend": BlockKind(1, "literal"),
            "cloud": BlockKind(0, "cloud"),
            "required_providers": BlockKind(0, "literal"),
            "provider_meta": BlockKind(1, "literal"),
        },
        modes={"experiments": _EXPR},
        default=_LIT,
    ),
    "cloud": BodySchema(blocks={"workspaces": BlockKind(0, "literal")}, default=_LIT),
    "provider": BodySchema(blocks=_DYNAMIC, modes={"alias": _LIT, "version": _LIT}),
    "variable": BodySchema(
        blocks={"validation": BlockKind(0, "condition")},
        modes={"type": _EXPR, "default": _LIT, "description": _LIT},
    ),
    "output": BodySchema(
        blocks={"precondition": BlockKind(0, "condition")},
        modes={"description": _LIT, "sensitive": _LIT, "depends_on": _EXPR},
    ),
    "module": BodySchema(
        modes={"source": _LIT, "version": _LIT, "providers": _EXPR, "depends_on": _EXPR},
    ),
    "resource": BodySchema(
        blocks={
            "lifecycle": BlockKind(0, "lifecycle"),
            "provisioner": BlockKind(1, "provisioner"),
            "connection": BlockKind(0, "connection"),
            **_DYNAMIC,
        },
        modes=_REFERENCES,
    ),
    "data": BodySchema(blocks={"lifecycle": BlockKind(0, "lifecycle"), **_DYNAMIC}, modes=_REFERENCES),
    "lifecycle": BodySchema(
        blocks=_CONDITIONS,
        modes={"ignore_changes": _EXPR, "replace_triggered_by": _EXPR},
    ),
    "provisioner": BodySchema(
        blocks={"connection": BlockKind(0, "connection")},
        modes={"when": _EXPR, "on_failure": _EXPR},
    ),
    "connection": BodySchema(modes={"type": _LIT}),
    "dynamic": BodySchema(blocks={"content": BlockKind(0, "dynamic_content")}, modes={"iterator": _EXPR}),
    "dynamic_content": BodySchema(blocks=_DYNAMIC),
    "moved": BodySchema(modes={"from": _EXPR, "to": _EXPR}),
    "import": BodySchema(modes={"to": _EXPR, "provider": _EXPR}),
    "removed": BodySchema(
        blocks={
            "lifecycle": BlockKind(0, "literal"),
            "provisioner": BlockKind(1, "provisioner"),
            "connection": BlockKind(0, "connection"),
        },
        modes={"from": _EXPR},
    ),
    "check": BodySchema(blocks={"data": BlockKind(2, "data"), "assert": BlockKind(0, "condition")}),
}

_COMMENT_KEY = "//"


class _TooManyErrors(Exception):
    """Internal: MAX_ERRORS problems were found; stop looking."""


class JsonTreeBuilder:
    """Turns one scanned JSON document into tree nodes; use `parse_json_with_errors()`."""

    def __init__(self, source: Source, tokens: list[Token]) -> None:
        self.source = source
        self.tokens = tokens
        self.errors: list[Diagnostic] = []
        #: id(content token of a string) → the tokens that replace it in the file's list.
        self.replacements: dict[int, list[Token]] = {}

    # ------------------------------------------------------------ errors

    def record(self, diagnostic: Diagnostic) -> None:
        self.errors.append(diagnostic)
        if len(self.errors) >= MAX_ERRORS:
            raise _TooManyErrors

    def error_at(self, tok: Token, message: str) -> None:
        self.record(Diagnostic(self.source.filename, tok.line, tok.col, message))

    # ------------------------------------------------------------ structure

    def file(self, root: JValue, schema: BodySchema) -> N.ConfigFile:
        try:
            body = self.root_body(root, schema)
        except _TooManyErrors:
            body = N.Body([], self.tokens[0], self.tokens[0], self.source)
        return N.ConfigFile(body, self.final_tokens(), self.source)

    def root_body(self, root: JValue, schema: BodySchema) -> N.Body:
        if isinstance(root, JObject):
            return self.body([root], schema, root)
        if isinstance(root, JArray) and schema.unknown_as_blocks:
            objects = [item for item in root.items if isinstance(item, JObject)]
            for item in root.items:
                if not isinstance(item, JObject):
                    found = describe_value(item)
                    self.error_at(value_first(item), f"expected a JSON object in the root array, found {found}")
            return self.body(objects, schema, root)
        what = "object or an array of objects" if schema.unknown_as_blocks else "object"
        self.error_at(value_first(root), f"the root of this file must be a JSON {what}, found {describe_value(root)}")
        return N.Body([], value_first(root), value_first(root), self.source)

    def body(self, objects: list[JObject], schema: BodySchema, outer: JObject | JArray) -> N.Body:
        """The items of one body, given as the members of `objects` in order."""
        items: list[N.Attribute | N.Block] = []
        seen: dict[str, N.Attribute] = {}
        for obj in objects:
            for member in obj.members:
                key, value = member.key, member.value
                name = key.value
                if name == _COMMENT_KEY:
                    continue
                kind = schema.blocks.get(name)
                if kind is None and schema.unknown_as_blocks and _holds_objects(value):
                    kind = BlockKind(0, "attributes")
                if kind is not None:
                    self.blocks(key, value, kind, [], key, items)
                    continue
                expr = self.expr(value, schema.modes.get(name, schema.default))
                attr = N.Attribute(self.name_token(key), member.colon, expr, self.source)
                attr.first, attr.last = key.open, value_last(value)  # the quotes are part of it
                earlier = seen.get(name)
                if earlier is not None:
                    self.error_at(
                        key.open,
                        f"attribute {name!r} was already set at {earlier.line}:{earlier.col}; "
                        "each attribute may be set only once",
                    )
                else:
                    seen[name] = attr
                items.append(attr)
        assert outer.close is not None
        if items:
            return N.Body(items, items[0].first, items[-1].last, self.source)
        return N.Body(items, outer.close, outer.close, self.source)

    def blocks(
        self,
        type_key: JString,
        value: JValue,
        kind: BlockKind,
        labels: list[JString],
        direct_key: JString | None,
        out: list[N.Attribute | N.Block],
    ) -> None:
        """Blocks of one type from `value`: label levels first, then one body or an array of bodies."""
        block_type = type_key.value
        if len(labels) < kind.labels:
            level = len(labels) + 1
            if isinstance(value, JObject):
                for member in value.members:
                    self.blocks(type_key, member.value, kind, [*labels, member.key], member.key, out)
                return
            if isinstance(value, JArray):
                for item in value.items:
                    if isinstance(item, JObject):
                        self.blocks(type_key, item, kind, labels, None, out)
                    else:
                        self.error_at(
                            value_first(item),
                            f"expected a JSON object whose keys are label {level} of the {block_type!r} "
                            f"block, found {describe_value(item)}",
                        )
                return
            self.error_at(
                value_first(value),
                f"{block_type!r} blocks take {kind.labels} label(s): expected a JSON object whose keys are "
                f"label {level}, or an array of such objects, found {describe_value(value)}",
            )
            return
        if isinstance(value, JObject):
            out.append(self.block(type_key, labels, value, kind, direct_key))
            return
        if isinstance(value, JArray):
            for item in value.items:
                if isinstance(item, JObject):
                    out.append(self.block(type_key, labels, item, kind, None))
                else:
                    self.error_at(
                        value_first(item),
                        f"expected a JSON object for the body of the {block_type!r} block, "
                        f"found {describe_value(item)}",
                    )
            return
        self.error_at(
            value_first(value),
            f"expected a JSON object (or an array of objects) for the body of the {block_type!r} block, "
            f"found {describe_value(value)}",
        )

    def block(
        self, type_key: JString, labels: list[JString], obj: JObject, kind: BlockKind, direct_key: JString | None
    ) -> N.Block:
        body = self.body([obj], SCHEMAS[kind.body], obj)
        label_nodes = [N.Label(_string_tokens(js), js.value, quoted=True) for js in labels]
        assert obj.close is not None
        block = N.Block(self.name_token(type_key), label_nodes, obj.open, body, obj.close, self.source)
        block.first = direct_key.open if direct_key is not None else obj.open
        return block

    def name_token(self, key: JString) -> Token:
        """The token whose text is the key's name (see the module docstring)."""
        if key.content is not None and not key.has_escapes:
            return key.content
        start = key.open.end
        line, col = self.source.position(start)
        return Token(T.QUOTED_LIT, key.value, start, line, col)

    # ------------------------------------------------------------ expressions

    def expr(self, value: JValue, mode: Mode) -> N.Expr:
        if isinstance(value, JString):
            return self.string(value, mode)
        if isinstance(value, JNumber):
            return N.Literal(value.token, value.token.text, self.source)
        if isinstance(value, JKeyword):
            return N.Literal(value.token, value.value, self.source)
        assert value.close is not None
        if isinstance(value, JArray):
            return N.Tuple(value.open, [self.expr(item, mode) for item in value.items], value.close, self.source)
        items = []
        for member in value.members:
            item = N.ObjectItem(self.string(member.key, mode), member.colon, self.expr(member.value, mode), self.source)
            item.first, item.last = member.key.open, value_last(member.value)
            items.append(item)
        return N.Object(value.open, items, value.close, self.source)

    def string(self, js: JString, mode: Mode) -> N.Expr:
        if mode is Mode.LITERAL:
            return literal_template(js, self.source)
        read: Embedded
        if mode is Mode.TEMPLATE:
            read = template_from_string(js, self.source)
        else:
            read = expression_from_string(js, self.source)
        for diagnostic in read.errors:
            self.record(diagnostic)
        if read.node is None:
            return literal_template(js, self.source)
        if js.content is not None and read.tokens != [js.content]:
            self.replacements[id(js.content)] = read.tokens
        return read.node

    def final_tokens(self) -> list[Token]:
        """The scanner's tokens with each parsed string's content split into its own tokens."""
        if not self.replacements:
            return self.tokens
        out: list[Token] = []
        for tok in self.tokens:
            replacement = self.replacements.get(id(tok))
            if replacement is None:
                out.append(tok)
            else:
                out.extend(replacement)
        return out


def _holds_objects(value: JValue) -> bool:
    if isinstance(value, JObject):
        return True
    return isinstance(value, JArray) and bool(value.items) and all(isinstance(i, JObject) for i in value.items)


def _string_tokens(js: JString) -> list[Token]:
    return [js.open, js.content, js.close] if js.content is not None else [js.open, js.close]


def is_vars_file(filename: str) -> bool:
    """`.tfvars.json` files hold only variable values, taken literally."""
    return filename.endswith(".tfvars.json")


def parse_json_with_errors(
    text: str, filename: str = "<input>.tf.json"
) -> tuple[N.ConfigFile | None, list[Diagnostic]]:
    """Parse and return the tree with every problem found (at most MAX_ERRORS).

    The tree is None when the text is not JSON at all; otherwise it is complete
    except for values that were wrong (strings that did not parse stay literal).
    """
    try:
        root, tokens, source = scan_json(text, filename)
    except HCLSyntaxError as err:
        return None, err.diagnostics
    schema = SCHEMAS["tfvars" if is_vars_file(filename) else "config"]
    builder = JsonTreeBuilder(source, tokens)
    limit = sys.getrecursionlimit()
    # Values nest up to MAX_JSON_NESTING levels, a few frames each, and strings
    # are parsed by the native parser below that.
    needed = 20 * MAX_JSON_NESTING
    if limit < needed:
        sys.setrecursionlimit(needed)
    try:
        tree = builder.file(root, schema)
    finally:
        sys.setrecursionlimit(limit)
    return tree, builder.errors


def parse_json(text: str, filename: str = "<input>.tf.json") -> N.ConfigFile:
    """Parse Terraform JSON syntax into the native tree; raises HCLSyntaxError on any problem.

    `parse_json(text).to_source() == text` for every text that parses.
    """
    tree, errors = parse_json_with_errors(text, filename)
    if errors or tree is None:
        raise HCLSyntaxError(errors)
    return tree


