"""Terraform's "Did you mean …?": the nearest known name, if it is near enough.

Terraform suggests a name when its edit distance to the given one is below 3
(HCL's `nameSuggestion`); the same threshold keeps our hints identical.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_DISTANCE = 3


def distance(a: str, b: str) -> int:
    """Levenshtein distance, cut short once it reaches MAX_DISTANCE (only "near" matters)."""
    if abs(len(a) - len(b)) >= MAX_DISTANCE:
        return MAX_DISTANCE
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) >= MAX_DISTANCE:
            return MAX_DISTANCE
        previous = current
    return previous[-1]


def nearest(name: str, candidates: Iterable[str]) -> str | None:
    """The first candidate within the threshold, as Terraform picks it (in the order given)."""
    for candidate in candidates:
        if distance(name, candidate) < MAX_DISTANCE:
            return candidate
    return None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """' Did you mean "x"?' or the empty string."""
    found = nearest(name, candidates)
    return f' Did you mean "{found}"?' if found else ""
