"""Strings of a `.tf.json` file read the three ways Terraform reads them.

A JSON string is, depending on where it stands, a *template* (`"${var.x}-a"`),
a *literal* (`variable.default`, `module.source`) or the text of one native
*expression* (`variable.type = "list(string)"`, `depends_on = ["aws_s3_bucket.b"]`).
Templates and expressions are parsed by the native parser itself, so the nodes
are the same classes a `.tf` file yields, then moved into the JSON file: each
token gets the offset, line and column of the characters it came from and, as
text, the raw JSON slice they occupy. Positions are therefore exact even when
the string holds JSON escapes (`\\"`, `\\u0024`); only a token's decoded text
differs from its raw text there, and literal parts keep the decoded `value`.

How: the decoded string is embedded in a tiny native file and parsed with the
public `parse_with_errors`. A template goes into a heredoc (`<<MARK` … `MARK`),
because heredoc text, like the string of a JSON template, has no backslash
escapes; the marker is chosen so it cannot occur in the string. An expression
goes into parentheses, where newlines are insignificant.
"""

from __future__ import annotations

import re

from iacreview.hcl import nodes as N
from iacreview.hcl import tokens as T
from iacreview.hcl.jsonscan import JString
from iacreview.hcl.parser import parse_with_errors
from iacreview.hcl.source import Diagnostic, Source
from iacreview.hcl.tokens import Token

_UNDERSCORES = re.compile(r"_+")
_FOUND = re.compile(r"found .*$")
_OPENED_AT = re.compile(r"\b(at) (\d+):(\d+)")
_HEREDOC_MESSAGE = re.compile(r"heredoc opened at \d+:\d+ has no end marker")


def literal_template(js: JString, source: Source) -> N.Template:
    """The string taken as it is: one literal part holding the decoded value."""
    parts: list[N.TemplatePart] = []
    if js.content is not None:
        parts.append(N.TemplateLiteral(js.content, js.content, js.value, source))
    return N.Template(js.open, parts, js.close, heredoc=False, flush=False, source=source)


def has_template_sequences(text: str) -> bool:
    return "${" in text or "%{" in text


class Embedded:
    """The result of reading one string as a template or expression."""

    __slots__ = ("node", "tokens", "errors")

    def __init__(self, node: N.Expr | None, tokens: list[Token], errors: list[Diagnostic]) -> None:
        self.node = node  # None when the string did not parse
        self.tokens = tokens  # replace the string's content token in the file's token list
        self.errors = errors


def template_from_string(js: JString, source: Source) -> Embedded:
    """The string parsed as a template; `"${x}"` alone is a wrapped interpolation, as in HCL."""
    value = js.value
    if not has_template_sequences(value):
        return Embedded(literal_template(js, source), _content_tokens(js), [])
    longest = max((len(m) for m in _UNDERSCORES.findall(value)), default=0)
    marker = "JSONSTRING" + "_" * (longest + 1)  # no run of underscores that long is in `value`
    head = f"a = <<{marker}\n"
    synthetic = f"{head}{value}\n{marker}\n"
    embed = _Embedding(js, source, synthetic, len(head), marker)
    tree, errors = parse_with_errors(synthetic, source.filename)
    if errors:
        return Embedded(None, _content_tokens(js), embed.diagnostics(errors))
    expr = tree.body.items[0].expr  # type: ignore[union-attr]
    assert isinstance(expr, N.Template) and expr.heredoc and len(tree.body.items) == 1
    parts = list(expr.parts)
    # The heredoc added one newline after the string: take it off the last literal.
    last = parts[-1]
    assert isinstance(last, N.TemplateLiteral) and last.value.endswith("\n")
    last.value = last.value[:-1]
    tokens = embed.adopt(tree.tokens)
    if not last.value:  # its token was that newline alone, and adopt() dropped it
        parts.pop()
    template = N.Template(js.open, _merge_literals(parts, source), js.close, heredoc=False, flush=False, source=source)
    _rehome(template, source)
    return Embedded(template, tokens, [])


def expression_from_string(js: JString, source: Source) -> Embedded:
    """The string parsed as one native expression (`"aws.west"`, `"list(string)"`).

    A string that is itself a template (`"${aws_s3_bucket.b}"`, an older style)
    is read as one; a lone interpolation yields its expression.
    """
    value = js.value
    if has_template_sequences(value):
        read = template_from_string(js, source)
        node = read.node
        if isinstance(node, N.Template) and node.is_wrapped_interpolation:
            read.node = node.parts[0].expr  # type: ignore[attr-defined]
        return read
    if not value.strip():
        message = "expected an expression in this string, found an empty string"
        return Embedded(None, _content_tokens(js), [_diag(source, js.open.end, message)])
    head = "a = (\n"
    synthetic = f"{head}{value}\n)\n"
    embed = _Embedding(js, source, synthetic, len(head), None)
    tree, errors = parse_with_errors(synthetic, source.filename)
    items = tree.body.items
    parens = items[0].expr if len(items) == 1 and isinstance(items[0], N.Attribute) else None
    if not errors and not (isinstance(parens, N.Parens) and parens.last.start == len(head) + len(value) + 1):
        line, col = source.position(js.open.end)
        errors = [Diagnostic(source.filename, line, col, "expected a single expression in this string")]
        return Embedded(None, _content_tokens(js), errors)
    if errors:
        return Embedded(None, _content_tokens(js), embed.diagnostics(errors))
    assert isinstance(parens, N.Parens)
    inner = parens.expr
    tokens = embed.adopt(tree.tokens)
    _rehome(inner, source)
    return Embedded(inner, tokens, [])


def _merge_literals(parts: list[N.TemplatePart], source: Source) -> list[N.TemplatePart]:
    """One literal per run of text, as in a native quoted string (heredoc text comes line by line)."""
    merged: list[N.TemplatePart] = []
    for part in parts:
        if isinstance(part, N.TemplateIf):
            part.then_parts = _merge_literals(part.then_parts, source)
            if part.else_parts is not None:
                part.else_parts = _merge_literals(part.else_parts, source)
        elif isinstance(part, N.TemplateFor):
            part.body_parts = _merge_literals(part.body_parts, source)
        prev = merged[-1] if merged else None
        if isinstance(part, N.TemplateLiteral) and isinstance(prev, N.TemplateLiteral):
            merged[-1] = N.TemplateLiteral(prev.first, part.last, prev.value + part.value, source)
        else:
            merged.append(part)
    return merged


def _content_tokens(js: JString) -> list[Token]:
    return [js.content] if js.content is not None else []


def _diag(source: Source, offset: int, message: str) -> Diagnostic:
    line, col = source.position(offset)
    return Diagnostic(source.filename, line, col, message)


def _rehome(node: N.Node, source: Source) -> None:
    for each in node.walk():
        each.source = source


class _Embedding:
    """Maps between the synthetic native text and the JSON file around one string."""

    def __init__(self, js: JString, source: Source, synthetic: str, lo: int, marker: str | None) -> None:
        self.js = js
        self.source = source
        self.synthetic = Source(synthetic)
        self.lo = lo  # synthetic offset where the string's value starts
        self.hi = lo + len(js.value)
        self.marker = marker

    def file_offset(self, offset: int) -> int | None:
        """File offset of a synthetic offset inside the value (its end included), else None."""
        if self.lo <= offset <= self.hi:
            return self.js.file_offset(offset - self.lo)
        return None

    def adopt(self, tokens: list[Token]) -> list[Token]:
        """Move the tokens covering the value into the file, clipped to it, in order."""
        text = self.source.text
        out: list[Token] = []
        for tok in tokens:
            start, end = max(tok.start, self.lo), min(tok.end, self.hi)
            if start >= end:
                continue
            raw_start = self.js.file_offset(start - self.lo)
            raw_end = self.js.file_offset(end - self.lo)
            tok.start = raw_start
            tok.text = text[raw_start:raw_end]
            tok.line, tok.col = self.source.position(raw_start)
            if tok.kind == T.STRING_LIT:
                tok.kind = T.QUOTED_LIT  # heredoc text in the carrier, quoted text in the file
            out.append(tok)
        return out

    def diagnostics(self, errors: list[Diagnostic]) -> list[Diagnostic]:
        # Only the first: the parser's recovery after it runs into the carrier text.
        return [self.diagnostic(errors[0])]

    def diagnostic(self, d: Diagnostic) -> Diagnostic:
        offset = self.synthetic_offset(d.line, d.col)
        raw = self.file_offset(offset)
        message = d.message
        if raw is None or offset == self.hi:
            # Past the string: the carrier's own text was found there.
            raw = self.js.close.start if offset >= self.hi else self.js.open.end
            message = _FOUND.sub("found the end of the string", message)
        message = _HEREDOC_MESSAGE.sub("the template is not terminated", message)
        if self.marker is not None:
            message = message.replace(repr(self.marker), "the end of the string")
        else:
            message = message.replace("')' to close the parenthesis", "the end of the expression")
        message = _OPENED_AT.sub(self.map_position, message)
        line, col = self.source.position(raw)
        return Diagnostic(self.source.filename, line, col, message)

    def synthetic_offset(self, line: int, col: int) -> int:
        starts = self.synthetic.line_starts
        line = min(max(line, 1), len(starts))
        return min(starts[line - 1] + col - 1, len(self.synthetic.text))

    def map_position(self, m: re.Match[str]) -> str:
        raw = self.file_offset(self.synthetic_offset(int(m.group(2)), int(m.group(3))))
        if raw is None:
            raw = self.js.open.end
        line, col = self.source.position(raw)
        return f"{m.group(1)} {line}:{col}"
