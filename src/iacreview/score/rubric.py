"""Rubrics as data: the two shipped ones and any TOML file a user writes in the same shape.

Loading validates the file fully (known kind, numeric points, named checks that
exist) so a typo is an error message, not a silently different score.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from iacreview.score.checks import CHECKS

SHIPPED = ("seed", "training-value")
KINDS = ("response-quality", "training-value")


class RubricError(ValueError):
    """A rubric file that cannot be used; the message names the file (and line:col) and the problem.

    `key` is the text the problem is about, so the loader can point at the line that holds it.
    """

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Weighted:
    check: str
    points: float
    label: str


@dataclass
class Rubric:
    name: str
    title: str
    kind: str
    base: float
    rounding: str  # floor | half_up
    source: str
    base_reason: str = ""
    threshold: float | None = None
    penalties: dict[str, float] = field(default_factory=dict)
    bonuses: list[Weighted] = field(default_factory=list)
    blockers: dict[str, float] = field(default_factory=dict)
    fixes: dict[str, float] = field(default_factory=dict)
    complexity: list[Weighted] = field(default_factory=list)
    complexity_cap: float = 2.0
    complexity_penalty: Weighted | None = None


def load_rubric(name_or_path: str) -> Rubric:
    """A shipped rubric by name (`seed`, `training-value`) or a TOML file by path."""
    if name_or_path in SHIPPED:
        return _shipped(name_or_path)
    return _load(name_or_path)


@lru_cache(maxsize=None)
def _shipped(name: str) -> Rubric:
    """Shipped rubrics are read once per process (a batch reviews thousands of tasks)."""
    return _load(name)


def _load(name_or_path: str) -> Rubric:
    if name_or_path in SHIPPED:
        text = resources.files("iacreview.score").joinpath("rubrics", f"{name_or_path}.toml").read_text("utf-8")
        source = f"{name_or_path} (shipped)"
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise RubricError(f"{name_or_path}: no such rubric (shipped: {', '.join(SHIPPED)}) and no such file")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RubricError(f"{name_or_path}: cannot read: {exc}") from None
        source = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+), column (\d+)", str(exc))
        where = f"{source}:{m.group(1)}:{m.group(2)}" if m else f"{source}:1:1"
        raise RubricError(f"{where}: invalid TOML: {exc}") from None
    try:
        return _build(data, source)
    except RubricError as err:
        if err.key is None or not str(err).startswith(source + ":"):
            raise
        line, col = _locate(text, err.key)
        raise RubricError(f"{source}:{line}:{col}:{str(err)[len(source) + 1:]}") from None


def _locate(text: str, key: str) -> tuple[int, int]:
    """1-based line and column of the first mention of `key` in the rubric text (1:1 if absent)."""
    for number, line in enumerate(text.splitlines(), start=1):
        col = line.find(key)
        if col != -1:
            return number, col + 1
    return 1, 1


def _number(data: dict[str, Any], key: str, source: str, default: float | None = None) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RubricError(f"{source}: {key!r} must be a number", key)
    return float(value)


def _weighted(entry: Any, source: str, where: str) -> Weighted:
    if not isinstance(entry, dict) or "check" not in entry:
        raise RubricError(f"{source}: each entry of {where} needs a 'check'")
    check = entry["check"]
    if check not in CHECKS:
        raise RubricError(f"{source}: {where}: unknown check {check!r} (known: {', '.join(sorted(CHECKS))})", check)
    return Weighted(check, _number(entry, "points", source), str(entry.get("label", check.replace("_", " "))))


def _build(data: dict[str, Any], source: str) -> Rubric:
    kind = data.get("kind", "response-quality")
    if kind not in KINDS:
        raise RubricError(f"{source}: kind must be one of {', '.join(KINDS)}", "kind")
    rounding = data.get("rounding", "floor")
    if rounding not in ("floor", "half_up"):
        raise RubricError(f"{source}: rounding must be 'floor' or 'half_up'", "rounding")
    rubric = Rubric(
        name=str(data.get("name", Path(source).stem)),
        title=str(data.get("title", data.get("name", "custom rubric"))),
        kind=kind,
        base=_number(data, "base", source, 8),
        rounding=rounding,
        source=source,
        base_reason=str(data.get("base_reason", "")),
        threshold=_number(data, "threshold", source) if "threshold" in data else None,
    )
    penalties = data.get("penalties", {})
    for severity in ("critical", "high", "medium", "low"):
        rubric.penalties[severity] = _number(penalties, severity, source, 0.0)
    rubric.bonuses = [_weighted(e, source, "bonuses") for e in data.get("bonuses", [])]
    for check, points in data.get("blockers", {}).items():
        if check not in CHECKS:
            raise RubricError(f"{source}: blockers: unknown check {check!r}", check)
        rubric.blockers[check] = _number({"p": points}, "p", source)
    rubric.fixes = {k: _number(data.get("fixes", {}), k, source) for k in data.get("fixes", {})}
    complexity = data.get("complexity", {})
    rubric.complexity_cap = _number(complexity, "cap", source, 2.0)
    rubric.complexity = [_weighted(e, source, "complexity.factors") for e in complexity.get("factors", [])]
    if "penalty" in complexity:
        rubric.complexity_penalty = _weighted(complexity["penalty"], source, "complexity.penalty")
    if kind == "training-value":
        needed = {"a_one", "a_two_or_more", "c_only_six_or_more", "c_only_four_or_five", "d_one_or_two", "d_three"}
        missing = needed - set(rubric.fixes)
        if missing:
            raise RubricError(f"{source}: [fixes] lacks {', '.join(sorted(missing))}", "[fixes]")
    return rubric
