"""The DuckDB store: one row per task, findings beside it, atomic replace, clear errors."""

from __future__ import annotations

import json
import zlib

import duckdb
import pytest

from iacreview.batch.jobs import Finding, Job, Outcome, failed
from iacreview.batch.store import DuplicateTask, ResultStore, StoreError, Version, label_score

VERSION = Version("0.1.0", "abcdef123456", "seed", "Seed rubric")


def outcome(task_id: str, content_hash: str = "h1", findings: int = 2, label: str | None = "9") -> Outcome:
    review = {"task": {"id": task_id}, "summary": {"total": findings}}
    return Outcome(
        Job(task_id, "folder", f"/data/{task_id}", content_hash, "seed"),
        counts={"critical": 0, "high": 1, "medium": findings - 1, "low": 0, "total": findings},
        score=7.0, score_raw=7.5, score_max=10.0, label=label, title="A title", platform="tf", language="hcl",
        findings=[Finding(f"R{i:03d}", "high" if i == 0 else "medium", "security", "t", "main.tf", i + 1, f"m{i}")
                  for i in range(findings)],
        review_z=zlib.compress(json.dumps(review).encode()), review_seconds=0.5, wall_seconds=0.6, worker="local-0",
    )


def test_write_then_lookup(tmp_path):
    with ResultStore(tmp_path / "r.duckdb") as store:
        assert store.is_empty()
        run = store.begin_run("data", "local", VERSION)
        store.write(outcome("a"), VERSION, run, replace=False)
        stored = store.lookup("a")
        assert stored is not None and stored.current("h1", VERSION)
        assert not stored.current("h2", VERSION)
        assert not stored.current("h1", Version("0.1.0", "other", "seed"))
        assert not stored.current("h1", Version("0.1.0", "abcdef123456", "training-value"))
        assert store.lookup("missing") is None
        assert not store.is_empty()
    con = duckdb.connect(str(tmp_path / "r.duckdb"), read_only=True)
    row = con.execute("SELECT id, path, high, medium, total, score, label, label_score, rubric, run_id, error, review "
                      "FROM tasks").fetchone()
    assert row[:11] == ("a", "/data/a", 1, 1, 2, 7.0, "9", 9.0, "seed", run, None)
    assert json.loads(zlib.decompress(row[11]))["task"]["id"] == "a"
    assert con.execute("SELECT rule, line, message FROM findings ORDER BY rule").fetchall() == [
        ("R000", 1, "m0"), ("R001", 2, "m1")]


def test_replace_swaps_the_row_and_its_findings(tmp_path):
    with ResultStore(tmp_path / "r.duckdb") as store:
        store.write(outcome("a", findings=3), VERSION, 1, replace=False)
        store.write(outcome("b", findings=1), VERSION, 1, replace=False)
        store.write(outcome("a", "h2", findings=1), VERSION, 2, replace=True)
        counts = store._db.execute("SELECT task_id, count(*) FROM findings GROUP BY 1 ORDER BY 1").fetchall()
        assert counts == [("a", 1), ("b", 1)]
        assert store.lookup("a").content_hash == "h2"
        assert store._db.execute("SELECT count(*) FROM tasks").fetchone()[0] == 2


def test_a_second_row_for_an_id_is_refused_and_nothing_is_half_written(tmp_path):
    with ResultStore(tmp_path / "r.duckdb") as store:
        store.write(outcome("a", findings=1), VERSION, 1, replace=False)
        with pytest.raises(DuplicateTask):
            store.write(outcome("a", "h2", findings=4), VERSION, 1, replace=False)
        assert store._db.execute("SELECT count(*) FROM findings").fetchone()[0] == 1
        store.write(outcome("c"), VERSION, 1, replace=False)  # the store is still usable


def test_errors_are_rows_without_counts(tmp_path):
    job = Job("bad", "jsonl", "x.jsonl:3", "h", "seed")
    with ResultStore(tmp_path / "r.duckdb") as store:
        store.write(failed(job, "timeout", "review took longer than 5 s"), VERSION, 1, replace=False)
        row = store._db.execute("SELECT error_kind, error, total, score, review FROM tasks").fetchone()
    assert row == ("timeout", "review took longer than 5 s", None, None, None)


def test_runs_are_recorded(tmp_path):
    with ResultStore(tmp_path / "r.duckdb") as store:
        first = store.begin_run("data", "local", VERSION)
        store.finish_run(first, "local pool of 2 workers", {"discovered": 5, "reviewed": 4, "skipped": 0, "errors": 1}, 2.5)
        second = store.begin_run("data", "local", VERSION)
        assert (first, second) == (1, 2)
        row = store._db.execute("SELECT runner, discovered, reviewed, errors, seconds FROM runs WHERE run_id = 1").fetchone()
    assert row == ("local pool of 2 workers", 5, 4, 1, 2.5)


def test_unusable_files_are_one_line_errors(tmp_path):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="junk.duckdb:1:1"):
        ResultStore(junk)
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '99')")
    con.close()
    with pytest.raises(StoreError, match="schema 99"):
        ResultStore(other)


def test_label_score():
    assert label_score("9") == 9.0 and label_score("8.5") == 8.5
    assert label_score("high") is None and label_score(None) is None and label_score("nan") is None


def test_repeated_ids_are_found_without_holding_the_ids(tmp_path):
    ids = (f"t{i % 2500}" for i in range(2600))  # t0..t99 occur twice
    with ResultStore(tmp_path / "r.duckdb") as store:
        total, repeated = store.repeated(ids, chunk=300)
        assert total == 2600
        assert repeated == {f"t{i}" for i in range(100)}
        assert store.repeated(iter([])) == (0, set())


def test_ctrl_c_during_commit_raises_the_interrupt_not_the_rollback_error(tmp_path):
    """Ctrl-C can land after COMMIT finished: ROLLBACK then has no transaction, and its error must not
    replace the interrupt (batch would report an internal error instead of exit 130)."""

    class InterruptedAtCommit:
        def __init__(self, db):
            self.db = db

        def execute(self, sql, *args):
            result = self.db.execute(sql, *args)
            if sql == "COMMIT":
                raise KeyboardInterrupt
            return result

    with ResultStore(tmp_path / "r.duckdb") as store:
        real = store._db
        store._db = InterruptedAtCommit(real)
        with pytest.raises(KeyboardInterrupt):
            store.write(outcome("a"), VERSION, 1, replace=False)
        store._db = real
        assert store.lookup("a") is not None  # committed before the interrupt: kept
