"""Datasets as JSONL: one task per line, `{id, prompt, response, ideal?, metadata?}`.

`response` and `ideal` are markdown answers, exactly what a task folder keeps in
`lib/MODEL_RESPONSE.md` and `lib/IDEAL_RESPONSE.md`. A worker writes a record
out as a temporary task folder and reviews that, so a record and a folder with
the same content get the same review. A line that is not a valid record
becomes an item with an error, recorded like any other failure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

JSONL_SUFFIXES = (".jsonl", ".ndjson")
REQUIRED = ("id", "prompt", "response")
OPTIONAL = ("ideal", "metadata")


@dataclass(frozen=True)
class RecordLine:
    """One non-blank line of a JSONL file: a valid record, or the reason it is not one."""

    number: int
    task_id: str
    record: dict[str, Any] | None
    error: str | None = None


def read_records(path: Path) -> Iterator[RecordLine]:
    """The records of a JSONL file, one line at a time."""
    with path.open("r", encoding="utf-8", errors="replace") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield parse_line(path, number, raw)


def parse_line(path: Path, number: int, raw: str) -> RecordLine:
    where = f"{path.name}:{number}"
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return RecordLine(number, where, None, f"{path}:{number}:{exc.colno}: invalid JSON: {exc.msg}")
    if not isinstance(data, dict):
        return RecordLine(number, where, None, f"{path}:{number}:1: a record must be a JSON object")
    task_id = data.get("id")
    if isinstance(task_id, (int, str)) and not isinstance(task_id, bool) and str(task_id).strip():
        where = str(task_id)
    problems = [f"missing {key!r}" for key in REQUIRED if key not in data]
    problems += [f"{key!r} must be a string" for key in ("prompt", "response", "ideal")
                 if key in data and data[key] is not None and not isinstance(data[key], str)]
    if "metadata" in data and data["metadata"] is not None and not isinstance(data["metadata"], dict):
        problems.append("'metadata' must be an object")
    if where != str(task_id):
        problems.append("'id' must be a non-empty string or number")
    if problems:
        return RecordLine(number, where, None, f"{path}:{number}:1: {'; '.join(dict.fromkeys(problems))}")
    record = {key: data.get(key) for key in REQUIRED[1:] + OPTIONAL}
    return RecordLine(number, where, record)


def folder_name(task_id: str) -> str:
    """A file-system-safe folder name for a record's temporary task folder."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", task_id).strip("._") or "task"
    return name[:80]


def write_task_folder(record: dict[str, Any], folder: Path) -> Path:
    """Write `record` as a task folder at `folder` (created) and return it."""
    lib = folder / "lib"
    lib.mkdir(parents=True, exist_ok=True)
    if isinstance(record.get("metadata"), dict):
        (folder / "metadata.json").write_text(json.dumps(record["metadata"], ensure_ascii=False), encoding="utf-8")
    (lib / "PROMPT.md").write_text(record.get("prompt") or "", encoding="utf-8")
    (lib / "MODEL_RESPONSE.md").write_text(record.get("response") or "", encoding="utf-8")
    if record.get("ideal") is not None:
        (lib / "IDEAL_RESPONSE.md").write_text(record["ideal"], encoding="utf-8")
    return folder
