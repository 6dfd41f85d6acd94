"""`iacreview batch` interrupted with Ctrl-C, resumed, run with another rubric; `report` judging scores by
the threshold their own rubric states (issue 15, item 9)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from batch_tasks import DIRECTED, make_dataset, make_task, worker_env

IACREVIEW = [sys.executable, "-m", "iacreview"]


def run(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*IACREVIEW, *args], capture_output=True, text=True, timeout=timeout, env=worker_env())


def stored(db: Path) -> dict[str, float]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("SELECT id, score FROM tasks").fetchall())
    finally:
        con.close()


@pytest.mark.slow
def test_ctrl_c_says_what_is_stored_exits_130_and_the_rerun_resumes(tmp_path: Path) -> None:
    total = 12
    for index in range(total):
        make_task(tmp_path / "data", f"k{index:02d}", prompt="SLEEP 0.3\nLOG\nCreate an S3 bucket.")
    db, log = tmp_path / "r.duckdb", tmp_path / "run.log"
    command = [*IACREVIEW, "batch", str(tmp_path / "data"), "--db", str(db), "--workers", "2", "--reviewer", DIRECTED,
               "--no-progress"]
    victim = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=worker_env({"BATCH_TEST_LOG": str(log)}))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(log.read_text().split() if log.exists() else []) < 3:
        time.sleep(0.02)
    victim.send_signal(signal.SIGINT)
    _, err = victim.communicate(timeout=60)
    assert victim.returncode == 130, err
    assert "Aborted!" not in err and "Traceback" not in err
    done = len(stored(db))
    assert 0 < done < total
    assert f"interrupted; {done} task" in err and "run the same command again to resume" in err

    rerun = run("batch", str(tmp_path / "data"), "--db", str(db), "--workers", "2", "--reviewer", DIRECTED,
                "--format", "json")
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["skipped"] == done and summary["reviewed"] == total - done
    scores = stored(db)
    assert summary["mean_score"] == round(sum(scores.values()) / len(scores), 3)  # every stored task, not this run's


def test_an_empty_dataset_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("batch", str(tmp_path / "empty"), "--db", str(tmp_path / "r.duckdb"))
    assert result.returncode == 2
    assert result.stderr.strip().endswith("no tasks found (a task is a folder with metadata.json or "
                                          "lib/MODEL_RESPONSE.md, or a JSONL record)")


def test_another_rubric_says_it_replaces_and_report_judges_by_the_rubric_threshold(tmp_path: Path) -> None:
    make_dataset(tmp_path / "data", 2)
    db = tmp_path / "r.duckdb"
    seed = run("batch", str(tmp_path / "data"), "--db", str(db), "--workers", "1", "--format", "json")
    assert seed.returncode == 0, seed.stderr
    assert json.loads(seed.stdout)["threshold"] is None  # the seed rubric states no accept threshold
    text = run("report", str(db)).stdout
    assert "rubric: seed (Response quality (seed rubric)), 2 tasks; states no accept threshold" in text
    assert "under the acceptance threshold: the rubric states none" in text
    report = json.loads(run("report", str(db), "--format", "json").stdout)
    assert report["below_threshold"]["count"] is None and report["rubrics"][0]["rubric"] == "seed"
    assert json.loads(run("report", str(db), "--format", "json", "--threshold", "9").stdout)[
        "below_threshold"]["threshold"] == 9

    tv = run("batch", str(tmp_path / "data"), "--db", str(db), "--workers", "1", "--rubric", "training-value")
    assert tv.returncode == 0
    assert "2 stored results of another rubric replaced by training-value" in tv.stderr
    report = json.loads(run("report", str(db), "--format", "json").stdout)
    assert report["rubrics"][0]["rubric"] == "training-value" and report["rubrics"][0]["threshold"] == 8
    assert report["below_threshold"]["threshold"] == 8


def test_ctrl_c_inside_duckdb_counts_as_an_interrupt_in_every_form_it_takes():
    """DuckDB reports Ctrl-C during a statement as InterruptException, or while fetching as a
    RuntimeError "Query interrupted": both are the user's interrupt (exit 130), not an internal error."""
    from iacreview.batch.run import is_interrupt

    class InterruptException(Exception):
        pass

    assert is_interrupt(KeyboardInterrupt())
    assert is_interrupt(InterruptException())
    assert is_interrupt(RuntimeError("Query interrupted"))
    assert not is_interrupt(RuntimeError("Catalog Error: Table with name x does not exist"))
    assert not is_interrupt(ValueError("interrupted"))
