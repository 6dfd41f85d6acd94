"""Formatter speed: `iacreview fmt` against `terraform fmt` on the same de-formatted tree, in one run.

The tree: every Terraform file of the corpus answers, made canonical with
`terraform fmt`, then de-formatted (bench/deformat.py) into several copies, so
both formatters have real work on 3,000+ files. Both run as commands in
`--check` mode over the whole tree (read, format, compare, list); the best of
N wall times of each is compared.

usage: python bench/fmt.py [--copies 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    terraform = shutil.which("terraform")
    if terraform is None:
        print("terraform is not on PATH; nothing to compare with", file=sys.stderr)
        return 2
    iacreview = str(Path(sys.executable).parent / "iacreview")
    with tempfile.TemporaryDirectory() as tmp:
        src, tree = Path(tmp) / "src", Path(tmp) / "tree"
        subprocess.run([sys.executable, str(REPO / "scripts" / "extract_corpus_hcl.py"), str(src)],
                       check=True, stdout=subprocess.DEVNULL)
        for path in list(src.rglob("*")):
            if path.is_file() and not path.name.endswith((".tf", ".tfvars")):
                path.unlink()
        subprocess.run([terraform, "fmt", "-recursive", str(src)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([sys.executable, str(REPO / "bench" / "deformat.py"), str(src), str(tree),
                        "--copies", str(args.copies)], check=True, stdout=subprocess.DEVNULL)
        files = [p for p in tree.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        ours = min(run([iacreview, "fmt", "--check", "--recursive", str(tree)]) for _ in range(args.repeat))
        theirs = min(run([terraform, "fmt", "-check", "-recursive", str(tree)]) for _ in range(args.repeat))
    print(f"tree: {len(files)} files, {size / 1e6:.1f} MB (de-formatted corpus answers x{args.copies})")
    print(f"terraform fmt -check -recursive: {theirs:.2f} s (best of {args.repeat})")
    print(f"iacreview fmt --check --recursive: {ours:.2f} s (best of {args.repeat})")
    print(f"ratio iacreview / terraform: {ours / theirs:.2f}x (goal: at most 3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
