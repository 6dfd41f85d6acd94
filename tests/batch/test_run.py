"""run_batch: every task once, skipped when current, re-reviewed when anything that matters changed."""

from __future__ import annotations

import duckdb
import pytest
from batch_tasks import BUCKET, DIRECTED, make_dataset, make_task, write_jsonl

from iacreview.batch.run import BatchError, BatchOptions, run_batch
from iacreview.review.build import review_task


def options(tmp_path, datasets, **extra) -> BatchOptions:
    return BatchOptions(datasets=datasets, db=tmp_path / "results.duckdb", workers=2, progress=False,
                        timeout=60, **extra)


def rows(db) -> dict[str, tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0]: r[1:] for r in con.execute(
            "SELECT id, content_hash, run_id, score, total, error_kind FROM tasks").fetchall()}
    finally:
        con.close()


def test_a_batch_reviews_each_task_once_and_a_rerun_skips_them_all(tmp_path):
    make_dataset(tmp_path / "data", 6)
    first = run_batch(options(tmp_path, [tmp_path / "data"]))
    assert (first.discovered, first.reviewed, first.skipped, first.error_count) == (6, 6, 0, 0)
    stored = rows(tmp_path / "results.duckdb")
    assert sorted(stored) == [f"tasks/T{i:03d}" for i in range(6)]
    assert {r[1] for r in stored.values()} == {1}
    second = run_batch(options(tmp_path, [tmp_path / "data"]))
    assert (second.discovered, second.reviewed, second.skipped) == (6, 0, 6)
    assert rows(tmp_path / "results.duckdb") == stored


def test_stored_numbers_match_the_review_itself(tmp_path):
    folder = make_task(tmp_path / "data", "one")
    run_batch(options(tmp_path, [tmp_path / "data"]))
    review = review_task(folder)
    con = duckdb.connect(str(tmp_path / "results.duckdb"), read_only=True)
    score, total, medium, low = con.execute("SELECT score, total, medium, low FROM tasks").fetchone()
    rules = sorted(r[0] for r in con.execute("SELECT rule FROM findings").fetchall())
    assert score == review["score"]["final"]
    assert (total, medium, low) == (review["summary"]["total"], review["summary"]["medium"], review["summary"]["low"])
    assert rules == sorted(f["rule"] for f in review["failures"])


def test_only_changed_tasks_and_a_new_rubric_are_reviewed_again(tmp_path):
    folders = make_dataset(tmp_path / "data", 4)
    run_batch(options(tmp_path, [tmp_path / "data"]))
    before = rows(tmp_path / "results.duckdb")
    (folders[2] / "lib" / "MODEL_RESPONSE.md").write_text(BUCKET.replace("{n}", "changed"))
    again = run_batch(options(tmp_path, [tmp_path / "data"]))
    assert (again.reviewed, again.skipped) == (1, 3)
    after = rows(tmp_path / "results.duckdb")
    assert after["tasks/T002"][1] == 2 and after["tasks/T002"][0] != before["tasks/T002"][0]
    assert all(after[k] == before[k] for k in before if k != "tasks/T002")
    rubric = run_batch(options(tmp_path, [tmp_path / "data"], rubric="training-value"))
    assert (rubric.reviewed, rubric.skipped) == (4, 0)
    con = duckdb.connect(str(tmp_path / "results.duckdb"), read_only=True)
    assert con.execute("SELECT DISTINCT rubric FROM tasks").fetchall() == [("training-value",)]
    assert con.execute("SELECT count(*) FROM tasks").fetchone()[0] == 4


def test_jsonl_records_are_reviewed_like_folders(tmp_path):
    response = BUCKET.replace("{n}", "same")
    make_task(tmp_path / "data", "folder-task", prompt="Create an S3 bucket.", response=response,
              metadata={"platform": "tf", "language": "hcl", "training_quality": 9})
    jsonl = write_jsonl(tmp_path / "records.jsonl", [
        {"id": "record-task", "prompt": "Create an S3 bucket.", "response": response,
         "metadata": {"platform": "tf", "language": "hcl", "training_quality": 9}},
        "{broken",
    ])
    tally = run_batch(options(tmp_path, [tmp_path / "data", jsonl]))
    assert (tally.reviewed, dict(tally.errors)) == (2, {"input": 1})
    con = duckdb.connect(str(tmp_path / "results.duckdb"), read_only=True)
    got = {r[0]: r[1:] for r in con.execute(
        "SELECT id, source, score, total, label, error_kind FROM tasks").fetchall()}
    assert got["folder-task"][1:] == got["record-task"][1:]
    assert got["record-task"][0] == "jsonl" and got["folder-task"][0] == "folder"
    assert got["records.jsonl:2"][-1] == "input"
    findings = con.execute("SELECT task_id, rule FROM findings ORDER BY rule").fetchall()
    assert [r for t, r in findings if t == "folder-task"] == [r for t, r in findings if t == "record-task"]


def test_duplicate_ids_are_stored_once(tmp_path):
    records = [{"id": "dup", "prompt": "p", "response": f"answer {i}"} for i in range(3)]
    records.append({"id": "other", "prompt": "p", "response": "x"})
    tally = run_batch(options(tmp_path, [write_jsonl(tmp_path / "d.jsonl", records)]))
    assert (tally.reviewed, tally.duplicates) == (2, 2)
    assert sorted(rows(tmp_path / "results.duckdb")) == ["dup", "other"]
    rerun = run_batch(options(tmp_path, [tmp_path / "d.jsonl"]))
    assert (rerun.reviewed, rerun.skipped, rerun.duplicates) == (0, 2, 2)


def test_errors_are_stored_skipped_on_rerun_and_retried_on_request(tmp_path):
    make_task(tmp_path / "data", "broken", prompt="RAISE no luck")
    make_task(tmp_path / "data", "fine")
    first = run_batch(options(tmp_path, [tmp_path / "data"], reviewer=DIRECTED))
    assert (first.reviewed, dict(first.errors)) == (1, {"exception": 1})
    assert rows(tmp_path / "results.duckdb")["broken"][-1] == "exception"
    assert run_batch(options(tmp_path, [tmp_path / "data"], reviewer=DIRECTED)).skipped == 2
    retried = run_batch(options(tmp_path, [tmp_path / "data"], reviewer=DIRECTED, retry_errors=True))
    assert (retried.skipped, retried.error_count) == (1, 1)


def test_batch_errors_name_the_problem(tmp_path):
    with pytest.raises(BatchError, match="no such file"):
        run_batch(options(tmp_path, [tmp_path / "missing"]))
    (tmp_path / "data").mkdir()
    with pytest.raises(BatchError, match="no such rubric"):
        run_batch(options(tmp_path, [tmp_path / "data"], rubric="nonexistent"))
    with pytest.raises(BatchError, match="data:1:1: no tasks found"):
        run_batch(options(tmp_path, [tmp_path / "data"]))
    (tmp_path / "data" / "t1").mkdir()
    (tmp_path / "data" / "t1" / "metadata.json").write_text("{}")
    bad_db = tmp_path / "bad.duckdb"
    bad_db.write_text("not a database" * 50)
    with pytest.raises(BatchError, match="bad.duckdb:1:1"):
        run_batch(BatchOptions([tmp_path / "data"], bad_db, workers=1, progress=False))


def test_every_stored_task_has_a_title_from_metadata_prompt_or_folder(tmp_path):
    """The dashboard's title column: a task without a subtask, and one with no answer, are titled from the prompt."""
    import json as _json

    reviewed = make_task(tmp_path / "data", "untitled")
    meta = _json.loads((reviewed / "metadata.json").read_text()) if (reviewed / "metadata.json").exists() else {}
    meta.pop("subtask", None)
    (reviewed / "metadata.json").write_text(_json.dumps(meta))
    (reviewed / "lib" / "PROMPT.md").write_text("# Private log bucket\n\nCreate an S3 bucket for logs.")
    broken = tmp_path / "data" / "broken"
    (broken / "lib").mkdir(parents=True)
    (broken / "metadata.json").write_text('{"platform": "tf", "language": "hcl"}')
    (broken / "lib" / "PROMPT.md").write_text("You are an expert. Build a VPC with two subnets. Use modules.")
    run_batch(options(tmp_path, [tmp_path / "data"]))
    con = duckdb.connect(str(tmp_path / "results.duckdb"), read_only=True)
    try:
        titles = dict(con.execute("SELECT id, title FROM tasks").fetchall())
    finally:
        con.close()
    assert titles == {"untitled": "Private log bucket", "broken": "Build a VPC with two subnets."}


def test_ctrl_c_right_after_a_commit_counts_that_task_as_stored(tmp_path, monkeypatch):
    """The interrupt can land after a task's COMMIT: the task is stored, and the tally (which the
    "N tasks stored, run again to resume" line reports) says so."""
    from iacreview.batch.store import ResultStore

    make_dataset(tmp_path / "data", 4)
    real_write = ResultStore.write
    written = []

    def write_then_interrupt(self, outcome, version, run_id, replace):
        real_write(self, outcome, version, run_id, replace)
        written.append(outcome.job.task_id)
        if len(written) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(ResultStore, "write", write_then_interrupt)
    tally = run_batch(options(tmp_path, [tmp_path / "data"]))
    assert tally.interrupted
    assert tally.done == len(rows(tmp_path / "results.duckdb")) == 2
