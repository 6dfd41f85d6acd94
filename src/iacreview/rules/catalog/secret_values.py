"""What counts as a secret, and where in the configuration a value was written.

Shared by the secret rules: names that mean a credential, placeholder values
that do not, redaction for messages, and the sites (argument, variable default,
tfvars entry, local, heredoc) a literal comes from, so each secret is reported
once, where it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Iterator
from typing import Any

from iacreview.eval.evaluator import Evaluator, MappingScope
from iacreview.hcl import nodes as N
from iacreview.model.inputs import RawInput
from iacreview.model.scope import ModuleScope
from iacreview.rules.base import Edit
from iacreview.rules.context import RuleContext

# ---------------------------------------------------------------- what counts as a secret


_TRAILING_NOISE = {"wo", "value", "string", "plaintext", "text"}
_SECRET_ENDINGS = ("password", "passwd", "passwords", "passphrase", "secret", "secrets", "token", "apikey")
_SECRET_KEY_QUALIFIERS = {"api", "access", "secret", "private", "signing", "auth", "master"}
#: Words before "token" that make it an idempotency or paging token, not a credential.
_NOT_CREDENTIAL_TOKENS = {"creation", "idempotency", "client", "request", "caller", "continuation", "next", "page"}
_NOT_SECRET_PREFIXES = {
    "manage", "enable", "enabled", "create", "use", "generate", "rotate", "min", "max", "require", "is", "has",
    "allow", "encrypted", "hashed", "public", "kms",
}


def _name_tokens(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [t for t in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if t]


@lru_cache(maxsize=4096)
def secret_name(name: str) -> bool:
    """Whether an argument, key, variable or output name says it holds a secret.

    The secret word must come last (`db_password`, `auth_token`, `api_key`,
    `secret_string`), so `password_policy`, `secret_arn`, `kms_key_id`,
    `token_validity` and `manage_master_user_password` are not secrets.
    """
    tokens = _name_tokens(name)
    while len(tokens) > 1 and tokens[-1] in _TRAILING_NOISE:
        tokens.pop()
    if not tokens or tokens[0] in _NOT_SECRET_PREFIXES:
        return False
    last = tokens[-1]
    if last == "token" and len(tokens) > 1 and tokens[-2] in _NOT_CREDENTIAL_TOKENS:
        return False
    if last.endswith(_SECRET_ENDINGS):
        return True
    return last == "key" and len(tokens) > 1 and tokens[-2] in _SECRET_KEY_QUALIFIERS


#: Last words of a name that says its value points at a secret rather than holding it.
_POINTER_ENDINGS = {
    "name", "names", "location", "locations", "path", "paths", "arn", "arns", "id", "ids", "prefix", "parameter",
    "parameters", "uri", "reference",
}
#: Words before a final "key" that make it the key of a store entry (`..._ssm_key`), not a credential.
_STORE_KEY_QUALIFIERS = {"ssm", "asm", "parameter", "param", "store", "vault", "s3", "object", "secretsmanager"}


def pointer_name(name: str) -> bool:
    """Whether a name says its value locates a secret (`master_password_ssm_key`, `api_key_location`,
    `db_password_secret_arn`): such a value is a name, path or ARN, not the credential itself."""
    tokens = _name_tokens(name)
    if not tokens:
        return False
    last = tokens[-1]
    if last in _POINTER_ENDINGS:
        return True
    return last == "key" and len(tokens) > 1 and tokens[-2] in _STORE_KEY_QUALIFIERS


_PLACEHOLDER_WORDS = {
    "test", "testing", "mock", "fake", "dummy", "foo", "bar", "foobar", "localstack", "none", "null", "nil",
    "n/a", "na", "tbd", "todo", "unset", "default", "changeit", "secret-name", "-",
}
_PLACEHOLDER_MARKERS = (
    "change_me", "changeme", "change-me", "change me", "change_this", "changethis", "change-this", "replace",
    "your_", "your-", "yourpassword", "yoursecret", "placeholder", "example", "dummy", "sample", "insert_",
    "redacted", "notreal", "not_real", "not-real", "fixme", "todo", "update_me", "updateme", "to_be_", "to-be-",
    "set_me", "setme", "set-me", "override", "xxxx", "****", "...",
)
_REFERENCE_PREFIXES = ("arn:", "{{resolve:", "/aws/reference/", "alias/", "ssm:", "secretsmanager:")


def is_placeholder(value: str) -> bool:
    """Values a reviewer reads as "fill this in", not as a real credential."""
    low = value.strip().lower()
    if len(low) < 4 or low in _PLACEHOLDER_WORDS:
        return True
    if "${" in value or "{{" in value or "%{" in value or re.search(r"<[^<>]+>", value):
        return True
    if low.startswith(_REFERENCE_PREFIXES):
        return True
    if len(set(low)) == 1:
        return True
    return any(marker in low for marker in _PLACEHOLDER_MARKERS) and not _password_shaped(value)


def _password_shaped(value: str) -> bool:
    """Eight characters or more mixing three of lower case, upper case, digits and symbols.

    "ChangeMe123!Secure" names a placeholder but is a working password: as a
    variable default or an argument it is what gets deployed. "CHANGE_ME" and
    "replace-with-your-password" are not passwords at all.
    """
    if len(value) < 8 or any(c.isspace() for c in value):
        return False
    classes = (any(c.islower() for c in value), any(c.isupper() for c in value), any(c.isdigit() for c in value),
               any(not c.isalnum() for c in value))
    return sum(classes) >= 3


def real_secret(value: Any) -> bool:
    """A known, non-empty, non-placeholder string."""
    return isinstance(value, str) and value.strip() != "" and not is_placeholder(value)


def redact(value: str) -> str:
    """At most the first four characters, then an ellipsis."""
    return value[:4] + "…" if len(value) > 4 else value[:1] + "…"


# ---------------------------------------------------------------- where a value was written


@dataclass
class Site:
    """A secret literal: where it is written and what uses it."""

    file: str
    line: int
    col: int
    end_line: int | None
    end_col: int | None
    value: str
    context: str  # "aws_db_instance.main: password"

    @classmethod
    def at(cls, node: N.Node, value: str, context: str) -> Site:
        return cls(node.filename, node.line, node.col, node.end_line, node.end_col, value, context)

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.file, self.line, self.col)


_PASS_THROUGH = {"tomap", "toset", "tolist", "tostring", "sensitive", "nonsensitive", "trimspace"}
_CONSTANT = Evaluator(MappingScope({}))


class Origins:
    """Finds the expression that defines a value, following var (tfvars, default), local and each.value."""

    def __init__(self, scope: ModuleScope, resource_for_each: N.Node | None = None, key: Any = None) -> None:
        self.scope = scope
        self.for_each = resource_for_each
        self.key = key

    def literal(self, expr: N.Node) -> N.Node | None:
        """The string literal `expr` evaluates from, or None when the value is computed."""
        node = self.resolve(expr, 0)
        if isinstance(node, N.Template) and node.literal_value() is not None:
            return node
        if isinstance(node, N.Literal) and isinstance(node.value, str):
            return node
        return None

    def resolve(self, expr: N.Node | None, depth: int) -> N.Node | None:
        while expr is not None and depth < 12:
            depth += 1
            if isinstance(expr, N.Parens):
                expr = expr.expr
                continue
            if isinstance(expr, N.Template) and expr.is_wrapped_interpolation:
                expr = expr.parts[0].expr  # type: ignore[attr-defined]
                continue
            if isinstance(expr, (N.Template, N.Literal, N.Object, N.Tuple)):
                return expr
            if isinstance(expr, N.FunctionCall) and expr.name in _PASS_THROUGH and len(expr.args) == 1:
                expr = expr.args[0]
                continue
            parts = N.traversal_parts(expr)
            if not parts or len(parts) < 2:
                return None
            base = self._definition(parts[0], parts[1])
            if base is None:
                return None
            expr = self._descend(base, parts[2:], depth)
        return None

    def _definition(self, root: str, name: str) -> N.Node | None:
        module = self.scope.module
        if root == "var" and name in module.variables:
            raw = self.scope.inputs.get(name)
            if isinstance(raw, RawInput):
                return raw.expr
            if raw is not None:
                return None  # a child module's input: written in the caller
            return module.variables[name].default
        if root == "local" and name in module.locals:
            return module.locals[name].expr
        if root == "each" and name == "value" and self.for_each is not None and self.key is not None:
            collection = self.resolve(self.for_each, 0)
            return self._step(collection, str(self.key)) if collection is not None else None
        return None

    def _descend(self, node: N.Node, keys: list[str], depth: int) -> N.Node | None:
        current: N.Node | None = node
        for key in keys:
            current = self.resolve(current, depth)
            if current is None:
                return None
            current = self._step(current, key)
        return current

    @staticmethod
    def _step(node: N.Node, key: str) -> N.Node | None:
        while isinstance(node, N.FunctionCall) and node.name in _PASS_THROUGH and len(node.args) == 1:
            node = node.args[0]
        if isinstance(node, N.Object):
            return node.get(key)
        if isinstance(node, N.Tuple):
            if key.isdigit() and int(key) < len(node.items):
                return node.items[int(key)]
            for item in node.items:  # a set of strings: each.value is the element itself
                if isinstance(item, N.Template) and item.literal_value() == key:
                    return item
        return None


def _scopes(ctx: RuleContext) -> list[ModuleScope]:
    """The root scope and every instance scope of local child modules."""
    found: list[ModuleScope] = []
    pending = [ctx.config.scope]
    while pending:
        scope = pending.pop(0)
        found.append(scope)
        for name in scope.module.module_calls:
            pending.extend(child for _, child in scope.child_scopes(name))
    return found


# ---------------------------------------------------------------- the fix shared by SEC083-SEC085


def _set_sensitive_edits(block: N.Block) -> list[Edit]:
    """Turn `sensitive = false` into true, or add `sensitive = true` as the block's last argument.

    The new line joins the run of one-line arguments above it with the `=`
    signs aligned as `terraform fmt` would, so the fix is format-clean.
    """
    attr = block.body.get_attribute("sensitive")
    if attr is not None:
        start, end = attr.expr.span
        return [Edit(block.filename, start, end, "true")]
    if block.close.line == block.open.line:
        return []
    text = block.source.text
    line_start = text.rfind("\n", 0, block.close.start) + 1
    indent = text[line_start:block.close.start]
    if indent.strip():
        return []
    group = _aligned_group(block)
    width = max([len("sensitive")] + [len(a.name) for a in group])
    edits = []
    for a in group:
        gap_start, gap_end = a.name_token.end, a.equals.start
        wanted = " " * (width - len(a.name) + 1)
        if text[gap_start:gap_end] != wanted:
            edits.append(Edit(block.filename, gap_start, gap_end, wanted))
    pad = " " * (width - len("sensitive") + 1)
    edits.append(Edit(block.filename, line_start, line_start, f"{indent}  sensitive{pad}= true\n"))
    return edits


def _aligned_group(block: N.Block) -> list[N.Attribute]:
    """One-line arguments on the lines right above the closing brace (terraform fmt aligns them together)."""
    group: list[N.Attribute] = []
    expected_line = block.close.line - 1
    for item in reversed(block.body.items):
        if not isinstance(item, N.Attribute) or item.line != expected_line or item.end_line != item.line:
            break
        group.append(item)
        expected_line -= 1
    return group


# ---------------------------------------------------------------- references a value is made of


def _steps(node: N.Node) -> tuple[N.Node, list[str]]:
    """Down a run of attribute and index steps: the node the run starts from, and its attribute names."""
    names: list[str] = []
    while isinstance(node, (N.GetAttr, N.Index)):
        if isinstance(node, N.GetAttr):
            names.append(node.name)
        node = node.obj
    names.reverse()
    return node, names


def _chain(node: N.Node) -> list[str] | None:
    """`a.b[0].c` → ["a", "b", "c"]; splats and indexes are skipped.

    Iterative, like `references`: generated code can chain thousands of steps.
    """
    suffix: list[str] = []
    while True:
        start, names = _steps(node)
        suffix = names + suffix
        if isinstance(start, N.Variable):
            return [start.name, *suffix]
        if not isinstance(start, N.Splat):
            return None
        tail = _anon_chain(start.each)
        if tail is None:
            return None
        suffix = tail + suffix
        node = start.src


def _anon_chain(node: N.Node) -> list[str] | None:
    start, names = _steps(node)
    return names if isinstance(start, N.AnonSymbol) else None


def references(expr: N.Node, aliases: dict[str, list[str]] | None = None) -> Iterator[list[str]]:
    """Every traversal in `expr` outside nonsensitive(), as a chain of names, in source order.

    Inside `[for v in aws_x.y : v.attr]` the iteration variable stands for
    the collection, so `v.attr` is reported as `aws_x.y.attr`; the collection
    itself counts only for what the body takes from it. The walk keeps its own
    stack: a generated `1 + 1 + … + 1` nests thousands of levels deep.
    """
    stack: list[tuple[N.Node, dict[str, list[str]]]] = [(expr, aliases or {})]
    while stack:
        node, names = stack.pop()
        if isinstance(node, (N.Variable, N.GetAttr, N.Index, N.Splat)):
            chain = _chain(node)
            if chain is not None:
                yield names[chain[0]] + chain[1:] if chain[0] in names else chain
                continue
        if isinstance(node, N.FunctionCall) and node.name == "nonsensitive":
            continue
        if isinstance(node, N.ForExpr):
            collection = _chain(node.collection)
            inner = dict(names)
            pending: list[tuple[N.Node, dict[str, list[str]]]] = []
            if collection is not None and len(collection) == 2 and collection[0] not in ("var", "local", "module"):
                inner[node.value_var] = collection
            else:
                pending.append((node.collection, names))
            pending.extend((part, inner) for part in (node.key_expr, node.value_expr, node.cond) if part is not None)
            stack.extend(reversed(pending))
            continue
        stack.extend((child, names) for child in reversed(list(node.children())))
