"""Our formatter against the real `terraform fmt`, byte for byte, where terraform is installed.

Inputs: random HCL (hcl_gen.py), the model-written Terraform of the corpus as
written, and the same files with their blanks scrambled (our own re-spacing,
and bench/deformat.py's scrambler when it is there). Terraform runs once per
batch over a directory (`terraform fmt DIR` rewrites the files in place), and
we compare with `format_source(..., final_newline=False)`, which is what
terraform writes into files.
"""

from __future__ import annotations

import importlib.util
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hcl_gen import hcl_files, respace
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iacreview.fmt import HCLSyntaxError, format_source

TERRAFORM = shutil.which("terraform")
REPO = Path(__file__).resolve().parent.parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(TERRAFORM is None, reason="terraform is not installed"),
]


def terraform_fmt_many(texts: list[str]) -> list[str | None]:
    """What `terraform fmt` writes for each text; None where it refuses the text."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp, f"f{i:05}.tf") for i in range(len(texts))]
        for path, text in zip(paths, texts):
            path.write_bytes(text.encode("utf-8"))
        env = dict(os.environ, CHECKPOINT_DISABLE="1", TF_CLI_CONFIG_FILE=os.devnull)
        result = subprocess.run(
            [TERRAFORM, "fmt", "-list=false", "-no-color", tmp], capture_output=True, text=True, env=env, timeout=600
        )
        refused = set(re.findall(r"f(\d{5})\.tf", result.stderr))
        return [None if f"{i:05}" in refused else path.read_bytes().decode("utf-8") for i, path in enumerate(paths)]


def assert_same_as_terraform(texts: list[str], labels: list[str] | None = None) -> None:
    labels = labels or [f"#{i}" for i in range(len(texts))]
    mismatches = []
    for label, text, expected in zip(labels, texts, terraform_fmt_many(texts)):
        if expected is None:
            with pytest.raises(HCLSyntaxError):
                format_source(text, label)
            continue
        got = format_source(text, label, final_newline=False)
        if got != expected:
            mismatches.append(f"{label}:\n--- input\n{text!r}\n--- terraform\n{expected!r}\n--- ours\n{got!r}")
    assert not mismatches, f"{len(mismatches)} of {len(texts)} differ; first:\n" + mismatches[0]


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(hcl_files(max_depth=4), min_size=40, max_size=40))
def test_random_files_match_terraform(texts):
    assert_same_as_terraform(texts)


QUIRKS = {
    "lost index keys": (
        'a = x["a"][null]\nb = x[-1][null]\nc = x[y][null]\nd = x.0[null]\ne = x[*][null]\n'
        'f = [for x in y : x[null]]\ng = [for x in y : z[null]]\nh = foo()[null]\ni = "${x[true]}"\n'
        'j = { a[null] = 1, (b[false]) = 2 }\nk = [for x in x[null] : x]\nl = x[<<EOT\nhi\nEOT\n][null]\n'
    ),
    "labels": 'resource /* a */ aws_vpc /* b */ "m\\u0041in" /* c */ {\n}\nthing "cost$" "%" "a b" {}\n',
    "unwrap": 'a = "${~ x ~}"\nb = "${\n  c ? d\n  : e\n}"\nc = "${"${q}"}"\nd = "x${y}"\n',
    "heredoc indentation": 'x = foo(<<EOT\n  a\n  EOT\n, 2) # c\nyy = <<-EOT\n    b\n    EOT\n',
    "end of file": "a = 1\n  ",
    "for in paren": "z = [for x in (a): x]\n",
    "tabs and crlf": "a\t=\t1\r\nbb = 2 # c\r\n",
}


def test_known_quirks_match_terraform():
    assert_same_as_terraform(list(QUIRKS.values()), list(QUIRKS))


def corpus_texts() -> list[tuple[str, str]]:
    try:
        from corpus import hcl_fences
    except ImportError:
        return []
    return hcl_fences()


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, str]]:
    fences = corpus_texts()
    if not fences:
        pytest.skip("the task corpus is not available")
    return fences


def test_corpus_as_written_matches_terraform(corpus):
    labels, texts = zip(*corpus)
    assert_same_as_terraform(list(texts), list(labels))


def test_respaced_corpus_matches_terraform(corpus):
    rnd = random.Random(1234)
    labels, texts = zip(*corpus)
    assert_same_as_terraform([respace(t, rnd) for t in texts], list(labels))


def _bench_deformat():
    path = REPO / "bench" / "deformat.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("bench_deformat", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return getattr(module, "deformat", None)


def test_deformatted_goldens_and_corpus_match_terraform(corpus):
    deformat = _bench_deformat()
    if deformat is None:
        pytest.skip("bench/deformat.py is not available")
    rnd = random.Random(99)
    goldens = sorted((REPO / "tests" / "fixtures" / "format").glob("*.out.tf"))
    sources = [(p.name, p.read_text(encoding="utf-8")) for p in goldens] + list(corpus)
    labels, texts = [], []
    for label, text in sources:
        try:
            texts.append(deformat(text, rnd))
        except ValueError:  # its own lexer gives up on some text (not valid HCL)
            continue
        labels.append(label)
    assert len(texts) > len(goldens)
    assert_same_as_terraform(texts, labels)
