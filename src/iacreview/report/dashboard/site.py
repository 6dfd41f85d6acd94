"""Writing the dashboard's files: index.html, data.js, static assets, one page per task.

Task pages are written one at a time from a streaming query, so a dashboard of
10,000 tasks never holds more than one review in memory. Page names are
derived from task ids (safe characters plus a short hash, so two ids never
share a page).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from iacreview import __version__
from iacreview.report import batch_report as br
from iacreview.report.dashboard.charts import SEVERITIES, chart_data
from iacreview.report.dashboard.documents import document_links
from iacreview.report.dashboard.task_page import analysis_html

#: Columns of the index's task table (data.js carries them per task).
TABLE_COLUMNS = ("id", "title", "score", "label", "critical", "high", "medium", "low", "total", "error_kind", "error")


def page_name(task_id: str) -> str:
    """The file name of a task's page: readable, safe on any filesystem, unique per id."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "-", task_id).strip("-.")[:60] or "task"
    return f"{readable}-{hashlib.sha1(task_id.encode('utf-8')).hexdigest()[:8]}.html"


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("iacreview.report.dashboard", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )


def _copy_static(out_dir: Path) -> None:
    target = out_dir / "static"
    if target.exists():
        shutil.rmtree(target)
    source = resources.files("iacreview.report.dashboard").joinpath("static")
    with resources.as_file(source) as folder:
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))


def write_dashboard(con: Any, out_dir: Path, threshold: float | None = None, top: int = 10) -> Path:
    """Write the dashboard of the results behind `con` into `out_dir`; returns index.html's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tasks_dir = out_dir / "tasks"
    tasks_dir.mkdir(exist_ok=True)
    for old in tasks_dir.glob("*.html"):
        old.unlink()
    _copy_static(out_dir)
    env = _environment()
    summary = br.summarize(con, threshold=threshold, top=top)
    threshold = summary["below_threshold"]["threshold"]
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rows = []
    task_template = env.get_template("task.html.j2")
    rules = br.rules_by_task(con)
    for task in br.iter_tasks(con):
        name = page_name(task["id"])
        rows.append({**{c: task[c] for c in TABLE_COLUMNS}, "page": f"tasks/{name}", "rules": rules.get(task["id"], [])})
        _write_task_page(con, task_template, task, tasks_dir / name, threshold, generated)
    data = {
        "generated": generated,
        "tool": __version__,
        "threshold": threshold,
        "summary": {k: summary[k] for k in ("tasks", "reviewed", "errors", "agreement", "below_threshold")},
        "charts": chart_data(con, summary),
        "columns": list(TABLE_COLUMNS),
        "tasks": rows,
    }
    (out_dir / "data.js").write_text(
        "window.IACREVIEW_DATA = " + json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":")) + ";\n",
        encoding="utf-8")
    index = out_dir / "index.html"
    index.write_text(env.get_template("index.html.j2").render(
        s=summary, generated=generated, tool=__version__, threshold=threshold, severities=SEVERITIES,
        top=top, columns=TABLE_COLUMNS, rules=summary["failures_by_rule"]), encoding="utf-8")
    return index


def _write_task_page(con: Any, template: Any, task: dict[str, Any], target: Path, threshold: float | None,
                     generated: str) -> None:
    review = br.review_of(con, task["id"]) if task["error"] is None else None
    analysis, problem = analysis_html(review, task["rubric_title"] or "") if task["error"] is None else ("", None)
    target.write_text(template.render(
        t=task, findings=br.findings_of(con, task["id"]), analysis=analysis, analysis_problem=problem,
        threshold=threshold, generated=generated, tool=__version__, severities=SEVERITIES,
        documents=document_links(task["path"], task["source"], target.parent),
        plan=(review or {}).get("plan"), score_lines=((review or {}).get("score") or {}).get("lines", []),
    ), encoding="utf-8")
