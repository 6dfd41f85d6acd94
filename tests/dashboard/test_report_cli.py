"""`iacreview report` in every format, and its usage errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import duckdb

IACREVIEW = [sys.executable, "-m", "iacreview", "report"]


def report(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*IACREVIEW, *args], capture_output=True, text=True, timeout=120)


def test_json_has_the_top_level_totals(results_db):
    result = report(str(results_db), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["tasks"], data["reviewed"], data["errors"]) == (10, 9, 1)
    for key in ("score", "failures", "failures_by_rule", "top_rules", "below_threshold", "agreement", "runs"):
        assert key in data


def test_text_is_the_default(results_db):
    result = report(str(results_db), "--threshold", "7")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("tasks: 10  reviewed: 9  errors: 1")
    assert "under the acceptance threshold (7):" in result.stdout


def test_csv_has_one_row_per_task(results_db, tmp_path):
    result = report(str(results_db), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 10
    by_id = {r["id"]: r for r in rows}
    assert by_id["syn/timeout"]["error_kind"] == "timeout" and by_id["syn/timeout"]["score"] == ""
    assert by_id["syn/a"]["score"] == "9.0" and "review" not in rows[0]
    to_file = report(str(results_db), "--format", "csv", "-o", str(tmp_path / "t.csv"))
    assert to_file.returncode == 0 and (tmp_path / "t.csv").read_text() == result.stdout


def test_parquet_needs_a_file_and_reads_back(results_db, tmp_path):
    assert report(str(results_db), "--format", "parquet").returncode == 2
    target = tmp_path / "tasks.parquet"
    result = report(str(results_db), "--format", "parquet", "-o", str(target))
    assert result.returncode == 0, result.stderr
    con = duckdb.connect()
    count, errors = con.execute(f"SELECT count(*), count(error) FROM read_parquet('{target}')").fetchone()
    assert (count, errors) == (10, 1)


def test_html_writes_the_dashboard(results_db, tmp_path):
    result = report(str(results_db), "--html", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and "wrote" in result.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_unreadable_results_exit_2(tmp_path):
    missing = report(str(tmp_path / "none.duckdb"))
    assert missing.returncode == 2 and "none.duckdb:1:1: no such results file" in missing.stderr
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    foreign = report(str(other))
    assert foreign.returncode == 2 and "not an iacreview results database" in foreign.stderr
    junk = tmp_path / "junk.duckdb"
    junk.write_text("junk" * 100)
    broken = report(str(junk))
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
