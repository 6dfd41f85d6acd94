"""Reviewing on a Dask distributed cluster (`--scheduler tcp://HOST:PORT`, or `local`).

Each Dask task reviews one job in a worker process of its own (`review_isolated`),
so the per-task timeout and memory cap hold on a cluster too. A Dask worker that
dies has its tasks rescheduled on another worker by the scheduler; a task that
keeps killing workers comes back as `KilledWorker` and is recorded as a crash.
Only a bounded window of tasks is in flight, so the parent's memory does not
grow with the dataset. Task folders must be on a filesystem the workers share;
JSONL records travel with their job.

dask and distributed are imported only when a batch runs on a cluster.
"""

from __future__ import annotations

import itertools
import logging
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from iacreview.batch.jobs import Job, Outcome, failed
from iacreview.batch.review_job import describe

#: Jobs in flight per worker thread: enough to keep every thread busy between round trips.
WINDOW_PER_THREAD = 2


class ClusterError(RuntimeError):
    """The cluster cannot be reached or started (one line for the user)."""


def review_remote(job: Job, timeout: float, memory_mb: int, max_attempts: int) -> Outcome:
    """The Dask task: review `job` in an isolated process on this worker."""
    from iacreview.batch.sandbox import review_isolated

    outcome = review_isolated(job, timeout, memory_mb, max_attempts)
    try:
        from distributed import get_worker

        outcome.worker = get_worker().address
    except ValueError:
        pass
    outcome.job = replace(job, record=None)
    return outcome


class DaskRunner:
    """Review jobs on a Dask cluster: an existing scheduler's address, or "local" for a LocalCluster."""

    def __init__(self, scheduler: str, workers: int, timeout: float, memory_mb: int, max_attempts: int = 3,
                 connect_timeout: float = 20.0) -> None:
        self.scheduler = scheduler
        self.workers = workers
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.max_attempts = max(1, max_attempts)
        self.connect_timeout = connect_timeout
        self.description = f"dask scheduler {scheduler}"

    def _connect(self) -> tuple[Any, Any]:
        from distributed import Client, LocalCluster

        cluster = None
        try:
            if self.scheduler == "local":
                cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)
                client = Client(cluster)
            else:
                client = Client(self.scheduler, timeout=f"{self.connect_timeout}s")
        except (OSError, TimeoutError) as exc:
            if cluster is not None:
                cluster.close()
            raise ClusterError(f"cannot reach dask scheduler {self.scheduler}: {exc}") from None
        return client, cluster

    def run(self, jobs: Iterator[Job]) -> Iterator[Outcome]:
        from distributed import as_completed

        client, cluster = self._connect()
        try:
            threads = sum(client.nthreads().values()) or 1
            kind = "LocalCluster" if cluster is not None else client.scheduler.address
            self.description = f"dask {kind}: {len(client.nthreads())} workers, {threads} threads"
            in_flight: dict[str, Job] = {}
            pending = as_completed()
            prefix = f"iacreview-review-{uuid.uuid4().hex[:12]}"
            counter = itertools.count(1)

            def submit_next() -> None:
                job = next(jobs, None)
                if job is not None:
                    future = client.submit(review_remote, job, self.timeout, self.memory_mb, self.max_attempts,
                                           pure=False, retries=1, key=f"{prefix}-{next(counter)}")
                    in_flight[future.key] = job
                    pending.add(future)

            for _ in range(WINDOW_PER_THREAD * threads):
                submit_next()
            for future in pending:
                job = in_flight.pop(future.key)
                yield self._outcome(future, job)
                future.release()
                submit_next()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    def _outcome(self, future: Any, job: Job) -> Outcome:
        from distributed import KilledWorker

        try:
            outcome: Outcome = future.result()
        except KilledWorker as exc:
            return failed(job, "crash", f"the task killed every dask worker it ran on ({exc})")
        except Exception as exc:  # noqa: BLE001 - any failure of one task is recorded, not raised
            return failed(job, "exception", describe(exc))
        outcome.job = job
        return outcome
