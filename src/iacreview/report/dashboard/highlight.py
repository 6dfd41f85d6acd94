"""HCL syntax highlighting for the dashboard, from iacreview's own lossless lexer.

Every character of the input belongs to exactly one token, so wrapping tokens in
`<span class="hl-…">` and escaping their text reproduces the code exactly.
Fragments (an excerpt of a block, a `# MODEL_RESPONSE` header) lex fine: the
lexer never fails, it marks what it cannot place as INVALID.
"""

from __future__ import annotations

from html import escape

from iacreview.hcl import tokens as T
from iacreview.hcl.lexer import lex

HCL_LANGUAGES = frozenset({"hcl", "terraform", "tf", "tfvars"})
_STRING = {T.OQUOTE, T.CQUOTE, T.QUOTED_LIT, T.STRING_LIT, T.OHEREDOC, T.CHEREDOC}
_INTERP = {T.TEMPLATE_INTERP, T.TEMPLATE_CONTROL, T.TEMPLATE_SEQ_END}
_PLAIN = {T.WS, T.NEWLINE, T.EOF, T.BOM}
_CONSTANTS = {"true", "false", "null"}
_KEYWORDS = {"for", "in", "if", "else", "endif", "endfor"}


def highlight_hcl(code: str) -> str:
    """`code` as HTML with token classes (hl-keyword, hl-attr, hl-string, hl-comment, …)."""
    tokens = [t for t in lex(code) if t.kind != T.EOF]
    significant = [i for i, t in enumerate(tokens) if t.kind not in (T.WS, T.BOM)]
    next_kind = {a: tokens[b].kind for a, b in zip(significant, significant[1:])}
    previous_kind = {b: tokens[a].kind for a, b in zip(significant, significant[1:])}
    runs: list[tuple[str, str]] = []  # (class, text); neighbours of one class share a span
    for index, token in enumerate(tokens):
        css = _class_of(token, previous_kind.get(index, T.NEWLINE), next_kind.get(index, T.EOF))
        if runs and runs[-1][0] == css:
            runs[-1] = (css, runs[-1][1] + token.text)
        else:
            runs.append((css, token.text))
    return "".join(f'<span class="{css}">{escape(text, quote=False)}</span>' if css else escape(text, quote=False)
                   for css, text in runs)


def _class_of(token: T.Token, before: str, after: str) -> str:
    kind = token.kind
    if kind in _PLAIN:
        return ""
    if kind == T.COMMENT:
        return "hl-comment"
    if kind in _STRING:
        return "hl-string"
    if kind in _INTERP:
        return "hl-interp"
    if kind == T.NUMBER:
        return "hl-number"
    if kind in (T.INVALID, T.UNTERMINATED):
        return "hl-invalid"
    if kind == T.IDENT:
        if token.text in _CONSTANTS:
            return "hl-const"
        if after in (T.EQUAL,):
            return "hl-attr"
        if before in (T.NEWLINE, T.OBRACE) and after in (T.OQUOTE, T.IDENT, T.OBRACE):
            return "hl-keyword"
        if token.text in _KEYWORDS:
            return "hl-keyword"
        return "hl-ident"
    return "hl-op"


def highlight_block(code: str, language: str) -> str:
    """A `<pre><code>` block: highlighted when `language` is HCL, escaped otherwise."""
    lang = (language or "").strip().lower()
    body = highlight_hcl(code) if lang in HCL_LANGUAGES else escape(code, quote=False)
    css = f' class="language-{escape(lang)}"' if lang else ""
    return f'<pre class="code"><code{css}>{body}</code></pre>\n'
