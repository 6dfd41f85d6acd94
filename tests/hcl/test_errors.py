"""Bad input: one clear FILE:LINE:COL line per problem, never a traceback or a hang."""

from __future__ import annotations

import subprocess
import sys

import pytest

from iacreview.hcl import HCLSyntaxError, SourceError, decode, parse, parse_with_errors
from iacreview.hcl.errors import MAX_ERRORS


def error_of(src: str) -> HCLSyntaxError:
    with pytest.raises(HCLSyntaxError) as info:
        parse(src, "main.tf")
    return info.value


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("a = \n", "main.tf:1:5: expected an expression, found newline"),
        ('a = "abc\n', "main.tf:1:9: unterminated string: expected closing quote, found newline"),
        ("a = [1 2]\n", "main.tf:1:8: expected ',' or ']' in the list, found '2'"),
        ("b {\n  a = 1\n", "main.tf:1:3: unclosed block: expected '}' to close this block, found end of file at line 3"),
        ("a = 1 @ 2\n", "main.tf:1:7: invalid character '@'"),
        ("a = 1 /* x\n", "main.tf:1:7: unterminated comment: '/*' is never closed"),
        ('a = "\\q"\n', "main.tf:1:6: invalid escape sequence '\\\\q'"),
        ("a = <<EOT\nx\n", "main.tf:1:5: heredoc opened at 1:5 has no end marker"),
        ("b { a = 1, c = 2 }\n", "main.tf:1:10: a single-line block can hold only one attribute; expected '}', found ','"),
        ("a = 1\na = 2\n", "main.tf:2:1: attribute 'a' was already set at 1:1; each attribute may be set only once"),
        ("}\n", "main.tf:1:1: unexpected '}': no block is open here"),
        ('a = "%{ endif }"\n', "main.tf:1:6: unexpected '%{ endif }' with no matching opening directive"),
        ("a = b.0.1\n", "main.tf:1:7: invalid legacy index syntax: use brackets, as in a[0][1]"),
    ],
)
def test_error_messages_name_position_and_expectation(src, expected):
    assert str(error_of(src)) == expected


def test_parser_recovers_and_reports_several_errors():
    err = error_of("a = \nb = 2\nc = [1 2]\nd {\n  e = = 1\n}\nf = 3\n")
    lines = [(d.line, d.col) for d in err.diagnostics]
    assert lines == [(1, 5), (3, 8), (5, 7)]


def test_partial_tree_is_available_with_errors():
    tree, errors = parse_with_errors("a = \nb = 2\n")
    assert len(errors) == 1 and tree.body.get_attribute("b") is not None


def test_error_count_is_bounded():
    err = error_of("a = \n" * 500)
    assert len(err.diagnostics) == MAX_ERRORS


@pytest.mark.parametrize(
    "src",
    [
        "a = " + "[" * 20000 + "]" * 20000 + "\n",
        "a = " + "(" * 20000 + "1" + ")" * 20000 + "\n",
        "b {\n" * 20000 + "}\n" * 20000,
        "a = " + "!" * 20000 + "x\n",
        "a = " + '"${' * 5000 + "1" + '}"' * 5000 + "\n",
        "a = " + "{a=" * 20000 + "1" + "}" * 20000 + "\n",
    ],
    ids=["brackets", "parens", "blocks", "unary", "interpolations", "objects"],
)
def test_deep_nesting_is_an_error_not_a_crash(src):
    err = error_of(src)
    assert "nesting deeper than" in err.message


def test_moderate_nesting_parses():
    src = "a = " + "[" * 100 + "]" * 100 + "\n"
    assert parse(src).to_source() == src


def test_binary_and_bad_utf8_are_one_line_errors():
    with pytest.raises(SourceError) as info:
        decode(b"a = 1\nb = \x00\x01", "bin.tf")
    assert str(info.value.diagnostic) == "bin.tf:2:5: binary file (NUL byte); not HCL text"
    with pytest.raises(SourceError) as info:
        decode('a = "é"\nb = "\xff"\n'.encode("latin-1"), "bad.tf")
    assert str(info.value.diagnostic) == "bad.tf:1:6: invalid UTF-8 (byte 0xe9)"


def test_large_input_parses():
    block = 'resource "aws_s3_bucket" "b%d" {\n  bucket = "x-${var.y}"\n  tags   = { a = 1 }\n}\n'
    src = "".join(block % i for i in range(40000))  # ~3.5 MB
    assert len(parse(src).body.items) == 40000


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "iacreview", *args], input=stdin, capture_output=True, timeout=60)


def test_cli_reports_syntax_errors_on_one_line_each_with_exit_2(tmp_path):
    bad = tmp_path / "bad.tf"
    bad.write_text("a = \nb = [1 2]\n")
    result = run_cli("hcl2json", str(bad))
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        f"{bad}:1:5: expected an expression, found newline",
        f"{bad}:2:8: expected ',' or ']' in the list, found '2'",
    ]
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x7fELF\x00\x00binary", "binary file"),
        (b"a = \"\xff\"\n", "invalid UTF-8"),
    ],
)
def test_cli_rejects_non_text_files(tmp_path, content, message):
    path = tmp_path / "weird name; rm -rf $HOME.tf"
    path.write_bytes(content)
    result = run_cli("hcl2json", str(path))
    assert result.returncode == 2
    err = result.stderr.decode()
    assert err.count("\n") == 1 and message in err and str(path) in err


def test_cli_missing_file_and_directory(tmp_path):
    result = run_cli("hcl2json", str(tmp_path / "nope.tf"))
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    result = run_cli("hcl2json", str(tmp_path))
    assert result.returncode == 2 and b"Traceback" not in result.stderr


def test_a_block_left_open_at_the_end_keeps_the_items_before_it():
    text = 'resource "a_b" "c" {\n  x = 1\n}\n\nvariable "v" {}\n\nresource "a_b" "d" {\n  y = {\n'
    tree, errors = parse_with_errors(text, "cut.tf")
    assert [item.address for item in tree.body.items] == ["a_b.c", "variable.v"]
    assert any("unclosed block" in e.message for e in errors)
