"""The SYN001 fix is about the error the parser found: the offending line corrected where it can be, never an
unrelated example (issue 15, item 10)."""

from __future__ import annotations

import pytest

from iacreview.hcl import parse_with_errors
from iacreview.review.syntax_fix import syntax_fix

CASES = [
    ("semicolons", 'variable "x" { type = list(string); default = [] }\n',
     "not ';'", 'variable "x" {\n  type    = list(string)\n  default = []\n}'),
    ("two arguments on one line", 'resource "aws_s3_bucket" "b" { bucket = "logs" acl = "private" }\n',
     "one argument per line", 'resource "aws_s3_bucket" "b" {\n  bucket = "logs"\n  acl    = "private"\n}'),
    ("colon for equals", 'resource "aws_sqs_queue" "q" {\n  name: "orders"\n}\n', "with '=', not ':'", '  name = "orders"'),
    ("missing equals", 'resource "aws_sqs_queue" "q" {\n  name "orders"\n}\n', "needs '='", '  name = "orders"'),
    ("comma separator", 'resource "aws_sqs_queue" "q" {\n  name = "orders",\n  delay_seconds = 5\n}\n',
     "not commas", '  name = "orders"'),
    ("string left open", 'resource "aws_sqs_queue" "q" {\n  name = "orders\n}\n', "Close the string", '  name = "orders"'),
    ("block never closed", 'resource "aws_sqs_queue" "q" {\n  name = "orders"\n', "never closed",
     'resource "aws_sqs_queue" "q" {\n  # … the block\'s arguments …\n}'),
    ("stray brace", 'resource "aws_sqs_queue" "q" {\n  name = "orders"\n}\n}\n', "Remove the '}'", ""),
    ("anything else", 'locals {\n  x = 1 +\n}\n', "expected an expression", ""),
]


@pytest.mark.parametrize("text, advice, corrected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_fix_names_the_error_and_corrects_the_line(text, advice, corrected):
    _tree, errors = parse_with_errors(text, "main.tf")
    first = errors[0]
    fix = syntax_fix(first.message, text, first.line, first.col)
    assert fix.summary.startswith(f"At line {first.line}, column {first.col}: ")
    assert advice in fix.summary
    assert fix.code == corrected
    assert "aws_s3_bucket" not in fix.code or "aws_s3_bucket" in text  # never the rule's generic bucket
    if corrected:
        assert parse_with_errors(corrected.strip() + "\n", "fixed.tf")[1] == [] or "# …" in corrected
