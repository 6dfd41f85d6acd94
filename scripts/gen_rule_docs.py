"""Write docs/rules/<ID>.md and docs/rules/README.md from the rule metadata.

usage: python scripts/gen_rule_docs.py [--check]   (--check: exit 1 if the files are stale)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from iacreview.rules.docs import all_pages
from iacreview.rules.registry import all_rules

OUT = Path(__file__).resolve().parent.parent / "docs" / "rules"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    pages = all_pages(all_rules())
    stale = [name for name, text in pages.items() if not (OUT / name).is_file() or (OUT / name).read_text() != text]
    extra = [p.name for p in OUT.glob("*.md") if p.name not in pages] if OUT.is_dir() else []
    if args.check:
        for name in stale + extra:
            print(f"stale: docs/rules/{name}")
        return 1 if stale or extra else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name in extra:
        (OUT / name).unlink()
    for name, text in pages.items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(pages)} pages to docs/rules/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
