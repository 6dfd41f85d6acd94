"""The local pool: N worker processes fed one job at a time, surviving any of them dying.

`concurrent.futures.ProcessPoolExecutor` gives up on the whole pool when one
worker dies, so the pool is our own: each slot holds a `Sandbox` and at most
one job. The loop waits on every busy worker's pipe with `select`, bounded by
the nearest deadline. A worker that dies mid-job is replaced and its job
retried on the next free slot (up to `max_attempts` in all); a worker past
its deadline is killed and the job recorded as timed out. Jobs are pulled from
the iterator only when a slot is free, so memory does not grow with the
dataset.
"""

from __future__ import annotations

import select
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from iacreview.batch import protocol
from iacreview.batch.jobs import Job, Outcome, failed
from iacreview.batch.sandbox import START_TIMEOUT, Sandbox, WorkerStartError

#: A slot whose worker fails to start this many times in a row stops the batch.
MAX_START_FAILURES = 3


@dataclass
class _Slot:
    sandbox: Sandbox
    job: Job | None = None
    attempts: int = 0
    started: float = 0.0
    start_failures: int = 0


class _JobQueue:
    """Jobs to retry first, then fresh ones pulled lazily from the dataset."""

    def __init__(self, jobs: Iterator[Job]) -> None:
        self._jobs = jobs
        self._retry: deque[tuple[Job, int]] = deque()
        self._exhausted = False

    def retry(self, job: Job, attempts: int) -> None:
        self._retry.append((job, attempts))

    def take(self) -> tuple[Job, int] | None:
        if self._retry:
            return self._retry.popleft()
        if not self._exhausted:
            job = next(self._jobs, None)
            if job is not None:
                return job, 1
            self._exhausted = True
        return None

    def empty(self) -> bool:
        return self._exhausted and not self._retry


class LocalRunner:
    """Review jobs on `workers` local processes; see the module docstring."""

    def __init__(self, workers: int, timeout: float, memory_mb: int, max_attempts: int = 3) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.max_attempts = max(1, max_attempts)
        self.description = f"local pool of {workers} worker{'s' if workers != 1 else ''}"
        self._slots: list[_Slot] = []

    def worker_pids(self) -> list[int]:
        """Process ids of the live workers (tests kill one to prove the batch survives)."""
        return [slot.sandbox.pid for slot in self._slots if slot.sandbox.pid and slot.sandbox.alive()]

    def run(self, jobs: Iterator[Job]) -> Iterator[Outcome]:
        self._slots = [self._new_slot(index) for index in range(self.workers)]
        queue = _JobQueue(jobs)
        try:
            while True:
                for slot in self._slots:
                    if slot.sandbox.ready and slot.job is None:
                        taken = queue.take()
                        if taken is not None:
                            yield from self._dispatch(slot, *taken, queue)
                if queue.empty() and all(s.job is None for s in self._slots):
                    return
                yield from self._wait(queue)
        finally:
            for slot in self._slots:
                slot.sandbox.dispose()

    def _wait(self, queue: _JobQueue) -> Iterator[Outcome]:
        """Wait for the next message from a worker or the nearest deadline, and act on what happened."""
        waiting = [s for s in self._slots if s.job is not None or not s.sandbox.ready]
        now = time.monotonic()
        wait = max(0.0, min(self._deadline(s) for s in waiting) - now)
        by_fd = {s.sandbox.fileno(): s for s in waiting}
        readable, _, _ = select.select(list(by_fd), [], [], wait)
        for fd in readable:
            yield from self._collect(by_fd[fd], queue)
        now = time.monotonic()
        for slot in waiting:
            if now < self._deadline(slot) or (slot.job is None and slot.sandbox.ready):
                continue
            if slot.job is not None:
                yield self._time_out(slot)
            else:
                self._start_failed(slot, f"no greeting within {START_TIMEOUT:.0f} s")

    def _deadline(self, slot: _Slot) -> float:
        return slot.started + (self.timeout if slot.job is not None else START_TIMEOUT)

    def _new_slot(self, index: int) -> _Slot:
        sandbox = Sandbox(f"local-{index}", self.memory_mb, die_with_parent=True)
        sandbox.start()
        return _Slot(sandbox, started=time.monotonic())

    def _replace(self, slot: _Slot) -> None:
        slot.sandbox.dispose()
        fresh = self._new_slot(int(slot.sandbox.name.rsplit("-", 1)[1]))
        slot.sandbox, slot.started, slot.job = fresh.sandbox, fresh.started, None

    def _start_failed(self, slot: _Slot, reason: str) -> None:
        slot.start_failures += 1
        slot.sandbox.kill()
        reason = f"{reason}; {slot.sandbox.death_reason()}"
        if slot.start_failures >= MAX_START_FAILURES:
            raise WorkerStartError(f"worker {slot.sandbox.name} could not start: {reason}")
        self._replace(slot)

    def _dispatch(self, slot: _Slot, job: Job, attempts: int, queue: _JobQueue) -> Iterator[Outcome]:
        slot.job, slot.attempts, slot.started = job, attempts, time.monotonic()
        if not slot.sandbox.send(job):
            yield from self._worker_died(slot, queue)

    def _collect(self, slot: _Slot, queue: _JobQueue) -> Iterator[Outcome]:
        if not slot.sandbox.ready:
            try:
                slot.sandbox.accept_ready()
                slot.start_failures = 0
            except protocol.ChannelClosed as exc:
                self._start_failed(slot, str(exc))
            return
        job = slot.job
        assert job is not None
        outcome = slot.sandbox.receive()
        if outcome is None:
            yield from self._worker_died(slot, queue)
            return
        outcome.job = job
        outcome.attempts = slot.attempts
        outcome.wall_seconds = time.monotonic() - slot.started
        slot.job = None
        if outcome.fatal:
            self._replace(slot)
        yield outcome

    def _worker_died(self, slot: _Slot, queue: _JobQueue) -> Iterator[Outcome]:
        job, attempts, started = slot.job, slot.attempts, slot.started
        assert job is not None
        reason = slot.sandbox.death_reason()
        self._replace(slot)
        if attempts < self.max_attempts:
            queue.retry(job, attempts + 1)
        else:
            yield failed(job, "crash", f"worker died on each of {attempts} attempts (last: {reason})",
                         attempts=attempts, wall_seconds=time.monotonic() - started)

    def _time_out(self, slot: _Slot) -> Outcome:
        job = slot.job
        assert job is not None
        slot.sandbox.kill()
        outcome = failed(job, "timeout", f"review took longer than {self.timeout:g} s (worker killed)",
                         attempts=slot.attempts, wall_seconds=time.monotonic() - slot.started,
                         worker=slot.sandbox.name)
        self._replace(slot)
        return outcome
