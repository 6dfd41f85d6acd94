"""A reviewer for the batch tests that misbehaves on request, then does the real review.

Worker processes import it by name (`batch_reviewers:directed_review`), so the
tests put this folder on PYTHONPATH. Directives are lines of the task's
lib/PROMPT.md:

- `RAISE message`: raise ValueError(message)
- `CRASH`: kill the worker with SIGSEGV (every attempt)
- `DIE_ONCE marker`: kill the worker with SIGKILL unless the marker file exists (then create it)
- `HOG megabytes`: allocate that much memory at once
- `SLEEP seconds`: sleep (after touching $BATCH_TEST_STARTED/<pid> when that is set)
- `LOG`: append the task folder's name to $BATCH_TEST_LOG when set (counts how often a task is reviewed)
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

from iacreview.review.build import review_task


def directed_review(path: str, ideal: Any = None, rubric: str = "seed") -> dict[str, Any]:
    prompt = (Path(path) / "lib" / "PROMPT.md").read_text(encoding="utf-8")
    for line in prompt.splitlines():
        word, _, argument = line.strip().partition(" ")
        if word == "RAISE":
            raise ValueError(argument or "boom")
        if word == "CRASH":
            os.kill(os.getpid(), signal.SIGSEGV)
        if word == "DIE_ONCE":
            marker = Path(argument)
            if not marker.exists():
                marker.write_text("died once\n")
                os.kill(os.getpid(), signal.SIGKILL)
        if word == "HOG":
            bytearray(int(argument) * 1024 * 1024)  # allocated at once, then dropped
        if word == "SLEEP":
            started = os.environ.get("BATCH_TEST_STARTED")
            if started:
                (Path(started) / str(os.getpid())).write_text(Path(path).name)
            time.sleep(float(argument))
        if word == "LOG" and os.environ.get("BATCH_TEST_LOG"):
            with open(os.environ["BATCH_TEST_LOG"], "a", encoding="utf-8") as log:
                log.write(Path(path).name + "\n")
    return review_task(path, ideal, rubric)
