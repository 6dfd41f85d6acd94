"""The local pool: parallel reviews in isolated processes that survive crashes, timeouts and memory blow-ups."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

from batch_tasks import DIRECTED, make_task

from iacreview.batch.jobs import Job
from iacreview.batch.runner import LocalRunner


def job_for(folder: Path) -> Job:
    return Job(folder.name, "folder", str(folder), "hash-" + folder.name, "seed", reviewer=DIRECTED)


def run_all(runner: LocalRunner, folders: list[Path]) -> dict[str, object]:
    return {o.job.task_id: o for o in runner.run(iter([job_for(f) for f in folders]))}


def test_reviews_run_in_parallel_workers(tmp_path):
    folders = [make_task(tmp_path, f"t{i}") for i in range(6)]
    outcomes = run_all(LocalRunner(2, timeout=60, memory_mb=0), folders)
    assert sorted(outcomes) == [f"t{i}" for i in range(6)]
    for o in outcomes.values():
        assert o.ok and o.attempts == 1 and o.score is not None and o.review_z
        assert o.counts["total"] == len(o.findings)
    assert {o.worker for o in outcomes.values()} <= {"local-0", "local-1"}


def test_failures_are_recorded_and_the_pool_goes_on(tmp_path):
    folders = [
        make_task(tmp_path, "raises", prompt="RAISE the reviewer broke"),
        make_task(tmp_path, "slow", prompt="SLEEP 30"),
        make_task(tmp_path, "hog", prompt="HOG 3000"),
        make_task(tmp_path, "segfault", prompt="CRASH"),
        make_task(tmp_path, "fine-1"),
        make_task(tmp_path, "fine-2"),
    ]
    runner = LocalRunner(2, timeout=3, memory_mb=1024, max_attempts=2)
    outcomes = run_all(runner, folders)
    assert outcomes["raises"].error_kind == "exception"
    assert outcomes["raises"].error.startswith("ValueError: the reviewer broke (at batch_reviewers.py:")
    assert outcomes["slow"].error_kind == "timeout" and "longer than 3 s" in outcomes["slow"].error
    assert outcomes["hog"].error_kind == "memory" and "1024 MB" in outcomes["hog"].error
    assert outcomes["segfault"].error_kind == "crash" and "SIGSEGV" in outcomes["segfault"].error
    assert outcomes["segfault"].attempts == 2
    assert outcomes["fine-1"].ok and outcomes["fine-2"].ok


def test_a_worker_killed_under_a_task_is_replaced_and_the_task_retried(tmp_path):
    marker = tmp_path / "died"
    folders = [make_task(tmp_path, "dies-once", prompt=f"DIE_ONCE {marker}")] + [
        make_task(tmp_path, f"t{i}") for i in range(3)]
    outcomes = run_all(LocalRunner(2, timeout=60, memory_mb=0), folders)
    assert marker.exists()
    assert all(o.ok for o in outcomes.values())
    assert outcomes["dies-once"].attempts == 2
    assert all(outcomes[f"t{i}"].attempts == 1 for i in range(3))


def test_sigkill_from_outside_on_a_busy_worker(tmp_path, monkeypatch):
    started = tmp_path / "started"
    started.mkdir()
    monkeypatch.setenv("BATCH_TEST_STARTED", str(started))
    folders = [make_task(tmp_path, f"s{i}", prompt="SLEEP 1.5") for i in range(4)]
    killed: list[int] = []

    def kill_first_busy_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            busy = sorted(started.iterdir())
            if busy:
                pid = int(busy[0].name)
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_first_busy_worker)
    killer.start()
    outcomes = run_all(LocalRunner(2, timeout=60, memory_mb=0), folders)
    killer.join()
    assert len(killed) == 1
    assert all(o.ok for o in outcomes.values()), {k: o.error for k, o in outcomes.items()}
    assert sorted(o.attempts for o in outcomes.values()) == [1, 1, 1, 2]
