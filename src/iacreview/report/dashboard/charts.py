"""The numbers behind the dashboard's four charts, as plain data for `data.js`.

The page's script turns these into Chart.js configurations; keeping the data
here (and testable) and only the drawing in JavaScript.
"""

from __future__ import annotations

from typing import Any

from iacreview.report.batch_report import SCORED_AND_LABELLED

SEVERITIES = ("critical", "high", "medium", "low")


def chart_data(con: Any, summary: dict[str, Any]) -> dict[str, Any]:
    """Score histogram, failures by category × severity, top rules, and score against label."""
    by_category = summary["failures"]["by_category"]
    return {
        "scores": {
            "labels": [str(b["score"]) for b in summary["score"]["distribution"]],
            "counts": [b["tasks"] for b in summary["score"]["distribution"]],
        },
        "categories": {
            "labels": list(by_category),
            "series": {s: [counts[s] for counts in by_category.values()] for s in SEVERITIES},
        },
        "rules": {
            "labels": [r["rule"] for r in summary["top_rules"]],
            "titles": [r["title"] for r in summary["top_rules"]],
            "tasks": [r["tasks"] for r in summary["top_rules"]],
            "severities": [r["severity"] for r in summary["top_rules"]],
        },
        "labels": {
            "points": [{"x": label, "y": score, "n": n} for label, score, n in con.execute(
                f"SELECT label_score, score, count(*) FROM tasks WHERE {SCORED_AND_LABELLED} "
                "GROUP BY 1, 2 ORDER BY 1, 2").fetchall()],
            "threshold": summary["agreement"]["threshold"],
        },
    }
