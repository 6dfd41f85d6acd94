"""The formatter's parts one by one: stream, spacing table, widths, cells, indentation,
rewrites and the safety checks. Expected texts were taken from `terraform fmt`."""

from __future__ import annotations

import doctest
import itertools

import pytest

import iacreview.fmt
import iacreview.fmt.api
from iacreview.fmt import InternalFormatError, format_source
from iacreview.fmt import layout as layout_module
from iacreview.fmt import stream as S
from iacreview.fmt.indent import indent_lines
from iacreview.fmt.lines import split_lines
from iacreview.fmt.rewrites import escape_quoted, normalize_type
from iacreview.fmt.safety import verify
from iacreview.fmt.spacing import DEPENDS_ON_BEFORE, SPACE_TABLE, space_after
from iacreview.fmt.width import columns
from iacreview.hcl.lexer import lex


def stream_of(text: str) -> S.Stream:
    return S.build_stream(lex(text))


def kinds_of(text: str) -> list[str]:
    return [S.KIND_NAMES[k] for k in stream_of(text).kinds]


# ------------------------------------------------------------------ stream


def test_line_comments_carry_their_newline():
    stream = stream_of("a = 1 # c\r\n// d\n/* e */\n")
    assert stream.texts == ["a", "=", "1", "# c\r\n", "// d\n", "/* e */", "\n"]
    assert S.KIND_NAMES[stream.kinds[3]] == "COMMENT_LINE"
    assert S.KIND_NAMES[stream.kinds[5]] == "COMMENT"


def test_a_line_comment_at_the_end_of_the_file_has_no_newline():
    assert kinds_of("a = 1 # c") == ["IDENT", "EQUAL", "NUMBER", "COMMENT"]


def test_strip_markers_join_their_template_tokens():
    stream = stream_of('x = "${~ a ~}%{~ if b ~}c%{ endif }"\n')
    assert "${~" in stream.texts and "~}" in stream.texts and "%{~" in stream.texts
    assert "~" not in stream.texts


def test_in_is_its_own_kind():
    assert kinds_of("x = [for v in l : v]\n").count("IN") == 1


def test_the_gap_before_the_end_counts_bytes_and_a_bom_is_whitespace():
    assert stream_of("a = 1\n \t ").eof_gap == 3
    assert stream_of("\ufeff").eof_gap == 3
    assert stream_of("\ufeffa = 1\n").texts[0] == "a"


def test_blanks_after_a_heredoc_marker_stay_with_it():
    tokens = lex("x = <<EOT\nhi\nEOT\n")
    marker = next(i for i, t in enumerate(tokens) if t.kind == "CHEREDOC")
    tokens.insert(marker + 1, type(tokens[0])("WS", "  ", 0, 0, 0))
    assert "EOT  " in S.build_stream(tokens).texts


# ------------------------------------------------------------------ spacing


def test_the_table_agrees_with_the_rule_for_every_triple():
    kinds = range(S.KIND_COUNT)
    for subject, after in itertools.product(kinds, kinds):
        entry = SPACE_TABLE[subject][after]
        answers = {space_after(subject, before, after) for before in kinds}
        if entry == DEPENDS_ON_BEFORE:
            assert len(answers) == 2, (S.KIND_NAMES[subject], S.KIND_NAMES[after])
        else:
            assert answers == {bool(entry)}, (S.KIND_NAMES[subject], S.KIND_NAMES[after])


@pytest.mark.parametrize(
    "before, after",
    [
        ("x = a-1\n", "x = a-1\n"),  # one identifier
        ("x = a -1\n", "x = a - 1\n"),
        ("x = [-1, - 2, (-3)]\n", "x = [-1, -2, (-3)]\n"),
        ("x = 2*-1\n", "x = 2 * -1\n"),
        ("x = ! a&&!b\n", "x = !a && !b\n"),
        ("x = [for v in [a]: v]\n", "x = [for v in [a] : v]\n"),
        ("x = [for v in (a): v]\n", "x = [for v in(a) : v]\n"),
        ('x = "${ {a=1} }x"\n', 'x = "${ { a = 1 } }x"\n'),
        ("x = f( a , b ... )\n", "x = f(a, b...)\n"),
        ("x = provider :: aws :: f( 1 )\n", "x = provider::aws::f(1)\n"),
        ("x = a[ * ].b\ny = a . * . b\n", "x = a[*].b\ny = a.*.b\n"),
        ("x = {a:1}\ny = { }\n", "x = { a : 1 }\ny = {}\n"),
    ],
)
def test_spacing(before, after):
    assert format_source(before) == after


# ------------------------------------------------------------------ widths


@pytest.mark.parametrize(
    "text, width",
    [
        ("abc", 3),
        ("a\r\nb", 3),
        ("é", 1),
        ("e\u0301", 1),
        ("日本", 2),
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467", 1),
        ("\U0001f1eb\U0001f1f7\U0001f1e9", 2),  # a flag, then half of one
        ("\u1100\u1161\u11a8", 1),  # Hangul jamo making one syllable
        ("\U0001f44d\U0001f3fd", 1),  # skin tone modifier
    ],
)
def test_columns_count_grapheme_clusters(text, width):
    assert columns(text) == width


def test_alignment_counts_graphemes():
    source = 'x = {\n"é" = 1\nab = 2\n"日本" = 3\n}\n'
    assert format_source(source) == 'x = {\n  "é"  = 1\n  ab   = 2\n  "日本" = 3\n}\n'


# ------------------------------------------------------------------ cells and indentation


def cells(text: str) -> list[tuple[str, str, str]]:
    stream = stream_of(text)
    out = []
    for line in split_lines(stream.kinds):
        lead = "".join(stream.texts[line.start : line.lead_end])
        assign = "".join(stream.texts[line.assign : line.assign_end]) if line.assign >= 0 else ""
        comment = stream.texts[line.comment] if line.comment >= 0 else ""
        out.append((lead, assign, comment))
    return out


def test_cells():
    assert cells("a = 1 # c\nb = {\n}\n# own\nc = [1,\n") == [
        ("a", "=1", "# c\n"),
        ("b={\n", "", ""),  # opens a bracket: no assign cell
        ("}\n", "", ""),
        ("# own\n", "", ""),  # alone on its line: no comment cell
        ("c=[1,\n", "", ""),
    ]


def test_indentation_closes_only_what_a_line_opened():
    text = "a = f({\nb = 1\n})\nc = [[\n1\n]\n]\n"
    stream = stream_of(text)
    lines = split_lines(stream.kinds)
    assert indent_lines(stream.kinds, lines) == [0, 2, 0, 0, 2, 2, 0]  # `[[` is one level


# ------------------------------------------------------------------ rewrites


@pytest.mark.parametrize(
    "value, escaped",
    [
        ("plain", "plain"),
        ('q"b\\s', 'q\\"b\\\\s'),
        ("a\nb\tc\r", "a\\nb\\tc\\r"),
        ("${x} %{y} $ %", "$${x} %%{y} $ %"),
        ("é 日本", "é 日本"),
        ("\x07\u00a0\U000e0001", "\\u0007\\u00a0\\U000e0001"),
    ],
)
def test_escape_quoted(value, escaped):
    assert escape_quoted(value) == escaped


def test_normalize_type():
    ident, paren, cparen, quote, lit, cquote = S.IDENT, S.OPAREN, S.CPAREN, S.OQUOTE, S.QUOTED_LIT, S.CQUOTE
    assert normalize_type([ident], ["list"]) == [(ident, "list"), (paren, "("), (ident, "any"), (cparen, ")")]
    assert normalize_type([quote, lit, cquote], ['"', "map", '"'])[2] == (ident, "string")
    assert normalize_type([quote, lit, cquote], ['"', "set", '"']) is None
    assert normalize_type([ident], ["string"]) is None


@pytest.mark.parametrize(
    "before, after",
    [
        ("resource aws_vpc main {\n}\n", 'resource "aws_vpc" "main" {\n}\n'),
        ('a /* x */ "b" /* y */ "c\\u0041" /* z */ {}\n', 'a "b" "cA" /* z */ {}\n'),
        ('t "cost$" "$" "50%" {}\n', 't "$" {}\n'),
        ('a = "${b}"\nc = "${d}e"\nf = {g = "${h}"}\n', 'a = b\nc = "${d}e"\nf = { g = "${h}" }\n'),
        ('a = "${\n  b ?\n  c : d\n}"\n', "a = (b ?\nc : d)\n"),
        (
            'variable "v" {\n  type = "string"\n}\nx {\n  type = list\n}\n',
            'variable "v" {\n  type = string\n}\nx {\n  type = list\n}\n',
        ),
        ('variable "v" {\n  type = map\n}\n', 'variable "v" {\n  type = map(any)\n}\n'),
        (
            "a = x[null].y[true]\nb = [for x in l : x[false]]\nc = (x)[null]\n",
            "a = x[].y[]\nb = [for x in l : x[false]]\nc = (x)[null]\n",
        ),
        ('a = "${x[null]}"\nb = { k[null] = 1 }\n', "a = x[]\nb = { k[] = 1 }\n"),
    ],
)
def test_terraform_rewrites(before, after):
    assert format_source(before) == after


# ------------------------------------------------------------------ api and safety


def test_final_newline_modes():
    assert format_source("a = 1   ") == "a = 1   \n"
    assert format_source("a = 1   ", final_newline=False) == "a = 1   "
    assert format_source("") == "\n"
    assert format_source("", final_newline=False) == ""


def test_unparsable_text_is_refused():
    with pytest.raises(iacreview.fmt.HCLSyntaxError) as info:
        format_source("a = \n", "main.tf")
    assert str(info.value).startswith("main.tf:1:")


def test_a_layout_that_changes_tokens_is_caught(monkeypatch):
    real = layout_module.layout
    monkeypatch.setattr(iacreview.fmt.api, "layout", lambda stream: real(stream).replace("a - -1", "a--1"))
    with pytest.raises(InternalFormatError) as info:
        format_source("x = a - -1\n", "m.tf")
    assert "m.tf" in str(info.value)
    assert "-IDENT 'a'" in info.value.diff and "+IDENT 'a--1'" in info.value.diff


def test_a_layout_that_is_not_stable_is_caught(monkeypatch):
    real = layout_module.layout
    monkeypatch.setattr(iacreview.fmt.api, "layout", lambda stream: real(stream).replace("b = 2", "b  = 2"))
    with pytest.raises(InternalFormatError) as info:
        format_source("b = 2\n")
    assert "-b  = 2" in info.value.diff and "+b = 2" in info.value.diff


def test_an_unchanged_file_is_checked_against_the_rewritten_tokens():
    original = stream_of("a = b\n")
    rewritten = S.Stream(list(original.kinds), list(original.texts), list(original.starts), 0)
    verify(rewritten, "a = b\n", "f.tf", original)  # equal: nothing to report
    rewritten.texts[2] = "c"
    with pytest.raises(InternalFormatError):
        verify(rewritten, "a = b\n", "f.tf", original)


def test_the_checks_can_be_skipped(monkeypatch):
    real = layout_module.layout
    monkeypatch.setattr(iacreview.fmt.api, "layout", lambda stream: real(stream) + " ")
    assert format_source("b = 2\n", check=False, final_newline=False) == "b = 2\n "


@pytest.mark.parametrize("module", [iacreview.fmt, iacreview.fmt.api])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted and not result.failed
