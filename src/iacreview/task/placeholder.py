"""Recognising answers that are not answers.

Datasets contain responses such as "Insert here the ideal response", "TODO"
or an empty file where the model's code should be. Reviewing those as code
would report nonsense, so the loader marks them and says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLACEHOLDER_PHRASES = re.compile(
    r"\binsert\s+here\b|\binsert\s+(the\s+)?(ideal|model)\s+response\b|\bTODO\b|\bTBD\b|\bFIXME\b"
    r"|\bplace\s*holder\b|\bto\s+be\s+(added|written|provided)\b|\bcoming\s+soon\b|\blorem\s+ipsum\b"
    r"|^\s*(n/?a|none|null|empty)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_MARKUP = re.compile(r"[#*_`>\[\]()~|-]+")

PLACEHOLDER_MAX_WORDS = 30
"""A text this short that says 'insert here', 'TODO' … is a placeholder."""

FEW_WORDS = 8
"""A text with no code and fewer words than this is no answer at all."""


@dataclass(frozen=True)
class PlaceholderVerdict:
    """Whether a text is a placeholder rather than an answer, and why."""

    is_placeholder: bool
    reason: str = ""


def judge_placeholder(text: str, has_code: bool) -> PlaceholderVerdict:
    """Judge an answer's text (the part after any reasoning preamble).

    `has_code` says whether the answer has code beyond comments; a short answer
    with real code is small, not a placeholder.
    """
    words = _MARKUP.sub(" ", text).split()
    if not words:
        return PlaceholderVerdict(True, "the answer is empty")
    if not has_code and len(words) <= PLACEHOLDER_MAX_WORDS and _PLACEHOLDER_PHRASES.search(text):
        excerpt = " ".join(words[:12])
        return PlaceholderVerdict(True, f"the answer is a placeholder: {excerpt!r}")
    if not has_code and len(words) < FEW_WORDS:
        return PlaceholderVerdict(True, f"the answer is only {len(words)} word(s) and has no code")
    return PlaceholderVerdict(False)
