"""The formatter prints exactly what `terraform fmt -` printed for every golden case.

`tests/fixtures/format/<case>.in.tf` / `<case>.out.tf` pairs come from the real
terraform (scripts/regen_format_goldens.py); inputs under `invalid/` are ones
terraform refuses to format, and so must we.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from iacreview.fmt import HCLSyntaxError, format_source
from iacreview.hcl import SourceError, decode

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "format"
CASES = sorted(FIXTURES.glob("*.in.tf"))
INVALID = sorted((FIXTURES / "invalid").glob("*.tf"))


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def test_there_are_golden_cases():
    assert len(CASES) >= 100


@pytest.mark.parametrize("source", CASES, ids=[p.name[: -len(".in.tf")] for p in CASES])
def test_golden(source: Path):
    expected = read(source.with_name(source.name[: -len(".in.tf")] + ".out.tf"))
    assert format_source(read(source), source.name) == expected


@pytest.mark.parametrize("source", INVALID, ids=[p.name for p in INVALID])
def test_refuses_what_terraform_refuses(source: Path):
    try:
        text = decode(source.read_bytes(), source.name)
    except SourceError:
        return  # not even text: refused before the formatter sees it
    with pytest.raises(HCLSyntaxError):
        format_source(text, source.name)


@pytest.mark.parametrize("source", CASES[::10], ids=[p.name[: -len(".in.tf")] for p in CASES[::10]])
def test_file_mode_differs_only_by_the_final_newline(source: Path):
    text = read(source)
    written = format_source(text, source.name, final_newline=False)
    printed = format_source(text, source.name)
    assert printed == (written if written.endswith("\n") else written + "\n")
