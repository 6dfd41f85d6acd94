"""Inputs the review cannot judge: missing, empty, unreadable or binary answers, and answers cut off mid-block.

A task with nothing to review is an input error (exit 2, one line, nothing
written, stored by batch as the task's error, never a score); an answer that
stops inside a block is a bad answer, with a failure of its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from iacreview.review.build import InputError, review_task

IACREVIEW = [sys.executable, "-m", "iacreview"]
BUCKET = 'resource "aws_s3_bucket" "data" {\n  bucket = "data"\n}\n'


def task_folder(root: Path, answer: bytes | None) -> Path:
    (root / "lib").mkdir(parents=True)
    (root / "metadata.json").write_text(json.dumps({"platform": "tf", "language": "hcl", "aws_services": ["S3"]}))
    (root / "lib" / "PROMPT.md").write_text("Create a private S3 bucket with Terraform.\n")
    (root / "lib" / "IDEAL_RESPONSE.md").write_text(f"## main.tf\n\n```hcl\n{BUCKET}```\n")
    if answer is not None:
        (root / "lib" / "MODEL_RESPONSE.md").write_bytes(answer)
    return root


CASES = {
    "missing": (None, "no-answer"),
    "empty": (b"", "no-answer"),
    "blank": (b"  \n\n\t\n", "no-answer"),
    "binary": (b"\x00\x01\x02binary", "unreadable"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_answer_that_cannot_be_reviewed_is_an_input_error(tmp_path, case):
    answer, kind = CASES[case]
    task = task_folder(tmp_path / case, answer)
    with pytest.raises(InputError) as raised:
        review_task(task)
    assert raised.value.kind == kind
    assert str(raised.value).startswith("lib/MODEL_RESPONSE.md:1:1: " + kind + ":")


@pytest.mark.parametrize("case", sorted(CASES))
def test_review_exits_2_with_one_line_and_writes_nothing(tmp_path, case):
    answer, kind = CASES[case]
    task = task_folder(tmp_path / case, answer)
    out = tmp_path / "review.md"
    run = subprocess.run([*IACREVIEW, "review", str(task), "-o", str(out), "--write"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and f": {kind}: " in lines[0] and "Traceback" not in run.stderr
    assert not out.exists()
    assert not (task / "lib" / "MODEL_FAILURES.md").exists()


def test_batch_stores_the_kind_of_input_error_never_a_score(tmp_path):
    data = tmp_path / "data"
    task_folder(data / "a-good", f"## main.tf\n\n```hcl\n{BUCKET}```\n".encode())
    task_folder(data / "b-missing", None)
    task_folder(data / "c-empty", b"\n")
    task_folder(data / "d-binary", b"\x00\x01binary")
    db = tmp_path / "r.duckdb"
    run = subprocess.run([*IACREVIEW, "batch", str(data), "--db", str(db), "--workers", "1", "--format", "json"],
                         capture_output=True, text=True, timeout=300)
    summary = json.loads(run.stdout)
    assert (summary["discovered"], summary["reviewed"], summary["errors"]) == (4, 1, 3)
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        rows = dict(con.execute("select id, error_kind from tasks").fetchall())
        scores = dict(con.execute("select id, score from tasks").fetchall())
    assert rows == {"a-good": None, "b-missing": "no-answer", "c-empty": "no-answer", "d-binary": "unreadable"}
    assert [k for k, v in scores.items() if v is not None] == ["a-good"]
    report = subprocess.run([*IACREVIEW, "report", str(db), "--format", "json"], capture_output=True, text=True,
                            timeout=120)
    assert report.returncode == 0, report.stderr
    got = json.loads(report.stdout)
    assert got["data_problems"] == {"no-answer": 2, "unreadable": 1}
    assert got["bad_answers"]["tasks"] == 0
    text = subprocess.run([*IACREVIEW, "report", str(db)], capture_output=True, text=True, timeout=120).stdout
    assert "data problems (nothing to review, no score): 3 (no-answer 2, unreadable 1)" in text


CUT = ('resource "aws_s3_bucket" "data" {\n  bucket = "data"\n}\n\n'
       'resource "aws_s3_bucket_versioning" "data" {\n  bucket = aws_s3_bucket.data.id\n'
       '  versioning_configuration {\n    status = "Ena')


def test_an_answer_cut_off_mid_block_is_a_high_failure_of_its_own(tmp_path):
    task = task_folder(tmp_path / "t", f"## main.tf\n\n```hcl\n{CUT}".encode())
    review = review_task(task)
    rules = {f["rule"]: f for f in review["failures"]}
    assert "SYN001" in rules  # still a syntax error
    cut = rules["CMP005"]
    assert cut["severity"] == "high" and cut["category"] == "completeness"
    assert cut["file"] == "main.tf" and "never closed" in cut["message"]


def test_a_cut_off_without_an_open_fence_is_seen_by_its_unfinished_last_line(tmp_path):
    task = task_folder(tmp_path / "t", f"## main.tf\n\n```hcl\n{CUT}\n```\n".encode())
    assert "CMP005" in {f["rule"] for f in review_task(task)["failures"]}


def test_a_brace_forgotten_mid_file_is_a_syntax_error_not_a_cut_off(tmp_path):
    forgot = ('resource "aws_s3_bucket" "data" {\n  bucket = "data"\n\n'
              'resource "aws_s3_bucket_versioning" "data" {\n  bucket = aws_s3_bucket.data.id\n}\n')
    task = task_folder(tmp_path / "t", f"## main.tf\n\n```hcl\n{forgot}```\n".encode())
    rules = {f["rule"] for f in review_task(task)["failures"]}
    assert "SYN001" in rules and "CMP005" not in rules
