"""Scores with their arithmetic, line by line, as a reviewer would write it out."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from iacreview.score.checks import CHECKS
from iacreview.score.facts import ScoreFacts
from iacreview.score.rubric import Rubric

MAX_SCORE = 10


@dataclass
class ScoreResult:
    rubric: str
    base: float
    penalties: float = 0.0
    bonuses: float = 0.0
    raw: float = 0.0
    final: int = 0
    max: int = MAX_SCORE
    lines: list[str] = field(default_factory=list)
    blocker: str | None = None
    accepted: bool | None = None
    checks: dict[str, tuple[bool, str]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        out = {
            "rubric": self.rubric,
            "base": _num(self.base),
            "penalties": _num(self.penalties),
            "bonuses": _num(self.bonuses),
            "raw": _num(self.raw),
            "final": self.final,
            "max": self.max,
            "lines": self.lines,
        }
        if self.blocker is not None:
            out["blocker"] = self.blocker
        if self.accepted is not None:
            out["accepted"] = self.accepted
        return out


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 4)


def _fmt(x: float) -> str:
    text = f"{x:+.2f}".rstrip("0").rstrip(".")
    return text


def _round(value: float, mode: str) -> int:
    clamped = min(max(value, 0.0), float(MAX_SCORE))
    if mode == "floor":
        return int(math.floor(clamped + 1e-9))
    return int(math.floor(clamped + 0.5 + 1e-9))


def score(rubric: Rubric, facts: ScoreFacts) -> ScoreResult:
    if rubric.kind == "training-value":
        return _training_value(rubric, facts)
    return _response_quality(rubric, facts)


def _response_quality(rubric: Rubric, facts: ScoreFacts) -> ScoreResult:
    result = ScoreResult(rubric.name, rubric.base)
    reason = f" ({rubric.base_reason})" if rubric.base_reason else ""
    result.lines.append(f"Base score: {_num(rubric.base)}{reason}")
    by_severity: dict[str, list[str]] = {}
    for f in facts.failures:
        by_severity.setdefault(f.severity, []).append(f.category)
    for severity in ("critical", "high", "medium", "low"):
        cats = by_severity.get(severity, [])
        if not cats:
            continue
        points = rubric.penalties.get(severity, 0.0) * len(cats)
        result.penalties += points
        names = ", ".join(sorted(set(cats), key=cats.index))
        plural = "s" if len(cats) != 1 else ""
        result.lines.append(f"{len(cats)} {severity} failure{plural} ({names}): {_fmt(points)}")
    subtotal = rubric.base + result.penalties
    result.lines.append(f"Subtotal: {_num(rubric.base)} {'-' if result.penalties <= 0 else '+'} {_num(abs(result.penalties))} = {_num(subtotal)}")
    for bonus in rubric.bonuses:
        holds, why = CHECKS[bonus.check](facts)
        result.checks[bonus.check] = (holds, why)
        if holds:
            result.bonuses += bonus.points
            result.lines.append(f"{bonus.label}: {_fmt(bonus.points)} ({why})")
        else:
            result.lines.append(f"{bonus.label}: +0 ({why})")
    result.raw = subtotal + result.bonuses
    result.final = _round(result.raw, rubric.rounding)
    how = "rounded down" if rubric.rounding == "floor" else "rounded"
    result.lines.append(
        f"Adjusted score: {_num(subtotal)} + {_num(result.bonuses)} = {_num(result.raw)} → {result.final}/{MAX_SCORE} ({how})"
    )
    if rubric.threshold is not None:
        result.accepted = result.final >= rubric.threshold
    return result


def fix_adjustment(rubric: Rubric, facts: ScoreFacts) -> tuple[float, list[str]]:
    """The fixes part of the training-value rubric, with its explanation."""
    counts = Counter(f.klass for f in facts.fixes)
    a, b, c = counts.get("A", 0), counts.get("B", 0), counts.get("C", 0)
    lines = [f"Fixes: {a} A (significant), {b} B (moderate), {c} C (minor)"]
    fx = rubric.fixes
    if a >= 2:
        lines.append(f"Two or more A fixes: {_fmt(fx['a_two_or_more'])}")
        return fx["a_two_or_more"], lines
    if a == 1:
        lines.append(f"One A fix: {_fmt(fx['a_one'])}")
        return fx["a_one"], lines
    if b:
        lines.append("B fixes without A: +0")
        return 0.0, lines
    if c >= 6:
        lines.append(f"Only C fixes, 6 or more: {_fmt(fx['c_only_six_or_more'])}")
        return fx["c_only_six_or_more"], lines
    if c >= 4:
        lines.append(f"Only C fixes, 4-5: {_fmt(fx['c_only_four_or_five'])}")
        return fx["c_only_four_or_five"], lines
    if c == 3:
        lines.append(f"Category D (3 minor fixes): {_fmt(fx['d_three'])}")
        return fx["d_three"], lines
    if c == 0:
        # The guide prices D at 1-2 and 3 fixes; with no difference at all there is nothing to price.
        lines.append("No differences between the answers: +0")
        return 0.0, lines
    lines.append(f"Category D ({c} minor fix{'es' if c != 1 else ''}): {_fmt(fx['d_one_or_two'])}")
    return fx["d_one_or_two"], lines


def _training_value(rubric: Rubric, facts: ScoreFacts) -> ScoreResult:
    result = ScoreResult(rubric.name, rubric.base)
    blockers = []
    for check, points in rubric.blockers.items():
        holds, why = CHECKS[check](facts)
        result.checks[check] = (holds, why)
        if holds:
            blockers.append((points, check, why))
    if blockers:
        points, check, why = min(blockers)
        result.blocker = check
        result.raw = points
        result.final = _round(points, rubric.rounding)
        result.lines.append(f"Blocker {check.replace('_', ' ')}: {why} → score {_num(points)}")
        result.lines.append(f"Final: {result.final}/{MAX_SCORE}")
        if rubric.threshold is not None:
            result.accepted = result.final >= rubric.threshold
        return result
    result.lines.append(f"Base score: {_num(rubric.base)}")
    if facts.has_ideal:
        adjustment, lines = fix_adjustment(rubric, facts)
        result.lines.extend(lines)
    else:
        adjustment = 0.0
        result.lines.append("Fixes: no ideal answer to compare with: +0")
    penalty = rubric.complexity_penalty
    complexity = 0.0
    if penalty is not None and CHECKS[penalty.check](facts)[0]:
        why = CHECKS[penalty.check](facts)[1]
        complexity = penalty.points
        result.lines.append(f"Complexity: {penalty.label}: {_fmt(penalty.points)} ({why})")
    else:
        gained = 0.0
        for factor in rubric.complexity:
            holds, why = CHECKS[factor.check](facts)
            result.checks[factor.check] = (holds, why)
            if holds:
                gained += factor.points
            result.lines.append(f"Complexity: {factor.label}: {_fmt(factor.points) if holds else '+0'} ({why})")
        complexity = min(gained, rubric.complexity_cap)
        if gained > rubric.complexity_cap:
            result.lines.append(f"Complexity capped at {_fmt(rubric.complexity_cap)}")
    if adjustment < 0:
        result.penalties = adjustment
        result.bonuses = complexity
    else:
        result.bonuses = adjustment + complexity
    result.raw = rubric.base + adjustment + complexity
    result.final = _round(result.raw, rubric.rounding)
    result.lines.append(
        f"Final: {_num(rubric.base)} {_fmt(adjustment)} {_fmt(complexity)} = {_num(result.raw)} → {result.final}/{MAX_SCORE}"
    )
    if rubric.threshold is not None:
        result.accepted = result.final >= rubric.threshold
    return result
