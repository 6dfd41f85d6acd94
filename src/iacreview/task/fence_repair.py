"""Spotting fences that were meant to close but did not.

Two slips recur in hand-edited answers, and CommonMark reads both as code that
runs on into the following prose and fences:

- the closing backticks glued to the last line: `}```;
- an opening fence where the closing one belongs: ```` ```hcl ```` (a closing
  fence cannot carry a language, so it opens nothing and closes nothing).

Inside HCL neither line can be valid code (outside a heredoc), so
`find_fence_break` reports the first such line of an HCL fence's content and
the extractor reads the fence as closed there.
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
