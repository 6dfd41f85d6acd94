"""Our parser accepts exactly what Terraform's parser accepts.

The verdicts in cases/agreement.yaml were recorded from `terraform fmt -`
(scripts/regen_parse_agreement.py); the live test re-asks Terraform where it exists.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from iacreview.hcl import HCLSyntaxError, parse

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "agreement.yaml").read_text(encoding="utf-8"))


def accepts(source: str) -> bool:
    try:
        tree = parse(source, "case.tf")
    except HCLSyntaxError:
        return False
    assert tree.to_source() == source
    return True


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_accepts_what_terraform_accepts(case):
    assert accepts(case["source"]) is case["accepted"]


def test_the_case_set_has_both_verdicts():
    verdicts = [c["accepted"] for c in CASES]
    assert verdicts.count(True) >= 40 and verdicts.count(False) >= 30


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform not installed")
def test_recorded_verdicts_are_terraforms():
    for case in CASES:
        result = subprocess.run(["terraform", "fmt", "-"], input=case["source"].encode(), capture_output=True)
        assert (result.returncode == 0) is case["accepted"], case["name"]
