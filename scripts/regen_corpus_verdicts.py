"""Record Terraform's parse verdict for every hcl/terraform/tf block of the corpus.

tests/hcl/test_corpus.py demands that our parser accepts exactly the blocks
Terraform accepts; recording the verdicts lets that test run without Terraform.

usage: python scripts/regen_corpus_verdicts.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from corpus import REPO, digest, hcl_fences  # noqa: E402

OUT = REPO / "tests" / "hcl" / "cases" / "corpus_verdicts.json"


def main() -> int:
    if shutil.which("terraform") is None:
        print("terraform is not on PATH; cannot record verdicts", file=sys.stderr)
        return 2
    verdicts: dict[str, bool] = {}
    for _, text in hcl_fences():
        key = digest(text)
        if key in verdicts:
            continue
        result = subprocess.run(["terraform", "fmt", "-"], input=text.encode(), capture_output=True)
        verdicts[key] = result.returncode == 0
    OUT.write_text(json.dumps(verdicts, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    accepted = sum(verdicts.values())
    print(f"{len(verdicts)} distinct blocks: {accepted} accepted, {len(verdicts) - accepted} rejected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
