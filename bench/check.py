"""`iacreview check` beside checkov on the same Terraform trees: time, memory and findings.

usage: python bench/check.py [--copies N] [--timeout SECONDS] [--keep DIR] [--skip-large] [--repeat N]

1. Writes every HCL file of the corpus answers to a temporary tree with
   scripts/extract_corpus_hcl.py (one directory per task and answer), and a
   larger tree holding N copies of it.
2. Runs `iacreview check` (JSON output; every directory holding .tf files is
   one PATH, since a PATH is one module; rules of the mapping that are off by
   default are enabled) and `checkov -d` (terraform framework,
   JSON output) over each tree, one after the other, under /usr/bin/time -v:
   wall time and peak resident memory of each, and the ratio. iacreview runs
   --repeat times per tree (its median run is reported: a few seconds meet more
   of a shared machine's noise than checkov's minutes); checkov runs once.
3. On the corpus tree, compares findings of rules both tools have (the
   `MAPPING` table below): per resource (file + `type.name`, instance keys and
   module prefixes removed), how many both flag, only iacreview flags, and
   only checkov flags, with up to 5 examples of each disagreement, and for
   "only ours" whether checkov evaluated and passed that resource or never
   evaluated it (no such check ran on it).

checkov is installed into a throwaway venv (`.bench-venvs/checkov`, see
bench/_common.py), never into the project's environment. Each run is capped
by --timeout; a run that hits it is reported as such, not retried.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, peer_python  # noqa: E402

CHECKOV_VERSION = "3.3.30"
IACREVIEW = Path(sys.executable).parent / "iacreview"

#: (label, checkov check ids, iacreview rule ids): pairs of checks that look for the same problem.
MAPPING: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    # CKV_AWS_145 (KMS rather than SSE-S3) is a stricter check that iacreview does not have.
    ("S3 server-side encryption", ("CKV_AWS_19",), ("SEC008",)),
    ("S3 public ACL", ("CKV_AWS_20", "CKV_AWS_57"), ("SEC006",)),
    ("S3 public access block present", ("CKV2_AWS_6",), ("SEC001",)),
    ("S3 block_public_acls", ("CKV_AWS_53",), ("SEC002",)),
    ("S3 block_public_policy", ("CKV_AWS_54",), ("SEC003",)),
    ("S3 ignore_public_acls", ("CKV_AWS_55",), ("SEC004",)),
    ("S3 restrict_public_buckets", ("CKV_AWS_56",), ("SEC005",)),
    ("S3 access logging", ("CKV_AWS_18",), ("OPS001",)),
    ("S3 versioning", ("CKV_AWS_21",), ("REL001",)),
    ("RDS publicly accessible", ("CKV_AWS_17",), ("SEC100",)),
    ("RDS storage encryption", ("CKV_AWS_16",), ("SEC101",)),
    ("RDS Multi-AZ", ("CKV_AWS_157",), ("REL022",)),
    ("SSH open to the internet", ("CKV_AWS_24",), ("SEC050",)),
    ("RDP open to the internet", ("CKV_AWS_25",), ("SEC051",)),
    ("All ports open to the internet", ("CKV_AWS_277",), ("SEC053",)),
    ("Security group rule descriptions", ("CKV_AWS_23",), ("OPS010",)),
    ("Default security group restricted", ("CKV2_AWS_12",), ("SEC054",)),
    ("VPC flow logs", ("CKV2_AWS_11",), ("OPS011",)),
    ("Subnet maps public IPs", ("CKV_AWS_130",), ("SEC056",)),
    ("IMDSv2 required", ("CKV_AWS_79",), ("SEC055",)),
    ("EC2/launch configuration volume encryption", ("CKV_AWS_8",), ("SEC030", "SEC032")),
    ("EBS volume encryption", ("CKV_AWS_3",), ("SEC029",)),
    ("EFS encryption", ("CKV_AWS_42",), ("SEC020",)),
    ("SQS encryption", ("CKV_AWS_27",), ("SEC024",)),
    ("SNS encryption", ("CKV_AWS_26",), ("SEC025",)),
    ("Kinesis encryption", ("CKV_AWS_43",), ("SEC023",)),
    ("CloudWatch log group KMS key", ("CKV_AWS_158",), ("SEC027",)),
    ("Secrets Manager customer-managed key", ("CKV_AWS_149",), ("SEC028",)),
    ("DynamoDB customer-managed key", ("CKV_AWS_119",), ("SEC026",)),
    ("ElastiCache at-rest encryption", ("CKV_AWS_29",), ("SEC021",)),
    ("ElastiCache in-transit encryption", ("CKV_AWS_30",), ("SEC039",)),
    ("OpenSearch at-rest encryption", ("CKV_AWS_5",), ("SEC022",)),
    ("OpenSearch node-to-node encryption", ("CKV_AWS_6",), ("SEC040",)),
    ("OpenSearch enforces HTTPS", ("CKV_AWS_83",), ("SEC041",)),
    ("CloudFront viewer HTTPS", ("CKV_AWS_34",), ("SEC035",)),
    ("IAM policy allows all actions", ("CKV_AWS_62", "CKV_AWS_63"), ("SEC070",)),
    ("IAM policy attached to a user", ("CKV_AWS_40",), ("SEC076",)),
    ("Hard-coded AWS keys in provider", ("CKV_AWS_41",), ("SEC080",)),
]


@dataclass
class Run:
    """One measured command."""

    label: str
    seconds: float
    peak_mb: float
    exit_code: int | None  # None when the timeout stopped it
    output: Path
    cpu_seconds: float = 0.0  # user + system time of the command and its children (all cores)


def measure(label: str, argv: list[str], output: Path, timeout: float, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> Run:
    """Run argv under /usr/bin/time -v; stdout goes to `output`."""
    stats = output.with_suffix(".time")
    cmd = ["/usr/bin/time", "-v", "-o", str(stats), *argv]
    start = time.perf_counter()
    with open(output, "wb") as out:
        try:
            proc = subprocess.run(cmd, stdout=out, stderr=subprocess.DEVNULL, cwd=cwd, env=env, timeout=timeout)
            code: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            code = None
    seconds = time.perf_counter() - start
    peak = cpu = 0.0
    if stats.is_file():
        text = stats.read_text()
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        if m:
            peak = int(m.group(1)) / 1024
        cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text))
    return Run(label, seconds, peak, code, output, cpu)


def extract(target: Path) -> int:
    subprocess.run([sys.executable, str(REPO / "scripts" / "extract_corpus_hcl.py"), str(target)], check=True,
                   stdout=subprocess.DEVNULL)
    return sum(1 for p in target.rglob("*") if p.is_file())


def enlarge(source: Path, target: Path, copies: int) -> int:
    for i in range(copies):
        shutil.copytree(source, target / f"copy{i}")
    return sum(1 for p in target.rglob("*") if p.is_file())


def module_roots(tree: Path) -> list[str]:
    """Every directory holding .tf files: each is one PATH for `iacreview check`."""
    return sorted({str(p.parent) for p in tree.rglob("*.tf")})


def median_run(runs: list[Run]) -> Run:
    """The run of median wall time (a run of a few seconds meets more of the machine's noise than
    one of minutes, so iacreview runs several times and checkov once)."""
    finished = [r for r in runs if r.exit_code is not None]
    if not finished:
        return runs[0]
    return sorted(finished, key=lambda r: r.seconds)[len(finished) // 2]


def run_iacreview(tree: Path, work: Path, timeout: float, name: str, repeat: int = 1) -> Run:
    runs = [_run_iacreview_once(tree, work, timeout, name) for _ in range(repeat)]
    chosen = median_run(runs)
    if repeat > 1:
        walls = ", ".join(f"{r.seconds:.2f}" for r in runs)
        print(f"iacreview check ({name}): {repeat} runs, wall s {walls}; median {chosen.seconds:.2f}")
    return chosen


def _run_iacreview_once(tree: Path, work: Path, timeout: float, name: str) -> Run:
    output = work / f"iacreview-{name}.json"
    # Rules of the mapping that are off by default are switched on, so both tools look for the same things.
    enable = [arg for _, _, ids in MAPPING for rule in ids for arg in ("--enable", rule)]
    argv = [str(IACREVIEW), "check", "--no-config", "--format", "json", *enable, *module_roots(tree)]
    return measure(f"iacreview check ({name})", argv, output, timeout)


def run_checkov(python: Path, tree: Path, work: Path, timeout: float, name: str) -> Run:
    output = work / f"checkov-{name}.json"
    checkov = python.parent / "checkov"
    argv = [str(checkov), "-d", str(tree), "--framework", "terraform", "-o", "json", "--compact",
            "--skip-results-upload", "--skip-download"]
    env = dict(os.environ, BC_SKIP_MAPPING="TRUE", CHECKOV_LOGGING_LEVEL="ERROR")
    return measure(f"checkov -d ({name})", argv, output, timeout, env=env)


# ---------------------------------------------------------------- comparing findings

_INSTANCE = re.compile(r"\[[^\]]*\]")


def resource_key(file: str, address: str | None, root: Path) -> tuple[str, str] | None:
    """(file relative to the tree, `type.name`) with module prefixes and instance keys removed."""
    if not address:
        return None
    parts = _INSTANCE.sub("", address).split(".")
    if len(parts) < 2:
        return None
    short = ".".join(parts[-3:]) if len(parts) >= 3 and parts[-3] == "data" else ".".join(parts[-2:])
    path = Path(file)
    rel = path.relative_to(root) if path.is_absolute() and path.is_relative_to(root) else Path(str(file).lstrip("/"))
    return rel.as_posix(), short


def our_findings(run: Run, root: Path) -> dict[str, set[tuple[str, str]]]:
    data = json.loads(run.output.read_text())
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for f in data["findings"]:
        if f["rule"] == "SYN001":
            found["SYN001"].add((f["file"], ""))
        if f.get("suppressed"):
            continue
        key = resource_key(f["file"], f.get("address"), root)
        if key is not None:
            found[f["rule"]].add(key)
    return found


def checkov_results(run: Run, root: Path) -> tuple[dict[str, set], dict[str, set], int]:
    """(failed keys by check id, passed keys by check id, parsing errors)."""
    text = run.output.read_text()
    data = json.loads(text) if text.strip() else []
    reports = data if isinstance(data, list) else [data]
    failed: dict[str, set] = defaultdict(set)
    passed: dict[str, set] = defaultdict(set)
    errors = 0
    for report in reports:
        if not isinstance(report, dict) or report.get("check_type") not in (None, "terraform"):
            continue
        results = report.get("results", {})
        errors += int(report.get("summary", {}).get("parsing_errors") or 0)
        for bucket, table in (("failed_checks", failed), ("passed_checks", passed)):
            for check in results.get(bucket, []):
                file = check.get("file_abs_path") or check.get("file_path", "")
                key = resource_key(file, check.get("resource"), root)
                if key is not None:
                    table[check["check_id"]].add(key)
    return failed, passed, errors


def compare(ours: dict[str, set], failed: dict[str, set], passed: dict[str, set]) -> list[dict]:
    rows = []
    for label, theirs_ids, our_ids in MAPPING:
        mine = set().union(*(ours.get(i, set()) for i in our_ids))
        theirs = set().union(*(failed.get(i, set()) for i in theirs_ids))
        evaluated = theirs | set().union(*(passed.get(i, set()) for i in theirs_ids))
        only_ours = sorted(mine - theirs)
        rows.append({
            "label": label,
            "checkov": "/".join(theirs_ids),
            "iacreview": "/".join(our_ids),
            "agree": len(mine & theirs),
            "only_ours": only_ours,
            "only_ours_checkov_passed": sum(1 for k in only_ours if k in evaluated),
            "only_theirs": sorted(theirs - mine),
        })
    return rows


def print_comparison(rows: list[dict]) -> None:
    print("\n## Findings on rules both tools have (corpus tree, per resource)\n")
    print("| check | checkov | iacreview | both | only iacreview (checkov passed it) | only checkov |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['label']} | {r['checkov']} | {r['iacreview']} | {r['agree']} | "
              f"{len(r['only_ours'])} ({r['only_ours_checkov_passed']}) | {len(r['only_theirs'])} |")
    for r in rows:
        if not r["only_ours"] and not r["only_theirs"]:
            continue
        print(f"\n### {r['label']} ({r['checkov']} vs {r['iacreview']})")
        for title, keys in (("only iacreview", r["only_ours"]), ("only checkov", r["only_theirs"])):
            for file, address in keys[:5]:
                print(f"- {title}: {file} {address}")


def print_runs(runs: list[Run]) -> None:
    print("\n## Time and memory\n")
    print("| run | wall s | CPU s | peak RSS MB | exit |")
    print("|---|---|---|---|---|")
    for r in runs:
        code = "timeout" if r.exit_code is None else str(r.exit_code)
        print(f"| {r.label} | {r.seconds:.1f} | {r.cpu_seconds:.1f} | {r.peak_mb:.0f} | {code} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4, help="copies of the corpus tree in the larger tree")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed to each run")
    parser.add_argument("--keep", type=Path, help="keep trees and raw outputs in this directory")
    parser.add_argument("--skip-large", action="store_true", help="only the corpus tree")
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs of iacreview per tree, the median reported (checkov runs once)")
    args = parser.parse_args()

    python = peer_python("checkov", f"checkov=={CHECKOV_VERSION}")
    # Both tools start from compiled bytecode, as a regular pip install leaves them (pip compiled
    # checkov; an editable install of iacreview is not compiled, and PYTHONDONTWRITEBYTECODE may be set).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src")], check=True, stdout=subprocess.DEVNULL)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-check-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    files = extract(corpus)
    print(f"# check vs checkov\n\ncorpus tree: {files} files in {len(module_roots(corpus))} module directories")
    runs = [run_iacreview(corpus, work, args.timeout, "corpus", args.repeat), run_checkov(python, corpus, work, args.timeout, "corpus")]
    if not args.skip_large:
        large = work / "large"
        if large.exists():
            shutil.rmtree(large)
        large_files = enlarge(corpus, large, args.copies)
        print(f"larger tree: {args.copies} copies, {large_files} files")
        runs += [run_iacreview(large, work, args.timeout, f"{args.copies}x", args.repeat),
                 run_checkov(python, large, work, args.timeout, f"{args.copies}x")]
    print_runs(runs)
    for ours, theirs in zip(runs[::2], runs[1::2]):
        if ours.exit_code is not None and theirs.exit_code is not None:
            # iacreview spreads PATHs over every core (--jobs); checkov ran on one. CPU time shows the work.
            print(f"\n{ours.label}: checkov/iacreview wall-time ratio {theirs.seconds / ours.seconds:.1f}x, "
                  f"CPU-time ratio {theirs.cpu_seconds / max(ours.cpu_seconds, 0.01):.1f}x, "
                  f"peak memory ratio {theirs.peak_mb / max(ours.peak_mb, 1):.1f}x")
    ours_run, theirs_run = runs[0], runs[1]
    if ours_run.exit_code is None or theirs_run.exit_code is None:
        print("\nno findings comparison: a run on the corpus tree timed out")
        return 1
    ours = our_findings(ours_run, corpus.resolve())
    failed, passed, parse_errors = checkov_results(theirs_run, corpus.resolve())
    syntax = len({file for file, _ in ours.get("SYN001", set())})
    print(f"\nfiles that do not parse: checkov {parse_errors}, iacreview (SYN001) {syntax}")
    print_comparison(compare(ours, failed, passed))
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
