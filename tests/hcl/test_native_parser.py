"""The native parser (_parser.c) builds exactly the tree of the Python parser, or hands the file back.

`parse_with_errors` uses the C parser when it was built. For a file with any
error the C parser returns None and the Python parser parses it, reporting and
recovering as before; so the C parser must never accept a file Python rejects,
and for every file it accepts every node must match: class, every slot, and
every token (kind, text, offset, line, column).
"""

from __future__ import annotations

import glob
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import hcl_fences
from hcl_gen import hcl_files
from iacreview.hcl import nodes as N
from iacreview.hcl import parser
from iacreview.hcl.cursor import MAX_NESTING
from iacreview.hcl.lexer import _NATIVE_KINDS, lex_split
from iacreview.hcl.source import Source
from iacreview.hcl.templates import decode_heredoc, decode_quoted
from iacreview.hcl.tokens import Token

native = parser._native
pytestmark = pytest.mark.skipif(native is None, reason="the native parser was not built (no C compiler?)")

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures")


def shape(obj: object) -> object:
    """Everything a node holds, as plain data (tokens by their fields, nodes by class and slots)."""
    if isinstance(obj, Token):
        return ("Token", obj.kind, obj.text, obj.start, obj.line, obj.col)
    if isinstance(obj, (N.Node, N.Label)):
        slots = [name for cls in type(obj).__mro__ for name in getattr(cls, "__slots__", ())]
        values = []
        for name in slots:
            value = getattr(obj, name, "<unset>")
            values.append((name, value.filename if isinstance(value, Source) else shape(value)))
        return (type(obj).__name__, tuple(values))
    if isinstance(obj, (list, tuple)):
        return (type(obj).__name__, tuple(shape(x) for x in obj))
    return (type(obj).__name__, obj)


def native_body(text: str) -> N.Body | None:
    _, sig = lex_split(text)
    return native.parse_body(sig, Source(text, "t.tf"), _NATIVE_KINDS, parser._NATIVE_CLASSES, decode_quoted,
                             decode_heredoc, MAX_NESTING)


def assert_same(text: str) -> bool:
    """Both parsers agree on `text`; True when the native one accepted it."""
    got = native_body(text)
    tree, errors = parser.parse_with_errors_python(text, "t.tf")
    if got is None:
        assert errors, repr(text)  # declining is right only for a file with an error
        return False
    assert not errors, (repr(text), errors)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20 * MAX_NESTING))  # shape() recurses once per level of nesting
    try:
        assert shape(got) == shape(tree.body), repr(text)
    finally:
        sys.setrecursionlimit(limit)
    return True


EDGE_CASES = [
    "",
    "\n\n",
    "a = 1",
    "a = 1\n",
    "a = 1\r\nb = 2\r\n",
    'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n',
    "block label1 \"label2\" {}\n",
    "block { a = 1 }\n",
    "block {}\n",
    'b "a\\"b\\u00e9" {\n}\n',
    'b "" {\n}\n',
    "a = -1\nb = !c\nc = - - 1\n",
    "a = 1 + 2 * 3 - 4 / 5 % 6\nb = a == b != c\nc = x < y || y >= z && !w\n",
    "a = x ? y : z ? 1 : 2\n",
    "a = (1 +\n 2)\n",
    "a = b.c.d[0][\"k\"].e\nb = x.0\nc = y.0.1\n",
    "a = b[*].c.d\nb = c.*.d\nc = d[*][0].e\nd = e[*][*].f\ne = f.*\n",
    "a = f(1, 2)\nb = g(x...)\nc = provider::aws::arn_parse(x)\nd = h(\n  1,\n  2,\n)\ne = k()\n",
    "a = [1, 2, 3]\nb = []\nc = [\n  1,\n  2\n]\n",
    "a = { b = 1, c = 2 }\nb = {}\nc = {\n  d = 1\n  e = 2\n}\nd = { \"k\" : 1, (x) = 2, null = 3 }\n",
    "a = [for x in y : x if x != null]\nb = {for k, v in m : k => v...}\nc = {for k, v in m : k => v if v}\n",
    'a = "plain"\nb = ""\nc = "esc \\" \\n \\\\ \\u00e9"\nd = "$${x} %%{y}"\n',
    'a = "${b}-${c["k"]}"\nb = "${~ x ~}"\n',
    'a = "%{ if x ~}yes%{~ else }no%{ endif }"\nb = "%{ for k, v in m }${k}=${v}%{ endfor }"\n',
    'a = "%{ if x }only%{ endif }"\n',
    "x = <<EOT\nhello ${name}\n  EOT\nEOT\n",
    "x = <<-EOT\n  indented $${lit}\n  EOT\n",
    "x = <<EOT\n%{ for a in b }${a}%{ endfor }\nEOT\n",
    "x = <<EOT\nEOT\n",
    'a = "${ { x = 1 } }"\n',
    'a = "${"nested ${"deep"}"}"\n',
    "a = true\nb = false\nc = null\nd = truex\n",
    "a = 1.5\nb = 2e5\nc = 3E-2\nd = 4.\n",
    "a = x\n.y\n",
    "a = [x\n.y]\n",
    "a = f\n(1)\n",
    "a = [f\n(1)]\n",
    "a = {\n  b = 1,\n  c = 2,\n}\n",
    "/* c */ a = 1 // d\n# e\n",
    # every one of these has an error: the native parser declines, Python reports
    "a = 1\na = 2\n",
    "a = \n",
    "a = 1 b\n",
    "b {\n",
    "}\n",
    "b { a = 1\n c = 2 }\n",
    "b { c {} }\n",
    'a = "unterminated\n',
    'a = "bad \\q escape"\n',
    'b "bad \\q" {\n}\n',
    'b "${x}" {\n}\n',
    "a = 1.2.3\n",
    "a = 1e\n",
    "a = x.1.5\n",
    "a = x.*.y.*\n",
    "a = f(1...,2)\n",
    "a = [1 2]\n",
    "a = { b = 1 c = 2 }\n",
    "a = { b }\n",
    "a = [for x y : x]\n",
    "a = [for x in y x]\n",
    "a = {for k, v in m : v}\n",
    "a = x ? y\n",
    'a = "%{ endif }"\n',
    'a = "%{ if x }y"\n',
    'a = "%{ bogus }"\n',
    'a = "${ ~x}"\n',
    'a = "${x ~ }"\n',
    "x = <<EOT\nno end",
    "a = (1\n",
    "a = x[1\n",
    "= 1\n",
    "a b c\n",
    "a = " + "(" * (MAX_NESTING + 5) + "1" + ")" * (MAX_NESTING + 5) + "\n",
    "a = " + "[" * (MAX_NESTING - 5) + "]" * (MAX_NESTING - 5) + "\n",
    "a = " + "-" * (MAX_NESTING + 5) + "1\n",
    "a = x" + "[*]" * (MAX_NESTING - 5) + "\n",
    "a = x" + "[*]" * (MAX_NESTING + 5) + "\n",
    "a = x" + "[*]" * 100_000 + "\n",  # once a crash of the C stack (and a RecursionError in Python)
    "é = 1\n",
    'a = "é ✓"\n',
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases(text):
    assert_same(text)


def test_valid_files_take_the_native_path():
    assert native_body('a = "x"\nb {\n  c = [for v in var.l : v]\n}\n') is not None
    assert native_body("a = 1\na = 2\n") is None


def test_every_corpus_file():
    fences = hcl_fences()
    if not fences:
        pytest.skip("corpus not found")
    accepted = sum(assert_same(text) for _, text in fences)
    assert accepted > len(fences) * 0.9  # nearly every real file takes the fast path


def test_every_fixture_file():
    paths = glob.glob(os.path.join(FIXTURES, "**", "*.tf"), recursive=True)
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            assert_same(f.read())


def test_parse_with_errors_gives_the_python_result():
    text = 'resource "a" "b" {\n  x = "${var.y}"\n}\n'
    tree, errors = parser.parse_with_errors(text, "m.tf")
    reference, reference_errors = parser.parse_with_errors_python(text, "m.tf")
    assert errors == reference_errors == []
    assert shape(tree) == shape(reference)
    assert tree.to_source() == text
    bad, bad_errors = parser.parse_with_errors("a = 1\na = 2\n", "m.tf")
    assert bad_errors == parser.parse_with_errors_python("a = 1\na = 2\n", "m.tf")[1] and bad_errors


_ALPHABET = st.sampled_from(
    ["a", "b", "x", "1", "2.5", " ", "\n", "=", "{", "}", "[", "]", "(", ")", ",", ".", ":", "?", "+", "-", "*",
     "!", "==", "&&", "=>", "...", "*", '"', "${", "%{", "~", "for ", " in ", "if ", "endif", "else", "endfor",
     "true", "null", "<<EOT\n", "EOT\n", "\\n", "$${", "b {", "r \"l\" {", "f(", "::"]
)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_random_token_soup(text):
    assert_same(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hcl_files())
def test_generated_configurations(text):
    assert assert_same(text)


def test_switch_off_with_environment_variable():
    code = "from iacreview.hcl import parser; print(parser._native is None)"
    env = dict(os.environ, IACREVIEW_PURE_PYTHON="1")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
