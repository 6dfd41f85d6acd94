"""Record Terraform's verdict (accepts / rejects) for every parser agreement case.

The suite compares our parser against these recorded verdicts, so it needs no
Terraform; this script refreshes them from `terraform fmt -` (stdin), which
parses with HashiCorp's own HCL parser.

usage: python scripts/regen_parse_agreement.py [--check]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

CASES = Path(__file__).resolve().parent.parent / "tests" / "hcl" / "cases" / "agreement.yaml"


def terraform_accepts(source: str) -> bool:
    result = subprocess.run(
        ["terraform", "fmt", "-"], input=source.encode(), capture_output=True, timeout=60
    )
    return result.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale verdicts, write nothing")
    args = parser.parse_args()
    if shutil.which("terraform") is None:
        print("terraform is not on PATH; cannot record verdicts", file=sys.stderr)
        return 2
    cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    stale = 0
    for case in cases:
        verdict = terraform_accepts(case["source"])
        if case.get("accepted") != verdict:
            stale += 1
            print(f"{case['name']}: recorded {case.get('accepted')}, terraform says {verdict}")
            case["accepted"] = verdict
    if args.check:
        return 1 if stale else 0
    CASES.write_text(
        "# Parser agreement cases: `accepted` is what `terraform fmt -` (HashiCorp's parser)\n"
        "# says. Regenerate with scripts/regen_parse_agreement.py.\n"
        + yaml.safe_dump(cases, sort_keys=False, allow_unicode=True, width=100),
        encoding="utf-8",
    )
    print(f"{len(cases)} cases, {stale} verdicts changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
