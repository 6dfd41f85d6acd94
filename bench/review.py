"""Time per task of `review` over the shared corpus (in-process, both rubrics), median and p90.

usage: python bench/review.py [--rubric seed|training-value]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO  # noqa: E402

sys.path.insert(0, str(REPO / "tests"))
from corpus import task_dirs  # noqa: E402

from iacreview.review.build import review_task  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rubric", default="seed")
    args = parser.parse_args()
    tasks = task_dirs()
    if not tasks:
        print("corpus not found", file=sys.stderr)
        return 2
    times = []
    for task in tasks:
        t0 = time.perf_counter()
        review_task(task, None, args.rubric)
        times.append(time.perf_counter() - t0)
    times.sort()
    p90 = times[int(len(times) * 0.9) - 1]
    print(f"tasks: {len(times)}  median: {statistics.median(times):.3f} s  p90: {p90:.3f} s  "
          f"max: {times[-1]:.3f} s  total: {sum(times):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
