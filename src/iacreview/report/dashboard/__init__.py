"""The static HTML dashboard of a batch: `iacreview report results.duckdb --html DIR`.

It opens from file:// with no server and no network: the data ship as a
`data.js` script beside `index.html` (browsers refuse `fetch` on file://),
and the charting library (Chart.js, MIT, see static/vendor/VENDOR.txt) is
vendored into the package and copied next to the pages. The index has the
charts and a sortable, filterable task table; each task has its own page
with the rendered failure analysis and its code highlighted by our own lexer.
"""

from iacreview.report.dashboard.site import write_dashboard

__all__ = ["write_dashboard"]
