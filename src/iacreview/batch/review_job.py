"""Reviewing one job inside a worker and flattening the review into an `Outcome`.

This runs in the isolated worker process. Any exception the reviewer raises
becomes a recorded error (with where it was raised); a MemoryError also asks
for a fresh worker, since the process may be left in a poor state.
"""

from __future__ import annotations

import importlib
import json
import tempfile
import time
import traceback
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from iacreview.batch.jobs import Finding, Job, Outcome, failed
from iacreview.batch.jsonl import folder_name, write_task_folder
from iacreview.task.title import derive_title, folder_title

Reviewer = Callable[[str, Any, str], dict[str, Any]]
SEVERITIES = ("critical", "high", "medium", "low")


@cache
def load_reviewer(spec: str) -> Reviewer:
    """The function named by "module:function" (imported once per worker)."""
    module_name, _, attribute = spec.partition(":")
    return getattr(importlib.import_module(module_name), attribute)  # type: ignore[no-any-return]


def review_job(job: Job, memory_mb: int = 0) -> Outcome:
    """Review `job` and return its outcome; never raises for a failing review."""
    start = time.perf_counter()
    try:
        review = _review(job)
        unreadable = review.get("input_errors") or []
        if unreadable:  # the answer could not be read: an input error, not a score
            outcome = failed(job, "unreadable", "; ".join(unreadable))
        else:
            outcome = outcome_from_review(job, review)
    except Exception as exc:  # noqa: BLE001 - a failing review is data for the store
        outcome = _error_outcome(job, exc, memory_mb)
    if outcome.error is not None and not outcome.fatal:  # no review to take a title from: read it from the files
        outcome.title = _title_without_review(job)
    outcome.review_seconds = time.perf_counter() - start
    return outcome


def _error_outcome(job: Job, exc: Exception, memory_mb: int) -> Outcome:
    """Why the review raised, as a stored error of its kind."""
    kind = getattr(exc, "kind", None)
    if kind in ("no-answer", "unreadable"):  # the review's InputError: a data problem, never a score
        return failed(job, kind, str(exc))
    if isinstance(exc, MemoryError):  # the process may be left in a poor state: ask for a fresh worker
        limit = f" of {memory_mb} MB" if memory_mb else ""
        return failed(job, "memory", f"MemoryError: the review exceeded the memory limit{limit}", fatal=True)
    return failed(job, "exception", describe(exc), fatal=isinstance(exc, RecursionError))


def _review(job: Job) -> dict[str, Any]:
    reviewer = load_reviewer(job.reviewer)
    if job.record is None:
        return reviewer(job.path, None, job.rubric)
    with tempfile.TemporaryDirectory(prefix="iacreview-batch-") as scratch:
        folder = write_task_folder(job.record, Path(scratch) / folder_name(job.task_id))
        return reviewer(str(folder), None, job.rubric)


def _title_without_review(job: Job) -> str:
    if job.record is None:
        return folder_title(Path(job.path))
    metadata = job.record.get("metadata")
    return derive_title(metadata if isinstance(metadata, dict) else None, str(job.record.get("prompt") or ""),
                        folder_name(job.task_id))


def describe(exc: BaseException) -> str:
    """`Type: message (at file:line in function)`, naming the innermost frame."""
    text = f"{type(exc).__name__}: {exc}".rstrip(": ")
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        last = frames[-1]
        text += f" (at {Path(last.filename).name}:{last.lineno} in {last.name})"
    return text


def outcome_from_review(job: Job, review: dict[str, Any]) -> Outcome:
    """The stored form of a review: counts, score, failures and the compressed JSON."""
    task = review.setdefault("task", {})
    task["id"] = job.task_id
    summary = review.get("summary", {})
    score = review.get("score", {})
    label = (review.get("label") or {}).get("training_quality")
    findings = [
        Finding(str(f.get("rule", "")), str(f.get("severity", "")), str(f.get("category", "")),
                str(f.get("title", "")), str(f.get("file") or ""), int(f.get("line") or 0), str(f.get("message", "")))
        for f in review.get("failures", [])
    ]
    counts = {s: int(summary.get(s, 0)) for s in SEVERITIES}
    counts["total"] = int(summary.get("total", sum(counts.values())))
    return Outcome(
        job,
        counts=counts,
        score=_number(score.get("final")),
        score_raw=_number(score.get("raw")),
        score_max=_number(score.get("max")),
        label=None if label is None else str(label),
        title=task.get("title"),
        platform=task.get("platform"),
        language=task.get("language"),
        findings=findings,
        review_z=zlib.compress(json.dumps(review, ensure_ascii=False, default=str).encode("utf-8"), 6),
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
