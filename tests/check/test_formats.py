"""Every output format of `iacreview check`: golden reports, the SARIF schema, and exit codes.

The goldens are made through the API with a fixed list of rules, so that new
rules elsewhere in the catalogue do not change them; the CLI tests below
cover the same renderers end to end.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from check_helpers import OPEN_SSH
from click.testing import CliRunner

from iacreview import __version__
from iacreview.check.engine import run_checks
from iacreview.check.run import PathResult
from iacreview.cli.main import cli
from iacreview.model.config import Configuration
from iacreview.report.findings_markdown import render_markdown
from iacreview.report.github import escape_property, render_github
from iacreview.report.junit import render_junit
from iacreview.report.sarif import render_sarif
from iacreview.rules.registry import get_rule

HERE = Path(__file__).resolve().parent
SMALL = HERE / "fixtures" / "small"
GOLDEN = HERE / "golden"
SCHEMA = json.loads((HERE / "sarif-schema-2.1.0.json").read_text())
RULES = ["SEC001", "SEC002", "SEC003", "SEC050", "SEC051", "FMT001", "OPS001", "OPS090"]
FORMATS = ["text", "json", "sarif", "junit", "github", "markdown"]


def small_result() -> list[PathResult]:
    config = Configuration.load(".")
    return [PathResult(".", config, run_checks(config, [get_rule(i) for i in RULES]))]


def normalise(text: str) -> str:
    return text.replace(f'"{__version__}"', '"<version>"')


def sarif_text(results: list[PathResult]) -> str:
    return json.dumps(render_sarif(results), indent=2) + "\n"


RENDERERS = {
    "small.sarif.json": sarif_text,
    "small.junit.xml": render_junit,
    "small.github.txt": render_github,
    "small.md": render_markdown,
}


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_golden_reports(name: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(SMALL)
    got = normalise(RENDERERS[name](small_result()))
    path = GOLDEN / name
    if os.environ.get("IACREVIEW_REGEN_GOLDENS"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def test_sarif_matches_the_official_schema_and_what_github_reads(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(SMALL)
    log = render_sarif(small_result())
    jsonschema.validate(log, SCHEMA, format_checker=jsonschema.FormatChecker())
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for rule in rules:
        assert rule["helpUri"].startswith("https://") and rule["helpUri"].endswith(f"/docs/rules/{rule['id']}.md")
        assert float(rule["properties"]["security-severity"]) > 0
        assert rule["help"]["markdown"] and rule["fullDescription"]["text"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith(("/", "./"))
        assert location["region"]["startLine"] >= 1 and location["region"]["startColumn"] >= 1
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert by_rule["SEC002"]["suppressions"] == [{"kind": "inSource", "justification": "the bucket serves a public website"}]
    assert by_rule["SEC050"]["level"] == "error" and by_rule["OPS090"]["level"] == "note"
    assert by_rule["FMT001"]["fixes"][0]["artifactChanges"][0]["artifactLocation"]["uri"] == "variables.tf"
    assert by_rule["SEC003"]["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "block_public_policy     = false"


def test_sarif_fingerprints_survive_line_moves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.tf").write_text(OPEN_SSH)

    def prints() -> dict[str, tuple[str, int]]:
        config = Configuration.load(".")
        log = render_sarif([PathResult(".", config, run_checks(config, [get_rule("SEC050")]))])
        return {r["ruleId"]: (r["partialFingerprints"]["iacreviewFindingHash/v1"],
                              r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in log["runs"][0]["results"]}

    before = prints()
    (tmp_path / "main.tf").write_text("\n\n# moved\n" + OPEN_SSH)
    after = prints()
    assert before["SEC050"][0] == after["SEC050"][0] and before["SEC050"][1] + 3 == after["SEC050"][1]


def test_junit_counts_and_structure(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(SMALL)
    root = ET.fromstring(render_junit(small_result()))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"main.tf", "variables.tf"}
    main = suites["main.tf"]
    assert (main.get("tests"), main.get("failures"), main.get("skipped"), main.get("errors")) == ("5", "3", "2", "0")
    assert sum(int(s.get("tests")) for s in suites.values()) == int(root.get("tests"))
    failure = main.find("testcase/failure")
    assert failure.get("type") in ("critical", "high", "medium", "low") and failure.text


def test_github_commands_escape_separators():
    assert escape_property("a,b:c%\nd") == "a%2Cb%3Ac%25%0Ad"


def test_markdown_table_escapes_pipes(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(SMALL)
    text = render_markdown(small_result())
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert all(line.count(" | ") == 4 for line in rows[1:]), rows


# ---------------------------------------------------------------- through the CLI


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["check", "--no-config", *args], env=env)


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_exit_codes(tree: Path):
    (tree / "main.tf").write_text('variable "region" {\n  type = string\n}\n')
    assert invoke(".").exit_code == 0
    assert invoke(".", "--fail-on", "low").exit_code == 1
    (tree / "main.tf").write_text(OPEN_SSH)
    assert invoke(".").exit_code == 1
    assert invoke(".", "--fail-on", "critical").exit_code == 0
    missing = invoke("nowhere")
    assert missing.exit_code == 2 and missing.stderr == "nowhere:1:1: no such file or directory\n"


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unparsable_file_is_syn001_and_exit_2_in_every_format(tree: Path, fmt: str):
    (tree / "main.tf").write_text('variable "region" {\n  type = string\n  description = "x"\n}\n')
    (tree / "broken.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = \n}\n')
    result = invoke(".", "--format", fmt, "--fail-on", "critical")
    assert result.exit_code == 2
    assert "SYN001" in result.stdout
    assert "broken.tf" in result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_to_output_file(tree: Path, fmt: str):
    (tree / "main.tf").write_text(OPEN_SSH)
    result = invoke(".", "--format", fmt, "--output", "report.out")
    assert result.exit_code == 1 and result.stdout == ""
    text = (tree / "report.out").read_text()
    assert "SEC050" in text
    if fmt in ("json", "sarif"):
        json.loads(text)
    if fmt == "junit":
        ET.fromstring(text)


def test_text_hides_suppressed_findings_unless_asked(tree: Path):
    (tree / "main.tf").write_text("# iacreview:ignore=SEC050 -- bastion host\n" + OPEN_SSH)
    plain = invoke(".", "--disable", "OPS010", "--disable", "TAG001")
    assert "SEC050" not in plain.stdout and "1 suppressed" in plain.stdout
    shown = invoke(".", "--show-suppressed")
    assert "SEC050" in shown.stdout and "(suppressed: bastion host)" in shown.stdout
    assert plain.exit_code == 0


def test_colour_only_on_a_terminal(tree: Path):
    (tree / "main.tf").write_text(OPEN_SSH)
    piped = invoke(".", env={"FORCE_COLOR": None, "NO_COLOR": None, "TERM": "xterm"})
    assert "\x1b[" not in piped.stdout
    forced = invoke(".", env={"FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm"})
    assert "\x1b[" in forced.stdout


def test_json_keeps_its_shape_and_adds_counts(tree: Path):
    (tree / "main.tf").write_text("# iacreview:ignore=SEC050 -- bastion host\n" + OPEN_SSH)
    data = json.loads(invoke(".", "--format", "json").stdout)
    assert set(data) >= {"tool", "summary", "findings", "passed", "errors", "not_reported"}
    sec050 = next(f for f in data["findings"] if f["rule"] == "SEC050")
    assert sec050["suppressed"] == "bastion host" and sec050["file"] == "./main.tf"
