"""The pieces a markdown answer is cut into, before they are joined into files.

Kept apart from the extractor so that the helpers that work on pieces
(generated names, fence-less documents) do not depend on markdown parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from iacreview.task.problems import TaskProblem
from iacreview.task.roles import Role


class NameSource(StrEnum):
    """Where a block's file name came from (useful when a name looks wrong)."""

    INFO = "info"
    COMMENT = "comment"
    LEAD_IN = "lead-in"
    CONTINUATION = "continuation"
    HEADING = "heading"
    SPLIT = "split"
    MARKER = "marker"
    GENERATED = "generated"


@dataclass(frozen=True)
class CodeBlock:
    """One fence, named section or unfenced piece of a markdown answer.

    `origin_line` is the 1-based markdown line of the block's first line;
    `origin_col` the 1-based column where its lines start (fences indented in
    lists or quotes start further right).
    """

    text: str
    lang: str
    tag: str
    origin_line: int
    origin_col: int
    name: str | None
    raw_name: str | None
    name_source: NameSource | None
    role: Role

    def renamed(self, name: str, source: NameSource) -> CodeBlock:
        return replace(self, name=name, name_source=source)


@dataclass
class MarkdownExtraction:
    """Everything taken from one markdown answer."""

    blocks: list[CodeBlock] = field(default_factory=list)
    problems: list[TaskProblem] = field(default_factory=list)
    answer_start_line: int = 1
    fence_count: int = 0
    answer_text: str = ""


def split_lines(text: str) -> list[str]:
    """Lines as markdown-it counts them: only CR, LF and CRLF end a line."""
    return re.split(r"\r\n|\r|\n", text)


def split_lines_keepends(text: str) -> list[str]:
    """`split_lines`, keeping each line's ending (`str.splitlines` also splits on form feeds)."""
    return [piece for piece in re.split(r"(?<=\n)", text) if piece]
