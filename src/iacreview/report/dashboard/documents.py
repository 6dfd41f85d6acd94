"""Links from a task's page to the task's own documents: PROMPT, MODEL_RESPONSE, IDEAL_RESPONSE, MODEL_FAILURES.

A reader checking a verdict wants the prompt, the answer and the human review
beside it. The links are relative file links, so they work when the dashboard
is opened from disk (file://) and keep working when the dashboard and the
dataset move together. Only files that exist when the dashboard is written are
linked (a JSONL record has no folder, so no links). Folder and file names are
untrusted: every path segment is percent-encoded, so a `#`, `?`, `%`, quote or
angle bracket in a name cannot end the URL or the attribute, and the template
escapes the result once more.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

#: (label, file name) in reading order; names match case-insensitively in lib/ first, then the folder itself.
DOCUMENTS = (("PROMPT", "prompt.md"), ("MODEL_RESPONSE", "model_response.md"),
             ("IDEAL_RESPONSE", "ideal_response.md"), ("MODEL_FAILURES", "model_failures.md"))


def document_links(task_path: str | None, source: str | None, page_dir: Path) -> list[dict[str, str]]:
    """[{"label", "href", "name"}] for each document of the task folder at `task_path` that exists."""
    if not task_path or source not in (None, "folder"):
        return []
    folder = Path(task_path)
    links = []
    for label, name in DOCUMENTS:
        found = _find(folder / "lib", name) or _find(folder, name)
        if found is not None:
            links.append({"label": label, "href": relative_href(found, page_dir), "name": found.name})
    return links


def _find(directory: Path, lower_name: str) -> Path | None:
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return None
    for entry in entries:
        if entry.name.lower() == lower_name and entry.is_file():
            return Path(entry.path)
    return None


def relative_href(target: Path, page_dir: Path) -> str:
    """A URL from a page in `page_dir` to `target`: relative and percent-encoded, or a file: URI where no
    relative path exists (another drive)."""
    try:
        relative = os.path.relpath(target.resolve(), page_dir.resolve())
    except ValueError:
        return target.resolve().as_uri()
    return "/".join(quote(part, safe="") for part in Path(relative).parts)
