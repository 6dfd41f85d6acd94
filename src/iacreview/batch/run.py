"""`run_batch`: discover, skip what is current, review the rest in parallel, store each result at once.

The parent process is the only writer: it walks the datasets lazily, hashes each
task, asks the store whether the stored result is still current, hands the
rest to a runner (local pool or Dask) and writes every outcome in its own
transaction the moment it arrives. Killing the parent at any point leaves a
database whose every row is a finished task; the next run skips exactly those.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from rich.console import Console

from iacreview import __version__
from iacreview.batch.dask_runner import ClusterError
from iacreview.batch.discovery import DatasetItem, check_dataset, iter_dataset, iter_ids
from iacreview.batch.hashing import folder_hash, record_hash, rubric_key, ruleset_version
from iacreview.batch.jobs import DEFAULT_REVIEWER, Job, Outcome, failed
from iacreview.batch.progress import BatchProgress, Tally
from iacreview.batch.sandbox import WorkerStartError
from iacreview.batch.store import DuplicateTask, ResultStore, StoreError, Version
from iacreview.score import RubricError, load_rubric
from iacreview.score.rubric import SHIPPED


class BatchError(Exception):
    """The batch cannot start (bad dataset, rubric, database or cluster): one line for the user."""


class Runner(Protocol):
    description: str

    def run(self, jobs: Iterator[Job]) -> Iterator[Outcome]: ...


@dataclass
class BatchOptions:
    """Everything `iacreview batch` takes."""

    datasets: list[Path]
    db: Path
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    scheduler: str | None = None  # tcp://HOST:PORT, or "local" for a Dask LocalCluster
    rubric: str = "seed"
    timeout: float = 300.0
    memory_mb: int = 2048
    max_attempts: int = 3
    retry_errors: bool = False
    threshold: float | None = None  # None: the rubric's own accept threshold (it may have none)
    reviewer: str = DEFAULT_REVIEWER
    progress: bool = True


def make_runner(options: BatchOptions) -> Runner:
    if options.scheduler:
        from iacreview.batch.dask_runner import DaskRunner

        return DaskRunner(options.scheduler, options.workers, options.timeout, options.memory_mb, options.max_attempts)
    from iacreview.batch.runner import LocalRunner

    return LocalRunner(options.workers, options.timeout, options.memory_mb, options.max_attempts)


def run_batch(options: BatchOptions, console: Console | None = None, runner: Runner | None = None,
              on_outcome: Callable[[Outcome], None] | None = None) -> Tally:
    """Run the batch; returns its tally. Raises BatchError when it cannot start."""
    for dataset in options.datasets:
        problem = check_dataset(dataset)
        if problem:
            raise BatchError(problem)
    try:
        rubric = load_rubric(options.rubric)
    except RubricError as exc:
        raise BatchError(str(exc)) from None
    for dataset in options.datasets:
        if next(iter_ids([dataset]), None) is None:
            raise BatchError(f"{dataset}:1:1: no tasks found (a task is a folder with metadata.json or "
                             "lib/MODEL_RESPONSE.md, or a JSONL record)")
    # Workers (on a cluster, in another directory) get absolute paths.
    options = replace(options, datasets=[d.resolve() for d in options.datasets],
                      rubric=options.rubric if options.rubric in SHIPPED else str(Path(options.rubric).resolve()))
    if options.threshold is None:
        options = replace(options, threshold=rubric.threshold)
    version = Version(__version__, ruleset_version(), rubric_key(options.rubric, SHIPPED), rubric.title,
                      rubric.threshold)
    try:
        store = ResultStore(options.db)
    except StoreError as exc:
        raise BatchError(str(exc)) from None
    try:
        return _run(options, store, version, console or Console(stderr=True), runner or make_runner(options),
                    on_outcome)
    except (ClusterError, WorkerStartError) as exc:
        raise BatchError(str(exc)) from None
    finally:
        store.close()


def _run(options: BatchOptions, store: ResultStore, version: Version, console: Console, runner: Runner,
         on_outcome: Callable[[Outcome], None] | None) -> Tally:
    total, repeated = store.repeated(iter_ids(options.datasets))
    batch = _Batch(options, store, version, Tally(runner=runner.description), repeated)
    started = time.perf_counter()
    outcomes: Iterator[Outcome] | None = None
    try:
        with BatchProgress(total, console, options.progress) as progress:
            batch.progress = progress
            outcomes = runner.run(batch.jobs())
            for outcome in outcomes:
                batch.record(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
    except KeyboardInterrupt:  # every finished task is stored: say so, and how to go on
        batch.tally.interrupted = True
    except Exception as exc:
        if not is_interrupt(exc):
            raise
        batch.tally.interrupted = True
    finally:
        if outcomes is not None and hasattr(outcomes, "close"):
            outcomes.close()  # stops the workers even when the loop ended early
        batch.tally.seconds = time.perf_counter() - started
        batch.tally.runner = runner.description
        _finish(store, batch, runner.description)
    return batch.tally


def is_interrupt(exc: BaseException) -> bool:
    """Whether an exception is Ctrl-C arriving while DuckDB ran a statement.

    DuckDB turns the signal into its InterruptException, or, while a result is
    being fetched, a RuntimeError "Query interrupted"; either way that task's
    transaction is rolled back and every earlier one is stored.
    """
    if isinstance(exc, KeyboardInterrupt) or type(exc).__name__ == "InterruptException":
        return True
    return isinstance(exc, RuntimeError) and "interrupted" in str(exc).lower()


def _finish(store: ResultStore, batch: _Batch, runner: str) -> None:
    """Record the run's end; a second Ctrl-C (or one still pending in DuckDB) must not lose it."""
    for attempt in range(2):
        try:
            store.finish_run(batch.run_id, runner, batch.tally.counts(), batch.tally.seconds)
            return
        except Exception as exc:  # noqa: BLE001 - only interrupts are retried
            if not is_interrupt(exc) or attempt:
                raise
            batch.tally.interrupted = True


class _Batch:
    """The parent's state during a run: repeated ids seen so far, and ids whose new row replaces an old one."""

    def __init__(self, options: BatchOptions, store: ResultStore, version: Version, tally: Tally,
                 repeated: set[str]) -> None:
        self.options = options
        self.store = store
        self.version = version
        self.tally = tally
        self.progress: BatchProgress | None = None
        self.run_id = store.begin_run(", ".join(str(d) for d in options.datasets), tally.runner, version)
        store.record_threshold(version.rubric, version.threshold)
        tally.threshold = options.threshold
        self._repeated = {task_id: 0 for task_id in repeated}  # id -> occurrences met so far
        self._replacing: set[str] = set()
        # Nothing stored before this run: no lookups needed (a repeated id fails its insert instead).
        self._fresh_store = store.is_empty()

    def jobs(self) -> Iterator[Job]:
        """The jobs still to do, lazily; skips current results and repeated ids, records bad input."""
        for item in iter_dataset(self.options.datasets):
            self.tally.discovered += 1
            if item.task_id in self._repeated:
                self._repeated[item.task_id] += 1
                if self._repeated[item.task_id] > 1:  # the first occurrence of an id wins
                    self._duplicate()
                    continue
            content_hash = self._hash(item)
            stored = None if self._fresh_store else self.store.lookup(item.task_id)
            if stored is not None and stored.current(content_hash, self.version) and not (
                    self.options.retry_errors and stored.error_kind is not None):
                self.tally.skipped += 1
                self.tally.add_score(stored.score, self.options.threshold)
                if self.progress:
                    self.progress.skip()
                continue
            if stored is not None:
                self._replacing.add(item.task_id)
                if stored.rubric != self.version.rubric:
                    self.tally.replaced_rubric += 1
            job = Job(item.task_id, item.source, item.path, content_hash, self.options.rubric, item.record,
                      self.options.reviewer)
            if item.error is not None:
                self.record(failed(job, "input", item.error))
                continue
            yield job

    def record(self, outcome: Outcome) -> None:
        task_id = outcome.job.task_id
        try:
            self.store.write(outcome, self.version, self.run_id, replace=task_id in self._replacing)
        except DuplicateTask:
            self._duplicate()
            return
        except BaseException as exc:
            if is_interrupt(exc) and self._landed(outcome):
                self.tally.add(outcome, self.options.threshold)  # Ctrl-C after COMMIT: the task is stored
            raise
        finally:
            self._replacing.discard(task_id)
        self.tally.add(outcome, self.options.threshold)
        if self.progress:
            self.progress.advance(self.tally)

    def _landed(self, outcome: Outcome) -> bool:
        """Whether this outcome's row is in the store (an interrupt may come after its COMMIT)."""
        try:
            stored = self.store.lookup(outcome.job.task_id)
        except Exception:  # noqa: BLE001 - the store is being interrupted too: count only what is sure
            return False
        return stored is not None and stored.current(outcome.job.content_hash, self.version)

    def _duplicate(self) -> None:
        self.tally.duplicates += 1
        if self.progress:
            self.progress.skip()

    @staticmethod
    def _hash(item: DatasetItem) -> str:
        if item.source == "folder":
            return folder_hash(Path(item.path))
        if item.record is not None:
            return record_hash(item.record)
        return record_hash({"error": item.error or ""})
