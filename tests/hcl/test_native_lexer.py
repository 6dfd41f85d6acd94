"""The native lexer (_lexer.c) gives exactly the tokens of the Python lexer, or hands the text back.

`lex` uses the C accelerator when it was built and falls back to
`lex_python` for text the accelerator declines (non-ASCII identifiers and
heredoc markers) or when IACREVIEW_PURE_PYTHON is set. Every token field is
compared: kind, text, offset, line and column.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import hcl_fences
from hcl_gen import hcl_files
from iacreview.hcl import lexer
from iacreview.hcl import tokens as T
from iacreview.hcl.tokens import Token

native = lexer._native
pytestmark = pytest.mark.skipif(native is None, reason="the native lexer was not built (no C compiler?)")


def fields(tokens: list[Token]) -> list[tuple]:
    return [(t.kind, t.text, t.start, t.line, t.col) for t in tokens]


def native_lex(text: str) -> list[Token] | None:
    return native.lex(text, Token, lexer._NATIVE_KINDS)


def assert_same(text: str) -> None:
    got = native_lex(text)
    if got is None:
        # Declining is allowed only where the Python lexer needs Unicode character classes.
        assert any(ord(c) > 0x7F for c in text), repr(text)
        return
    expected = lexer.lex_python(text)
    assert fields(got) == fields(expected), repr(text)
    assert all(type(t) is Token for t in got)
    tokens, significant = native.lex_split(text, Token, lexer._NATIVE_KINDS)
    assert fields(tokens) == fields(expected)
    assert fields(significant) == fields([t for t in expected if t.kind not in T.TRIVIA])
    assert all(any(s is t for t in tokens) for s in significant[:50])  # the same objects, not copies


EDGE_CASES = [
    "",
    "\ufeff",
    "\ufeffa = 1\n",
    "a = 1",
    "a = 1\r\nb = 2\r\n",
    "x = <<EOT\nhello ${name}\n  EOT\nEOT\n",
    "x = <<-EOT\r\n  indented\r\n  EOT\r\n",
    "x = <<EOT\nno end",
    "x = <<EOT \n",
    "x = << EOT\n",
    "x = <<EOT\n\rbad\nEOT\n",
    "x = <<EOT\n%{ for a in b }${a}%{ endfor }\nEOT\n",
    'a = "simple"\nb = ""\nc = "esc \\" \\n \\\\"\n',
    'a = "${b}-${c["k"]}"\n',
    'a = "$${lit} %%{lit} $ % $$x %%y"\n',
    'a = "%{ if x ~}yes%{~ else }no%{ endif }"\n',
    'a = "unterminated\nb = 1\n',
    'a = "back\\',
    'a = "trailing \\\n',
    'a = "x\r"\n',
    "/* block\n comment */ a = 1 // line\n# hash\r\n",
    "/* never closed\n\n",
    "/*/ still open",
    "a = 1.5.2e+3 + 2E5 - 3e + 4.\n",
    "a = x...\nb = a::b:c ? d : e\nc = a => b\n",
    "a = !b && c || d != e == f <= g >= h < i > j\n",
    "a = & | @ $ ; ` ' \\ ^ \x0b \x0c \x00\n",
    "a = \r b\n",
    "a = { b = { c = 1 } }\n}\n}\n",
    'a = "${ { x = 1 } }"\n',
    'a = "${"nested ${"deep"}"}"\n',
    "a = \"é ✓ 日本\" # çomment\n",
    "é = 1\n",
    "a = b\u00e9\n",
    "x = <<Eé\ntext\nEé\n",
    "x = <<EOT\n\u00a0EOT\u00a0\nEOT\n",
    "x = <<EOT\n\x1cEOT\nEOT\n",
    "~ a ~\n",
    "a = -1\nb = - 1\n",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases(text):
    assert_same(text)


def test_declines_only_non_ascii_names():
    assert native_lex("é = 1\n") is None
    assert native_lex("x = <<Eé\ntext\nEé\n") is None
    assert native_lex('a = "é"  # é\nb = <<EOT\né\nEOT\n') is not None


def test_every_corpus_file():
    fences = hcl_fences()
    if not fences:
        pytest.skip("corpus not found")
    declined = 0
    for _, text in fences:
        got = native_lex(text)
        if got is None:
            declined += 1
            continue
        assert fields(got) == fields(lexer.lex_python(text))
    assert declined < len(fences) // 20  # nearly every real file takes the fast path


_ALPHABET = st.sampled_from(
    list("abcxyz_-019 \t\n\r{}[]()=:,.?+-*/%<>!~\"\\$&|#@;'") + ["${", "%{", "<<EOT\n", "<<-EOT\n", "EOT\n",
                                                                  "/*", "*/", "//", "\r\n", "é", "\u00a0", "\ufeff"]
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_random_character_soup(text):
    assert_same(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hcl_files())
def test_generated_configurations(text):
    assert_same(text)


def test_switch_off_with_environment_variable():
    code = "from iacreview.hcl import lexer; print(lexer._native is None)"
    env = dict(os.environ, IACREVIEW_PURE_PYTHON="1")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
