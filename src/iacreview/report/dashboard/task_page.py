"""One task's page: its numbers, its failures, and the failure analysis rendered from the stored review.

The analysis is the same Markdown `iacreview review` prints, rendered to HTML
with raw HTML disabled (model output is untrusted text) and its code fences
highlighted.
"""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt

from iacreview.report.dashboard.highlight import highlight_block
from iacreview.report.markdown_review import render_markdown


def markdown_to_html(text: str) -> str:
    md = MarkdownIt("commonmark", {"html": False, "highlight": _highlight}).enable("table")
    return md.render(text)


def _highlight(code: str, language: str, _attrs: str) -> str:
    return highlight_block(code, language)


def analysis_html(review: dict[str, Any] | None, rubric_title: str) -> tuple[str, str | None]:
    """(HTML of the failure analysis, why it could not be rendered or None)."""
    if review is None:
        return "", "no review is stored for this task"
    from jinja2 import TemplateError

    try:
        text = render_markdown(review, rubric_title)
    except (KeyError, TypeError, ValueError, AttributeError, TemplateError) as exc:
        return "", f"the stored review could not be rendered ({type(exc).__name__}: {exc})"
    return markdown_to_html(text), None
