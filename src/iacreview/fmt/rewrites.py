"""The token rewrites `terraform fmt` makes on top of HCL's whitespace formatting.

Terraform's fmt command edits the file before laying it out:

- every block's labels are re-written in the quoted form with canonical escapes
  (`resource aws_vpc main` → `resource "aws_vpc" "main"`, `"\\u0041"` → `"A"`),
  and anything between the block type and its last label (comments) is dropped,
  as is a quoted label holding `$` or `%` beside other text (HCL's scanner cuts
  it into several tokens, and Terraform reads back only one-token labels);
- an attribute whose whole value is one interpolation, `"${expr}"`, becomes
  `expr` (with parentheses added when `expr` spans lines); values nested inside
  objects or calls are left alone;
- in a top-level `variable` block, `type = list` / `map` / `set` becomes
  `list(any)` …, and the pre-0.12 quoted types `"string"`, `"list"`, `"map"`
  become `string`, `list(string)`, `map(string)`.

Before those, HCL's own editing library (which Terraform parses the file with)
loses one thing on reading it: in a reference such as `var.x[null]` or
`local.m[true].id`, the key of an index step that is `true`, `false` or `null`
is dropped, leaving `var.x[]`. It happens only where HCL sees a plain
reference to a variable: the index chain starts at a name that is not a
for-expression's own variable, and every key before it is a literal. The
formatter reproduces that too (`dropped_index_keys`).

The rewrites work on the formatter's token stream, guided by the syntax tree
for where attributes, labels and index keys are.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from iacreview.fmt.stream import (
    COMMENT,
    COMMENT_LINE,
    CQUOTE,
    OBRACK,
    CPAREN,
    IDENT,
    NEWLINE,
    OPAREN,
    OQUOTE,
    QUOTED_LIT,
    TEMPLATE_INTERP,
    TEMPLATE_SEQ_END,
    Stream,
)
from iacreview.hcl.nodes import (
    Attribute,
    Block,
    Body,
    ConfigFile,
    Expr,
    ForExpr,
    GetAttr,
    Index,
    Label,
    Literal,
    Node,
    ObjectItem,
    Template,
    TemplateFor,
    Variable,
)
from iacreview.hcl.tokens import Token

TokenPairs = list[tuple[int, str]]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace stream tokens [start, end) by `tokens`; `reason` names the rewrite."""

    start: int
    end: int
    tokens: TokenPairs
    reason: str


def rewrite(tree: ConfigFile, stream: Stream) -> Stream:
    """The stream with everything Terraform changes besides whitespace changed."""
    stream = apply_edits(stream, dropped_index_keys(tree, stream))
    return apply_edits(stream, find_edits(tree, stream))


def dropped_index_keys(tree: ConfigFile, stream: Stream) -> list[Edit]:
    """Edits removing the `true`/`false`/`null` keys HCL loses when reading references."""
    if not _may_lose_keys(stream):
        return []
    locate = _Locator(stream)
    indexes: list[Index] = []
    for attribute in _attributes(tree.body):
        _find_lost_keys(attribute.expr, indexes)
    edits = []
    kinds = stream.kinds
    for index in indexes:
        open_ = locate(index.obj.last) + 1
        while kinds[open_] != OBRACK:
            open_ += 1
        edits.append(Edit(open_ + 1, locate(index.close), [], "index key lost by HCL"))
    edits.sort(key=lambda e: e.start)
    return edits


_LOSABLE_KEYS = frozenset({"true", "false", "null"})
_SKIPPED_IN_BRACKETS = frozenset({NEWLINE, COMMENT_LINE, COMMENT})


def _may_lose_keys(stream: Stream) -> bool:
    """Whether any `[` is followed by a bare true/false/null: without one, no walk of the tree is needed."""
    kinds, texts = stream.kinds, stream.texts
    last = len(kinds) - 1
    i = -1
    while True:
        try:
            i = kinds.index(OBRACK, i + 1)
        except ValueError:
            return False
        j = i + 1
        while j <= last and kinds[j] in _SKIPPED_IN_BRACKETS:
            j += 1
        if j <= last and kinds[j] == IDENT and texts[j] in _LOSABLE_KEYS:
            return True


def _attributes(body: Body) -> Iterator[Attribute]:
    """Every attribute of the body and of the blocks in it, at any depth."""
    stack = [body]
    while stack:
        for item in stack.pop().items:
            if isinstance(item, Attribute):
                yield item
            else:
                stack.append(item.body)


def _find_lost_keys(expr: Expr, out: list[Index]) -> None:
    """Collect the Index nodes below `expr` whose key HCL drops.

    Walks with an explicit stack (chains like `a + b + …` nest deeply). Each
    entry carries the names bound by enclosing for-expressions: a reference
    starting with one of those is not a variable to HCL, so it loses nothing.
    """
    stack: list[tuple[Node, frozenset[str]]] = [(expr, frozenset())]
    while stack:
        node, bound = stack.pop()
        if isinstance(node, (Variable, GetAttr, Index)):
            _scan_chain(node, bound, stack, out)
        elif isinstance(node, (ForExpr, TemplateFor)):
            stack.append((node.collection, bound))
            inner = bound | {name for name in (node.key_var, node.value_var) if name}
            scoped = [node.key_expr, node.value_expr, node.cond] if isinstance(node, ForExpr) else node.body_parts
            stack.extend((child, inner) for child in scoped if child is not None)
        elif isinstance(node, ObjectItem) and isinstance(node.key, Variable):
            stack.append((node.value, bound))  # a bare key is a name, not a reference
        else:
            stack.extend((child, bound) for child in node.children())


def _scan_chain(top: Expr, bound: frozenset[str], stack: list, out: list[Index]) -> None:
    """One chain of attribute and index steps: HCL reads its lower part as a reference.

    The reference runs from the root name up to just below the topmost index
    whose key is not a literal; the steps above it apply to a value, not a
    variable. Keys that are not literals are walked like any expression.
    """
    chain: list[Expr] = []
    node: Expr = top
    while isinstance(node, (GetAttr, Index)):
        chain.append(node)
        node = node.obj
    cut = 0  # chain[cut:] (nearest the root) is the reference part
    for position, step in enumerate(chain):
        if isinstance(step, Index) and not _is_literal(step.key):
            stack.append((step.key, bound))
            cut = position + 1
    if not isinstance(node, Variable):
        stack.append((node, bound))
        return
    if node.name in bound:
        return
    for step in chain[cut:]:
        if isinstance(step, Index) and isinstance(step.key, Literal) and not isinstance(step.key.value, str):
            out.append(step)


def _is_literal(expr: Expr) -> bool:
    """A key HCL takes as a constant: a number, bool, null or plain string (heredocs too)."""
    return isinstance(expr, Literal) or (isinstance(expr, Template) and expr.literal_value() is not None)


def find_edits(tree: ConfigFile, stream: Stream) -> list[Edit]:
    """Every rewrite Terraform would make to this file, in stream order."""
    locate = _Locator(stream)
    edits = list(_body_edits(tree.body, stream, locate))
    edits.sort(key=lambda e: e.start)
    return edits


def apply_edits(stream: Stream, edits: list[Edit]) -> Stream:
    """A new stream with the edits made (edits must not overlap)."""
    if not edits:
        return stream
    kinds: list[int] = []
    texts: list[str] = []
    starts: list[int] = []
    pos = 0
    for edit in edits:
        kinds += stream.kinds[pos : edit.start]
        texts += stream.texts[pos : edit.start]
        starts += stream.starts[pos : edit.start]
        anchor = stream.starts[edit.start] if edit.start < len(stream) else -1
        for kind, text in edit.tokens:
            kinds.append(kind)
            texts.append(text)
            starts.append(anchor)
        pos = edit.end
    kinds += stream.kinds[pos:]
    texts += stream.texts[pos:]
    starts += stream.starts[pos:]
    return Stream(kinds, texts, starts, stream.eof_gap)


class _Locator:
    """Stream index of the token holding a given lexer token."""

    def __init__(self, stream: Stream) -> None:
        self.starts = stream.starts

    def __call__(self, tok: Token) -> int:
        return bisect_right(self.starts, tok.start) - 1


def _body_edits(root: Body, stream: Stream, locate: _Locator) -> Iterator[Edit]:
    stack: list[tuple[Body, tuple[str, ...]]] = [(root, ())]
    while stack:
        body, in_blocks = stack.pop()
        for item in body.items:
            if isinstance(item, Attribute):
                edit = _attribute_edit(item, in_blocks, stream, locate)
            else:
                edit = _label_edit(item, stream, locate)
                stack.append((item.body, in_blocks + (item.type,)))
            if edit is not None:
                yield edit


def _attribute_edit(item: Attribute, in_blocks: tuple[str, ...], stream: Stream, locate: _Locator) -> Edit | None:
    variable_type = in_blocks == ("variable",) and item.name == "type"
    if not variable_type and (item.expr.__class__ is not Template or item.expr.heredoc):
        return None  # only a quoted string can be an interpolation-only string: no stream lookup for the rest
    start = locate(item.expr.first)
    if not variable_type and not (stream.kinds[start] == OQUOTE and stream.kinds[start + 1] == TEMPLATE_INTERP):
        return None  # only a value starting `"${` can be an interpolation-only string
    end = locate(item.expr.last) + 1
    kinds = stream.kinds[start:end]
    texts = stream.texts[start:end]
    if variable_type:
        new = normalize_type(kinds, texts)
        reason = "variable type"
    else:
        new = unwrap_interpolation(kinds, texts)
        reason = "interpolation-only string"
    return Edit(start, end, new, reason) if new is not None else None


def _label_edit(block: Block, stream: Stream, locate: _Locator) -> Edit | None:
    if not block.label_nodes:
        return None
    start = locate(block.type_token) + 1
    end = locate(block.label_nodes[-1].tokens[-1]) + 1
    if _canonical_labels(block.label_nodes, end - start):
        return None
    new: TokenPairs = []
    for label in block.label_nodes:
        if label.quoted and not _single_literal(label):
            continue  # Terraform cannot read it back as one label, so it drops it
        new.append((OQUOTE, '"'))
        escaped = escape_quoted(label.value)
        if escaped:
            new.append((QUOTED_LIT, escaped))
        new.append((CQUOTE, '"'))
    if new == list(zip(stream.kinds[start:end], stream.texts[start:end])):
        return None
    return Edit(start, end, new, "block labels")


def _canonical_labels(labels: list[Label], stream_length: int) -> bool:
    """Whether the labels are already written as Terraform writes them, with nothing between them.

    The common case, decided without building the rewritten tokens: every label
    quoted, one literal (or none) inside, escaped canonically, and the stream
    holding exactly their tokens (a comment among them would be dropped).
    """
    count = 0
    for label in labels:
        tokens = label.tokens
        if not label.quoted:
            return False
        if len(tokens) == 2:
            count += 2
            continue
        if len(tokens) != 3 or not _single_literal(label) or escape_quoted(label.value) != tokens[1].text:
            return False
        count += 3
    return count == stream_length


def _single_literal(label: Label) -> bool:
    """Whether HCL's scanner reads the quoted label's text as one literal token.

    Its scanner splits quoted text at every `$` and `%` (each becomes a token
    of its own), and Terraform keeps only labels made of one token or none.
    """
    raw = "".join(tok.text for tok in label.tokens[1:-1])
    return raw in ("$", "%") or ("$" not in raw and "%" not in raw)


def unwrap_interpolation(kinds: list[int], texts: list[str]) -> TokenPairs | None:
    """`"${expr}"` → the tokens of expr (parenthesized if multi-line), else None."""
    if len(kinds) < 5:
        return None
    if kinds[0] != OQUOTE or kinds[1] != TEMPLATE_INTERP or kinds[-2] != TEMPLATE_SEQ_END or kinds[-1] != CQUOTE:
        return None
    inner = slice(2, len(kinds) - 2)
    depth = 0  # nested quoted strings may hold interpolations of their own
    for kind in kinds[inner]:
        if kind == OQUOTE:
            depth += 1
        elif kind == CQUOTE:
            depth -= 1
        elif depth > 0:
            continue
        elif kind == TEMPLATE_INTERP or kind == TEMPLATE_SEQ_END or kind == QUOTED_LIT:
            return None  # more than one part: "${a}${b}", "x${a}"
    first, last = inner.start, inner.stop
    while first < last and kinds[first] == NEWLINE:
        first += 1
    while last > first and kinds[last - 1] == NEWLINE:
        last -= 1
    pairs = list(zip(kinds[first:last], texts[first:last]))
    if not pairs:
        return pairs
    multi_line = NEWLINE in kinds[first:last]
    parenthesized = pairs[0][0] == OPAREN and len(pairs) > 1 and pairs[-1][0] == CPAREN
    if multi_line and not parenthesized:
        return [(OPAREN, "("), *pairs, (CPAREN, ")")]
    return pairs


_COLLECTIONS = ("list", "map", "set")
_LEGACY_TYPES = {
    "string": [(IDENT, "string")],
    "list": [(IDENT, "list"), (OPAREN, "("), (IDENT, "string"), (CPAREN, ")")],
    "map": [(IDENT, "map"), (OPAREN, "("), (IDENT, "string"), (CPAREN, ")")],
}


def normalize_type(kinds: list[int], texts: list[str]) -> TokenPairs | None:
    """A variable's `type` in today's syntax, or None when it is already fine."""
    if len(kinds) == 1 and kinds[0] == IDENT and texts[0] in _COLLECTIONS:
        return [(IDENT, texts[0]), (OPAREN, "("), (IDENT, "any"), (CPAREN, ")")]
    if len(kinds) == 3 and kinds == [OQUOTE, QUOTED_LIT, CQUOTE]:
        legacy = _LEGACY_TYPES.get(texts[1])
        return list(legacy) if legacy is not None else None
    return None


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}


def escape_quoted(value: str) -> str:
    """A string's quoted-literal form as Terraform writes it (`\\n`, `$${`, `\\u0007` …)."""
    if value.isascii() and value.isprintable() and not any(c in value for c in '"\\${%'):
        return value
    out: list[str] = []
    n = len(value)
    for i, ch in enumerate(value):
        escaped = _ESCAPES.get(ch)
        if escaped is not None:
            out.append(escaped)
        elif ch == "$" or ch == "%":
            out.append(ch + ch if i + 1 < n and value[i + 1] == "{" else ch)
        elif ch == " " or unicodedata.category(ch)[0] in "LMNPS":
            out.append(ch)
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return "".join(out)
