"""`summarize`: the report's numbers, checked on rows whose answers we know."""

from __future__ import annotations

import pytest
from dashboard_data import build_synthetic

from iacreview.report import batch_report


@pytest.fixture
def summary(tmp_path):
    con = batch_report.connect(build_synthetic(tmp_path / "s.duckdb"))
    try:
        yield batch_report.summarize(con, threshold=8, top=3, listed=2)
    finally:
        con.close()


def summary_and_dashboard(db, out):
    """The summary `report` prints and the dashboard it writes, of the results in `db`."""
    from iacreview.report.dashboard import write_dashboard

    con = batch_report.connect(db)
    try:
        return batch_report.summarize(con), write_dashboard(con, out)
    finally:
        con.close()


def test_totals(summary):
    assert (summary["tasks"], summary["reviewed"], summary["errors"]) == (8, 7, 1)
    assert summary["errors_by_kind"] == {"timeout": 1}
    assert summary["error_tasks"] == [{"id": "syn/timeout", "kind": "timeout",
                                       "error": "review took longer than 5 s (worker killed)"}]


def test_score_distribution(summary):
    score = summary["score"]
    assert (score["min"], score["max"], score["median"]) == (2, 9, 7)
    assert score["mean"] == pytest.approx(44 / 7, abs=1e-3)
    by_score = {b["score"]: b["tasks"] for b in score["distribution"]}
    assert by_score == {0: 0, 1: 0, 2: 1, 3: 0, 4: 1, 5: 1, 6: 0, 7: 1, 8: 1, 9: 2, 10: 0}


def test_failures_by_category_severity_and_rule(summary):
    failures = summary["failures"]
    assert failures["total"] == 10 and failures["tasks_with_failures"] == 6
    assert failures["by_severity"] == {"critical": 1, "high": 3, "medium": 3, "low": 3}
    assert failures["by_category"]["security"] == {"critical": 0, "high": 3, "medium": 0, "low": 0, "total": 3}
    assert list(failures["by_category"])[:2] == ["formatting", "security"]  # 3 each, then by name
    rules = {r["rule"]: (r["failures"], r["tasks"], r["severity"]) for r in summary["failures_by_rule"]}
    assert rules == {"FMT001": (3, 3, "medium"), "SEC001": (3, 2, "high"), "OPS020": (2, 2, "low"),
                     "SYN001": (1, 1, "critical"), "PORT001": (1, 1, "low")}
    assert [r["rule"] for r in summary["top_rules"]] == ["FMT001", "SEC001", "OPS020"]  # tasks, then failures


def test_tasks_under_the_threshold(summary):
    below = summary["below_threshold"]
    assert below["threshold"] == 8 and below["count"] == 4
    assert [t["id"] for t in below["tasks"]] == ["syn/e", "syn/g"]  # lowest first, listed=2


def test_agreement_with_labels(summary):
    agreement = summary["agreement"]
    # numeric labels: a 9/9, b 8/10, c 7/9, d 5/6, e 2/8 (f has none, g says "high")
    assert agreement["labelled"] == 5
    assert agreement["confusion"] == {"both_accept": 2, "both_reject": 1, "we_accept_label_rejects": 0,
                                      "we_reject_label_accepts": 2}
    assert agreement["agree"] == 3 and agreement["agreement_rate"] == 0.6
    assert agreement["mean_abs_difference"] == pytest.approx((0 + 2 + 2 + 1 + 6) / 5)
    assert agreement["correlation"] is not None and -1 <= agreement["correlation"] <= 1


def test_text_rendering_names_every_section(summary):
    text = batch_report.render_text(summary, top=3)
    assert text.startswith("tasks: 8  reviewed: 7  errors: 1\n")
    for fragment in ("score: mean 6.29", "failures: 10 in 6 tasks", "top rules", "FMT001",
                     "under the acceptance threshold (8): 4", "… and 2 more",
                     "agreement with labels (5 labelled tasks, threshold 8): 3 agree (60%)",
                     "syn/timeout: timeout: review took longer than 5 s"):
        assert fragment in text, fragment


def test_a_database_without_labels_says_so(tmp_path):
    from dashboard_data import VERSION, synthetic_outcome

    from iacreview.batch.store import ResultStore

    with ResultStore(tmp_path / "n.duckdb") as store:
        store.write(synthetic_outcome("x", 5, None, []), VERSION, 1, replace=False)
    con = batch_report.connect(tmp_path / "n.duckdb")
    summary = batch_report.summarize(con)
    con.close()
    assert summary["agreement"]["labelled"] == 0 and summary["agreement"]["agreement_rate"] is None
    assert "agreement with labels: n/a (no reviewed task has both a score and a numeric label)" \
        in batch_report.render_text(summary)


def test_a_dataset_of_broken_inputs_shows_no_agreement_rate(tmp_path):
    """Tasks whose review failed never count, whatever their rows hold: n/a, never "100% (1)"."""
    from dataclasses import replace

    from dashboard_data import VERSION, synthetic_outcome

    from iacreview.batch.jobs import Job, failed
    from iacreview.batch.store import ResultStore

    with ResultStore(tmp_path / "b.duckdb") as store:
        store.record_threshold("seed", 8.0)
        store.write(failed(Job("broken/a", "folder", "/data/a", "h1", "seed"), "no-answer",
                           "lib/MODEL_RESPONSE.md:1:1: no-answer: nothing to review"), VERSION, 1, replace=False)
        # A broken input whose row still carries a score and a label (as an older batch stored them).
        stale = replace(synthetic_outcome("broken/b", 9, "9", []), error="unreadable: binary file",
                        error_kind="unreadable")
        store.write(stale, VERSION, 1, replace=False)
    summary, index = summary_and_dashboard(tmp_path / "b.duckdb", tmp_path / "html")
    assert summary["agreement"]["labelled"] == 0 and summary["agreement"]["agreement_rate"] is None
    page = index.read_text(encoding="utf-8")
    card = page[page.index('id="agreement"'):].split("</div></div>")[0]
    assert ">n/a<" in card and "no reviewed task has both a score and a label" in card
    assert "100%" not in page
    assert "agreement with labels: n/a" in batch_report.render_text(summary)


@pytest.mark.parametrize("rubric, stated, shown", [("seed", None, None), ("training-value", 8.0, 8.0)])
def test_the_threshold_is_the_one_the_rubric_states(tmp_path, rubric, stated, shown):
    from dashboard_data import synthetic_outcome

    from iacreview.batch.store import ResultStore, Version

    with ResultStore(tmp_path / "t.duckdb") as store:
        store.record_threshold(rubric, stated)
        store.write(synthetic_outcome("x", 7, "9", []), Version("0.1.0", "abc", rubric, rubric), 1, replace=False)
    summary, index = summary_and_dashboard(tmp_path / "t.duckdb", tmp_path / "html")
    assert summary["below_threshold"]["threshold"] == shown and summary["rubrics"][0]["rubric"] == rubric
    page = index.read_text(encoding="utf-8")
    if shown is None:
        assert summary["below_threshold"]["count"] is None and "under 8" not in page and 'value="below"' not in page
        assert "needs an acceptance threshold" in batch_report.render_text(summary)
    else:
        assert summary["below_threshold"]["count"] == 1 and "under 8" in page
