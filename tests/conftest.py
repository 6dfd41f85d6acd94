"""Test helpers live beside the tests (tests/corpus.py, tests/eval/evalcases.py, tests/fmt/hcl_gen.py).

Tests are imported with --import-mode=importlib (so two test files may share a
base name in different folders); the helper folders are put on sys.path here.
"""

import sys
from pathlib import Path

_TESTS = Path(__file__).resolve().parent
for folder in [_TESTS, *sorted(p for p in _TESTS.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))]:
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
