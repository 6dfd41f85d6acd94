/* iacreview dashboard: draws the charts from window.IACREVIEW_DATA (data.js) and runs the task table.
   Works from file:// (no fetch, no network); Chart.js is vendored beside this file. */
(function () {
  "use strict";
  var data = window.IACREVIEW_DATA;
  var SEVERITIES = ["critical", "high", "medium", "low"];
  var COLORS = { critical: "#9b1c1c", high: "#d9480f", medium: "#e6a100", low: "#1c7ed6" };
  var state = { key: "score", direction: 1, filter: "", view: "all", rule: "" };
  var charts = {};

  function baseOptions(extra) {
    var options = { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } } };
    for (var k in extra) { options[k] = extra[k]; }
    return options;
  }

  function drawCharts() {
    var c = data.charts;
    charts.scores = new Chart(document.getElementById("chart-scores"), {
      type: "bar",
      data: { labels: c.scores.labels, datasets: [{ label: "tasks", data: c.scores.counts, backgroundColor: c.scores.labels.map(function (s) {
        return Number(s) < data.threshold ? "#e8590c" : "#2f9e44"; }) }] },
      options: baseOptions({ scales: { x: { title: { display: true, text: "score" } }, y: { beginAtZero: true, title: { display: true, text: "tasks" }, ticks: { precision: 0 } } } })
    });
    charts.categories = new Chart(document.getElementById("chart-categories"), {
      type: "bar",
      data: { labels: c.categories.labels, datasets: SEVERITIES.map(function (s) {
        return { label: s, data: c.categories.series[s], backgroundColor: COLORS[s] }; }) },
      options: baseOptions({ indexAxis: "y", plugins: { legend: { display: true, position: "bottom" } },
        scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } } })
    });
    charts.rules = new Chart(document.getElementById("chart-rules"), {
      type: "bar",
      data: { labels: c.rules.labels.map(function (id, i) { return id + " " + c.rules.titles[i]; }), datasets: [{ label: "tasks affected", data: c.rules.tasks,
        backgroundColor: c.rules.severities.map(function (s) { return COLORS[s] || "#868e96"; }) }] },
      options: baseOptions({ indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { display: false }, tooltip: { callbacks: { afterLabel: function (item) { return c.rules.titles[item.dataIndex]; } } } } })
    });
    var labelCanvas = document.getElementById("chart-labels");
    if (labelCanvas && c.labels.points.length) {
      var peak = Math.max.apply(null, c.labels.points.map(function (p) { return p.n; }));
      charts.labels = new Chart(labelCanvas, {
        type: "bubble",
        data: { datasets: [{ label: "tasks", backgroundColor: "rgba(47, 91, 211, 0.55)",
          data: c.labels.points.map(function (p) { return { x: p.x, y: p.y, r: 3 + 14 * Math.sqrt(p.n / peak), n: p.n }; }) }] },
        options: baseOptions({
          scales: { x: { title: { display: true, text: "label (training_quality)" }, suggestedMin: 0, suggestedMax: 10 },
                    y: { title: { display: true, text: "our score" }, suggestedMin: 0, suggestedMax: 10 } },
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (item) {
            var p = item.raw; return "label " + p.x + ", score " + p.y + ": " + p.n + " task(s)"; } } } }
        })
      });
    }
  }

  function matches(task) {
    if (state.view === "below" && !(task.score !== null && task.score < data.threshold)) { return false; }
    if (state.view === "errors" && !task.error_kind) { return false; }
    if (state.view === "labelled" && (task.label === null || task.label === "")) { return false; }
    if (state.rule && (task.rules || []).indexOf(state.rule) === -1) { return false; }
    if (!state.filter) { return true; }
    var hay = (task.id + " " + (task.title || "") + " " + (task.error_kind || "") + " " + (task.error || "")).toLowerCase();
    return hay.indexOf(state.filter) !== -1;
  }

  function compare(a, b) {
    var x = a[state.key], y = b[state.key];
    var numeric = document.querySelector('#tasks th[data-key="' + state.key + '"]').dataset.type === "number";
    if (numeric) { x = x === null || x === "" ? null : Number(x); y = y === null || y === "" ? null : Number(y); }
    if (x === null || x === undefined) { return y === null || y === undefined ? 0 : 1; }
    if (y === null || y === undefined) { return -1; }
    if (x < y) { return -state.direction; }
    if (x > y) { return state.direction; }
    return a.id < b.id ? -1 : (a.id > b.id ? 1 : 0);
  }

  function cell(row, text, className) {
    var td = document.createElement("td");
    if (className) { td.className = className; }
    td.textContent = text === null || text === undefined ? "–" : String(text);
    row.appendChild(td);
    return td;
  }

  function renderTable() {
    var body = document.querySelector("#tasks tbody");
    var shown = data.tasks.filter(matches).sort(compare);
    var fragment = document.createDocumentFragment();
    shown.forEach(function (task) {
      var row = document.createElement("tr");
      row.dataset.id = task.id;
      if (task.error_kind) { row.className = "error"; }
      else if (task.score !== null && task.score < data.threshold) { row.className = "below"; }
      var first = document.createElement("td");
      var link = document.createElement("a");
      link.href = task.page;
      link.textContent = task.id;
      link.className = "task-link";
      first.appendChild(link);
      row.appendChild(first);
      cell(row, task.title && task.title !== task.id ? task.title : "");
      cell(row, task.score, "num score");
      cell(row, task.label, "num");
      SEVERITIES.forEach(function (s) { cell(row, task[s], "num sev-" + s + (task[s] ? "" : " zero")); });
      cell(row, task.total, "num");
      // The error itself, not only its kind ("input"): its first line, kept short.
      cell(row, task.error_kind ? task.error_kind + ": " + String(task.error || "").split("\n")[0].slice(0, 160) : "");
      fragment.appendChild(row);
    });
    body.replaceChildren(fragment);
    document.getElementById("task-count").textContent = shown.length + " of " + data.tasks.length + " tasks";
    document.querySelectorAll("#tasks th").forEach(function (th) {
      if (th.dataset.key === state.key) { th.setAttribute("aria-sort", state.direction > 0 ? "ascending" : "descending"); }
      else { th.removeAttribute("aria-sort"); }
    });
  }

  function wireTable() {
    document.querySelectorAll("#tasks th").forEach(function (th) {
      th.addEventListener("click", function () {
        if (state.key === th.dataset.key) { state.direction = -state.direction; }
        else { state.key = th.dataset.key; state.direction = 1; }
        renderTable();
      });
    });
    document.getElementById("task-filter").addEventListener("input", function (event) {
      state.filter = event.target.value.trim().toLowerCase();
      renderTable();
    });
    document.getElementById("task-view").addEventListener("change", function (event) {
      state.view = event.target.value;
      renderTable();
    });
    document.getElementById("task-rule").addEventListener("change", function (event) {
      state.rule = event.target.value;  // only tasks with a failure of this rule ("" for any)
      renderTable();
    });
  }

  wireTable();
  renderTable();
  if (window.Chart) { drawCharts(); }
  window.iacreviewDashboard = { charts: charts, state: state, ready: true };
}());
