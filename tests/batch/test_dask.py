"""Batches on Dask: a LocalCluster, and a scheduler with two workers started as separate processes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from batch_tasks import DIRECTED, make_task, worker_env

from iacreview.batch.dask_runner import DaskRunner
from iacreview.batch.run import BatchError, BatchOptions, run_batch

distributed = pytest.importorskip("distributed")


def stored(db: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0]: r[1:] for r in con.execute("SELECT id, error_kind, attempts, worker FROM tasks").fetchall()}
    finally:
        con.close()


def test_local_cluster_reviews_records_errors_and_resumes(tmp_path):
    for index in range(5):
        make_task(tmp_path / "data", f"ok{index}")
    make_task(tmp_path / "data", "raises", prompt="RAISE from dask")
    make_task(tmp_path / "data", "slow", prompt="SLEEP 30")
    options = BatchOptions([tmp_path / "data"], tmp_path / "r.duckdb", workers=2, progress=False, timeout=3,
                           reviewer=DIRECTED)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        options.scheduler = cluster.scheduler_address
        tally = run_batch(options)
        assert tally.runner.startswith("dask ") and "2 workers" in tally.runner
        assert (tally.reviewed, dict(tally.errors)) == (5, {"exception": 1, "timeout": 1})
        rows = stored(tmp_path / "r.duckdb")
        assert rows["raises"][0] == "exception" and rows["slow"][0] == "timeout"
        assert all(rows[f"ok{i}"][0] is None and rows[f"ok{i}"][2].startswith(("inproc://", "tcp://"))
                   for i in range(5))
        again = run_batch(options)
        assert (again.reviewed, again.skipped) == (0, 7)


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path):
    make_task(tmp_path / "data", "one")
    options = BatchOptions([tmp_path / "data"], tmp_path / "r.duckdb", progress=False,
                           scheduler="tcp://127.0.0.1:9")
    runner = DaskRunner(options.scheduler, 1, 10, 0, connect_timeout=2)
    with pytest.raises(BatchError, match="cannot reach dask scheduler tcp://127.0.0.1:9"):
        run_batch(options, runner=runner)


@pytest.mark.slow
def test_scheduler_and_two_worker_processes_survive_a_dead_worker(tmp_path):
    total = 16
    for index in range(total):
        make_task(tmp_path / "data", f"d{index:02d}", prompt="SLEEP 0.4\nLOG\nCreate an S3 bucket.")
    log = tmp_path / "reviews.log"
    env = worker_env({"BATCH_TEST_LOG": str(log)})
    scheduler_file = tmp_path / "scheduler.json"
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    processes = [subprocess.Popen([*dask, "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                   "--scheduler-file", str(scheduler_file)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        address = _wait_for_scheduler(scheduler_file)
        for name in ("w1", "w2"):
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--name", name, "--nthreads", "1",
                 "--nworkers", "1", "--host", "127.0.0.1", "--no-dashboard", "--no-nanny"],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        _wait_for_workers(address, 2)
        batch = subprocess.Popen([sys.executable, "-m", "iacreview", "batch", str(tmp_path / "data"),
                                  "--db", str(tmp_path / "r.duckdb"), "--scheduler", address, "--reviewer", DIRECTED,
                                  "--format", "json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(_lines(log)) < 4:
            time.sleep(0.02)
        assert batch.poll() is None, "the batch finished before a worker could be killed"
        processes[1].send_signal(signal.SIGKILL)  # worker w1 dies mid-batch
        assert processes[1].wait(10) == -signal.SIGKILL
        out, err = batch.communicate(timeout=120)
        assert batch.returncode == 0, err
        summary = json.loads(out)
        assert (summary["reviewed"], summary["errors"]) == (total, 0), summary
        rows = stored(tmp_path / "r.duckdb")
        assert sorted(rows) == [f"d{i:02d}" for i in range(total)]
        assert all(error is None for error, _, _ in rows.values())
        assert all(worker.startswith("tcp://127.0.0.1:") for _, _, worker in rows.values())
        assert len(_lines(log)) >= total
    finally:
        for process in processes:
            process.kill()
            process.wait(10)


def _lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def _wait_for_scheduler(scheduler_file: Path) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if scheduler_file.exists():
            try:
                return json.loads(scheduler_file.read_text())["address"]
            except (ValueError, KeyError):
                pass
        time.sleep(0.1)
    raise AssertionError("the dask scheduler did not start")


def _wait_for_workers(address: str, count: int) -> None:
    with distributed.Client(address, timeout="30s") as client:
        client.wait_for_workers(count, timeout=60)

