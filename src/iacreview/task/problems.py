"""Structured problems found while loading a task.

Dataset folders are messy: broken JSON, placeholder answers, binary files.
Loading must never raise on such input; instead every defect becomes a
`TaskProblem` that names where it is, so the CLI can print one clear line
(`file:line:col: kind: message`) and the review can score it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ProblemKind(StrEnum):
    """Stable identifiers of the defects the task loader reports."""

    NOT_FOUND = "not-found"
    READ_ERROR = "read-error"
    TOO_LARGE = "too-large"
    BINARY = "binary"
    INVALID_UTF8 = "invalid-utf8"
    ENCODING = "encoding"
    METADATA_JSON = "metadata-json"
    METADATA_TYPE = "metadata-type"
    METADATA_MISSING = "metadata-missing"
    METADATA_VALUE = "metadata-value"
    EMPTY_ANSWER = "empty-answer"
    PLACEHOLDER = "placeholder"
    NO_CODE = "no-code"
    UNSAFE_NAME = "unsafe-name"
    UNCLOSED_FENCE = "unclosed-fence"
    MALFORMED_FENCE = "malformed-fence"
    UNSAFE_LINK = "unsafe-link"
    REPEATED_FILE = "repeated-file"


@dataclass(frozen=True, slots=True)
class TaskProblem:
    """One defect of a task folder or answer, with a 1-based position when known."""

    kind: ProblemKind
    file: str | None
    line: int | None
    col: int | None
    message: str

    def location(self) -> str:
        """`file:line:col` as every iacreview message has it; a problem of the whole file is at 1:1."""
        return f"{self.file or '<task>'}:{self.line or 1}:{self.col or 1}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.kind}: {self.message}"
