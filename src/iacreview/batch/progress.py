"""What a person watching a batch sees: a progress bar with rate and ETA, then a summary table.

The tally keeps running totals only (no per-task lists), so watching 10,000
tasks costs the same memory as watching ten.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from iacreview.batch.jobs import Outcome


@dataclass
class Tally:
    """Running totals of a batch run."""

    discovered: int = 0
    reviewed: int = 0
    skipped: int = 0
    duplicates: int = 0
    retried: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    scored: int = 0
    score_sum: float = 0.0
    below_threshold: int = 0
    seconds: float = 0.0
    runner: str = ""
    threshold: float | None = None  # the accept threshold scores are counted against (the rubric's, or --threshold)
    interrupted: bool = False
    replaced_rubric: int = 0  # stored results of another rubric this run replaced

    def add(self, outcome: Outcome, threshold: float | None) -> None:
        if outcome.attempts > 1:
            self.retried += 1
        if not outcome.ok:
            self.errors[outcome.error_kind or "exception"] += 1
            return
        self.reviewed += 1
        self.add_score(outcome.score, threshold)

    def add_score(self, score: float | None, threshold: float | None) -> None:
        """Count a score in the mean, this run's or one stored before (a resumed batch covers them all)."""
        if score is not None:
            self.scored += 1
            self.score_sum += score
            self.below_threshold += threshold is not None and score < threshold

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def done(self) -> int:
        return self.reviewed + self.error_count

    def counts(self) -> dict[str, int]:
        return {"discovered": self.discovered, "reviewed": self.reviewed, "skipped": self.skipped,
                "errors": self.error_count}

    def as_dict(self) -> dict[str, Any]:
        return {**self.counts(), "duplicates": self.duplicates, "retried": self.retried,
                "errors_by_kind": dict(self.errors), "seconds": round(self.seconds, 3),
                "tasks_per_second": round(self.done / self.seconds, 3) if self.seconds and self.done else None,
                "mean_score": round(self.score_sum / self.scored, 3) if self.scored else None,
                "threshold": self.threshold,
                "below_threshold": self.below_threshold if self.threshold is not None else None, "runner": self.runner, "interrupted": self.interrupted,
                "replaced_other_rubric": self.replaced_rubric}


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} tasks/s" if speed else "– tasks/s", style="progress.data.speed")


class BatchProgress:
    """The live progress bar (on stderr); skipped tasks shrink the total instead of advancing it."""

    def __init__(self, total: int, console: Console, enabled: bool = True) -> None:
        self._progress = Progress(
            TextColumn("[bold]reviewing"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            TextColumn("{task.fields[errors]} errors"), console=console, disable=not enabled,
        )
        self._task = self._progress.add_task("reviewing", total=total, errors=0)
        self._total = total

    def __enter__(self) -> BatchProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def skip(self) -> None:
        self._total = max(0, self._total - 1)
        self._progress.update(self._task, total=self._total)

    def advance(self, tally: Tally) -> None:
        self._progress.update(self._task, advance=1, errors=tally.error_count)


def summary_table(tally: Tally, threshold: float | None = None) -> Table:
    """The end-of-batch summary as a rich table."""
    threshold = tally.threshold if threshold is None else threshold
    table = Table(title="iacreview batch", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    data = tally.as_dict()
    rate = data["tasks_per_second"]
    rows = [
        ("runner", tally.runner),
        ("tasks found", str(tally.discovered)),
        ("reviewed", str(tally.reviewed)),
        ("skipped (already stored)", str(tally.skipped)),
        ("errors", ", ".join(f"{n} {kind}" for kind, n in sorted(tally.errors.items())) or "0"),
        ("retried after a worker died", str(tally.retried)),
        ("duplicate ids ignored", str(tally.duplicates)),
        ("mean score", "–" if data["mean_score"] is None else f"{data['mean_score']:.2f}"),
        *([(f"below {threshold:g}", str(tally.below_threshold))] if threshold is not None else []),
        ("time", f"{tally.seconds:.1f} s"),
        ("rate", "–" if rate is None else f"{rate:.2f} tasks/s"),
    ]
    for name, value in rows:
        table.add_row(name, value)
    return table
