"""A task's title, for people scanning a table of thousands of tasks.

Few metadata files carry a title: most have a `subtask` (a category such as
"Security and Compliance Implementation"), some have nothing, and a task whose
answer is missing has no review to take one from. So the title is derived, in
this order: metadata `title`, metadata `subtask`, the prompt's opening
heading, the prompt's first sentence (persona lines such as "You are an
expert…" skipped), and the folder name as the last resort. Derived text is
stripped of Markdown and cut at a word boundary, so it fits a table cell.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

#: Longest title kept whole; longer ones are cut at a word boundary and end with "…".
MAX_TITLE = 90
#: Headings that name a section of a prompt rather than what it asks for.
_GENERIC_HEADINGS = frozenset({
    "task", "prompt", "context", "background", "problem", "problem statement", "overview", "requirements",
    "objective", "objectives", "introduction", "description", "instructions", "goal", "summary", "scenario",
})
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_PERSONA = re.compile(r"^(?:you are|you're|act as|as an? (?:expert|senior|experienced))\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")


def derive_title(metadata: dict[str, Any] | None, prompt: str | None, folder: str) -> str:
    """The title to show for a task (never empty)."""
    metadata = metadata if isinstance(metadata, dict) else {}
    for key in ("title", "subtask"):
        value = metadata.get(key)
        if isinstance(value, str) and plain(value):
            return plain(value)  # as the dataset names it: whole
    from_prompt = prompt_title(prompt or "")
    return from_prompt or folder


def prompt_title(prompt: str) -> str | None:
    """The prompt's opening heading, else its first sentence that is not a persona line; None for no text."""
    for line in prompt.splitlines():
        heading = _HEADING.match(line)
        text = plain(heading.group(1) if heading else line)
        if not text or text.lower().rstrip(":") in _GENERIC_HEADINGS:
            continue
        if heading:
            return shorten(text)
        for sentence in _SENTENCE_END.split(text):
            if sentence and not _PERSONA.match(sentence):
                return shorten(sentence.rstrip(":"))
    return None


def plain(text: str) -> str:
    """`text` without Markdown emphasis, code ticks, link targets, list markers and runs of white space."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = re.sub(r"^\s*(?:[-+>]|\d+[.)])\s+", "", text)
    return " ".join(text.split())


def shorten(text: str, limit: int = MAX_TITLE) -> str:
    """`text` cut at the last word boundary before `limit`, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-–—(")
    return (cut or text[:limit]) + "…"


def folder_title(folder: Path) -> str:
    """The title of a task folder read straight from its files, for tasks with no review (an input error).

    Reads only metadata.json and lib/PROMPT.md (or PROMPT.md), tolerating any of them missing or broken.
    """
    metadata: Any = None
    prompt = None
    try:
        metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8", errors="replace"))
    except (OSError, ValueError):
        pass
    for candidate in (folder / "lib" / "PROMPT.md", folder / "PROMPT.md"):
        try:
            with candidate.open(encoding="utf-8", errors="replace") as handle:
                prompt = handle.read(20_000)  # the title is near the top; a huge prompt is not read whole
            break
        except OSError:
            continue
    return derive_title(metadata, prompt, folder.name)
