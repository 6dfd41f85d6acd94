"""HCL highlighting: lossless (the code reads back exactly) and classed by role."""

from __future__ import annotations

import html
import re

import pytest

from corpus import hcl_fences
from iacreview.report.dashboard.highlight import highlight_block, highlight_hcl

_TAG = re.compile(r"</?span[^>]*>")


def plain(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))


def test_roles_get_classes():
    out = highlight_hcl('# note\nresource "aws_s3_bucket" "b" {\n  bucket = "x-${var.env}"\n  count  = 2\n'
                        '  force  = true\n}\n')
    assert '<span class="hl-comment"># note</span>' in out
    assert '<span class="hl-keyword">resource</span>' in out
    assert '<span class="hl-string">"aws_s3_bucket"</span>' in out
    assert '<span class="hl-attr">bucket</span>' in out
    assert '<span class="hl-interp">${</span>' in out
    assert '<span class="hl-number">2</span>' in out and '<span class="hl-const">true</span>' in out


def test_markup_is_escaped():
    out = highlight_hcl('x = "</code><script>alert(1)</script>"\n')
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert plain(out) == 'x = "</code><script>alert(1)</script>"\n'


def test_fragments_and_junk_are_kept_exactly():
    for text in ("}\n  ]\n", '"unterminated\n', "/* open comment", "€ weird ` chars \t\r\n", ""):
        assert plain(highlight_hcl(text)) == text


def test_non_hcl_blocks_are_only_escaped():
    block = highlight_block("echo <hi>\n", "bash")
    assert block == '<pre class="code"><code class="language-bash">echo &lt;hi&gt;\n</code></pre>\n'
    assert "hl-" in highlight_block('a = 1\n', "terraform")


def test_every_corpus_fence_reads_back_exactly():
    fences = hcl_fences()
    if not fences:
        pytest.skip("the shared corpus is not available (set IACREVIEW_CORPUS)")
    for label, text in fences[:400]:
        assert plain(highlight_hcl(text)) == text, label
