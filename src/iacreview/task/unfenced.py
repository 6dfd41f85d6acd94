"""Code in answers that use no fences at all.

Some answers paste Terraform straight into the document, either as the whole
text (the file *is* the code) or as plain-text sections introduced by
`FILE: provider.tf` lines and ended by the next such line or by a title in
capitals (`USAGE INSTRUCTIONS`). Without fences there is no markdown
structure to walk, so these are read line by line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from iacreview.task import naming
from iacreview.task.blocks import CodeBlock, NameSource
from iacreview.task.hcl_sniff import prose_line_ratio
from iacreview.task.languages import HCL, TEXT, lang_from_name
from iacreview.task.roles import Role, classify

_FILE_MARKER = re.compile(
    rf"^\s{{0,3}}(?:#{{1,6}}\s*)?(?:\*\*)?\s*(?:file|filename)\s*:\s*(?:\*\*)?\s*`?(?P<name>{naming.FILE_TOKEN.pattern})",
    re.IGNORECASE,
)
_CAPS_TITLE = re.compile(r"^[A-Z][A-Z0-9&/()-]*(?: [A-Z0-9&/()-]+)+:?$")
MAX_WHOLE_DOCUMENT_PROSE = 0.05
"""A fence-less document is one HCL file only if at most this share of its lines is prose."""

NameMaker = Callable[[str, int], str | None]


def extract_unfenced(
    lines: list[str], offset: int, looks_like_hcl: Callable[[str], bool], safe_name: NameMaker
) -> list[CodeBlock]:
    """Blocks of a fence-less document; `lines` start at 0-based line `offset`.

    `safe_name(raw, line)` sanitises a name (reporting unsafe ones) and
    returns the name to use, or None.
    """
    markers = [(index, match.group("name")) for index, line in enumerate(lines) if (match := _FILE_MARKER.match(line))]
    if markers:
        blocks = []
        for position, (index, raw) in enumerate(markers):
            end = markers[position + 1][0] if position + 1 < len(markers) else len(lines)
            end = next((probe for probe in range(index + 1, end) if _CAPS_TITLE.match(lines[probe].strip())), end)
            block = _section(lines, index + 1, end, offset, raw, looks_like_hcl, safe_name)
            if block is not None:
                blocks.append(block)
        return blocks
    body = "\n".join(lines)
    if not body.strip() or prose_line_ratio(body) > MAX_WHOLE_DOCUMENT_PROSE or not looks_like_hcl(body):
        return []
    first = next(index for index, line in enumerate(lines) if line.strip())
    text = "\n".join(lines[first:]).rstrip("\n") + "\n"
    return [CodeBlock(text, HCL, "", offset + first + 1, 1, None, None, None, Role.CODE)]


def _section(
    lines: list[str], begin: int, end: int, offset: int, raw: str,
    looks_like_hcl: Callable[[str], bool], safe_name: NameMaker,
) -> CodeBlock | None:
    while begin < end and not lines[begin].strip():
        begin += 1
    while end > begin and not lines[end - 1].strip():
        end -= 1
    if begin >= end:
        return None
    text = "\n".join(lines[begin:end]) + "\n"
    lang = lang_from_name(raw) or (HCL if looks_like_hcl(text) else TEXT)
    name = safe_name(raw, offset + begin)
    source = NameSource.MARKER if name else None
    return CodeBlock(text, lang, "", offset + begin + 1, 1, name, raw, source, classify(name, lang, text))
