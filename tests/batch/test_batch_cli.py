"""`iacreview batch` as users run it: exit codes, summary, and a rerun after SIGKILL."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil
import pytest
from batch_tasks import DIRECTED, make_dataset, make_task, worker_env

from iacreview.batch.hashing import ruleset_version

IACREVIEW = [sys.executable, "-m", "iacreview"]


def batch(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*IACREVIEW, "batch", *args], capture_output=True, text=True, timeout=timeout,
                          env=env or worker_env())


def test_batch_prints_a_summary_and_resumes(tmp_path):
    make_dataset(tmp_path / "data", 3)
    db = tmp_path / "r.duckdb"
    first = batch(str(tmp_path / "data"), "--db", str(db), "--workers", "1", "--format", "json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert (summary["discovered"], summary["reviewed"], summary["skipped"], summary["errors"]) == (3, 3, 0, 0)
    assert summary["runner"] == "local pool of 1 worker"
    table = batch(str(tmp_path / "data"), "--db", str(db), "--workers", "1")
    assert table.returncode == 0, table.stderr
    assert re.search(r"skipped \(already stored\)\s*│\s*3\s*│", table.stdout), table.stdout


def test_usage_errors_exit_2_with_one_line(tmp_path):
    missing = batch(str(tmp_path / "nope"), "--db", str(tmp_path / "r.duckdb"))
    assert missing.returncode == 2 and "nope:1:1: no such file or directory" in missing.stderr
    (tmp_path / "data").mkdir()
    rubric = batch(str(tmp_path / "data"), "--db", str(tmp_path / "r.duckdb"), "--rubric", "bogus")
    assert rubric.returncode == 2 and "bogus" in rubric.stderr and "Traceback" not in rubric.stderr
    no_db = batch(str(tmp_path / "data"))
    assert no_db.returncode == 2 and "--db" in no_db.stderr


def test_the_command_is_registered_and_lazy():
    out = subprocess.run([*IACREVIEW, "--help"], capture_output=True, text=True, check=True).stdout
    assert "batch" in out and "report" in out
    helptext = subprocess.run([*IACREVIEW, "batch", "--help"], capture_output=True, text=True, check=True).stdout
    for option in ("--db", "--workers", "--scheduler", "--rubric", "--timeout-per-task", "--memory-limit"):
        assert option in helptext
    assert "--reviewer" not in helptext


@pytest.mark.slow
def test_sigkill_midway_then_rerun_reviews_every_task_exactly_once(tmp_path):
    total = 24
    version_before = ruleset_version.__wrapped__()
    for index in range(total):
        make_task(tmp_path / "data", f"k{index:02d}", prompt="SLEEP 0.25\nLOG\nCreate an S3 bucket.")
    db = tmp_path / "r.duckdb"
    started = tmp_path / "started"
    started.mkdir()
    first_log, second_log = tmp_path / "run1.log", tmp_path / "run2.log"
    command = [*IACREVIEW, "batch", str(tmp_path / "data"), "--db", str(db), "--workers", "2", "--reviewer", DIRECTED,
               "--format", "json"]
    victim = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=(tmp_path / "victim.err").open("w"),
                              env=worker_env({"BATCH_TEST_LOG": str(first_log), "BATCH_TEST_STARTED": str(started)}))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _lines(first_log).__len__() < total // 3:
        time.sleep(0.02)
    workers = [int(p.name) for p in started.iterdir()]
    victim.send_signal(signal.SIGKILL)
    victim.wait(10)
    assert victim.returncode == -signal.SIGKILL, (tmp_path / "victim.err").read_text()

    con = duckdb.connect(str(db), read_only=True)
    stored_first = dict(con.execute("SELECT id, reviewed_at FROM tasks").fetchall())
    con.close()
    assert 0 < len(stored_first) < total
    _assert_gone(workers)

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=120,
                           env=worker_env({"BATCH_TEST_LOG": str(second_log)}))
    assert rerun.returncode == 0, rerun.stderr
    if ruleset_version.__wrapped__() != version_before:
        pytest.skip("iacreview's analysis code was edited while this test ran, so every task is rightly re-reviewed")
    summary = json.loads(rerun.stdout)
    assert (summary["reviewed"], summary["skipped"], summary["errors"]) == (total - len(stored_first), len(stored_first), 0)

    con = duckdb.connect(str(db), read_only=True)
    final = {row[0]: row[1:] for row in con.execute("SELECT id, reviewed_at, run_id FROM tasks").fetchall()}
    assert sorted(final) == [f"k{i:02d}" for i in range(total)]
    assert all(final[task][0] == when and final[task][1] == 1 for task, when in stored_first.items())
    redone = _lines(second_log)
    assert len(redone) == len(set(redone)) == total - len(stored_first)  # nothing reviewed twice in the rerun
    assert not set(redone) & set(stored_first)  # nothing stored before the kill reviewed again
    assert set(redone) | set(stored_first) == set(final)
    in_flight_when_killed = set(_lines(first_log)) - set(stored_first)
    assert len(in_flight_when_killed) <= 2


def _lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def _assert_gone(pids: list[int]) -> None:
    """The workers of a killed batch die with it (no orphan keeps reviewing)."""
    deadline = time.monotonic() + 10
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in pids if _running(pid)]
        time.sleep(0.05)
    assert not alive


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_an_unreadable_answer_is_an_input_error_and_the_batch_goes_on(tmp_path):
    make_dataset(tmp_path / "data", 2)
    broken = tmp_path / "data" / "zz-binary"
    (broken / "lib").mkdir(parents=True)
    (broken / "metadata.json").write_text('{"platform": "tf", "language": "hcl"}')
    (broken / "lib" / "MODEL_RESPONSE.md").write_bytes(b"\x00\x01binary")
    db = tmp_path / "r.duckdb"
    run = batch(str(tmp_path / "data"), "--db", str(db), "--workers", "1", "--format", "json")
    summary = json.loads(run.stdout)
    assert (summary["discovered"], summary["reviewed"], summary["errors"]) == (3, 2, 1)
    with duckdb.connect(str(db), read_only=True) as con:
        kind, error = con.execute("select error_kind, error from tasks where error is not null").fetchone()
    assert kind == "unreadable" and "binary" in error and "MODEL_RESPONSE.md:1:1" in error
