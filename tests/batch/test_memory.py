"""Memory stays flat over 10,000 tasks: nothing in the parent or the workers grows per task.

The results file lives on tmpfs when there is one (this test is about memory, not
disk speed); DuckDB's own page cache is capped, so what remains is our code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import psutil
import pytest

from iacreview.batch.run import BatchOptions, run_batch
from iacreview.batch.runner import LocalRunner

TASKS = 10_000
EVERY = 500


@pytest.fixture
def results_path(tmp_path):
    shm = Path("/dev/shm")
    folder = shm if shm.is_dir() and os.access(shm, os.W_OK) else tmp_path
    path = folder / f"iacreview-memory-{os.getpid()}.duckdb"
    yield path
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


@pytest.mark.slow
def test_memory_is_flat_over_ten_thousand_tasks(tmp_path, results_path):
    dataset = tmp_path / "generated.jsonl"
    with dataset.open("w", encoding="utf-8") as out:
        for index in range(TASKS):
            out.write(json.dumps({"id": f"gen-{index:05d}", "prompt": f"Describe bucket {index}.",
                                  "response": f"Bucket {index} keeps the logs.",
                                  "metadata": {"training_quality": index % 11}}) + "\n")
    parent = psutil.Process()
    runner = LocalRunner(2, timeout=60, memory_mb=1024)
    samples: list[tuple[int, int, int]] = []  # (tasks done, parent RSS, workers' RSS)

    done = 0

    def sample(_outcome: object) -> None:
        nonlocal done
        done += 1
        if done % EVERY == 0:
            workers = sum(psutil.Process(pid).memory_info().rss for pid in runner.worker_pids())
            samples.append((done, parent.memory_info().rss, workers))

    tally = run_batch(BatchOptions([dataset], results_path, workers=2, progress=False), runner=runner,
                      on_outcome=sample)
    assert (tally.reviewed, tally.error_count) == (TASKS, 0)
    mib = 1024 * 1024
    warm = [s for s in samples if s[0] > 1000]
    first_half = [s for s in warm if s[0] <= TASKS // 2]
    second_half = [s for s in warm if s[0] > TASKS // 2]
    report = [(done, rss // mib, workers // mib) for done, rss, workers in samples]
    parent_growth = max(s[1] for s in second_half) - max(s[1] for s in first_half)
    worker_growth = second_half[-1][2] - first_half[0][2]
    assert parent_growth < 12 * mib, report
    assert worker_growth < 8 * mib, report
