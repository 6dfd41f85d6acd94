"""Results databases for the report and dashboard tests, written straight through the store.

Synthetic rows give exact numbers to check; a few real reviews (the bundled
region-migration example and an answer that tries to inject HTML) give task
pages with a real failure analysis and real code.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from iacreview.batch.jobs import Finding, Job, Outcome, failed
from iacreview.batch.review_job import outcome_from_review
from iacreview.batch.store import ResultStore, Version
from iacreview.review.build import review_task

REPO = Path(__file__).resolve().parents[2]
VERSION = Version("0.1.0", "0123456789ab", "seed", "Response quality (seed rubric)")
INJECTION = """The bucket:

```hcl
resource "aws_s3_bucket" "evil" {
  bucket = "x"
  tags = { note = "</code><script>window.injected = 1</script>" }
}
```

<script>window.injected = 2</script> <img src=x onerror="window.injected = 3">
"""

#: (id, score, label, findings as (rule, severity, category)) of the synthetic tasks.
SYNTHETIC = [
    ("syn/a", 9, "9", []),
    ("syn/b", 8, "10", [("FMT001", "medium", "formatting")]),
    ("syn/c", 7, "9", [("FMT001", "medium", "formatting"), ("OPS020", "low", "operations")]),
    ("syn/d", 5, "6", [("SEC001", "high", "security"), ("FMT001", "medium", "formatting")]),
    ("syn/e", 2, "8", [("SYN001", "critical", "syntax"), ("SEC001", "high", "security"),
                       ("SEC001", "high", "security")]),
    ("syn/f", 9, None, [("OPS020", "low", "operations")]),
    ("syn/g", 4, "high", [("PORT001", "low", "portability")]),
]


def synthetic_outcome(task_id: str, score: float, label: str | None, findings: list[tuple[str, str, str]]) -> Outcome:
    counts = {s: sum(1 for f in findings if f[1] == s) for s in ("critical", "high", "medium", "low")}
    counts["total"] = len(findings)
    review = {"task": {"id": task_id}, "summary": counts}  # not the full contract: its page says so
    return Outcome(Job(task_id, "folder", f"/data/{task_id}", f"hash-{task_id}", "seed"), counts=counts,
                   score=float(score), score_raw=float(score), score_max=10.0, label=label, title=f"Title of {task_id}",
                   findings=[Finding(rule, sev, cat, f"{rule} title", "main.tf", n + 1, f"{rule} message {n}")
                             for n, (rule, sev, cat) in enumerate(findings)],
                   review_z=zlib.compress(json.dumps(review).encode()), worker="local-0")


def build_synthetic(db: Path) -> Path:
    with ResultStore(db) as store:
        run = store.begin_run("synthetic", "test", VERSION)
        for task_id, score, label, findings in SYNTHETIC:
            store.write(synthetic_outcome(task_id, score, label, findings), VERSION, run, replace=False)
        store.write(failed(Job("syn/timeout", "folder", "/data/syn/timeout", "h", "seed"), "timeout",
                           "review took longer than 5 s (worker killed)"), VERSION, run, replace=False)
        store.finish_run(run, "test", {"discovered": 8, "reviewed": 7, "skipped": 0, "errors": 1}, 1.0)
    return db


def build_with_real_reviews(db: Path, scratch: Path) -> Path:
    """The synthetic rows plus two real reviews (region-migration, and an HTML-injection attempt)."""
    build_synthetic(db)
    injected = scratch / "injected"
    (injected / "lib").mkdir(parents=True)
    (injected / "lib" / "PROMPT.md").write_text("Create an S3 bucket.", encoding="utf-8")
    (injected / "lib" / "MODEL_RESPONSE.md").write_text(INJECTION, encoding="utf-8")
    (injected / "metadata.json").write_text(json.dumps({"platform": "tf", "language": "hcl", "training_quality": 7}))
    with ResultStore(db) as store:
        for task_id, folder in (("examples/region-migration", REPO / "examples" / "region-migration"),
                                ("real/<injected>", injected)):
            job = Job(task_id, "folder", str(folder), f"hash-{task_id}", "seed")
            store.write(outcome_from_review(job, review_task(folder)), VERSION, 1, replace=False)
    return db
