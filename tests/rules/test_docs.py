"""Rule docs are generated from metadata and checked in; every rule is documented fully."""

from __future__ import annotations

import re
from pathlib import Path

from iacreview.rules.base import CATEGORIES, SEVERITIES
from iacreview.rules.docs import all_pages
from iacreview.rules.registry import all_rules

DOCS = Path(__file__).resolve().parent.parent.parent / "docs" / "rules"


def test_checked_in_docs_match_the_metadata():
    pages = all_pages(all_rules())
    stale = [n for n, t in pages.items() if not (DOCS / n).is_file() or (DOCS / n).read_text() != t]
    assert stale == [], "run: python scripts/gen_rule_docs.py"
    extra = {p.name for p in DOCS.glob("*.md")} - set(pages)
    assert extra == set()


def test_every_rule_has_complete_metadata():
    for rule in all_rules():
        m = rule.meta
        assert re.fullmatch(r"[A-Z]{2,4}\d{3}", m.id), m.id
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", m.name), m.name
        assert m.severity in SEVERITIES and m.category in CATEGORIES
        for field in ("summary", "rationale", "fix", "bad", "good", "training_value"):
            assert getattr(m, field).strip(), f"{m.id} has no {field}"
        assert m.references and all(u.startswith("https://") for u in m.references), m.id
