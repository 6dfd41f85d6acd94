"""Finding the tasks of a dataset without holding them all in memory.

A dataset is a directory (every task folder under it: a folder with
`metadata.json` or `lib/MODEL_RESPONSE.md`) or a JSONL file of records. Both
are walked lazily and in a stable order, so a batch of 10,000 tasks keeps one
task in hand at a time and a rerun meets the tasks in the same order.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iacreview.batch.jsonl import JSONL_SUFFIXES, read_records
from iacreview.task.tree import SKIPPED_DIRS


@dataclass(frozen=True)
class DatasetItem:
    """One task found in a dataset: a folder, a JSONL record, or a JSONL line that is not a record."""

    task_id: str
    source: str  # "folder" | "jsonl"
    path: str
    record: dict[str, Any] | None = None
    error: str | None = None


def is_task_folder(path: Path) -> bool:
    return (path / "metadata.json").is_file() or (path / "lib" / "MODEL_RESPONSE.md").is_file()


def is_jsonl(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in JSONL_SUFFIXES


def iter_task_folders(root: Path) -> Iterator[Path]:
    """Task folders under `root` (or `root` itself), sorted, not descending into a task folder."""
    if is_task_folder(root):
        yield root
        return
    for directory, dirnames, _ in os.walk(root, followlinks=False):
        here = Path(directory)
        kept = []
        for name in sorted(dirnames):
            if name.startswith(".") or name in SKIPPED_DIRS or (here / name).is_symlink():
                continue
            if is_task_folder(here / name):
                yield here / name
            else:
                kept.append(name)
        dirnames[:] = kept


def folder_task_id(root: Path, folder: Path) -> str:
    """The id of a task folder: its path relative to the dataset (its name when it is the dataset)."""
    if folder == root:
        return folder.resolve().name
    return folder.relative_to(root).as_posix()


def iter_dataset(datasets: Iterable[Path]) -> Iterator[DatasetItem]:
    """Every task of every dataset, lazily."""
    for dataset in datasets:
        if is_jsonl(dataset):
            for line in read_records(dataset):
                yield DatasetItem(line.task_id, "jsonl", f"{dataset}:{line.number}", line.record, line.error)
        else:
            for folder in iter_task_folders(dataset):
                yield DatasetItem(folder_task_id(dataset, folder), "folder", str(folder))


def iter_ids(datasets: Iterable[Path]) -> Iterator[str]:
    """The id of every item `iter_dataset` will yield, in the same order (a cheap first pass)."""
    for dataset in datasets:
        if is_jsonl(dataset):
            for line in read_records(dataset):
                yield line.task_id
        else:
            for folder in iter_task_folders(dataset):
                yield folder_task_id(dataset, folder)


def count_dataset(datasets: Iterable[Path]) -> int:
    """How many items `iter_dataset` will yield."""
    return sum(1 for _ in iter_ids(datasets))


def check_dataset(path: Path) -> str | None:
    """Why `path` cannot be a dataset, or None when it can."""
    if not path.exists():
        return f"{path}:1:1: no such file or directory"
    if path.is_dir() or is_jsonl(path):
        return None
    return f"{path}:1:1: not a directory or a JSONL file ({', '.join(JSONL_SUFFIXES)})"
