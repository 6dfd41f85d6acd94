"""Finding the optional C accelerators (built from _lexer.c and fmt/_layout.c by setup.py).

Each accelerator is a faster copy of a pure-Python pass that stays the
reference. A missing compiler at install time, or IACREVIEW_PURE_PYTHON=1 in
the environment, leaves iacreview on the Python passes with the same results.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType


def load_accelerator(module: str) -> ModuleType | None:
    """The compiled `module` (e.g. "iacreview.hcl._lexer"), or None when it is absent or switched off."""
    if os.environ.get("IACREVIEW_PURE_PYTHON"):
        return None
    try:
        return importlib.import_module(module)
    except ImportError:
        return None
