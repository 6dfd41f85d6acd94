"""Property tests for the native parser: lossless on random valid HCL, robust on junk, and in
agreement with Terraform's own parser.

`hcl_documents()` writes random *valid* HCL covering the whole grammar: bodies with
attributes and nested or single-line blocks, every expression form (literals,
numbers with fractions and exponents, quoted templates with interpolations,
directives and escapes, heredocs, tuples and objects in all their separator
styles, traversals with indexes, legacy indexes and splats, function calls with
`...` and `provider::ns::fn`, for-expressions, conditionals, operators, parens),
comments of the three kinds wherever the grammar lets them stand, random
whitespace, LF/CRLF line ends and an optional BOM. Each document comes with the
shape the parser must find, so a parse that succeeds wrongly still fails.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from iacreview.hcl import (
    BinaryOp,
    Block,
    ConfigFile,
    Conditional,
    ForExpr,
    FunctionCall,
    GetAttr,
    HCLSyntaxError,
    Index,
    Literal,
    Object,
    Parens,
    Splat,
    Template,
    Tuple,
    UnaryOp,
    Variable,
    parse,
)

KEYWORDS = {"for", "in", "if", "else", "endif", "endfor", "true", "false", "null"}
MARKERS = ("EOT", "END", "TXT")

# ---------------------------------------------------------------- the generator


@dataclass
class Expr:
    """Generated expression text and the node class the parser must put at its top."""

    text: str
    kind: type
    heredoc_tail: bool = False  # ends with a heredoc marker: a newline must follow at once


_ASCII_NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}(-[a-z0-9_]{1,3})?", fullmatch=True)
_ANY_NAMES = st.one_of(_ASCII_NAMES, _ASCII_NAMES, _ASCII_NAMES, st.sampled_from(["é", "ж_1", "naïve", "µs", "aª"]))
_VARIABLE_NAMES = _ANY_NAMES.filter(lambda n: n not in KEYWORDS and n not in MARKERS)


def names(keyword_ok: bool = False) -> st.SearchStrategy[str]:
    """Identifiers; keywords only where they cannot be misread (attribute names, `x.if`)."""
    return _ANY_NAMES if keyword_ok else _VARIABLE_NAMES


# Strategies are built once: building one per draw makes generation several times slower.
BOOLS = st.booleans()


@functools.cache
def _sampled(options: tuple) -> st.SearchStrategy:
    return st.sampled_from(options)


def sampled(options) -> st.SearchStrategy:
    return _sampled(tuple(options))


@functools.cache
def ints(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


_COMMENT_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12)


def inline_comment(draw) -> str:
    """A `/* */` comment on one line; a space in front keeps it away from a '/' operator."""
    return " /*" + draw(_COMMENT_TEXT).replace("*", "") + "*/ "


def eol(draw) -> str:
    return draw(sampled(["\n", "\n", "\r\n"]))


def gap(draw, nl: bool, required: bool = False) -> str:
    """Whitespace between two tokens; with `nl`, newlines are insignificant and may appear."""
    options = ["", " ", "  ", "\t", "inline"]
    if nl:
        options += ["newline", "line_comment", "block_comment"]
    out = " " if required else ""
    for _ in range(draw(ints(0, 2))):
        choice = draw(sampled(options))
        if choice == "inline":
            out += inline_comment(draw)
        elif choice == "newline":
            out += eol(draw) + draw(sampled(["", "  ", "\t"]))
        elif choice == "line_comment":
            out += " " + draw(sampled(["#", "//"])) + draw(_COMMENT_TEXT) + eol(draw)
        elif choice == "block_comment":
            out += " /*" + draw(_COMMENT_TEXT).replace("*", "") + eol(draw) + "*/ "
        else:
            out += choice
    return out


_NUMBERS = st.from_regex(r"(0|[1-9][0-9]{0,5}|00[0-9])(\.[0-9]{1,4})?([eE][+-]?[0-9]{1,3})?", fullmatch=True)


def number(draw) -> Expr:
    return Expr(draw(_NUMBERS), Literal)


_LITERAL_CHARS = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters='"\\$%'),
    min_size=1,
    max_size=6,
)
_HEREDOC_CHARS = st.one_of(_LITERAL_CHARS, st.sampled_from(['"', "\\", "\\n"]))  # no escapes in heredocs
_ESCAPES = ["\\n", "\\r", "\\t", '\\"', "\\\\", "\\u00e9", "\\U0001F600", "$${", "%%{", "$ ", "% ", "$x", "%d"]


def template_parts(draw, depth: int, quoted: bool) -> str:
    """The inside of a quoted string or of one heredoc line: text, escapes, ${…} and %{…}."""
    out = ""
    sequences = ["interp", "if", "for"] if depth > 0 else []
    for _ in range(draw(ints(0, 4))):
        choice = draw(sampled(["text", "text", "escape", *sequences]))
        if choice == "text":
            out += draw(_LITERAL_CHARS if quoted else _HEREDOC_CHARS)
        elif choice == "escape":
            escapes = _ESCAPES if quoted else [e for e in _ESCAPES if not e.startswith("\\")]
            out += draw(sampled(escapes))
        elif choice == "interp":
            out += "${" + strip(draw) + gap(draw, True) + expr(draw, depth - 1, True).text + gap(draw, True)
            out += strip(draw) + "}"
        elif choice == "if":
            cond = expr(draw, depth - 1, True).text
            out += "%{" + strip(draw) + " if " + cond + gap(draw, True) + strip(draw) + "}"
            out += template_parts(draw, depth - 1, quoted)
            if draw(BOOLS):
                out += "%{" + strip(draw) + " else " + strip(draw) + "}" + template_parts(draw, depth - 1, quoted)
            out += "%{" + strip(draw) + " endif " + strip(draw) + "}"
        else:
            variables = draw(sampled(["v", "k, v", "i,item"]))
            out += "%{" + strip(draw) + " for " + variables + " in " + expr(draw, depth - 1, True).text
            out += gap(draw, True) + strip(draw) + "}" + template_parts(draw, depth - 1, quoted)
            out += "%{" + strip(draw) + " endfor " + strip(draw) + "}"
    return out


def strip(draw) -> str:
    return draw(sampled(["", "", "~"]))


def quoted(draw, depth: int) -> Expr:
    return Expr('"' + template_parts(draw, depth, True) + '"', Template)


def heredoc(draw, depth: int) -> Expr:
    marker = draw(sampled(MARKERS))
    flush = draw(BOOLS)
    text = ("<<-" if flush else "<<") + marker + eol(draw)
    for _ in range(draw(ints(0, 3))):
        line = draw(sampled(["", "  ", "\t"])) + template_parts(draw, depth, False)
        if line.strip() in MARKERS:
            line += "x"
        text += line + eol(draw)
    text += draw(sampled(["", "  "])) + marker
    return Expr(text, Template, heredoc_tail=True)


def traversal(draw, depth: int, nl: bool, root: Expr | None = None) -> Expr:
    """A root (name, call, parens or tuple) followed by attribute, index and splat steps.

    The expected top node follows the parser: a full splat `[*]` takes every step
    after it, an attribute-only splat `.*` takes the `.name`/`.0` steps after it
    and ends at an index.
    """
    if root is None:
        root = Expr(draw(names()), Variable)
    text, kind = root.text, root.kind
    splat = None  # None, "full" or "attr": the splat the next steps belong to
    legacy_last = False
    for _ in range(draw(ints(0, 4))):
        options = ["attr", "attr", "index", "full_splat"]
        if not legacy_last:
            options.append("legacy")  # `a.0.1` would be one number token
        if splat != "attr":
            options.append("attr_splat")  # Terraform refuses a `.*` inside another
        step = draw(sampled(options))
        after_legacy, legacy_last = legacy_last, step == "legacy"
        text += gap(draw, nl)
        if step == "attr":
            name = draw(names(keyword_ok=True))
            if after_legacy and re.match(r"[eE][0-9]", name):
                name = "_" + name  # `x.1.e5` would scan `1.e5` as one number
            text += "." + gap(draw, nl) + name
            kind = Splat if splat else GetAttr
        elif step == "legacy":
            text += "." + gap(draw, nl) + str(draw(ints(0, 12)))
            kind = Splat if splat else GetAttr
        elif step == "index":
            key = expr(draw, depth - 1, True).text if depth > 0 else number(draw).text
            text += "[" + gap(draw, True) + key + gap(draw, True) + "]"
            if splat == "attr":
                splat = None
            kind = Splat if splat else Index
        elif step == "attr_splat":
            text += "." + gap(draw, nl) + "*"
            splat, kind = "attr", Splat
        else:
            text += "[" + gap(draw, nl) + "*" + gap(draw, nl) + "]"
            splat, kind = "full", Splat
    return Expr(text, kind)


def call(draw, depth: int, nl: bool = False) -> Expr:
    name = draw(names())
    if draw(ints(0, 4)) == 0:
        parts = ["provider", draw(names()), name]
        name = "".join(part + gap(draw, nl) + "::" + gap(draw, nl) for part in parts[:2]) + name
    args = [expr(draw, depth - 1, True) for _ in range(draw(ints(0, 3)))]
    text = name + gap(draw, nl) + "(" + gap(draw, True)
    for i, arg in enumerate(args):
        text += arg.text + gap(draw, True)
        last = i == len(args) - 1
        if last and draw(ints(0, 3)) == 0:
            text += "..." + gap(draw, True)
        elif not last or draw(BOOLS):
            text += "," + gap(draw, True)
    return Expr(text + ")", FunctionCall)


def _after_heredoc(e: Expr, draw) -> str:
    """A heredoc's end marker must be followed by a newline."""
    return eol(draw) if e.heredoc_tail else ""


def tuple_(draw, depth: int) -> Expr:
    items = [expr(draw, depth - 1, True) for _ in range(draw(ints(0, 3)))]
    text = "[" + gap(draw, True)
    for i, item in enumerate(items):
        text += item.text + gap(draw, True)
        if i < len(items) - 1 or draw(BOOLS):
            text += "," + gap(draw, True)
    return Expr(text + "]", Tuple)


_OBJECT_KEYS = _ANY_NAMES.filter(lambda n: n != "for")  # `{ for` starts a for expression


def object_(draw, depth: int) -> Expr:
    """`{ k = v, "k": v, (k) = v }` with commas, newlines or both, comments where newlines may stand."""
    text = "{" + gap(draw, False)
    count = draw(ints(0, 3))
    for i in range(count):
        key_kind = draw(sampled(["name", "name", "string", "parens"]))
        if key_kind == "name":
            key = draw(_OBJECT_KEYS)
        elif key_kind == "string":
            key = quoted(draw, depth - 1).text
        else:
            key = "(" + gap(draw, True) + expr(draw, depth - 1, True).text + gap(draw, True) + ")"
        if i == 0 and draw(BOOLS):
            text += nl_separator(draw)
        value = expr(draw, depth - 1, False)
        text += key + gap(draw, False) + draw(sampled(["=", ":"])) + gap(draw, False) + value.text
        last = i == count - 1
        separator = draw(sampled(["comma", "newline", "comma_newline"] + (["none"] if last else [])))
        if separator == "comma":
            text += gap(draw, False) + "," + gap(draw, False)
        elif separator == "newline":
            text += gap(draw, False) + nl_separator(draw)
        elif separator == "comma_newline":
            text += gap(draw, False) + "," + nl_separator(draw)
        else:
            text += gap(draw, False)
    if count == 0 and draw(BOOLS):
        text += nl_separator(draw)
    return Expr(text + "}", Object)


def nl_separator(draw) -> str:
    """One or more line ends, each maybe after a comment, ending indented."""
    out = ""
    for _ in range(draw(ints(1, 2))):
        comment = draw(sampled(["", "", " # c", " // note", " /* c */"]))
        out += comment + eol(draw)
    return out + draw(sampled(["", "  ", "\t"]))


def for_expr(draw, depth: int) -> Expr:
    as_object = draw(BOOLS)
    variables = draw(sampled(["v", "k, v", "k,v", "i , item"]))
    text = ("{" if as_object else "[") + gap(draw, True) + "for " + variables + " in "
    text += expr(draw, depth - 1, True).text + gap(draw, True) + ":" + gap(draw, True)
    if as_object:
        text += expr(draw, depth - 1, True).text + gap(draw, True) + "=>" + gap(draw, True)
    value = expr(draw, depth - 1, True)
    text += value.text
    if as_object and draw(BOOLS):
        text += gap(draw, True) + "..."
    if draw(BOOLS):
        text += gap(draw, True, required=True) + "if " + expr(draw, depth - 1, True).text
    text += gap(draw, True) + ("}" if as_object else "]")
    return Expr(text, ForExpr)


def unary_level(draw, depth: int, nl: bool) -> Expr:
    """An operand that binds tighter than any binary operator."""
    choice = draw(sampled(["primary", "primary", "primary", "unary"])) if depth > 0 else "primary"
    if choice == "unary":
        op = draw(sampled(["-", "!"]))
        operand = unary_level(draw, depth - 1, nl)
        return Expr(op + draw(sampled(["", " "])) + operand.text, UnaryOp, operand.heredoc_tail)
    return primary(draw, depth, nl)


def primary(draw, depth: int, nl: bool) -> Expr:
    leaves = ["number", "keyword", "quoted", "traversal"]
    nested = ["tuple", "object", "call", "for", "parens", "postfix"]
    options = leaves + nested if depth > 0 else leaves
    if depth > 0 and nl:
        options.append("heredoc")
    choice = draw(sampled(options))
    if choice == "number":
        return number(draw)
    if choice == "keyword":
        return Expr(draw(sampled(["true", "false", "null"])), Literal)
    if choice == "quoted":
        return quoted(draw, depth - 1)
    if choice == "traversal":
        return traversal(draw, depth, nl)
    if choice == "tuple":
        return tuple_(draw, depth)
    if choice == "object":
        return object_(draw, depth)
    if choice == "call":
        return call(draw, depth, nl)
    if choice == "for":
        return for_expr(draw, depth)
    if choice == "heredoc":
        return heredoc(draw, depth - 1)
    if choice == "parens":
        inner = expr(draw, depth - 1, True)
        return Expr("(" + gap(draw, True) + inner.text + gap(draw, True) + ")", Parens)
    root = draw(sampled([call, tuple_, parens_root]))(draw, depth - 1)
    return traversal(draw, depth - 1, nl, root)


def parens_root(draw, depth: int) -> Expr:
    inner = expr(draw, depth - 1, True)
    return Expr("(" + inner.text + ")", Parens)


_BINARY_OPS = ["||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"]


def expr(draw, depth: int, nl: bool) -> Expr:
    """Any expression; `nl` says whether newlines are insignificant where it stands.

    Heredocs appear only where newlines are insignificant, and there the newline
    their end marker needs is already added.
    """
    result = _expr(draw, depth, nl)
    if result.heredoc_tail:
        result.text += eol(draw)
        result.heredoc_tail = False
    return result


def _expr(draw, depth: int, nl: bool) -> Expr:
    choice = draw(sampled(["operand", "operand", "operand", "binary", "conditional"])) if depth > 0 else "operand"
    if choice == "operand":
        return unary_level(draw, depth, nl)
    if choice == "binary":
        operands = [unary_level(draw, depth - 1, nl) for _ in range(draw(ints(2, 3)))]
        text = operands[0].text + _after_heredoc(operands[0], draw)
        for operand in operands[1:]:
            text += gap(draw, nl, required=True) + draw(sampled(_BINARY_OPS)) + gap(draw, nl, required=True)
            text += operand.text + _after_heredoc(operand, draw)
        return Expr(text, BinaryOp)
    cond = expr(draw, depth - 1, nl)
    yes = expr(draw, depth - 1, nl)
    no = expr(draw, depth - 1, nl)
    text = cond.text + gap(draw, nl, required=True) + "?" + gap(draw, nl, required=True)
    text += yes.text + gap(draw, nl, required=True) + ":" + gap(draw, nl, required=True)
    return Expr(text + no.text, Conditional)


@dataclass
class Item:
    """What the parser must find for one body item."""

    name: str  # attribute name or block type
    labels: tuple[str, ...] | None  # None for an attribute
    kind: type | None = None  # top node class of an attribute's value
    body: list[Item] | None = None


_LABEL_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters='"\\$%'),
    max_size=8,
)


def label(draw) -> tuple[str, str]:
    """(source text, value) of a block label."""
    if draw(BOOLS):
        name = draw(names(keyword_ok=True))
        return name, name
    value = draw(_LABEL_TEXT)
    if draw(ints(0, 3)) == 0:
        return '"' + value + '\\"\\\\\\u00e9"', value + '"\\é'
    return '"' + value + '"', value


def attribute(draw, depth: int, indent: str, single_line: bool = False) -> tuple[str, Item]:
    name = draw(names(keyword_ok=True))
    # Where newlines are significant a heredoc may only be a whole value: its
    # end marker's newline ends the attribute.
    value = heredoc(draw, depth) if draw(ints(0, 5)) == 0 and not single_line else expr(draw, depth, False)
    text = indent + name + gap(draw, False) + "=" + gap(draw, False) + value.text
    if not value.heredoc_tail and not single_line:
        text += trailing(draw)
    return text, Item(name, None, value.kind)


def trailing(draw) -> str:
    """Optional spaces and comment after an item, before its line ends."""
    return gap(draw, False) + draw(sampled(["", "", " # trailing", " // trailing", " /* t */"]))


def block(draw, depth: int, indent: str) -> tuple[str, Item]:
    block_type = draw(names(keyword_ok=True))
    labels = [label(draw) for _ in range(draw(ints(0, 2)))]
    head = indent + block_type
    for text, _ in labels:
        head += gap(draw, False, required=not text.startswith('"')) + text
    head += gap(draw, False) + "{"
    values = tuple(v for _, v in labels)
    if draw(ints(0, 3)) == 0:  # single-line block
        inner = gap(draw, False)
        items: list[Item] = []
        if draw(BOOLS):
            text, item = attribute(draw, max(depth - 1, 0), "", single_line=True)
            inner += text + gap(draw, False)
            items.append(item)
        return head + inner + "}" + trailing(draw), Item(block_type, values, body=items)
    body_text, items = body(draw, depth - 1, indent + "  ")
    text = head + trailing(draw) + eol(draw) + body_text + indent + "}" + trailing(draw)
    return text, Item(block_type, values, body=items)


def body(draw, depth: int, indent: str) -> tuple[str, list[Item]]:
    text = ""
    items: list[Item] = []
    used: set[str] = set()
    for _ in range(draw(ints(0, 4 if depth > 0 else 2))):
        for _ in range(draw(ints(0, 1))):
            text += draw(sampled(["", indent + "# note", indent + "// note", indent + "/* a\nb */"])) + eol(draw)
        if depth > 0 and draw(ints(0, 2)) == 0:
            item_text, item = block(draw, depth, indent)
        else:
            item_text, item = attribute(draw, max(depth, 1), indent)
            if item.name in used:  # an attribute may be set only once per body
                continue
            used.add(item.name)
        text += item_text + eol(draw)
        items.append(item)
    return text, items


@st.composite
def hcl_documents(draw, max_depth: int = 3) -> tuple[str, list[Item]]:
    """(text, expected items) of a random valid HCL file."""
    text, items = body(draw, draw(ints(1, max_depth)), "")
    if draw(ints(0, 4)) == 0:
        text = "\ufeff" + text
    if text.endswith("\n") and draw(ints(0, 4)) == 0 and not _ends_with_heredoc(text):
        text = text[: -2 if text.endswith("\r\n") else -1]
    return text, items


def _ends_with_heredoc(text: str) -> bool:
    last_line = text.rstrip("\r\n").rsplit("\n", 1)[-1].strip()
    return last_line in MARKERS


# ---------------------------------------------------------------- checks


def assert_lossless(tree: ConfigFile, text: str) -> None:
    """Tokens cover the text in order with right positions; node spans nest and follow each other."""
    assert tree.to_source() == text
    offset = 0
    for tok in tree.tokens:
        assert tok.start == offset and text[tok.start : tok.end] == tok.text, tok
        assert tree.source.position(tok.start) == (tok.line, tok.col), tok
        offset = tok.end
    assert offset == len(text)
    stack = [tree]
    while stack:
        node = stack.pop()
        start, end = node.span
        assert 0 <= start <= end <= len(text)
        assert node.text() == text[start:end]
        assert (node.line, node.col) == tree.source.position(start)
        previous_end = start
        for child in node.children():
            child_start, child_end = child.span
            assert start <= child_start and child_end <= end, (node, child)
            assert child_start >= previous_end, (node, child)
            previous_end = child_end
            stack.append(child)


def assert_shape(body, expected: list[Item]) -> None:
    assert len(body.items) == len(expected)
    for node, item in zip(body.items, expected):
        if item.labels is None:
            assert node.name == item.name
            assert isinstance(node.expr, item.kind), (node.expr, item.kind, node.expr.text())
        else:
            assert isinstance(node, Block) and node.type == item.name
            assert tuple(node.labels) == item.labels
            assert_shape(node.body, item.body or [])


def parses_losslessly_or_raises_syntax_error(text: str) -> bool:
    try:
        tree = parse(text, "fuzz.tf")
    except HCLSyntaxError as err:
        assert err.diagnostics and all(d.line >= 1 and d.col >= 1 for d in err.diagnostics)
        return False
    assert_lossless(tree, text)
    return True


@st.composite
def mutated(draw, source: st.SearchStrategy[tuple[str, list[Item]]] = hcl_documents()) -> str:
    """A valid document with a few characters deleted, duplicated or inserted."""
    text, _ = draw(source)
    for _ in range(draw(ints(1, 3))):
        i = draw(ints(0, len(text)))
        op = draw(sampled(["delete", "duplicate", "insert"]))
        if op == "delete":
            text = text[:i] + text[i + 1 :]
        elif op == "duplicate":
            text = text[:i] + text[i : i + draw(ints(1, 6))] + text[i:]
        else:
            text = text[:i] + draw(sampled(list('{}[]()"=:,.?*/#<>-!~$%\\\n\r\t x1') + ["${", "%{", "<<EOT\n", "EOT"])) + text[i:]
    return text


# ---------------------------------------------------------------- (a) valid text round-trips


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hcl_documents())
def test_valid_documents_parse_losslessly_into_the_expected_shape(document):
    text, expected = document
    tree = parse(text, "gen.tf")
    assert_lossless(tree, text)
    assert_shape(tree.body, expected)


# ---------------------------------------------------------------- (b) junk never crashes


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_raises_only_syntax_errors(text):
    parses_losslessly_or_raises_syntax_error(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list('abc_019 \t\n\r{}[]()"=:,.?*/#<>-!~$%\\@&|') + ["${", "%{", "<<EOT\n", "EOT\n", "...", "::", "=>"]), max_size=60).map("".join))
def test_text_made_of_hcl_pieces_raises_only_syntax_errors(text):
    parses_losslessly_or_raises_syntax_error(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_documents_raise_only_syntax_errors(text):
    parses_losslessly_or_raises_syntax_error(text)


# ---------------------------------------------------------------- (c) agreement with Terraform

ON_FILE = re.compile(r"\bon (?:\S*/)?(case_\d+\.tf) line \d+")


def terraform_rejects(texts: list[str]) -> set[int]:
    """Indexes of the texts `terraform fmt` refuses, asked in one run over a directory."""
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(texts):
            Path(tmp, f"case_{i:04d}.tf").write_bytes(text.encode("utf-8"))
        result = subprocess.run(
            ["terraform", "fmt", "-no-color", "-write=false", "-list=false", tmp], capture_output=True, timeout=120
        )
    return {int(name[5:9]) for name in ON_FILE.findall(result.stderr.decode("utf-8", "replace"))}


def terraform_verdict(text: str) -> tuple[bool, str]:
    """(accepted, first error summary) from `terraform fmt -` on one text."""
    result = subprocess.run(["terraform", "fmt", "-no-color", "-"], input=text.encode("utf-8"), capture_output=True, timeout=60)
    errors = [line.strip("│ ").strip() for line in result.stderr.decode("utf-8", "replace").splitlines() if "Error:" in line]
    return result.returncode == 0, errors[0] if errors else ""


def our_verdict(text: str) -> tuple[bool, str]:
    try:
        parse(text, "case.tf")
    except HCLSyntaxError as err:
        return False, str(err)
    return True, ""


# Verdicts `terraform fmt -` gave on disagreements these properties found (all fixed since).
SETTLED = [
    ("a = 1.5.2\n", False),  # HCL scans digits, dots and exponents as one number token
    ("a = 1e5.2\n", False),
    ("a = x[008.5.50]\n", False),
    ("a = v.2.E6\n", False),
    ("a = 1.e5\n", True),  # a number, not `1` then `.e5`
    ("a = x.1e5\n", True),  # a legacy index with an exponent
    ("a = x.1.2\n", False),
    ("a = t.*.*\n", False),  # nested attribute-only splat
    ("a = t.*.a.*.b\n", False),
    ("a = t.*[*]\n", True),
    ("a = t[*].a.*\n", True),
    ("a = <<END\nx\rx\nEND\n", False),  # a lone carriage return in heredoc text
    ("a = <<END\nx\r\nEND\n", True),
    ("a = (f\n(1))\n", True),  # inside brackets newlines do not count, even within a traversal
    ("a = (provider::\na::f(1))\n", True),
    ("a = (x.\n*\n.\ny)\n", True),
    ("a = (x[\n*\n])\n", True),
    ("a = f\n(1)\n", False),  # where newlines count they still end the expression
    ("a = x.\n*\n", False),
]


@pytest.mark.parametrize(("text", "accepted"), SETTLED)
def test_settled_disagreements_stay_settled(text, accepted):
    assert our_verdict(text)[0] is accepted
    assert parses_losslessly_or_raises_syntax_error(text) is accepted


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform not installed")
def test_settled_verdicts_are_terraforms():
    assert [terraform_verdict(text)[0] for text, _ in SETTLED] == [accepted for _, accepted in SETTLED]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform not installed")
@settings(
    max_examples=15,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking would call terraform for minutes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(st.one_of(hcl_documents().map(lambda d: d[0]), mutated()), min_size=20, max_size=20))
def test_we_accept_exactly_what_terraform_accepts(texts):
    rejected = terraform_rejects(texts)
    disagreements = []
    for i, text in enumerate(texts):
        ours, our_message = our_verdict(text)
        if ours == (i not in rejected):
            continue
        theirs, their_message = terraform_verdict(text)  # the batch answer, confirmed one by one
        if ours != theirs:
            disagreements.append(f"{text!r}: terraform {'accepts' if theirs else 'rejects'} ({their_message}); "
                                 f"ours {'accepts' if ours else 'rejects'} ({our_message})")
    assert not disagreements, "\n".join(disagreements)
