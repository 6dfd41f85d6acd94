"""The formatter's golden fixtures are well-formed and still match terraform.

The formatter tests trust `tests/fixtures/format/*.out.tf` blindly, so this file
guards the fixture set itself: every input has its golden, the set is large
enough, the goldens have the shape `terraform fmt` always gives (a final
newline, no byte-order mark), the `canonical-` cases really are canonical and
the `corpus-` cases really need formatting.  When `terraform` is installed, the
slow tests re-run it over every input and compare byte for byte
(`scripts/regen_format_goldens.py` rewrites them).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "format"
INVALID = FIXTURES / "invalid"
CASE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TERRAFORM = shutil.which("terraform")

# Goldens that `terraform fmt` changes again when fed its own output, and why.
# The formatter must reproduce the first pass exactly, quirks included.
NOT_IDEMPOTENT = {
    "eof-missing-newline-trailing-spaces-kept": "spaces before EOF survive once, then trail a line",
    "eof-missing-newline-trailing-tab-becomes-space": "same, for a tab turned into a space",
    "eof-whitespace-only-last-line-kept": "same, for a whitespace-only last line",
    "interp-unwrap-nested-quotes": '"${"${x}"}" loses only its outer interpolation per run',
    "interp-unwrap-multiline-already-parenthesised": "(a) +\\n(b) is taken as wrapped: invalid output",
    "block-label-escaped-dollar-survives-once": 'label "a\\u0024" prints as "a$", dropped next run',
}


def _case_names() -> list[str]:
    return sorted(path.name[: -len(".in.tf")] for path in FIXTURES.glob("*.in.tf"))


def _golden_names() -> list[str]:
    return sorted(path.name[: -len(".out.tf")] for path in FIXTURES.glob("*.out.tf"))


def _pair(name: str) -> tuple[bytes, bytes]:
    source = (FIXTURES / f"{name}.in.tf").read_bytes()
    golden = (FIXTURES / f"{name}.out.tf").read_bytes()
    return source, golden


def _terraform_fmt(source: bytes) -> subprocess.CompletedProcess[bytes]:
    assert TERRAFORM is not None
    env = dict(os.environ, CHECKPOINT_DISABLE="1", TF_CLI_CONFIG_FILE=os.devnull)
    return subprocess.run(
        [TERRAFORM, "fmt", "-no-color", "-"], input=source, capture_output=True, env=env, timeout=120
    )


def test_every_input_has_a_golden_and_every_golden_an_input() -> None:
    assert _case_names() == _golden_names()


def test_fixture_set_is_large_enough() -> None:
    assert len(_case_names()) >= 150


def test_case_names_are_kebab_case() -> None:
    bad = [name for name in _case_names() if not CASE_NAME.match(name)]
    assert bad == []


def test_git_keeps_line_endings_byte_exact() -> None:
    attributes = (FIXTURES / ".gitattributes").read_text(encoding="ascii").split()
    assert attributes[:2] == ["*", "-text"]


def test_line_ending_and_bom_cases_really_contain_them() -> None:
    crlf_inputs = [name for name in _case_names() if name.startswith("crlf-")]
    assert crlf_inputs
    for name in crlf_inputs:
        assert b"\r\n" in _pair(name)[0], name
    bom_inputs = [name for name in _case_names() if name.startswith("bom-")]
    assert bom_inputs
    for name in bom_inputs:
        assert _pair(name)[0].startswith(b"\xef\xbb\xbf"), name


@pytest.mark.parametrize("name", _golden_names())
def test_golden_has_the_shape_terraform_always_prints(name: str) -> None:
    golden = _pair(name)[1]
    assert golden.endswith(b"\n"), "terraform fmt always ends its output with a newline"
    assert not golden.startswith(b"\xef\xbb\xbf"), "terraform fmt drops a leading BOM"
    golden.decode("utf-8")


def test_canonical_cases_are_unchanged_by_formatting() -> None:
    canonical = [name for name in _case_names() if name.startswith("canonical-")]
    assert len(canonical) >= 15
    changed = [name for name in canonical if _pair(name)[0] != _pair(name)[1]]
    assert changed == []


def test_corpus_cases_are_ones_terraform_reformats() -> None:
    corpus = [name for name in _case_names() if name.startswith("corpus-")]
    assert len(corpus) >= 30
    unchanged = [name for name in corpus if _pair(name)[0] == _pair(name)[1]]
    assert unchanged == []


def test_invalid_inputs_are_documented() -> None:
    inputs = sorted(path.name for path in INVALID.glob("*.tf"))
    assert len(inputs) >= 20
    readme = (INVALID / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([^`]+)` \|.*\| (\d+:\d+) \| \d+ \|$", readme, re.M))
    assert sorted(rows) == inputs, "README.md must have one row per invalid input"
    unpositioned = [name for name, position in rows.items() if position == "?"]
    assert unpositioned == []


needs_terraform = pytest.mark.skipif(TERRAFORM is None, reason="terraform is not on PATH")


@pytest.mark.slow
@needs_terraform
@pytest.mark.parametrize("name", _case_names())
def test_golden_is_what_terraform_prints(name: str) -> None:
    source, golden = _pair(name)
    result = _terraform_fmt(source)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert result.stdout == golden, "stale golden: run scripts/regen_format_goldens.py"


@pytest.mark.slow
@needs_terraform
@pytest.mark.parametrize("name", _case_names())
def test_golden_idempotence_is_as_recorded(name: str) -> None:
    golden = _pair(name)[1]
    second = _terraform_fmt(golden)
    stable = second.returncode == 0 and second.stdout == golden
    assert stable != (name in NOT_IDEMPOTENT)


@pytest.mark.slow
@needs_terraform
@pytest.mark.parametrize("path", sorted(INVALID.glob("*.tf")), ids=lambda path: path.name)
def test_invalid_input_is_rejected(path: Path) -> None:
    result = _terraform_fmt(path.read_bytes())
    assert result.returncode == 2
    assert result.stdout == b""
