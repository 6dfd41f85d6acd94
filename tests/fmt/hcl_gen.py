"""Hypothesis strategies that write random but valid HCL, messily spaced; and a re-spacer.

The text is built from a small grammar: bodies of attributes, blocks (labelled,
bare-labelled, single-line, empty) and comments; expressions from literals,
references, indexes, splats, calls (also `provider::` ones), tuples, objects,
for expressions, conditionals, operators and parentheses; quoted templates with
escapes, interpolations, strip markers and directives; heredocs (`<<` and
`<<-`). Whitespace between tokens, indentation, blank lines, trailing blanks,
tabs and CRLF line endings are drawn at random wherever HCL allows them, so
the formatter always has work to do.

`terraform_rewrites=False` leaves out what Terraform itself rewrites (bare or
escaped labels, `"${x}"` values, legacy variable types), so only whitespace
may change. Neither mode writes `ref[true]`-style indexes: Terraform turns them
into `ref[]`, which does not parse again.
"""

from __future__ import annotations

import random

from hypothesis import strategies as st

from iacreview.hcl import tokens as T
from iacreview.hcl.lexer import lex

NAMES = ["a", "b", "name", "vpc_id", "tags", "count", "each", "my-name", "x1", "_p", "región", "数"]
ROOTS = ["var", "local", "aws_vpc", "module", "data", "each", "count", "path"]
FUNCTIONS = ["merge", "lookup", "format", "length", "jsonencode", "cidrsubnet", "try"]
BLOCK_TYPES = ["resource", "data", "variable", "locals", "module", "provider", "dynamic", "lifecycle", "tags"]
BINARY_OPS = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||"]
TEXT_PIECES = [
    "abc", " ", "x y", "-", "é", "日本", "$ ", "% ",
    "\\n", '\\"', "\\\\", "$${lit}", "%%{lit}", "\\u00e9", "a/b", "#", "//",
]  # fmt: skip
HEREDOC_TEXT = ["line", "  indented", "", "{\"json\": 1}", "$", "a = b", "# not a comment", "\t tab"]

_SPACES = ["", " ", "  ", "\t", "   "]
_NONEMPTY_SPACES = [" ", "  ", "\t", "    "]


class _Writer:
    """Draws the pieces of one file; `draw` is hypothesis's."""

    def __init__(self, draw, rewrites: bool, max_depth: int) -> None:
        self.draw = draw
        self.rewrites = rewrites
        self.max_depth = max_depth

    # --------------------------------------------------------------- whitespace

    def ws(self) -> str:
        """Optional blanks where no two tokens can merge."""
        return self.draw(st.sampled_from(_SPACES))

    def ws1(self) -> str:
        """Blanks that must separate two tokens."""
        return self.draw(st.sampled_from(_NONEMPTY_SPACES))

    def pick(self, options):
        return self.draw(st.sampled_from(options))

    def chance(self, p: float = 0.5) -> bool:
        return self.draw(st.floats(0, 1)) < p

    def inline_comment(self) -> str:
        return self.pick(["", "", "", "/* c */ ", "/**/"])

    def eol(self) -> str:
        """The end of a line: trailing blanks, maybe a comment, then the newline."""
        comment = self.pick(["", "", "", " # note", "// other", "  #", " /* b */"])
        return comment + self.pick(["", "", " ", "\t"]) + "\n"

    def indent(self) -> str:
        return self.pick(["", "", "  ", "    ", "\t", " "])

    # --------------------------------------------------------------- expressions

    def expr(self, depth: int = 0) -> str:
        if depth >= self.max_depth:
            return self.simple()
        kind = self.pick(
            ["simple", "simple", "template", "ref", "call", "tuple", "object"]
            + ["for", "cond", "binary", "unary", "parens"]
        )
        return getattr(self, "_" + kind)(depth + 1)

    def simple(self) -> str:
        return self.pick(["1", "0.5", "1e3", "true", "false", "null", '""', '"text"', "var.x", "local.y[0]"])

    def _simple(self, depth: int) -> str:
        return self.simple()

    def _ref(self, depth: int) -> str:
        out = self.pick(ROOTS)
        step = ""
        for _ in range(self.draw(st.integers(0, 3))):
            # `a.0.1` reads as the number 0.1, which HCL refuses.
            choices = ["attr", "attr", "index"] + ([] if step == "legacy" else ["legacy"])
            if "*" not in out:  # HCL refuses a splat nested in another
                choices += ["splat", "attrsplat"]
            step = self.pick(choices)
            if step == "attr":
                out += "." + self.pick(NAMES)
            elif step == "index":
                key = self.expr(depth)
                if key in ("true", "false", "null"):
                    key = "0"  # HCL would lose such a key reading the reference, leaving `[]`
                out += "[" + self.ws() + key + self.ws() + "]"
            elif step == "legacy":
                out += "." + self.pick(["0", "1"])
            elif step == "splat":
                out += "[*]." + self.pick(NAMES)
            else:
                out += ".*." + self.pick(NAMES)
        return out

    def _template(self, depth: int) -> str:
        # Without rewrites, never a lone "${x}": Terraform would unwrap it.
        parts = [] if self.rewrites else ["t"]
        for _ in range(self.draw(st.integers(0, 3))):
            choice = self.pick(["text", "text", "interp", "if", "for"])
            if choice == "text":
                parts.append(self.pick(TEXT_PIECES))
            elif choice == "interp":
                left = self.pick(["", "", "~"])
                right = self.pick(["", "", "~"])
                parts.append("${" + left + self.ws() + self.interp_expr(depth) + self.ws() + right + "}")
            elif choice == "if":
                cond = self.interp_expr(depth)
                inner = self.pick(TEXT_PIECES[:5])
                other = ""
                if self.chance():
                    other = "%{" + self.ws() + "else" + self.ws() + "}" + self.pick(TEXT_PIECES[:5])
                head = "%{" + self.ws() + "if " + cond + self.ws() + "}"
                parts.append(head + inner + other + "%{ endif" + self.ws() + "}")
            else:
                coll = self.interp_expr(depth)
                head = "%{ for " + self.pick(["x", "k, v"]) + " in " + coll + self.ws() + "}"
                parts.append(head + "${x}%{" + self.ws() + "endfor }")
        return '"' + "".join(parts) + '"'

    def interp_expr(self, depth: int) -> str:
        """An expression inside `${…}` that is not itself a lone string (that unwraps twice)."""
        text = self.expr(depth)
        return text if not text.startswith('"') else "upper(" + text + ")"

    def _call(self, depth: int) -> str:
        name = self.pick(FUNCTIONS + ["provider::aws::arn_parse"])
        args = [self.expr(depth) for _ in range(self.draw(st.integers(0, 3)))]
        expand = "..." if args and self.chance(0.2) else ""
        if args and self.chance(0.3):
            sep = "," + self.eol() + self.indent()
            trailing = "" if expand else self.pick(["", ","])  # HCL refuses `x...,`
            inner = "\n" + self.indent() + sep.join(args) + expand + trailing + "\n" + self.indent()
            return name + "(" + inner + ")"
        return name + "(" + self.ws() + ("," + self.ws()).join(args) + expand + self.ws() + ")"

    def _tuple(self, depth: int) -> str:
        items = [self.expr(depth) for _ in range(self.draw(st.integers(0, 3)))]
        if items and self.chance(0.4):
            lines = [self.indent() + self.inline_comment() + item + "," + self.eol() for item in items]
            return "[\n" + "".join(lines) + self.indent() + "]"
        trailing = self.pick(["", ","]) if items else ""
        return "[" + self.ws() + ("," + self.ws()).join(items) + trailing + self.ws() + "]"

    def object_key(self, depth: int) -> str:
        choice = self.pick(["name", "name", "quoted", "paren"])
        if choice == "name":
            return self.pick(NAMES)
        if choice == "quoted":
            return '"' + self.pick(["key", "with space", "é", "a.b"]) + '"'
        return "(" + self.ws() + self.ref_or_simple(depth) + self.ws() + ")"

    def ref_or_simple(self, depth: int) -> str:
        return self._ref(depth) if self.chance() else self.simple()

    def _object(self, depth: int) -> str:
        items = []
        for _ in range(self.draw(st.integers(0, 4))):
            sep = self.pick(["=", "=", ":"])
            items.append(self.object_key(depth) + self.ws() + sep + self.ws() + self.expr(depth))
        if items and self.chance(0.5):
            body = "".join(self.indent() + item + self.pick(["", ","]) + self.eol() for item in items)
            blank = self.pick(["", "", "\n"])
            return "{\n" + blank + body + self.indent() + "}"
        if not items:
            return "{" + self.ws() + "}"
        return "{" + self.ws1() + ("," + self.ws()).join(items) + self.ws1() + "}"

    def _for(self, depth: int) -> str:
        coll = self.ref_or_simple(depth)
        cond = " if " + self.expr(depth) if self.chance(0.3) else ""
        if self.chance():
            body = self.ws() + ":" + self.ws() + self.expr(depth) + cond
            return "[" + self.ws() + "for x in " + coll + body + self.ws() + "]"
        group = "..." if self.chance(0.2) else ""
        body = "k" + self.ws() + "=>" + self.ws() + self.expr(depth) + group
        return "{" + self.ws() + "for k, v in " + coll + self.ws() + ":" + self.ws() + body + cond + self.ws() + "}"

    def _cond(self, depth: int) -> str:
        then = self.ws1() + "?" + self.ws1() + self.expr(depth)
        return self.expr(depth) + then + self.ws1() + ":" + self.ws1() + self.expr(depth)

    def _binary(self, depth: int) -> str:
        return self.expr(depth) + self.ws1() + self.pick(BINARY_OPS) + self.ws1() + self.expr(depth)

    def _unary(self, depth: int) -> str:
        return self.pick(["-", "!"]) + self.ws() + self.ref_or_simple(depth)

    def _parens(self, depth: int) -> str:
        inner = self.expr(depth)
        if self.chance(0.3):
            return "(\n" + self.indent() + inner + "\n" + self.indent() + ")"
        return "(" + self.ws() + inner + self.ws() + ")"

    def heredoc(self) -> str:
        marker = self.pick(["EOT", "EOF", "POLICY"])
        flush = self.pick(["", "-"])
        lines = []
        for _ in range(self.draw(st.integers(0, 4))):
            line = self.pick(["", "  ", "    "]) + self.pick(HEREDOC_TEXT)
            if self.chance(0.3):
                line += "${" + self.ws() + self._ref(1) + self.ws() + "}"
            if self.chance(0.1):
                line += "%{ if true }yes%{ endif }"
            lines.append(line + "\n")
        closing = (self.pick(["", "  "]) if flush else "") + marker
        return "<<" + flush + marker + "\n" + "".join(lines) + closing + "\n"

    # --------------------------------------------------------------- bodies

    def attribute(self, name: str, depth: int) -> str:
        if name == "type":
            value = self.variable_type()
        elif self.chance(0.1):
            return self.indent() + name + self.ws() + "=" + self.ws() + self.heredoc()
        elif self.rewrites and self.chance(0.1):
            value = '"${' + self.ws() + self.interp_expr(depth) + self.ws() + '}"'
        else:
            value = self.expr(depth)
        return self.indent() + name + self.ws() + "=" + self.ws() + value + self.eol()

    def variable_type(self) -> str:
        plain = ["string", "number", "list(string)", "map(any)", "object({ a = string })", "any"]
        legacy = ["list", "map", "set", '"string"', '"list"', '"map"', '"set"']
        return self.pick(plain + legacy if self.rewrites else plain)

    def label(self) -> str:
        canonical = ["main", "aws_s3_bucket", "with space", "é", "x\\ty", ""]
        if not self.rewrites:
            return '"' + self.pick(canonical) + '"'
        if self.chance(0.2):
            return self.pick(["bare", "aws_vpc", "my-label"])
        return '"' + self.pick(canonical + ["a\\u0041", "cost$", "50%", "$"]) + '"'

    def block(self, depth: int) -> str:
        btype = self.pick(BLOCK_TYPES)
        labels = "".join(self.ws1() + self.label() for _ in range(self.draw(st.integers(0, 2))))
        head = self.indent() + btype + labels + self.ws()
        shape = self.pick(["full", "full", "full", "single", "empty"])
        if shape == "empty":
            return head + "{" + self.ws() + "}" + self.eol()
        if shape == "single":
            attr = self.pick(NAMES[:4]) + self.ws() + "=" + self.ws() + self.ref_or_simple(depth)
            return head + "{" + self.ws() + attr + self.ws() + "}" + self.eol()
        body = self.body(depth + 1, btype == "variable" and depth == 0)
        return head + "{" + self.eol() + body + self.indent() + "}" + self.pick(["", " ", "  "]) + "\n"

    def body(self, depth: int, in_variable: bool = False) -> str:
        items = []
        unused = NAMES[:9] + (["type"] if in_variable else [])
        for _ in range(self.draw(st.integers(0, 5))):
            choice = self.pick(["attr", "attr", "attr", "block", "comment", "blank"])
            if choice == "attr":
                name = self.pick(unused)
                unused.remove(name)  # an attribute may be set only once per body
                items.append(self.attribute(name, depth))
            elif choice == "block" and depth < self.max_depth:
                items.append(self.block(depth))
            elif choice == "comment":
                comment = self.pick(["# own line", "// slashes", "/* block */", "#"])
                items.append(self.indent() + comment + self.pick(["", "  "]) + "\n")
            else:
                items.append(self.pick(["\n", "  \n", "\t\n"]))
        return "".join(items)


@st.composite
def hcl_files(draw, terraform_rewrites: bool = True, max_depth: int = 3) -> str:
    """A whole file of valid HCL with random formatting."""
    writer = _Writer(draw, terraform_rewrites, max_depth)
    text = writer.body(0)
    if draw(st.booleans()) and text.endswith("\n") and not text.endswith(("EOT\n", "EOF\n", "POLICY\n")):
        text = text[:-1]  # no final newline (a heredoc must still end its marker line)
    if draw(st.integers(0, 9)) == 0:
        text = text.replace("\n", "\r\n")
    return text


def respace(text: str, rnd: random.Random) -> str:
    """The same tokens with different blanks where HCL does not care about them."""
    out: list[str] = []
    tokens = lex(text)
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1].kind if i else None
        if tok.kind == T.WS and tokens[i + 1].kind != T.EOF:
            out.append(rnd.choice([" ", "  ", "\t", "     "]))
            continue
        if tok.kind == T.NEWLINE and prev not in (T.COMMENT, T.CHEREDOC, T.WS) and rnd.random() < 0.3:
            out.append(rnd.choice([" ", "\t "]))  # trailing blanks
        out.append(tok.text)
        if tok.kind == T.NEWLINE and tokens[i + 1].kind not in (T.WS, T.EOF) and rnd.random() < 0.5:
            out.append(rnd.choice(["  ", "\t", "      "]))  # another indentation
    return "".join(out)
