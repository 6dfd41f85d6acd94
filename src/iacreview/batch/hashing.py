"""Fingerprints that decide whether a stored review is still the review of a task.

A stored result is reused only when the task's content, the tool, the rule set
and the rubric are all unchanged. The content hash covers every input file of a
task folder (names and bytes, as the review reads them) or every field of a
JSONL record; the rule-set version covers the source of every package that
shapes a review, so changing a rule or a check re-reviews everything.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from iacreview.task.tree import list_files

#: Packages whose code decides a review's content (cli, batch and report only present it).
ANALYSIS_PACKAGES = ("hcl", "fmt", "eval", "model", "rules", "check", "task", "diff", "score", "review")
_SOURCE_SUFFIXES = (".py", ".toml", ".json", ".j2")
_CHUNK = 1 << 20


def folder_hash(folder: Path) -> str:
    """sha256 over the relative name and bytes of every file of a task folder."""
    digest = hashlib.sha256(b"iacreview-folder\0")
    for name, path in list_files(folder).files.items():
        digest.update(name.encode("utf-8") + b"\0")
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
        except OSError as exc:
            digest.update(f"unreadable: {exc.strerror}".encode())
        digest.update(b"\0")
    return digest.hexdigest()


def record_hash(record: dict[str, Any]) -> str:
    """sha256 of a JSONL record's canonical JSON."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(b"iacreview-record\0" + text.encode("utf-8")).hexdigest()


@cache
def ruleset_version() -> str:
    """A short hash of the analysis code and data (rules, checks, rubrics, parser…)."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in ANALYSIS_PACKAGES:
        for path in sorted((package / name).rglob("*")):
            if path.suffix in _SOURCE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def rubric_key(rubric: str, shipped: tuple[str, ...]) -> str:
    """How a rubric is recorded: its name when shipped, else file name and content hash."""
    if rubric in shipped:
        return rubric
    path = Path(rubric)
    return f"{path.name}@{hashlib.sha256(path.read_bytes()).hexdigest()[:12]}"
