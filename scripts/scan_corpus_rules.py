"""Run selected rules over every corpus answer (MODEL and IDEAL) and print findings per rule.

Used while writing rules, to find false positives on real model-written code:

    python scripts/scan_corpus_rules.py SEC0 OPS02      # rule id prefixes (none: every rule)
"""

from __future__ import annotations

import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from markdown_it import MarkdownIt  # noqa: E402

from corpus import HCL_TAGS, task_dirs  # noqa: E402
from iacreview.check.engine import run_checks  # noqa: E402
from iacreview.model.config import Configuration  # noqa: E402
from iacreview.rules.registry import all_rules  # noqa: E402


def main(prefixes: list[str]) -> int:
    wanted = [p.upper() for p in prefixes]
    rules = [r for r in all_rules() if not wanted or any(r.id.startswith(w) for w in wanted)]
    md = MarkdownIt("commonmark")
    counts: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    errors = []
    started = time.time()
    for task in task_dirs():
        for doc in ("MODEL_RESPONSE.md", "IDEAL_RESPONSE.md"):
            path = task / "lib" / doc
            if not path.exists():
                continue
            files = {}
            for i, tok in enumerate(md.parse(path.read_text(errors="replace"))):
                if tok.type == "fence" and tok.info.strip().lower() in HCL_TAGS:
                    files[f"block{i}.tf"] = tok.content
            if not files:
                continue
            result = run_checks(Configuration.from_files(files), rules)
            errors += [(task.name, e) for e in result.errors]
            for f in result.findings:
                counts[f.rule] += 1
                examples[f.rule].append(f"{task.name}/{doc}: {f.location} {f.message}")
    print(f"{time.time() - started:.1f}s")
    for name, error in errors[:20]:
        print("RULE ERROR", name, error)
    for rule in rules:
        print(rule.id, counts[rule.id])
        for example in examples[rule.id][:5]:
            print("    ", example[:200])
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
