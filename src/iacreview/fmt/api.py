"""`format_source`: Terraform's canonical formatting of one file's text.

    >>> from iacreview.fmt import format_source
    >>> format_source('resource aws_vpc main {\\ncidr_block="10.0.0.0/16"\\n  tags = {Name="main"}\\n}\\n')
    'resource "aws_vpc" "main" {\\n  cidr_block = "10.0.0.0/16"\\n  tags       = { Name = "main" }\\n}\\n'

A file that does not parse is refused with HCLSyntaxError, before anything is
changed; a formatting that fails the safety checks raises InternalFormatError.
"""

from __future__ import annotations

from iacreview.fmt.layout import layout
from iacreview.fmt.rewrites import rewrite
from iacreview.fmt.safety import verify
from iacreview.fmt.stream import build_stream
from iacreview.hcl import ConfigFile, parse


def format_source(
    text: str,
    filename: str = "<input>",
    *,
    final_newline: bool = True,
    check: bool = True,
) -> str:
    """The text as `terraform fmt` prints it.

    final_newline: True gives what `terraform fmt -` writes to stdout, which
    always ends with a newline; False gives what `terraform fmt FILE` writes
    back into the file, which keeps a missing final newline missing (the two
    differ only for such files). `terraform fmt -check` compares files the
    second way.

    check: run the safety checks (equivalence and stability); on by default
    and cheap, turn it off only to measure the formatter itself.

    Raises HCLSyntaxError if the text does not parse, InternalFormatError if
    a safety check fails.
    """
    return format_tree(parse(text, filename), final_newline=final_newline, check=check)


def format_tree(tree: ConfigFile, *, final_newline: bool = True, check: bool = True) -> str:
    """format_source for a file already parsed (rules reuse the tree instead of parsing twice)."""
    text = tree.source.text
    original = build_stream(tree.tokens)
    stream = rewrite(tree, original)
    out = layout(stream)
    if check:
        verify(stream, out, tree.filename, original if out == text else None)
    if final_newline and not out.endswith("\n"):
        out += "\n"
    return out
