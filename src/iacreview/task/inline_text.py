"""Plain text of markdown-it inline tokens, for reading names out of headings and lead-ins.

Headings and lead-ins put file names in code spans and bold (`` `main.tf` ``,
`**main.tf**`); the naming rules need the text without that markup, and need
to know which words were set off.
"""

from __future__ import annotations

from markdown_it.token import Token


def plain_text(inline: Token) -> str:
    """Text of an inline token without markup: code spans and emphasis lose their markers."""
    if not inline.children:
        return inline.content
    parts: list[str] = []
    for child in inline.children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def emphasised(inline: Token) -> list[str]:
    """Code spans and bold/italic runs of an inline token: where lead-ins put file names."""
    found: list[str] = []
    depth = 0
    current: list[str] = []
    for child in inline.children or []:
        if child.type == "code_inline":
            found.append(child.content)
        elif child.type in ("strong_open", "em_open"):
            depth += 1
        elif child.type in ("strong_close", "em_close"):
            depth -= 1
            if depth == 0:
                found.append("".join(current))
                current = []
        elif depth and child.type == "text":
            current.append(child.content)
    return found
