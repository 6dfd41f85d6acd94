"""Real code: every Terraform block of the corpus answers parses iff Terraform's parser accepts it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from corpus import corpus_dir, digest, hcl_fences
from iacreview.hcl import HCLSyntaxError, parse

VERDICTS = json.loads((Path(__file__).parent / "cases" / "corpus_verdicts.json").read_text())

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(corpus_dir() is None, reason="shared corpus not found (set IACREVIEW_CORPUS)"),
]


def terraform_verdict(text: str) -> bool | None:
    key = digest(text)
    if key in VERDICTS:
        return VERDICTS[key]
    if shutil.which("terraform") is None:
        return None
    return subprocess.run(["terraform", "fmt", "-"], input=text.encode(), capture_output=True).returncode == 0


def test_corpus_blocks_round_trip_and_agree_with_terraform():
    fences = hcl_fences()
    assert len(fences) > 1000
    disagreements = []
    checked = 0
    for label, text in fences:
        expected = terraform_verdict(text)
        try:
            tree = parse(text, label)
            ours = True
            assert tree.to_source() == text, f"{label}: round trip changed the text"
        except HCLSyntaxError as err:
            ours = False
            assert str(err).startswith(label + ":"), str(err)
        if expected is None:
            continue
        checked += 1
        if ours is not expected:
            disagreements.append(f"{label}: terraform={expected} ours={ours}")
    assert checked > 1000
    assert disagreements == []
