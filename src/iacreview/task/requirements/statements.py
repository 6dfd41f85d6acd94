"""A prompt as statements: sentences, list items and table rows, each with its line and its context.

Prompts are written by many people: prose paragraphs, bulleted lists under a
lead-in ("The VPC must have:"), bold labels ("**Instance Type**: t3.micro"),
tables ("| Tier | Instance class |") and code fences. Requirements are read
from statements, not from the raw text, so a number in one sentence never
counts the noun of the next, and a list item keeps the subject its lead-in
names. Code fences are skipped: code in a prompt is an example or an input,
not a demand written in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(\s*)(?:[-*+•]|\d{1,3}[.)])\s+(.*)$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A sentence ends at . ! ? followed by space and a capital, a quote or markup; not inside "e.g. ", "t3.micro" or "15.4".
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<=[.!?;])\s+(?=[A-Z*_`\"'(\[])"
                           r"|(?<=[a-z)][.!?])(?=[A-Z][a-z]{2,}\s)")  # "…to all resources.Set up Route 53"
_MARKUP = re.compile(r"\*\*|__|`")


@dataclass(frozen=True)
class Statement:
    """One statement of the prompt: its words (markup removed), 1-based line, and what it sits under."""

    text: str
    line: int
    lead: str = ""  # the lead-in line of the list it belongs to ("The VPC must have:"), or a table's header cell
    heading: str = ""  # the nearest heading above it

    @property
    def context(self) -> str:
        """The lead-in and the statement, as one text: what a list item means in its list."""
        return f"{self.lead} {self.text}".strip() if self.lead else self.text


def plain(text: str) -> str:
    """Markdown emphasis and code marks removed, whitespace collapsed."""
    return " ".join(_MARKUP.sub("", text).split())


def statements(prompt: str) -> list[Statement]:
    """The prompt's statements, in order."""
    found: list[Statement] = []
    heading = ""
    lead = ""
    lead_indent = -1
    in_fence = False
    header_cells: list[str] = []
    paragraph: list[tuple[int, str]] = []

    def flush() -> None:
        if paragraph:
            found.extend(_sentences(paragraph, lead="", heading=heading))
            paragraph.clear()

    for number, raw in enumerate(prompt.splitlines(), start=1):
        if _FENCE.match(raw):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if not raw.strip():
            flush()
            header_cells = []
            continue
        head = _HEADING.match(raw)
        if head:
            flush()
            heading = plain(head.group(1))
            lead, lead_indent, header_cells = "", -1, []
            continue
        if raw.lstrip().startswith("|"):
            flush()
            if _TABLE_RULE.match(raw):
                continue
            cells = [plain(c) for c in raw.strip().strip("|").split("|")]
            if not header_cells:
                header_cells = cells
                continue
            row = "; ".join(f"{h}: {c}" if h else c for h, c in zip(header_cells, cells) if c)
            found.append(Statement(row, number, "", heading))
            continue
        item = _ITEM.match(raw)
        if item:
            flush()
            indent = len(item.group(1))
            if indent <= lead_indent:
                lead, lead_indent = "", -1
            text = plain(item.group(2))
            for s in _sentences([(number, text)], lead=lead, heading=heading):
                found.append(s)
            if text.endswith(":"):
                lead, lead_indent = text.rstrip(":"), indent
            continue
        text = plain(raw)
        if text.endswith(":") and not paragraph:
            lead, lead_indent = text.rstrip(":"), -1
            found.append(Statement(text, number, "", heading))
            continue
        if not raw.startswith((" ", "\t")):
            lead, lead_indent = "", -1
        paragraph.append((number, text))
    flush()
    return found


def _sentences(lines: list[tuple[int, str]], lead: str, heading: str) -> list[Statement]:
    """Split a paragraph (lines joined) into sentences, each at the line it starts on."""
    joined = ""
    starts: list[tuple[int, int]] = []  # (offset in joined, line number)
    for number, text in lines:
        if joined:
            joined += " "
        starts.append((len(joined), number))
        joined += text
    out: list[Statement] = []
    position = 0
    for piece in _SENTENCE_END.split(joined):
        offset = joined.find(piece, position)
        position = offset + len(piece)
        if not piece.strip():
            continue
        line = max((n for o, n in starts if o <= offset), default=lines[0][0])
        out.append(Statement(piece.strip(), line, lead, heading))
    return out
