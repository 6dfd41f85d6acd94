"""One generic test runs every rule's YAML case file (tests/rules/cases/<ID>.yaml).

A case file:

    rule: SEC001
    cases:
      - name: fail_public_acl_from_variable_default
        files:                     # or `hcl:` for a single main.tf
          main.tf: |
            ...
        vars: ["acl=private"]      # optional --var values
        expect:                    # findings of this rule, by position
          - {file: main.tf, line: 3, col: 3}
        fixed:                     # optional: files after applying the finding's edits
          main.tf: |
            ...
      - name: pass_private
        hcl: |
          ...
        expect: []

Every rule must have a case file with at least two failing and two passing cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from iacreview.check.engine import run_checks
from iacreview.model.config import Configuration
from iacreview.rules.registry import all_rules, get_rule

CASES_DIR = Path(__file__).parent / "cases"


def _load() -> list[tuple[str, dict, dict]]:
    found = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            found.append((data["rule"], case, data))
    return found


CASES = _load()


def _files(case: dict) -> dict[str, str]:
    if "hcl" in case:
        return {"main.tf": case["hcl"]}
    return dict(case["files"])


@pytest.mark.parametrize(("rule_id", "case", "data"), CASES, ids=[f"{r}-{c['name']}" for r, c, _ in CASES])
def test_rule_case(rule_id, case, data):
    rule = get_rule(rule_id)
    assert rule is not None, f"no rule {rule_id}"
    config = Configuration.from_files(_files(case), var_args=case.get("vars", ()))
    result = run_checks(config, [rule], options=case.get("options"))
    assert result.errors == []
    got = [{"file": f.file, "line": f.line, "col": f.col} for f in result.findings if f.rule == rule_id]
    assert got == case["expect"], [f.message for f in result.findings]
    if "fixed" in case:
        files = _files(case)
        for f in result.findings:
            for edit in sorted(f.edits, key=lambda e: -e.start):
                text = files[edit.file]
                files[edit.file] = text[: edit.start] + edit.replacement + text[edit.end :]
        assert files == dict(case["fixed"])


def test_every_rule_has_a_case_file_with_enough_cases():
    by_rule: dict[str, list[dict]] = {}
    for rule_id, case, _ in CASES:
        by_rule.setdefault(rule_id, []).append(case)
    missing = []
    for rule in all_rules():
        if rule.meta.scope == "task":
            continue  # task-level rules are exercised through reviews (tests/review/)
        cases = by_rule.get(rule.id, [])
        failing = [c for c in cases if c["expect"]]
        passing = [c for c in cases if not c["expect"]]
        if len(failing) < 2 or len(passing) < 2:
            missing.append(f"{rule.id}: {len(failing)} failing, {len(passing)} passing")
    assert missing == []


def test_case_names_say_pass_or_fail():
    for rule_id, case, _ in CASES:
        name = case["name"]
        assert name.startswith(("pass_", "fail_")), f"{rule_id}: {name}"
        assert bool(case["expect"]) == name.startswith("fail_"), f"{rule_id}: {name}"
