"""Every HCL fixture of the repository parses back to exactly its own text."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacreview.hcl import HCLSyntaxError, parse

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted(
    p for p in [*ROOT.glob("tests/fixtures/**/*.tf"), *ROOT.glob("tests/fixtures/**/*.tfvars"), *ROOT.glob("examples/**/*.tf")]
    if "invalid" not in p.parts
)


def test_there_are_many_fixtures():
    assert len(FIXTURES) > 400


@pytest.mark.parametrize("path", FIXTURES, ids=[str(p.relative_to(ROOT)) for p in FIXTURES])
def test_round_trip(path):
    text = path.read_bytes().decode("utf-8")
    try:
        tree = parse(text, str(path))
    except HCLSyntaxError:
        pytest.skip("not valid HCL (an intentionally broken fixture)")
    assert tree.to_source() == text
