"""A checked configuration is freed by reference counting alone.

`check` freezes the cyclic collector for speed (cli/check_cmd.py); that is
only safe while configurations, scopes, evaluators and rule views hold no
reference cycles. A cycle here would make memory grow with every PATH.
"""

from __future__ import annotations

import gc
from pathlib import Path

from iacreview.check.engine import run_checks
from iacreview.model.config import Configuration

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "region-migration" / "lib"


def _garbage_after(action) -> list[object]:
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        action()
        gc.collect()
        return list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()


def test_loading_and_checking_leave_no_cycles():
    assert EXAMPLE.is_dir()

    def check_once() -> None:
        config = Configuration.load(str(EXAMPLE))
        result = run_checks(config)
        assert result.findings  # the example has findings: the rules really ran

    garbage = _garbage_after(check_once)
    kinds = sorted({type(o).__name__ for o in garbage})
    assert garbage == [], f"objects left in reference cycles: {kinds[:20]}"
