"""What travels between the batch's parent process and its workers.

A `Job` names one task to review; an `Outcome` is everything the store keeps
about it. Both are plain picklable records so that the local pool (pickled
over a pipe) and Dask (pickled over the network) carry the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Why a task has no review: the reviewer raised, ran too long, ran out of
#: memory, killed its worker every time, or its input could not be read
#: (`input`: the record itself; `no-answer`: the answer is missing or empty;
#: `unreadable`: the answer is binary or cannot be read). The last three are
#: data problems, not bad answers.
ERROR_KINDS = ("exception", "timeout", "memory", "crash", "input", "no-answer", "unreadable")
DATA_ERROR_KINDS = ("input", "no-answer", "unreadable")

DEFAULT_REVIEWER = "iacreview.review.build:review_task"


@dataclass(frozen=True)
class Job:
    """One task to review: a folder on a filesystem the workers share, or an inline JSONL record."""

    task_id: str
    source: str  # "folder" | "jsonl"
    path: str  # the folder, or "file.jsonl:LINE" for a record
    content_hash: str
    rubric: str  # shipped rubric name or rubric file path, as review_task takes it
    record: dict[str, Any] | None = None  # prompt/response/ideal/metadata of a JSONL line
    reviewer: str = DEFAULT_REVIEWER  # "module:function" with review_task's signature


@dataclass
class Finding:
    """One failure of a review, flattened for the findings table."""

    rule: str
    severity: str
    category: str
    title: str
    file: str
    line: int
    message: str


@dataclass
class Outcome:
    """The result of one job: the review's numbers and failures, or the error that stopped it."""

    job: Job
    error: str | None = None
    error_kind: str | None = None
    counts: dict[str, int] = field(default_factory=dict)  # critical/high/medium/low/total
    score: float | None = None
    score_raw: float | None = None
    score_max: float | None = None
    label: str | None = None  # metadata training_quality as written
    title: str | None = None
    platform: str | None = None
    language: str | None = None
    findings: list[Finding] = field(default_factory=list)
    review_z: bytes | None = None  # zlib-compressed review JSON (the contract of DESIGN.md)
    review_seconds: float = 0.0
    wall_seconds: float = 0.0
    attempts: int = 1
    worker: str = ""
    fatal: bool = False  # the worker must not take another job (e.g. after MemoryError)

    @property
    def ok(self) -> bool:
        return self.error is None


def failed(job: Job, kind: str, message: str, **extra: Any) -> Outcome:
    """An outcome that records why `job` has no review."""
    if kind not in ERROR_KINDS:
        raise ValueError(f"unknown error kind {kind!r}")
    return Outcome(job, error=message, error_kind=kind, **extra)
