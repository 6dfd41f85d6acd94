"""The schema rules' YAML cases, checked against real `terraform validate`.

Every failing case must be an error (or, for VAL039, a warning) that Terraform
reports at the same file, line and column; every passing case must be one that
Terraform finds valid. Cases marked `terraform: plan` are errors Terraform
finds only when it plans (validate does not evaluate splats or `for`
expressions), so validate must accept them. Cases whose provider Terraform
cannot install offline (an unshipped provider, an old constraint) are skipped.

Needs `terraform` and the hashicorp/aws filesystem mirror at /opt/tf-plugins;
skips cleanly elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

CASES_DIR = Path(__file__).resolve().parent.parent / "rules" / "cases"
MIRROR = Path("/opt/tf-plugins")
SCHEMA_RULES = ("VAL030", "VAL031", "VAL032", "VAL033", "VAL034", "VAL035", "VAL036", "VAL037", "VAL038", "VAL039", "VAL040")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("terraform") is None or not MIRROR.is_dir(),
                       reason="needs terraform and the provider mirror at /opt/tf-plugins"),
]


def _cases() -> list[tuple[str, dict]]:
    found = []
    for rule in SCHEMA_RULES:
        data = yaml.safe_load((CASES_DIR / f"{rule}.yaml").read_text(encoding="utf-8"))
        found.extend((rule, case) for case in data["cases"])
    return found


CASES = _cases()


def _module_call(name: str, files: dict[str, str]) -> str | None:
    """The root's call of one case, or None when the offline mirror cannot serve the case.

    The mirror has hashicorp/aws 5.100.0 only. The case's required variables are
    passed as null: a missing module argument would stop the whole validate.
    """
    from iacreview.model.config import Configuration
    from iacreview.schema.versions import satisfies

    config = Configuration.from_files(files)
    for module in config.root.walk():
        for local, entry in module.settings.required_providers.items():
            source = (entry.get("source") or local).lower()
            if source not in ("hashicorp/aws", "registry.terraform.io/hashicorp/aws"):
                return None
            if entry.get("version") and not satisfies("5.100.0", [entry["version"]]):
                return None
        if any(not r.type.startswith("aws_") for r in module.resources.values()):
            return None
    inputs = "".join(f"  {v} = null\n" for v, var in config.root.variables.items() if var.required)
    return f'module "{name}" {{\n  source = "./{name}"\n{inputs}}}\n'


@pytest.fixture(scope="module")
def terraform_diagnostics(tmp_path_factory) -> dict[str, list[dict]]:
    """One `terraform validate` of every installable case, each case a module of one root.

    One init and one validate instead of one per case: the provider takes
    seconds to start. Diagnostics are returned per case directory.
    """
    work = tmp_path_factory.mktemp("terraform-cases")
    rc = work / "cli.tfrc"
    rc.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{MIRROR}"\n  }}\n}}\n')
    env = {**os.environ, "TF_CLI_CONFIG_FILE": str(rc), "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1"}
    root = work / "root"
    calls = []
    for index, (rule, case) in enumerate(CASES):
        files = _files(case)
        name = f"case{index}"
        call = _module_call(name, files)
        if call is None:
            continue
        for rel, text in files.items():
            path = root / name / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        calls.append(call)
    root.mkdir(parents=True, exist_ok=True)
    (root / "main.tf").write_text("\n".join(calls))
    init = subprocess.run(["terraform", "init", "-backend=false", "-input=false", "-no-color"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    assert init.returncode == 0, init.stderr
    out = subprocess.run(["terraform", "validate", "-json", "-no-color"], cwd=root, env=env, capture_output=True,
                         text=True, timeout=600)
    by_case: dict[str, list[dict]] = {call.split('"')[1]: [] for call in calls}
    for diagnostic in json.loads(out.stdout)["diagnostics"]:
        filename = diagnostic.get("range", {}).get("filename", "")
        head, _, rest = filename.partition("/")
        if head in by_case:
            diagnostic["range"]["filename"] = rest
            by_case[head].append(diagnostic)
    return by_case


def _files(case: dict) -> dict[str, str]:
    return {"main.tf": case["hcl"]} if "hcl" in case else dict(case["files"])


@pytest.mark.parametrize(("index", "rule", "case"), [(i, r, c) for i, (r, c) in enumerate(CASES)],
                         ids=[f"{r}-{c['name']}" for r, c in CASES])
def test_case_agrees_with_terraform(index, rule, case, terraform_diagnostics):
    diagnostics = terraform_diagnostics.get(f"case{index}")
    if diagnostics is None:
        pytest.skip("terraform cannot install this case's provider offline")
    severity = "warning" if rule == "VAL039" else "error"
    reported = {(d["range"]["filename"], d["range"]["start"]["line"], d["range"]["start"]["column"])
                for d in diagnostics if d["severity"] == severity and "range" in d}
    errors = [d for d in diagnostics if d["severity"] == "error"]
    if not case["expect"] or case.get("terraform") == "plan":
        assert errors == [], f"terraform validate rejects a case the rule passes: {errors}"
        return
    for expected in case["expect"]:
        assert (expected["file"], expected["line"], expected["col"]) in reported, (expected, diagnostics)
