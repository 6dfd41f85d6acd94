"""Throughput of `iacreview batch` over the shared corpus, and its memory over many generated tasks.

usage: python bench/batch.py [--repeat N] [--memory-tasks N] [--skip-dask] [--skip-memory]

Measures tasks per second over the 166 tasks of ../shared/corpus with the local pool at
1 and 2 workers and on a Dask LocalCluster of 2 single-threaded worker processes (its
start-up timed separately), each on a fresh results file. CPU seconds of the parent and
its worker processes are given too: on a shared machine they say more than wall time.
Then reviews N generated JSONL tasks (default 10,000) with 2 local workers and samples
the resident memory of the parent and of the workers every 1,000 tasks.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO  # noqa: E402

sys.path.insert(0, str(REPO / "tests"))
from corpus import corpus_dir  # noqa: E402

from iacreview.batch.run import BatchOptions, run_batch  # noqa: E402
from iacreview.batch.runner import LocalRunner  # noqa: E402


def cpu_seconds() -> float:
    """CPU time of this process and of its finished (waited-for) children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_run(dataset: Path, workers: int, scheduler: str | None = None) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="iacreview-bench-") as scratch:
        options = BatchOptions([dataset], Path(scratch) / "results.duckdb", workers=workers, scheduler=scheduler,
                               progress=False, timeout=600)
        cpu0, wall0 = cpu_seconds(), time.perf_counter()
        tally = run_batch(options)
        wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
    if tally.error_count:
        print(f"warning: {tally.error_count} tasks failed: {dict(tally.errors)}", file=sys.stderr)
    return {"tasks": tally.done, "seconds": wall, "rate": tally.done / wall, "cpu": cpu}


def dask_run(dataset: Path, workers: int) -> dict[str, float]:
    import logging

    from distributed import LocalCluster

    start = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)
    startup = time.perf_counter() - start
    try:
        result = timed_run(dataset, workers, cluster.scheduler_address)
    finally:
        cluster.close()
    result["startup"] = startup
    return result


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    """The fastest of repeated runs (the one least disturbed by other load), with the median rate."""
    chosen = dict(max(runs, key=lambda r: r["rate"]))
    chosen["median_rate"] = statistics.median(r["rate"] for r in runs)
    return chosen


def memory_run(count: int) -> list[tuple[int, float, float, float]]:
    import psutil

    samples: list[tuple[int, float, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="iacreview-bench-") as scratch:
        dataset = Path(scratch) / "generated.jsonl"
        with dataset.open("w", encoding="utf-8") as out:
            for index in range(count):
                response = (f"Here it is.\n\n```hcl\nresource \"aws_s3_bucket\" \"b{index}\" {{\n"
                            f"  bucket = \"bucket-{index}\"\n}}\n```\n")
                out.write(json.dumps({"id": f"gen-{index:05d}", "prompt": f"Create bucket {index} in us-east-1.",
                                      "response": response, "metadata": {"training_quality": index % 11}}) + "\n")
        parent = psutil.Process()
        runner = LocalRunner(2, timeout=60, memory_mb=2048)
        done = 0
        start = time.perf_counter()

        def sample(_outcome: object) -> None:
            nonlocal done
            done += 1
            if done % 1000 == 0:
                workers = sum(psutil.Process(pid).memory_info().rss for pid in runner.worker_pids())
                samples.append((done, parent.memory_info().rss / 2**20, workers / 2**20, time.perf_counter() - start))

        db = Path(scratch) / "results.duckdb"
        run_batch(BatchOptions([dataset], db, workers=2, progress=False), runner=runner, on_outcome=sample)
        samples.append((-1, db.stat().st_size / 2**20, 0.0, time.perf_counter() - start))
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each configuration (the best is reported)")
    parser.add_argument("--memory-tasks", type=int, default=10_000)
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    corpus = corpus_dir()
    if corpus is None:
        print("corpus not found (set IACREVIEW_CORPUS)", file=sys.stderr)
        return 2
    print(f"machine: {os.cpu_count()} CPUs, load average before: {os.getloadavg()[0]:.2f}")
    rows = [("local pool, 1 worker", best([timed_run(corpus, 1) for _ in range(args.repeat)])),
            ("local pool, 2 workers", best([timed_run(corpus, 2) for _ in range(args.repeat)]))]
    if not args.skip_dask:
        rows.append(("Dask LocalCluster, 2 workers", best([dask_run(corpus, 2) for _ in range(args.repeat)])))
    print("\n| runner | tasks | wall s | tasks/s | median tasks/s | CPU s (local only) | cluster start s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in rows:
        cpu = f"{r['cpu']:.1f}" if "startup" not in r else "–"
        start = f"{r['startup']:.1f}" if "startup" in r else "–"
        print(f"| {name} | {r['tasks']:.0f} | {r['seconds']:.1f} | {r['rate']:.2f} | {r['median_rate']:.2f} | {cpu} | {start} |")
    one, two = rows[0][1], rows[1][1]
    print(f"\nscaling 1 → 2 workers: {two['rate'] / one['rate']:.2f}x")
    if len(rows) > 2:
        dask = rows[2][1]
        print(f"Dask vs local pool at 2 workers: {dask['rate'] / two['rate']:.2f}x the rate, "
              f"plus {dask['startup']:.1f} s to start the cluster")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if not args.skip_memory:
        samples = memory_run(args.memory_tasks)
        print(f"\nmemory over {args.memory_tasks} generated tasks (2 local workers):\n")
        print("| tasks done | parent RSS MiB | workers' RSS MiB (both) | elapsed s |")
        print("|---:|---:|---:|---:|")
        for done, parent, workers, elapsed in samples[:-1]:
            print(f"| {done} | {parent:.0f} | {workers:.0f} | {elapsed:.0f} |")
        print(f"\nresults file: {samples[-1][1]:.0f} MiB; rate {samples[-2][0] / samples[-2][3]:.0f} tasks/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
