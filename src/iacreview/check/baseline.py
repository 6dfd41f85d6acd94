"""Baselines: accept today's findings so that CI fails only on new ones.

`--create-baseline FILE` records each finding's fingerprint; `--baseline FILE`
hides findings whose fingerprint is recorded there. A fingerprint is a hash of
the rule, the file (relative to the baseline file's directory, so it does not
depend on where the command runs), the resource address and the message with
positions taken out: it survives lines moving, and changes when the problem
does. Identical fingerprints are counted, so a baseline holding one copy hides
one finding, not every future copy.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iacreview import __version__
from iacreview.hcl import Diagnostic
from iacreview.rules.base import Finding

BASELINE_VERSION = 1
#: Findings a baseline never hides: a file that does not parse is never clean.
NEVER_HIDDEN = frozenset({"SYN001"})

_LOCATION = re.compile(r"\b[\w./-]+\.(?:tf|tfvars|json|hcl):\d+(?::\d+)?")
_INSTANCES = re.compile(r"\s*\(\d+ instances\)$")
_LINE_WORD = re.compile(r"\b(lines?|col(?:umn)?)\s+\d+(?:-\d+)?", re.I)


def normalise_message(message: str) -> str:
    """The message without positions (`main.tf:12:3`, `line 12`), instance counts and extra spaces."""
    text = _INSTANCES.sub("", _LOCATION.sub("<location>", message))
    text = _LINE_WORD.sub(lambda m: f"{m.group(1)} <n>", text)
    return " ".join(text.split())


def fingerprint(rule: str, file_key: str, address: str | None, message: str) -> str:
    """A stable hex digest of what a finding is about (not where it is)."""
    parts = "\x1f".join([rule, file_key, address or "", normalise_message(message)])
    import hashlib  # only baselines need it: kept off every check's start-up

    return hashlib.sha256(parts.encode("utf-8")).hexdigest()


def file_key(path: str | os.PathLike[str], root: Path) -> str:
    """`path` relative to `root` with forward slashes (absolute when outside `root`)."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        return os.path.relpath(absolute, root.resolve()).replace(os.sep, "/")


@dataclass(frozen=True)
class Located:
    """A finding with the path of its file as the user's filesystem sees it."""

    finding: Finding
    path: str


class BaselineError(Exception):
    """A baseline file that cannot be read; `diagnostic` names the place."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def _entry(item: Located, root: Path) -> dict[str, Any]:
    f = item.finding
    key = file_key(item.path, root)
    return {
        "rule": f.rule,
        "file": key,
        "address": f.address,
        "message": f.message,
        "fingerprint": fingerprint(f.rule, key, f.address, f.message),
    }


def create(items: Sequence[Located], baseline: Path) -> int:
    """Write every active finding of `items` to `baseline`; return how many were written."""
    root = baseline.resolve().parent
    entries = [_entry(i, root) for i in items if i.finding.suppressed is None and i.finding.rule not in NEVER_HIDDEN]
    entries.sort(key=lambda e: (e["file"], e["rule"], e["address"] or "", e["fingerprint"]))
    data = {"version": BASELINE_VERSION, "tool": {"name": "iacreview", "version": __version__}, "findings": entries}
    baseline.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return len(entries)


def load(baseline: Path) -> Counter[str]:
    """Fingerprints recorded in `baseline`, with how many times each was recorded."""
    name = str(baseline)
    try:
        data = json.loads(baseline.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(Diagnostic(name, 1, 1, f"cannot read baseline: {exc.strerror}")) from None
    except UnicodeDecodeError:
        raise BaselineError(Diagnostic(name, 1, 1, "baseline is not UTF-8 text")) from None
    except json.JSONDecodeError as exc:
        raise BaselineError(Diagnostic(name, exc.lineno, exc.colno, f"invalid JSON: {exc.msg}")) from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(Diagnostic(name, 1, 1, f"not an iacreview baseline (version {BASELINE_VERSION})"))
    counts: Counter[str] = Counter()
    for entry in data["findings"]:
        if isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str):
            counts[entry["fingerprint"]] += 1
    return counts


def hidden(items: Iterable[Located], baseline: Path) -> set[int]:
    """`id()`s of the findings of `items` that `baseline` accepts (each recorded copy hides one)."""
    root = baseline.resolve().parent
    budget = load(baseline)
    found: set[int] = set()
    for item in items:
        f = item.finding
        if f.rule in NEVER_HIDDEN or f.suppressed is not None:
            continue
        key = fingerprint(f.rule, file_key(item.path, root), f.address, f.message)
        if budget[key] > 0:
            budget[key] -= 1
            found.add(id(f))
    return found
