"""The dashboard's files: complete, offline, one page per task, untrusted text escaped."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import unquote

from dashboard_data import REPO

from iacreview.report.dashboard.site import page_name


def load_data(index):
    text = (index.parent / "data.js").read_text(encoding="utf-8")
    assert text.startswith("window.IACREVIEW_DATA = ") and text.rstrip().endswith(";")
    return json.loads(text[len("window.IACREVIEW_DATA = "):].rstrip().rstrip(";"))


def test_index_data_and_assets(dashboard):
    out = dashboard.parent
    for asset in ("static/dashboard.css", "static/dashboard.js", "static/vendor/chart.umd.min.js",
                  "static/vendor/LICENSE.chart.js.txt", "static/vendor/VENDOR.txt"):
        assert (out / asset).is_file(), asset
    assert "Chart.js v4" in (out / "static/vendor/chart.umd.min.js").read_text()[:200]
    assert "MIT" in (out / "static/vendor/LICENSE.chart.js.txt").read_text()
    data = load_data(dashboard)
    assert len(data["tasks"]) == 10 and data["summary"]["tasks"] == 10
    charts = data["charts"]
    assert sum(charts["scores"]["counts"]) == 9
    assert set(charts["categories"]["series"]) == {"critical", "high", "medium", "low"}
    assert charts["rules"]["labels"][0] == "FMT001"
    assert {(p["x"], p["y"]) for p in charts["labels"]["points"]} >= {(9.0, 9.0), (8.0, 2.0)}


def test_every_task_has_a_page_the_table_links_to(dashboard):
    data = load_data(dashboard)
    pages = sorted(p.name for p in (dashboard.parent / "tasks").glob("*.html"))
    assert pages == sorted(page_name(t["id"]) for t in data["tasks"])
    assert all(t["page"] == f"tasks/{page_name(t['id'])}" for t in data["tasks"])
    assert len(set(pages)) == 10


def test_pages_work_offline(dashboard):
    """Everything a page loads is a local file; only reference links (<a>) may point at the web."""
    out = dashboard.parent
    for page in [dashboard, *(out / "tasks").glob("*.html")]:
        text = page.read_text(encoding="utf-8")
        loaded = re.findall(r'<(?:script|img|link|iframe)\b[^>]*?(?:src|href)="([^"]*)"', text)
        assert loaded, page.name
        for attribute in loaded:
            assert not re.match(r"(?:[a-z]+:)?//", attribute), (page.name, attribute)
            assert (page.parent / attribute).resolve().is_file(), (page.name, attribute)
        for link in re.findall(r'<a\b[^>]*?href="([^"]*)"', text):
            link = html.unescape(link)
            if not re.match(r"[a-z]+:", link):
                assert (page.parent / unquote(link.split("#")[0])).resolve().is_file(), (page.name, link)


def test_a_real_task_page_has_the_analysis_and_highlighted_code(dashboard):
    page = (dashboard.parent / "tasks" / page_name("examples/region-migration")).read_text(encoding="utf-8")
    assert "Model Response Failures Analysis" in page
    assert '<span class="hl-keyword">' in page and '<span class="hl-attr">' in page
    assert "FMT001" in page and "OPS020" in page


def test_untrusted_text_is_escaped(dashboard):
    page = (dashboard.parent / "tasks" / page_name("real/<injected>")).read_text(encoding="utf-8")
    assert "<script>window.injected" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.injected" in page
    assert "real/&lt;injected&gt;" in page


def test_error_and_partial_reviews_render(dashboard):
    tasks = dashboard.parent / "tasks"
    timeout = (tasks / page_name("syn/timeout")).read_text(encoding="utf-8")
    assert 'id="task-error"' in timeout and "review took longer than 5 s" in timeout
    partial = (tasks / page_name("syn/e")).read_text(encoding="utf-8")
    assert "could not be rendered" in partial and "SYN001" in partial


def test_rewriting_replaces_stale_pages(results_db, tmp_path):
    from iacreview.report import batch_report
    from iacreview.report.dashboard import write_dashboard

    (tmp_path / "tasks").mkdir()
    (tmp_path / "tasks" / "old-task-00000000.html").write_text("stale")
    con = batch_report.connect(results_db)
    try:
        write_dashboard(con, tmp_path)
    finally:
        con.close()
    assert not (tmp_path / "tasks" / "old-task-00000000.html").exists()


def test_the_task_table_carries_the_error_message_and_the_rule_chart_its_titles(dashboard):
    data = load_data(dashboard)
    timeout = next(t for t in data["tasks"] if t["id"] == "syn/timeout")
    assert timeout["error_kind"] == "timeout" and "review took longer than 5 s" in timeout["error"]
    script = (dashboard.parent / "static" / "dashboard.js").read_text(encoding="utf-8")
    assert "task.error_kind + \": \" + String(task.error" in script
    assert "c.rules.titles[i]" in script and all(data["charts"]["rules"]["titles"])


def test_the_task_page_links_the_task_documents(dashboard):
    """PROMPT, MODEL_RESPONSE, IDEAL_RESPONSE and the human MODEL_FAILURES, as relative links that open from disk."""
    page_path = dashboard.parent / "tasks" / page_name("examples/region-migration")
    page = page_path.read_text(encoding="utf-8")
    section = page[page.index('id="documents"'):].split("</p>")[0]
    links = dict((label, href) for href, label in re.findall(r'<a href="([^"]*)"[^>]*>([A-Z_]+)</a>', section))
    assert list(links) == ["PROMPT", "MODEL_RESPONSE", "IDEAL_RESPONSE", "MODEL_FAILURES"]
    example = REPO / "examples" / "region-migration" / "lib"
    for label, href in links.items():
        assert not href.startswith(("/", "file:")), href
        assert (page_path.parent / unquote(html.unescape(href))).resolve() == (example / f"{label}.md").resolve()
    timeout = (dashboard.parent / "tasks" / page_name("syn/timeout")).read_text(encoding="utf-8")
    assert 'id="documents"' not in timeout  # /data/syn/timeout does not exist: nothing to link


def test_document_links_survive_hostile_folder_names(tmp_path):
    from dashboard_data import VERSION, synthetic_outcome

    from iacreview.batch.store import ResultStore
    from iacreview.report import batch_report
    from iacreview.report.dashboard import write_dashboard

    hostile = tmp_path / 'data' / 'a "b" <i>x</i> & #1 ?q=%41'
    (hostile / "lib").mkdir(parents=True)
    (hostile / "lib" / "PROMPT.md").write_text("Create a bucket.", encoding="utf-8")
    (hostile / "model_response.md").write_text("no code", encoding="utf-8")  # any case, beside lib/
    outcome = synthetic_outcome("hostile", 5, None, [])
    outcome.job = outcome.job.__class__("hostile", "folder", str(hostile), "h", "seed")
    with ResultStore(tmp_path / "h.duckdb") as store:
        store.write(outcome, VERSION, 1, replace=False)
    con = batch_report.connect(tmp_path / "h.duckdb")
    try:
        index = write_dashboard(con, tmp_path / "html")
    finally:
        con.close()
    page_path = index.parent / "tasks" / page_name("hostile")
    page = page_path.read_text(encoding="utf-8")
    assert "<i>x</i>" not in page
    hrefs = re.findall(r'<a href="([^"]*)"[^>]*class="document">', page)
    assert len(hrefs) == 2
    for href, expected in zip(hrefs, (hostile / "lib" / "PROMPT.md", hostile / "model_response.md")):
        assert not any(c in href for c in ' "<>#?'), href  # percent-encoded: nothing ends the URL or attribute
        assert (page_path.parent / unquote(html.unescape(href))).resolve() == expected.resolve()


def test_the_task_table_can_be_filtered_by_rule(dashboard):
    data = load_data(dashboard)
    rules = {t["id"]: t["rules"] for t in data["tasks"]}
    assert rules["syn/e"] == ["SEC001", "SYN001"] and rules["syn/a"] == [] and rules["syn/timeout"] == []
    page = dashboard.read_text(encoding="utf-8")
    select = page[page.index('<select id="task-rule"'):].split("</select>")[0]
    assert re.search(r'<option value="FMT001">FMT001 \S.* \(\d+ tasks\)</option>', select)  # id, title, tasks
    assert '<option value="SYN001">SYN001 SYN001 title (1 task)</option>' in select
    script = (dashboard.parent / "static" / "dashboard.js").read_text(encoding="utf-8")
    assert "task.rules" in script and '"task-rule"' in script
