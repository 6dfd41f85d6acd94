"""Spotting fences that were meant to close elsewhere than CommonMark says.

markdown-it finds every fence; these helpers only look inside a fence it
found (and, for nested READMEs, at the lines after it) to recognise three
slips that CommonMark reads differently from what the author meant:

- the closing backticks glued to the last line: `}```;
- an opening fence where the closing one belongs: ```` ```hcl ```` (a closing
  fence cannot carry a language, so it opens nothing and closes nothing);
- a markdown document in a fence that holds fences of its own, closed by the
  first inner closing fence.

Inside HCL the first two lines cannot be valid code (outside a heredoc), so
`find_fence_break` reports the first such line of an HCL fence's content;
`nested_fence_end` finds where a markdown fence with nested fences ends. The
extractor then reads the fence as closed there and parses the rest anew.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from iacreview.task.blocks import split_lines_keepends

_HEREDOC_OPEN = re.compile(r"<<-?\s*\"?([A-Za-z_][\w-]*)\"?\s*$")


class BreakKind(StrEnum):
    GLUED_CLOSE = "glued-close"
    REOPEN = "reopen"


@dataclass(frozen=True)
class FenceBreak:
    """Where a fence's content really ends.

    `line` is the 0-based content line of the slip. For a glued close the code
    keeps that line without its backticks (`kept_text`); for a reopen the
    code ends before that line, which starts a new fence.
    """

    kind: BreakKind
    line: int
    kept_text: str = ""


def find_fence_break(content: str, markup: str) -> FenceBreak | None:
    """The first glued close or reopening fence in HCL `content`, outside heredocs."""
    char = markup[:1]
    if char not in "`~":
        return None
    run = re.escape(char) + "{" + str(len(markup)) + ",}"
    reopen = re.compile(rf"^\s*{run}\s*[\w+-]+.*$")
    glued = re.compile(rf"^(?P<code>.*[^\s{re.escape(char)}])\s*{run}\s*$")
    heredoc_end: str | None = None
    for number, line in enumerate(split_lines_keepends(content)):
        stripped = line.rstrip("\r\n")
        if heredoc_end is not None:
            if stripped.strip() == heredoc_end:
                heredoc_end = None
            continue
        if reopen.match(stripped):
            return FenceBreak(BreakKind.REOPEN, number)
        glued_match = glued.match(stripped)
        if glued_match:
            return FenceBreak(BreakKind.GLUED_CLOSE, number, glued_match.group("code") + "\n")
        opener = _HEREDOC_OPEN.search(stripped)
        if opener:
            heredoc_end = opener.group(1)
    return None


def nested_fence_end(lines: list[str], start: int, end: int, markup: str) -> int | None:
    """Where a markdown fence holding nested fences really closes.

    A README inside ```` ```markdown ```` often holds its own ```` ```bash ````
    fences made of as many backticks, so CommonMark closes the README at the
    first inner closing fence. Reading raw lines from `start` (the first
    content line) to `end`, an opening fence with a language counts one level
    deeper and a bare fence one level up; the bare fence at depth zero is the
    real end. Returns that line's index, `end` when it never closes, or None
    when no fence opens inside (CommonMark's reading stands).
    """
    char = markup[:1]
    if char not in "`~":
        return None
    run = re.escape(char) + "{" + str(len(markup)) + ",}"
    opener = re.compile(rf"^{run}\s*[\w+-]+.*$")
    closer = re.compile(rf"^{run}\s*$")
    depth = 0
    nested = False
    for index in range(start, end):
        stripped = lines[index].strip()
        if opener.match(stripped):
            depth += 1
            nested = True
        elif closer.match(stripped):
            if depth == 0:
                return index if nested else None
            depth -= 1
    return end if nested else None


def opens_nested_fence(content: str, markup: str) -> bool:
    """Whether a fence's content holds a line opening another fence of the same kind."""
    char = markup[:1]
    if char not in "`~":
        return False
    opener = re.compile(rf"^\s*{re.escape(char)}{{{len(markup)},}}\s*[\w+-]+.*$", re.MULTILINE)
    return bool(opener.search(content))
