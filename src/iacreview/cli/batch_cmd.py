"""`iacreview batch`: review every task of a dataset into a DuckDB file, resumably and in parallel."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from iacreview.batch.jobs import DEFAULT_REVIEWER
from iacreview.cli.output import EXIT_INPUT_ERROR, EXIT_INTERRUPTED


@click.command()
@click.argument("datasets", nargs=-1, required=True, type=click.Path())
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="DuckDB file for the results (created).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (local pool or LocalCluster). [default: CPU count]")
@click.option("--scheduler", metavar="ADDR", help="Dask scheduler tcp://HOST:PORT, or 'local' for a Dask LocalCluster.")
@click.option("--rubric", default="seed", show_default=True, help="seed, training-value, or a rubric TOML file.")
@click.option("--timeout-per-task", "timeout", type=click.FloatRange(min=0, min_open=True), default=300.0,
              show_default=True, help="Seconds before a task's worker is killed and the task recorded as timed out.")
@click.option("--memory-limit", "memory_mb", type=click.IntRange(min=0), default=2048, show_default=True,
              help="Address-space cap of a worker in MB (0: none).")
@click.option("--attempts", type=click.IntRange(min=1), default=3, show_default=True,
              help="Tries for a task whose worker dies under it.")
@click.option("--retry-errors", is_flag=True, help="Review again tasks stored with an error.")
@click.option("--threshold", type=float, default=None,
              help="Acceptance score for the summary. [default: the rubric's own (training-value: 8; seed: none)]")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr. [default: when stderr is a terminal]")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="How to print the end-of-batch summary.")
@click.option("--reviewer", default=DEFAULT_REVIEWER, hidden=True,
              help="module:function with review_task's signature, imported by each worker.")
def batch(datasets: tuple[str, ...], db: str, workers: int | None, scheduler: str | None, rubric: str,
          timeout: float, memory_mb: int, attempts: int, retry_errors: bool, threshold: float | None,
          progress: bool | None, fmt: str, reviewer: str) -> None:
    """Review every task of DATASETS (directories of task folders, or JSONL files) into --db.

    A task folder holds metadata.json or lib/MODEL_RESPONSE.md; a JSONL line is
    {id, prompt, response, ideal?, metadata?}. Each result is committed as soon as
    it is done; tasks already stored with the same content, tool, rule set and
    rubric are skipped, so an interrupted batch resumes where it stopped. A task
    that fails, times out or runs out of memory is stored with its error.

    Exit 0 when the batch ran (task errors are stored, not fatal), 2 when it
    cannot start (no such dataset, no task in it, a bad rubric, database or
    cluster), 130 when interrupted (Ctrl-C): every finished task is stored,
    and running the same command again resumes.
    """
    from rich.console import Console

    from iacreview.batch.progress import summary_table
    from iacreview.batch.run import BatchError, BatchOptions, run_batch

    options = BatchOptions(
        datasets=[Path(d) for d in datasets], db=Path(db), workers=workers or os.cpu_count() or 1,
        scheduler=scheduler, rubric=rubric, timeout=timeout, memory_mb=memory_mb, max_attempts=attempts,
        retry_errors=retry_errors, threshold=threshold, reviewer=reviewer,
        progress=sys.stderr.isatty() if progress is None else progress,
    )
    try:
        tally = run_batch(options, Console(stderr=True))
    except BatchError as exc:
        click.echo(f"iacreview: {exc}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    except Exception as exc:  # noqa: BLE001 - Ctrl-C inside DuckDB before the first task; anything else re-raised
        from iacreview.batch.run import is_interrupt

        if not is_interrupt(exc):
            raise
        click.echo(f"iacreview: interrupted; every finished task is stored in {db}, run the same command again "
                   "to resume", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:  # before the first task: nothing half-done is stored
        click.echo("iacreview: interrupted before any task was stored; run the same command again", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if fmt == "json":
        click.echo(json.dumps(tally.as_dict(), indent=2))
    else:
        Console(soft_wrap=True).print(summary_table(tally))
    if tally.replaced_rubric:
        click.echo(f"iacreview: {tally.replaced_rubric} stored result{'s' if tally.replaced_rubric != 1 else ''} "
                   f"of another rubric replaced by {rubric} (use another --db to keep both)", err=True)
    if tally.interrupted:
        stored = tally.done + tally.skipped
        click.echo(f"iacreview: interrupted; {stored} task{'s' if stored != 1 else ''} stored in {db}, "
                   "run the same command again to resume", err=True)
        sys.exit(EXIT_INTERRUPTED)
