"""Deciding whether untagged text is HCL: the parser when it exists, line shapes otherwise."""

from __future__ import annotations

import pytest

import iacreview.hcl
from iacreview.task.hcl_sniff import (
    declared_blocks,
    default_looks_like_hcl,
    heuristic_looks_like_hcl,
    looks_like_tfvars,
    prose_line_ratio,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n', True),
        ('variable "region" {\n  type = string\n', True),  # broken, still Terraform
        ("terraform {\n}\n", True),
        ('region = "us-east-1"\ncount  = 2\ntags = {\n  Name = "x"\n}\n', True),
        ("terraform init\nterraform apply\n", False),
        ("lib/\n├── main.tf\n└── outputs.tf\n", False),
        ('{"Version": "2012-10-17"}\n', False),
        ("payment-transactions-synth101912462  = 36 chars (TOO LONG)\n", False),
        ("", False),
        ("# only a comment\n", False),
    ],
)
def test_heuristic(text: str, expected: bool) -> None:
    assert heuristic_looks_like_hcl(text) is expected


class FakeSyntaxError(Exception):
    pass


def test_default_predicate_asks_the_parser_when_it_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str]] = []

    def parse(text: str, filename: str) -> object:
        seen.append((text, filename))
        if "!" in text:
            raise FakeSyntaxError("bad")
        return object()

    monkeypatch.setattr(iacreview.hcl, "parse", parse, raising=False)
    monkeypatch.setattr(iacreview.hcl, "HCLSyntaxError", FakeSyntaxError, raising=False)
    assert default_looks_like_hcl('locals {\n  a = upper("x")\n}\n')
    assert default_looks_like_hcl('x = yamldecode(file("a.yaml"))["k"]\n')
    assert not default_looks_like_hcl("oops!\n")
    assert default_looks_like_hcl('resource "a" "b" { oops! }\n')  # parser says no; a Terraform block says yes
    assert not default_looks_like_hcl("# comment only\n")
    assert seen[0][1] == "<answer>"


def test_a_crashing_parser_does_not_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(text: str, filename: str) -> object:
        raise RecursionError("parser bug")

    monkeypatch.setattr(iacreview.hcl, "parse", parse, raising=False)
    monkeypatch.setattr(iacreview.hcl, "HCLSyntaxError", FakeSyntaxError, raising=False)
    assert default_looks_like_hcl('resource "aws_vpc" "v" {}\n')
    assert not default_looks_like_hcl("plain words here\n")


def test_tfvars_and_declarations() -> None:
    assert looks_like_tfvars('a = 1\nb = ["x", "y"]\nc = {\n  d = true\n}\n')
    assert not looks_like_tfvars('a = 1\nresource "x" "y" {}\n')
    assert declared_blocks('resource "aws_vpc" "main" {\n}\nvariable  "x"  {\n}\nlocals {\n}\n') == {
        'resource "aws_vpc" "main"', 'variable "x"'}


def test_prose_ratio() -> None:
    assert prose_line_ratio('resource "a" "b" {\n  x = 1\n}\n') == 0
    assert prose_line_ratio("This is a sentence about the stack.\nresource \"a\" \"b\" {}\n") == 0.5
