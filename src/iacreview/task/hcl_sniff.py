"""Deciding whether untagged text is HCL.

Untagged fences (and answers with no fences at all) often hold Terraform.
The extractor takes any `looks_like_hcl(text) -> bool` predicate; the default
one here asks the project's HCL parser first (`iacreview.hcl.parse`) and, when
the parser rejects the text or is not available, falls back to the shape of
the lines: a top-level Terraform block (`resource "aws_s3_bucket" "x" {`,
`variable "region" {`, `terraform {` …) marks Terraform even when the model's
code has a syntax error, which the review must then see rather than lose.
A file of nothing but `name = value` lines (a `.tfvars` file) is HCL too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

HclPredicate = Callable[[str], bool]

_BLOCK_KEYWORDS = r"(?:resource|data|module|variable|output|provider|terraform|locals|moved|import|check|removed|ephemeral)"
_TOP_LEVEL_BLOCK = re.compile(rf'^{_BLOCK_KEYWORDS}(?:\s+"[^"\n]*"|\s+[\w-]+)*\s*\{{', re.MULTILINE)
_TRAILING_COMMENT = r"\s*(?:(?:#|//).*)?$"
_ATTRIBUTE = re.compile(
    r"^\s*[A-Za-z_][\w-]*\s*=\s*(?:"
    rf'"(?:[^"\\]|\\.)*"{_TRAILING_COMMENT}'
    rf"|-?\d+(?:\.\d+)?(?:e-?\d+)?{_TRAILING_COMMENT}"
    rf"|(?:true|false|null){_TRAILING_COMMENT}"
    r"|[\[{(].*"
    r"|<<-?\s*\w+\s*$"
    r"|[A-Za-z_]\w*(?:\.[\w*\[\]\"]+)+.*"
    r"|[A-Za-z_][\w:]*\(.*"
    r")$"
)
"""`name = value` where value starts like an HCL expression (not `x = 36 chars (TOO LONG)`)."""
_COMMENT = re.compile(r"^\s*(#|//|/\*|\*)")
_CONTINUATION = re.compile(r"^\s*([\]}),\"\[{]|\d|\w+\s*=)")


_UNIQUE_BLOCK = re.compile(r'^(?:resource|data|module|variable|output|provider)(?:\s+"[^"\n]*")+\s*\{', re.MULTILINE)


def declared_blocks(text: str) -> set[str]:
    """Headers of top-level blocks that may be declared only once (`resource "a" "b"`, `variable "x"` …)."""
    return {" ".join(match.group(0).rstrip("{").split()) for match in _UNIQUE_BLOCK.finditer(text)}


def has_terraform_block(text: str) -> bool:
    """Whether some line opens a top-level Terraform block (`resource "…" "…" {`)."""
    return bool(_TOP_LEVEL_BLOCK.search(text))


def looks_like_tfvars(text: str) -> bool:
    """Whether text is a list of top-level assignments and no blocks: a `.tfvars` file."""
    if has_terraform_block(text):
        return False
    saw_attribute = False
    depth = 0
    for line in text.splitlines():
        if not line.strip() or _COMMENT.match(line):
            continue
        if depth == 0:
            if not _ATTRIBUTE.match(line):
                return False
            saw_attribute = True
        depth += line.count("{") + line.count("[") - line.count("}") - line.count("]")
        depth = max(depth, 0)
    return saw_attribute


def heuristic_looks_like_hcl(text: str) -> bool:
    """The parser-free judgement: a Terraform block, or a tfvars-shaped list of assignments."""
    if not text.strip():
        return False
    return has_terraform_block(text) or looks_like_tfvars(text)


def _parser_accepts(text: str) -> bool | None:
    """True/False from `iacreview.hcl.parse`, or None when the parser is unavailable or failed."""
    try:
        from iacreview.hcl import HCLSyntaxError, parse
    except ImportError:
        return None
    try:
        parse(text, "<answer>")
    except HCLSyntaxError:
        return False
    except Exception:  # noqa: BLE001 - a parser bug must not decide what is code
        return None
    return True


def default_looks_like_hcl(text: str) -> bool:
    """Parser first, then the line-shape heuristic (see the module docstring)."""
    if not text.strip():
        return False
    if _parser_accepts(text) and has_non_comment_content(text):
        return True
    return heuristic_looks_like_hcl(text)


def has_non_comment_content(text: str) -> bool:
    """Something besides blank lines and comments (comment-only text parses but is not code)."""
    return any(line.strip() and not _COMMENT.match(line) for line in text.splitlines())


def prose_line_ratio(text: str) -> float:
    """Share of non-blank lines that read as sentences rather than code.

    Used before treating a whole unfenced document as one HCL file: a few
    sentences around the code mean it is prose with code, not code.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return 0.0
    prose = 0
    for line in lines:
        stripped = line.strip()
        if _COMMENT.match(stripped) or _CONTINUATION.match(stripped):
            continue
        if len(stripped.split()) >= 4 and not any(ch in stripped for ch in '={}[]()"'):
            prose += 1
    return prose / len(lines)
