"""One results database and one dashboard per session, shared by the dashboard tests."""

import pytest

from dashboard_data import build_with_real_reviews

from iacreview.report import batch_report
from iacreview.report.dashboard import write_dashboard


@pytest.fixture(scope="session")
def results_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("results")
    return build_with_real_reviews(folder / "results.duckdb", folder)


@pytest.fixture(scope="session")
def dashboard(results_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("dashboard")
    con = batch_report.connect(results_db)
    try:
        # As `report --html DIR --threshold 8` writes it: the seed rubric of these results states no
        # threshold of its own (a dashboard without one is tested in test_batch_report.py).
        index = write_dashboard(con, out, threshold=8.0)
    finally:
        con.close()
    return index
