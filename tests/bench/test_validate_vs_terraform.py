"""`iacreview validate` against Terraform's own verdicts, recorded by bench/validate_vs_terraform.py.

terraform_validate_oracle.json holds, per directory (a corpus answer or a
repository fixture), what `terraform validate` said: valid or not, and its
error diagnostics. It is written by

    python bench/validate_vs_terraform.py --record

where terraform and the hashicorp/aws mirror exist. The first test re-extracts
every recorded directory, runs `iacreview validate` in-process and holds the
figures to `TARGETS`; the second, where terraform is installed, runs it again
on a few recorded directories to catch a stale record.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from corpus import corpus_dir

BENCH = Path(__file__).resolve().parents[2] / "bench"
ORACLE = Path(__file__).resolve().with_name("terraform_validate_oracle.json")

#: What iacreview validate must reach against terraform validate (the goal of the provider-schema work).
TARGETS = {
    "agreement": 0.98,  # at least: share of directories with the same valid/invalid verdict
    "false_clean": 0,  # at most: directories Terraform rejects and iacreview passes
    "recall": 0.95,  # at least: share of Terraform's errors with an iacreview problem on the same file and line
    "false_alarm_rate": 0.01,  # at most: share of directories Terraform passes and iacreview rejects
}
SAMPLE = 5  # directories re-run under real terraform

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(corpus_dir() is None, reason="the shared corpus of task folders is not here"),
]


@pytest.fixture(scope="module")
def bench():
    """bench/validate_vs_terraform.py itself: the test computes its figures with the bench's own code."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module("validate_vs_terraform")


@pytest.fixture(scope="module")
def oracle() -> dict:
    return json.loads(ORACLE.read_text(encoding="utf-8"))


def _materialise(bench, ident: str, work: Path):
    """(root directory, synthetic root file name or None) of a recorded directory, written under `work`."""
    from iacreview.review.analysis import SYNTHETIC_ROOT

    target = bench.target_of(ident)
    assert target is not None, f"{ident}: recorded, but its task folder or fixture is gone (record again)"
    out = bench.target_dir(work, target)
    reason = bench.extract_in_process(target, out)
    assert reason is None, f"{ident}: {reason}"
    chosen = bench.choose_root(out)
    assert chosen is not None, f"{ident}: no Terraform files any more"
    rel, synthetic = chosen
    return out / rel, rel, (SYNTHETIC_ROOT if synthetic else None)


@pytest.fixture(scope="module")
def figures(bench, oracle, tmp_path_factory):
    work = tmp_path_factory.mktemp("validate-oracle")
    pairs, moved = [], []
    for ident, entry in sorted(oracle["directories"].items()):
        root, rel, synthetic = _materialise(bench, ident, work)
        bench.write_lock(root, oracle["provider_versions"])  # the version Terraform judged with
        if (rel, synthetic is not None) != (entry["root"], entry["synthetic_root"]):
            moved.append(f"{ident}: root {rel!r} (recorded {entry['root']!r})")
        pairs.append((ident, entry["valid"], entry["errors"], bench.iacreview_in_process(root, synthetic)))
    return bench.compare(pairs), moved


def test_every_recorded_directory_has_the_root_terraform_saw(figures):
    _, moved = figures
    assert not moved, "extraction now picks another root; record again:\n" + "\n".join(moved)


def test_iacreview_validate_agrees_with_terraform(bench, figures):
    found, _ = figures
    report = io.StringIO()
    bench.print_figures(found, report)
    reached = {
        "agreement": found.agreement >= TARGETS["agreement"],
        "false_clean": len(found.false_clean) <= TARGETS["false_clean"],
        "recall": found.recall >= TARGETS["recall"],
        "false_alarm_rate": found.false_alarm_rate <= TARGETS["false_alarm_rate"],
    }
    missed = [name for name, ok in reached.items() if not ok]
    assert not missed, f"targets missed: {', '.join(missed)} (targets {TARGETS})\n{report.getvalue()}"


def _sample(directories: dict[str, dict]) -> list[str]:
    """A fixed handful of recorded directories, valid and invalid ones, picked by a hash of the id."""
    order = sorted(directories, key=lambda i: hashlib.sha1(i.encode()).hexdigest())
    valid = [i for i in order if directories[i]["valid"]]
    invalid = [i for i in order if not directories[i]["valid"]]
    return sorted(valid[:2] + invalid[: SAMPLE - min(2, len(valid))])


def _kinds(bench, errors: list[dict]) -> set[tuple[str, str]]:
    """(file, kind of error): what a re-run must reproduce.

    Not the lines: where a module call has several bad arguments, Terraform
    stops at whichever call its graph walk reaches first, which varies from
    run to run (and a cycle's summary lists its nodes in varying order).
    """
    return {(e["file"], bench.summary_group(e["summary"])) for e in errors}


def test_the_record_still_matches_terraform(bench, oracle, tmp_path):
    if not bench.terraform_available():
        pytest.skip(f"needs terraform and the provider mirror at {bench.MIRROR}")
    setup = bench.prepare_terraform(tmp_path)
    if setup.terraform_version != oracle["terraform_version"]:
        pytest.skip(f"terraform {setup.terraform_version} here, the record is of {oracle['terraform_version']}")

    def rerun(ident: str):
        root, _, synthetic = _materialise(bench, ident, tmp_path)
        result = bench.run_terraform(root, setup, synthetic)
        return ident, result.excluded, result.valid, _kinds(bench, result.errors)

    sample = _sample(oracle["directories"])
    with ThreadPoolExecutor(max_workers=2) as pool:  # terraform processes: two cores
        results = list(pool.map(rerun, sample))
    for ident, excluded, valid, errors in results:
        recorded = oracle["directories"][ident]
        assert excluded is None, f"{ident}: terraform can no longer judge it: {excluded}"
        assert valid == recorded["valid"], f"{ident}: terraform now says valid={valid}"
        assert errors == _kinds(bench, recorded["errors"]), f"{ident}: terraform now reports other errors"
