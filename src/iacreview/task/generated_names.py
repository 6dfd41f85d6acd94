"""Stable names for code an answer does not name.

The rule, in document order: the first unnamed HCL block that declares
something is `main.tf` when no block of the answer is named so; every other
unnamed code block `k`, counted 1-based among the unnamed code blocks, is
`block-k.<ext>` (`block-2.tf`, `block-4.ts`). An unnamed block made only of
assignments is `block-k.tfvars`: never `terraform.tfvars`, which Terraform
would load, since such blocks are mostly usage examples. A clash with a name
the answer uses adds `-2`, `-3` … Unnamed docs and tests keep no name. The
names depend on the document alone, so they are the same on every run.
"""

from __future__ import annotations

from iacreview.task.blocks import CodeBlock, NameSource
from iacreview.task.hcl_sniff import looks_like_tfvars
from iacreview.task.languages import HCL, default_extension
from iacreview.task.roles import Role


def assign_generated_names(blocks: list[CodeBlock]) -> list[CodeBlock]:
    """The blocks with every unnamed code block named by the rule above."""
    taken = {block.name for block in blocks if block.name}
    named: list[CodeBlock] = []
    ordinal = 0
    for block in blocks:
        if block.name is not None or block.role is not Role.CODE:
            named.append(block)
            continue
        ordinal += 1
        name = _generated_name(block, ordinal, taken)
        taken.add(name)
        named.append(block.renamed(name, NameSource.GENERATED))
    return named


def _generated_name(block: CodeBlock, ordinal: int, taken: set[str]) -> str:
    if block.lang == HCL:
        tfvars = looks_like_tfvars(block.text)
        if not tfvars and "main.tf" not in taken:
            return "main.tf"
        extension = ".tfvars" if tfvars else ".tf"
    else:
        extension = default_extension(block.lang)
    name = f"block-{ordinal}{extension}"
    suffix = 2
    while name in taken:
        name = f"block-{ordinal}-{suffix}{extension}"
        suffix += 1
    return name
