"""The results of a batch in DuckDB: one row per task, its failures, its review, and the runs.

Only the batch's parent process writes, one transaction per task, committed as
soon as the task is done: a batch killed at any moment keeps every task it
finished, and the next run sees exactly those. A task's row is keyed by its id
and carries what decides whether it is still current (content hash, tool
version, rule-set version, rubric).

Tables (`iacreview report` reads them):
- `tasks`: id, path, source, content_hash, tool_version, ruleset_version, rubric,
  rubric_title, title, platform, language, critical, high, medium, low, total,
  score, score_raw, score_max, label, label_score, review_seconds, wall_seconds,
  attempts, worker, error, error_kind, run_id, reviewed_at, and review (the
  zlib-compressed JSON of the review contract; columnar storage keeps it out of
  the way of queries that do not select it)
- `findings`: task_id, rule, severity, category, title, file, line, message
- `runs`: run_id, started_at, finished_at, datasets, runner, rubric, tool_version,
  ruleset_version, discovered, reviewed, skipped, errors, seconds
- `meta`: key, value (schema_version; `threshold:<rubric>`: the accept threshold each rubric states, "" for none)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iacreview.batch.jobs import Outcome

SCHEMA_VERSION = "1"

#: The writer needs no parallelism (one small transaction at a time, and fewer threads make each
#: statement cheaper) and only a small page cache: memory must not grow with the file.
WRITER_SETTINGS = ("SET threads = 1", "SET memory_limit = '32MB'")

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS runs (
        run_id INTEGER PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP, datasets VARCHAR,
        runner VARCHAR, rubric VARCHAR, tool_version VARCHAR, ruleset_version VARCHAR,
        discovered INTEGER, reviewed INTEGER, skipped INTEGER, errors INTEGER, seconds DOUBLE)""",
    """CREATE TABLE IF NOT EXISTS tasks (
        id VARCHAR PRIMARY KEY, path VARCHAR, source VARCHAR, content_hash VARCHAR,
        tool_version VARCHAR, ruleset_version VARCHAR, rubric VARCHAR, rubric_title VARCHAR,
        title VARCHAR, platform VARCHAR, language VARCHAR,
        critical INTEGER, high INTEGER, medium INTEGER, low INTEGER, total INTEGER,
        score DOUBLE, score_raw DOUBLE, score_max DOUBLE, label VARCHAR, label_score DOUBLE,
        review_seconds DOUBLE, wall_seconds DOUBLE, attempts INTEGER, worker VARCHAR,
        error VARCHAR, error_kind VARCHAR, run_id INTEGER, reviewed_at TIMESTAMP, review BLOB)""",
    """CREATE TABLE IF NOT EXISTS findings (
        task_id VARCHAR, rule VARCHAR, severity VARCHAR, category VARCHAR, title VARCHAR,
        file VARCHAR, line INTEGER, message VARCHAR)""",
]

_TASK_COLUMNS = (
    "id", "path", "source", "content_hash", "tool_version", "ruleset_version", "rubric", "rubric_title",
    "title", "platform", "language", "critical", "high", "medium", "low", "total", "score", "score_raw",
    "score_max", "label", "label_score", "review_seconds", "wall_seconds", "attempts", "worker", "error",
    "error_kind", "run_id", "review",
)
_INSERT_TASK = (f"INSERT INTO tasks ({', '.join(_TASK_COLUMNS)}, reviewed_at) "
                f"VALUES ({', '.join('?' for _ in _TASK_COLUMNS)}, now())")
_FINDING_ROW = "(?, ?, ?, ?, ?, ?, ?, ?)"


class DuplicateTask(Exception):
    """A row with this task id is already stored (the dataset lists the id twice)."""


class StoreError(Exception):
    """The results database cannot be opened or is not one of ours (one line for the user)."""


@dataclass(frozen=True)
class Version:
    """What a stored result must match to be reused."""

    tool_version: str
    ruleset_version: str
    rubric: str
    rubric_title: str = ""
    threshold: float | None = None  # the accept threshold the rubric states (not part of what must match)


@dataclass(frozen=True)
class StoredTask:
    """What the store knows about a task id, enough to decide whether to review it again."""

    content_hash: str
    tool_version: str
    ruleset_version: str
    rubric: str
    error_kind: str | None
    run_id: int
    score: float | None = None

    def current(self, content_hash: str, version: Version) -> bool:
        return (self.content_hash, self.tool_version, self.ruleset_version, self.rubric) == (
            content_hash, version.tool_version, version.ruleset_version, version.rubric)


def label_score(label: str | None) -> float | None:
    """A metadata label as a number when it is one ("9", "8.5"), else None ("high")."""
    if label is None:
        return None
    try:
        value = float(label)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class ResultStore:
    """Read and write a batch's results; see the module docstring for the tables."""

    def __init__(self, path: Path | str) -> None:
        import duckdb

        self.path = Path(path)
        try:
            self._db = duckdb.connect(str(self.path))
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}:1:1: cannot open results database: {_first_line(exc)}") from None
        try:
            for statement in (*WRITER_SETTINGS, *_SCHEMA):
                self._db.execute(statement)
            row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                self._db.execute("INSERT INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
            elif row[0] != SCHEMA_VERSION:
                raise StoreError(f"{self.path}:1:1: results schema {row[0]}, this iacreview writes {SCHEMA_VERSION}")
        except duckdb.Error as exc:
            self._db.close()
            raise StoreError(f"{self.path}:1:1: not a results database: {_first_line(exc)}") from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def begin_run(self, datasets: str, runner: str, version: Version) -> int:
        row = self._db.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()
        run_id = int(row[0]) if row else 1
        self._db.execute(
            "INSERT INTO runs (run_id, started_at, datasets, runner, rubric, tool_version, ruleset_version) "
            "VALUES (?, now(), ?, ?, ?, ?, ?)",
            [run_id, datasets, runner, version.rubric, version.tool_version, version.ruleset_version],
        )
        return run_id

    def record_threshold(self, rubric: str, threshold: float | None) -> None:
        """The accept threshold the rubric states (none: ""), kept in `meta` as `threshold:<rubric>`
        so `report` judges scores by their own rubric."""
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                         [f"threshold:{rubric}", "" if threshold is None else repr(float(threshold))])

    def finish_run(self, run_id: int, runner: str, counts: dict[str, int], seconds: float) -> None:
        self._db.execute(
            "UPDATE runs SET finished_at = now(), runner = ?, discovered = ?, reviewed = ?, skipped = ?, errors = ?, "
            "seconds = ? WHERE run_id = ?",
            [runner, counts.get("discovered", 0), counts.get("reviewed", 0), counts.get("skipped", 0),
             counts.get("errors", 0), seconds, run_id],
        )

    def lookup(self, task_id: str) -> StoredTask | None:
        row = self._db.execute(
            "SELECT content_hash, tool_version, ruleset_version, rubric, error_kind, run_id, score FROM tasks "
            "WHERE id = ?",
            [task_id],
        ).fetchone()
        return StoredTask(*row) if row else None

    def repeated(self, ids: Iterable[str], chunk: int = 2000) -> tuple[int, set[str]]:
        """How many ids there are, and which occur more than once.

        The ids go through a temporary table, so memory holds one chunk of
        them and the (usually empty) set of repeated ones, however large the dataset.
        """
        db = self._db
        db.execute("CREATE OR REPLACE TEMP TABLE scanned_ids (id VARCHAR)")
        try:
            for batch in _chunks(ids, chunk):
                db.execute("INSERT INTO scanned_ids SELECT unnest(?::VARCHAR[])", [batch])
            total = db.execute("SELECT count(*) FROM scanned_ids").fetchone()
            repeated = {row[0] for row in db.execute(
                "SELECT id FROM scanned_ids GROUP BY id HAVING count(*) > 1").fetchall()}
        finally:
            db.execute("DROP TABLE IF EXISTS scanned_ids")
        return (int(total[0]) if total else 0), repeated

    def is_empty(self) -> bool:
        row = self._db.execute("SELECT count(*) FROM tasks").fetchone()
        return not row or row[0] == 0

    def write(self, outcome: Outcome, version: Version, run_id: int, replace: bool) -> None:
        """Store one task's outcome in its own transaction (replacing an older row when `replace`).

        Raises DuplicateTask when a row with this id exists and `replace` is false.
        """
        import duckdb

        job = outcome.job
        counts = outcome.counts
        task_row = [
            job.task_id, job.path, job.source, job.content_hash, version.tool_version, version.ruleset_version,
            version.rubric, version.rubric_title, outcome.title, outcome.platform, outcome.language,
            *(counts.get(k) if outcome.ok else None for k in ("critical", "high", "medium", "low", "total")),
            outcome.score, outcome.score_raw, outcome.score_max, outcome.label, label_score(outcome.label),
            outcome.review_seconds, outcome.wall_seconds, outcome.attempts, outcome.worker,
            outcome.error, outcome.error_kind, run_id, outcome.review_z,
        ]
        db = self._db
        db.execute("BEGIN TRANSACTION")
        try:
            if replace:
                db.execute("DELETE FROM findings WHERE task_id = ?", [job.task_id])
                db.execute("DELETE FROM tasks WHERE id = ?", [job.task_id])
            try:
                db.execute(_INSERT_TASK, task_row)
            except duckdb.ConstraintException:
                raise DuplicateTask(job.task_id) from None
            if outcome.findings:
                params: list[Any] = []
                for f in outcome.findings:
                    params += [job.task_id, f.rule, f.severity, f.category, f.title, f.file, f.line, f.message]
                db.execute(f"INSERT INTO findings VALUES {', '.join(_FINDING_ROW for _ in outcome.findings)}", params)
            db.execute("COMMIT")
        except BaseException:
            try:
                db.execute("ROLLBACK")
            except Exception:  # noqa: BLE001 - Ctrl-C during COMMIT: the transaction already ended either way
                pass
            raise  # the original error (or interrupt), never the rollback's


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
