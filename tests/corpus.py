"""Where the shared corpus of real task folders lives, and its fenced code blocks.

Tests that need it skip with a clear message when it is absent; set
IACREVIEW_CORPUS to point elsewhere.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt

REPO = Path(__file__).resolve().parent.parent
_CANDIDATES = [
    os.environ.get("IACREVIEW_CORPUS", ""),
    str(REPO.parent / "shared" / "corpus"),
    "/work/shared/corpus",
]
HCL_TAGS = {"hcl", "terraform", "tf"}


def corpus_dir() -> Path | None:
    for candidate in _CANDIDATES:
        if candidate and (Path(candidate) / "tasks").is_dir():
            return Path(candidate)
    return None


def task_dirs() -> list[Path]:
    root = corpus_dir()
    if root is None:
        return []
    return sorted(p.parent for p in (root / "tasks").glob("**/metadata.json"))


@cache
def hcl_fences() -> list[tuple[str, str]]:
    """(label, text) of every hcl/terraform/tf fence in the corpus answers."""
    md = MarkdownIt("commonmark")
    found: list[tuple[str, str]] = []
    for task in task_dirs():
        for doc in ("MODEL_RESPONSE.md", "IDEAL_RESPONSE.md"):
            path = task / "lib" / doc
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for i, tok in enumerate(md.parse(text)):
                if tok.type == "fence" and tok.info.strip().lower() in HCL_TAGS:
                    line = tok.map[0] + 2 if tok.map else 0
                    found.append((f"{task.name}/{doc}:{line}", tok.content))
    return found


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
