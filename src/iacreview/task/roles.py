"""What a piece of an answer is for: the solution's code, its tests, or its docs.

A Terraform answer carries HCL (the code) beside bash snippets, READMEs,
JSON policies (docs) and TypeScript or Go test files (tests); a CDK or Pulumi
answer's code is TypeScript or Python. The review grades code, counts tests
and looks for required documents, so every extracted piece gets one role.
"""

from __future__ import annotations

import re
from enum import StrEnum

from iacreview.task.languages import HCL, is_test_name


class Role(StrEnum):
    """The part an extracted file plays in an answer."""

    CODE = "code"
    TEST = "test"
    DOC = "doc"


PROGRAMMING_LANGS = frozenset({"python", "typescript", "javascript", "go", "java"})

_TEST_CONTENT = re.compile(
    r"\bdescribe\(\s*['\"`]|\b(?:it|test)\(\s*['\"`]|^\s*def test_\w*\(|^\s*import pytest\b|\bunittest\.TestCase\b"
    r"|\bfunc Test\w*\(\s*t \*testing\.T\)|@Test\b|\bterratest\b",
    re.MULTILINE,
)
_CFN_TEMPLATE = re.compile(r"AWSTemplateFormatVersion|^Resources:\s*$|\"Resources\"\s*:\s*\{", re.MULTILINE)


def looks_like_tests(text: str) -> bool:
    """Whether code reads as a test suite (pytest, jest/mocha, Go testing, JUnit, Terratest)."""
    return bool(_TEST_CONTENT.search(text))


def classify(name: str | None, lang: str, text: str) -> Role:
    """The role of a piece of an answer, from its name, language and content."""
    if name is not None and is_test_name(name):
        return Role.TEST
    if lang == HCL:
        return Role.CODE
    if lang in PROGRAMMING_LANGS:
        return Role.TEST if looks_like_tests(text) else Role.CODE
    if lang in ("yaml", "json") and _CFN_TEMPLATE.search(text):
        return Role.CODE
    return Role.DOC
