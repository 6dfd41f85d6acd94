"""The native formatter passes (_layout.c) agree with the Python ones on every input.

`build_stream` and `layout` use the C accelerator when it was built; the Python
functions `build_stream_python` and `layout_python` are the reference. The
golden and differential tests already hold the formatter's output to
terraform's; this file holds the two implementations to each other, including
the paths the C code hands back to Python (tokens with no place in a stream,
non-ASCII widths, spacing that depends on the token before).
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings

from corpus import hcl_fences
from hcl_gen import hcl_files, respace
from iacreview.fmt import layout as L
from iacreview.fmt import stream as S
from iacreview.fmt.rewrites import rewrite
from iacreview.hcl import parse_with_errors
from iacreview.hcl.lexer import lex

pytestmark = pytest.mark.skipif(S._native is None, reason="the native formatter passes were not built")


def python_stream(tokens):
    try:
        return S.build_stream_python(tokens)
    except S.StreamError:
        return None


def assert_same(text: str) -> None:
    tokens = lex(text)
    native = S._native.build_stream(tokens, S._NATIVE_CODES)
    reference = python_stream(tokens)
    if native is None:
        assert reference is None, repr(text)  # declined only where Python refuses too
        return
    assert reference is not None, repr(text)
    ours = S.Stream(*native)
    assert (ours.kinds, ours.texts, ours.starts, ours.eof_gap) == (
        reference.kinds, reference.texts, reference.starts, reference.eof_gap), repr(text)
    assert L.layout(ours) == L.layout_python(reference), repr(text)
    tree, errors = parse_with_errors(text, "t.tf")
    if not errors:  # the rewritten stream, as format_tree lays it out
        rewritten = rewrite(tree, ours)
        assert L.layout(rewritten) == L.layout_python(rewritten), repr(text)


EDGE_CASES = [
    "",
    "\ufeffa = 1\n",
    "a = 1\r\nbb = 2\r\n",
    "a=1\nbbb=2 # note\ncc = { x = 1 } // other\n\n# alone\nd = 3",
    "x = <<EOT\nhello ${name}\n  EOT   \nEOT  \ny = 1\n",
    'a = "%{ if x ~}yes%{~ else ~}no%{ endif ~}"\n',
    'a = "${ ~x~ }"\n',
    'a = "${x ~}"\n',
    "a = -1\nb = x - 1\nc = [for k in v : k if k != -2]\nd = !x\n",
    "a = { for k, v in m : k => v... }\n",
    "日本 = 1\nab   = 2 # ✓ comment\ncé  = 3 # e + combining accent\n",
    "resource \"a\" \"b\" {\n  x = 1\n  yy = [\n    1,\n    2,\n  ]\n  zzz = f(\n    a)\n}\n",
    "/* block */ a = 1 /* trailing */\n",
    "a = 1 # comment at end of file",
    "a = 1 /* unterminated",
    "a = $x\n",
    "a = 1\n   ",
    "a = <<-EOT\n\t  x\n\tEOT\n",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases(text):
    assert_same(text)


def test_every_corpus_file_and_a_respaced_copy():
    fences = hcl_fences()
    if not fences:
        pytest.skip("corpus not found")
    rnd = random.Random(11)
    for _, text in fences:
        assert_same(text)
        assert_same(respace(text, rnd))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hcl_files())
def test_generated_configurations(text):
    assert_same(text)
