"""Properties of the formatter on random HCL (strategies in hcl_gen.py).

- idempotent: formatting formatted text changes nothing;
- equivalent: without Terraform's rewrites, only whitespace changes;
- canonical text survives any re-spacing: scramble the blanks of a formatted
  file and formatting brings back the same bytes;
- text that does not parse is refused, never changed.
"""

from __future__ import annotations

import pytest
from hcl_gen import hcl_files, respace
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iacreview.fmt import HCLSyntaxError, format_source
from iacreview.hcl import tokens as T
from iacreview.hcl.lexer import lex

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def significant(text: str) -> list[tuple[str, str]]:
    """Every token but blanks (and a byte-order mark), with its text."""
    return [(t.kind, t.text) for t in lex(text) if t.kind not in (T.WS, T.BOM)]


@SETTINGS
@given(hcl_files())
def test_idempotent(text):
    once = format_source(text, final_newline=False)
    assert format_source(once, final_newline=False) == once


@SETTINGS
@given(hcl_files())
def test_stdout_form_is_the_file_form_with_a_final_newline(text):
    written = format_source(text, final_newline=False)
    printed = format_source(text)
    assert printed.endswith("\n")
    assert printed.rstrip("\n") == written.rstrip("\n")


@SETTINGS
@given(hcl_files(terraform_rewrites=False))
def test_only_whitespace_changes_without_rewrites(text):
    assert significant(format_source(text, final_newline=False)) == significant(text)


@SETTINGS
@given(hcl_files(terraform_rewrites=False))
def test_lines_are_kept(text):
    out = format_source(text, final_newline=False)
    assert out.count("\n") == text.count("\n")


@SETTINGS
@given(hcl_files(), st.randoms(use_true_random=False))
def test_canonical_text_comes_back_after_respacing(text, rnd):
    canonical = format_source(text, final_newline=False)
    assert format_source(respace(canonical, rnd), final_newline=False) == canonical


BREAKAGES = ["\n}\n", "\nx = = 1\n", "\nblock {\n", '\nx = "open\n', "\nx = [1,\n"]


@SETTINGS
@given(hcl_files(), st.sampled_from(BREAKAGES))
def test_text_that_does_not_parse_is_refused(text, breakage):
    with pytest.raises(HCLSyntaxError):
        format_source(text + breakage)
