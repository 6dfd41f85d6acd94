"""What a batch found, read back from its DuckDB file: totals, distributions, rules, labels.

`iacreview report` prints this as text or JSON, exports the task table as CSV
or Parquet, and the HTML dashboard draws its charts from the same numbers.
The tables are those `iacreview batch` writes (see iacreview.batch.store);
the file is opened read-only, so a report can run beside a batch that is
still writing only once the batch has finished or been stopped.
"""

from __future__ import annotations

import csv
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SEVERITIES = ("critical", "high", "medium", "low")
DEFAULT_THRESHOLD = 8.0
#: The per-task columns exported as CSV/Parquet and shown in the dashboard's table.
TASK_COLUMNS = (
    "id", "path", "source", "title", "platform", "language", "score", "score_max", "label", "label_score",
    "critical", "high", "medium", "low", "total", "error_kind", "error", "rubric", "rubric_title", "tool_version",
    "ruleset_version", "content_hash", "review_seconds", "wall_seconds", "attempts", "worker", "run_id", "reviewed_at",
)


class ReportError(Exception):
    """The results file cannot be read (one line for the user)."""


def connect(path: Path | str) -> Any:
    """A read-only DuckDB connection to a results file made by `iacreview batch`."""
    import duckdb

    path = Path(path)
    if not path.is_file():
        raise ReportError(f"{path}:1:1: no such results file")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise ReportError(f"{path}:1:1: cannot open results database: {_first_line(exc)}") from None
    tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    missing = {"tasks", "findings", "runs"} - tables
    if missing:
        con.close()
        raise ReportError(f"{path}:1:1: not an iacreview results database (no {', '.join(sorted(missing))} table)")
    return con


#: Error kinds that are problems of the data (no answer, an unreadable one, a broken record), not of the tool.
DATA_ERROR_KINDS = ("no-answer", "unreadable", "input")
#: Failures that make a reviewed answer a bad answer as a whole: no code, cut off, the wrong tool.
BAD_ANSWER_RULES = {"CMP003": "no code", "CMP005": "cut off", "PLT001": "wrong platform or language"}


def rubrics(con: Any) -> list[dict[str, Any]]:
    """The rubrics the stored scores come from, with their titles, task counts and accept thresholds."""
    stated: dict[str, float | None] = {}
    if con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchone()[0]:
        for key, value in con.execute("SELECT key, value FROM meta WHERE key LIKE 'threshold:%'").fetchall():
            stated[key[len("threshold:"):]] = float(value) if value else None
    rows = con.execute("SELECT rubric, any_value(rubric_title), count(*) FROM tasks WHERE rubric IS NOT NULL "
                       "GROUP BY 1 ORDER BY 3 DESC, 1").fetchall()
    return [{"rubric": r, "title": t, "tasks": n, "threshold": stated.get(r, DEFAULT_THRESHOLD if r not in stated
                                                                           and r == "training-value" else None)}
            for r, t, n in rows]


def rubric_threshold(con: Any) -> float | None:
    """The accept threshold of the stored scores: the one their rubric states (None when it states none,
    or the scores come from rubrics that disagree)."""
    thresholds = {r["threshold"] for r in rubrics(con)}
    return thresholds.pop() if len(thresholds) == 1 else None


def summarize(con: Any, threshold: float | None = None, top: int = 10, listed: int = 50) -> dict[str, Any]:
    """Every aggregate of the report as plain data (the JSON format prints exactly this).

    `threshold` (default: the rubric's own, see `rubric_threshold`) is the accept score that
    "under the threshold" and the agreement with labels use; with none they are left out.
    """
    if threshold is None:
        threshold = rubric_threshold(con)
    tasks, reviewed, errors = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE error IS NULL), count(*) FILTER (WHERE error IS NOT NULL) FROM tasks"
    ).fetchone()
    by_rule = _by_rule(con)
    below = _below_threshold(con, threshold, listed)
    by_kind = dict(con.execute(
        "SELECT error_kind, count(*) FROM tasks WHERE error IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1").fetchall())
    return {
        "tasks": tasks,
        "reviewed": reviewed,
        "errors": errors,
        "errors_by_kind": by_kind,
        # Data problems (the task gave nothing to review) apart from bad answers (reviewed, and bad as a whole).
        "data_problems": {k: n for k, n in by_kind.items() if k in DATA_ERROR_KINDS},
        "bad_answers": _bad_answers(con),
        "error_tasks": [dict(zip(("id", "kind", "error"), row)) for row in con.execute(
            "SELECT id, error_kind, error FROM tasks WHERE error IS NOT NULL ORDER BY id LIMIT ?", [listed]).fetchall()],
        "score": _score(con),
        "failures": _failures(con),
        "failures_by_rule": by_rule,
        "top_rules": sorted(by_rule, key=lambda r: (-r["tasks"], -r["failures"], r["rule"]))[:top],
        "below_threshold": below,
        "agreement": _agreement(con, threshold),
        "runs": _runs(con),
        "rubrics": rubrics(con),
    }


def _bad_answers(con: Any) -> dict[str, Any]:
    rules = list(BAD_ANSWER_RULES)
    marks = ", ".join("?" for _ in rules)
    tasks = con.execute(f"SELECT count(DISTINCT task_id) FROM findings WHERE rule IN ({marks})", rules).fetchone()[0]
    by_rule = dict(con.execute(f"SELECT rule, count(DISTINCT task_id) FROM findings WHERE rule IN ({marks}) "
                               "GROUP BY 1 ORDER BY 1", rules).fetchall())
    return {"tasks": tasks, "by_rule": {r: by_rule.get(r, 0) for r in rules}}


def _score(con: Any) -> dict[str, Any]:
    mean, median, low, high = con.execute(
        "SELECT avg(score), median(score), min(score), max(score) FROM tasks WHERE score IS NOT NULL").fetchone()
    counts = dict(con.execute(
        "SELECT least(greatest(floor(score), 0), 10)::INTEGER AS bin, count(*) FROM tasks "
        "WHERE score IS NOT NULL GROUP BY bin").fetchall())
    return {
        "mean": _round(mean), "median": _round(median), "min": low, "max": high,
        "distribution": [{"score": s, "tasks": counts.get(s, 0)} for s in range(0, 11)],
    }


def _failures(con: Any) -> dict[str, Any]:
    total = con.execute("SELECT count(*) FROM findings").fetchone()[0]
    by_severity = dict(con.execute("SELECT severity, count(*) FROM findings GROUP BY 1").fetchall())
    by_category: dict[str, dict[str, int]] = {}
    for category, severity, count in con.execute(
            "SELECT category, severity, count(*) FROM findings GROUP BY 1, 2 ORDER BY 1").fetchall():
        by_category.setdefault(category, {s: 0 for s in SEVERITIES})[severity] = count
    for counts in by_category.values():
        counts["total"] = sum(counts[s] for s in SEVERITIES)
    tasks_with = con.execute("SELECT count(DISTINCT task_id) FROM findings").fetchone()[0]
    return {"total": total, "tasks_with_failures": tasks_with,
            "by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
            "by_category": dict(sorted(by_category.items(), key=lambda kv: (-kv[1]["total"], kv[0])))}


def _by_rule(con: Any) -> list[dict[str, Any]]:
    rows = con.execute(
        "SELECT rule, any_value(title), any_value(category), mode(severity), count(*), count(DISTINCT task_id) "
        "FROM findings GROUP BY rule ORDER BY count(DISTINCT task_id) DESC, count(*) DESC, rule").fetchall()
    return [dict(zip(("rule", "title", "category", "severity", "failures", "tasks"), row)) for row in rows]


def _below_threshold(con: Any, threshold: float | None, listed: int) -> dict[str, Any]:
    if threshold is None:
        return {"threshold": None, "count": None, "tasks": []}
    count = con.execute("SELECT count(*) FROM tasks WHERE score < ?", [threshold]).fetchone()[0]
    rows = con.execute(
        "SELECT id, score, label, critical, high, medium, low FROM tasks WHERE score < ? "
        "ORDER BY score, id LIMIT ?", [threshold, listed]).fetchall()
    keys = ("id", "score", "label", "critical", "high", "medium", "low")
    return {"threshold": threshold, "count": count, "tasks": [dict(zip(keys, row)) for row in rows]}


#: The tasks agreement is measured on: reviewed (no error), with a score and a numeric label.
SCORED_AND_LABELLED = "error IS NULL AND score IS NOT NULL AND label_score IS NOT NULL"


def _agreement(con: Any, threshold: float | None) -> dict[str, Any]:
    """Our score against the task's own label (metadata training_quality), over the tasks that have both.

    A task whose review failed never counts, whatever its row holds; with no task left the rate is None
    (shown as n/a), never 100%.
    """
    if threshold is None:  # accept/reject needs a threshold the scores' rubric states
        labelled = con.execute(f"SELECT count(*) FROM tasks WHERE {SCORED_AND_LABELLED}").fetchone()[0]
        return {"labelled": labelled, "threshold": None, "agree": None, "agreement_rate": None, "confusion": None,
                "mean_abs_difference": None, "correlation": None}
    row = con.execute(
        """SELECT count(*),
                  count(*) FILTER (WHERE score >= ? AND label_score >= ?),
                  count(*) FILTER (WHERE score < ? AND label_score < ?),
                  count(*) FILTER (WHERE score >= ? AND label_score < ?),
                  count(*) FILTER (WHERE score < ? AND label_score >= ?),
                  avg(abs(score - label_score)), corr(score, label_score)
           FROM tasks WHERE """ + SCORED_AND_LABELLED,
        [threshold] * 8).fetchone()
    labelled, both_accept, both_reject, only_we_accept, only_label_accepts, mad, correlation = row
    agree = both_accept + both_reject
    return {
        "labelled": labelled,
        "threshold": threshold,
        "agree": agree,
        "agreement_rate": _round(agree / labelled) if labelled else None,
        "confusion": {"both_accept": both_accept, "both_reject": both_reject,
                      "we_accept_label_rejects": only_we_accept, "we_reject_label_accepts": only_label_accepts},
        "mean_abs_difference": _round(mad) if labelled else None,
        "correlation": _round(correlation) if correlation is not None and correlation == correlation else None,
    }


def _runs(con: Any) -> list[dict[str, Any]]:
    keys = ("run_id", "started_at", "finished_at", "datasets", "runner", "rubric", "tool_version",
            "ruleset_version", "discovered", "reviewed", "skipped", "errors", "seconds")
    rows = con.execute(f"SELECT {', '.join(keys)} FROM runs ORDER BY run_id").fetchall()
    return [{k: (v.isoformat(sep=" ", timespec="seconds") if hasattr(v, "isoformat") else v)
             for k, v in zip(keys, row)} for row in rows]


def iter_tasks(con: Any, batch_size: int = 500) -> Iterator[dict[str, Any]]:
    """Every task row (TASK_COLUMNS), streamed in id order."""
    cursor = con.execute(f"SELECT {', '.join(TASK_COLUMNS)} FROM tasks ORDER BY id")
    while rows := cursor.fetchmany(batch_size):
        for row in rows:
            yield dict(zip(TASK_COLUMNS, row))


def review_of(con: Any, task_id: str) -> dict[str, Any] | None:
    """The stored review (the JSON contract) of one task, or None for a task that failed."""
    row = con.execute("SELECT review FROM tasks WHERE id = ?", [task_id]).fetchone()
    return json.loads(zlib.decompress(row[0]).decode("utf-8")) if row and row[0] is not None else None


def rules_by_task(con: Any) -> dict[str, list[str]]:
    """The rules each task has failures of (for the dashboard's filter by rule)."""
    return {task_id: rules for task_id, rules in con.execute(
        "SELECT task_id, list(DISTINCT rule ORDER BY rule) FROM findings GROUP BY 1").fetchall()}


def findings_of(con: Any, task_id: str) -> list[dict[str, Any]]:
    keys = ("rule", "severity", "category", "title", "file", "line", "message")
    rank = " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(SEVERITIES))
    rows = con.execute(f"SELECT {', '.join(keys)} FROM findings WHERE task_id = ? "
                       f"ORDER BY CASE severity {rank} ELSE 9 END, rule, file, line", [task_id]).fetchall()
    return [dict(zip(keys, row)) for row in rows]


def tasks_csv(con: Any) -> Iterator[str]:
    """The task table as CSV text, a chunk of rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TASK_COLUMNS)
    for index, task in enumerate(iter_tasks(con), start=1):
        writer.writerow(["" if task[c] is None else task[c] for c in TASK_COLUMNS])
        if index % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_parquet(con: Any, target: Path) -> None:
    """The task table as a Parquet file (DuckDB writes it; no other library needed)."""
    escaped = str(target).replace("'", "''")
    con.execute(f"COPY (SELECT {', '.join(TASK_COLUMNS)} FROM tasks ORDER BY id) TO '{escaped}' (FORMAT parquet)")


def render_text(summary: dict[str, Any], top: int = 10) -> str:
    """The summary for a terminal."""
    lines = [f"tasks: {summary['tasks']}  reviewed: {summary['reviewed']}  errors: {summary['errors']}"]
    for r in summary.get("rubrics", []):
        stated = f"accepts at {r['threshold']:g}" if r["threshold"] is not None else "states no accept threshold"
        lines.append(f"rubric: {r['rubric']} ({r['title']}), {r['tasks']} tasks; {stated}")
    if summary["errors_by_kind"]:
        lines.append("errors by kind: " + ", ".join(f"{k or 'unknown'} {n}" for k, n in summary["errors_by_kind"].items()))
    data = summary.get("data_problems") or {}
    tool = sum(n for k, n in summary["errors_by_kind"].items() if k not in DATA_ERROR_KINDS)
    lines.append(f"data problems (nothing to review, no score): {sum(data.values())}"
                 + (" (" + ", ".join(f"{k} {n}" for k, n in data.items()) + ")" if data else "")
                 + f"  review errors: {tool}")
    bad = summary.get("bad_answers") or {"tasks": 0, "by_rule": {}}
    lines.append(f"bad answers (reviewed and scored): {bad['tasks']}"
                 + (" (" + ", ".join(f"{BAD_ANSWER_RULES[r]} {n}" for r, n in bad["by_rule"].items() if n) + ")"
                    if bad["tasks"] else ""))
    score = summary["score"]
    lines += ["", f"score: mean {_fmt(score['mean'])}  median {_fmt(score['median'])}  "
                  f"min {_fmt(score['min'])}  max {_fmt(score['max'])}"]
    peak = max((b["tasks"] for b in score["distribution"]), default=0) or 1
    for b in score["distribution"]:
        lines.append(f"  {b['score']:>2} | {'#' * round(30 * b['tasks'] / peak):<30} {b['tasks']}")
    failures = summary["failures"]
    lines += ["", f"failures: {failures['total']} in {failures['tasks_with_failures']} tasks  (" +
              ", ".join(f"{failures['by_severity'][s]} {s}" for s in SEVERITIES) + ")"]
    lines.append(f"  {'category':<14} " + " ".join(f"{s:>8}" for s in SEVERITIES) + f" {'total':>8}")
    for category, counts in failures["by_category"].items():
        lines.append(f"  {category:<14} " + " ".join(f"{counts[s]:>8}" for s in SEVERITIES) + f" {counts['total']:>8}")
    lines += ["", f"top rules (by tasks affected, first {top}):"]
    for r in summary["top_rules"]:
        lines.append(f"  {r['rule']:<8} {r['tasks']:>6} tasks {r['failures']:>6} failures  {r['severity']:<8} "
                     f"{r['category']:<13} {r['title']}")
    below = summary["below_threshold"]
    if below["threshold"] is None:
        lines += ["", "under the acceptance threshold: the rubric states none (give one with --threshold)"]
    else:
        lines += ["", f"under the acceptance threshold ({below['threshold']:g}): {below['count']}"]
    for t in below["tasks"]:
        lines.append(f"  {_fmt(t['score']):>4}  {t['id']}" + (f"  (label {t['label']})" if t["label"] else ""))
    if below["count"] is not None and below["count"] > len(below["tasks"]):
        lines.append(f"  … and {below['count'] - len(below['tasks'])} more")
    agreement = summary["agreement"]
    lines.append("")
    if agreement["labelled"] and agreement["threshold"] is None:
        lines.append(f"agreement with labels ({agreement['labelled']} labelled tasks): needs an acceptance threshold "
                     "(the rubric states none; give one with --threshold)")
    elif agreement["labelled"]:
        c = agreement["confusion"]
        lines.append(f"agreement with labels ({agreement['labelled']} labelled tasks, threshold {agreement['threshold']:g}): "
                     f"{agreement['agree']} agree ({_fmt(100 * agreement['agreement_rate'])}%), "
                     f"mean |score - label| {_fmt(agreement['mean_abs_difference'])}, "
                     f"correlation {_fmt(agreement['correlation'])}")
        lines.append(f"  both accept {c['both_accept']}, both reject {c['both_reject']}, "
                     f"we accept / label rejects {c['we_accept_label_rejects']}, "
                     f"we reject / label accepts {c['we_reject_label_accepts']}")
    else:
        lines.append("agreement with labels: n/a (no reviewed task has both a score and a numeric label)")
    if summary["error_tasks"]:
        lines += ["", "errors:"]
        lines += [f"  {e['id']}: {e['kind']}: {e['error']}" for e in summary["error_tasks"]]
    return "\n".join(lines) + "\n"


def _round(value: float | None, places: int = 3) -> float | None:
    return None if value is None else round(float(value), places)


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
