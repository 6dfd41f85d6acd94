"""Terraform's "Did you mean …?": the nearest known name, if it is near enough.

Terraform suggests a name when its edit distance to the given one is below 3
(HCL's `nameSuggestion`); the same threshold keeps our hints identical.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_DISTANCE = 3


def distance(a: str, b: str) -> int:
    """Levenshtein distance, capped at MAX_DISTANCE: only "near" matters, so only a band is computed."""
    if abs(len(a) - len(b)) >= MAX_DISTANCE:
        return MAX_DISTANCE
    band = MAX_DISTANCE
    big = MAX_DISTANCE
    previous = {j: j for j in range(min(len(b), band) + 1)}
    for i in range(1, len(a) + 1):
        current = {}
        low, high = max(0, i - band), min(len(b), i + band)
        for j in range(low, high + 1):
            if j == 0:
                current[j] = i
                continue
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous.get(j, big) + 1, current.get(j - 1, big) + 1, previous.get(j - 1, big) + cost)
        if min(current.values()) >= MAX_DISTANCE:
            return MAX_DISTANCE
        previous = current
    return min(previous.get(len(b), big), MAX_DISTANCE)


def nearest(name: str, candidates: Iterable[str]) -> str | None:
    """The first candidate within the threshold, as Terraform picks it (in the order given)."""
    size = len(name)
    for candidate in candidates:
        if abs(len(candidate) - size) < MAX_DISTANCE and distance(name, candidate) < MAX_DISTANCE:
            return candidate
    return None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """' Did you mean "x"?' or the empty string."""
    found = nearest(name, candidates)
    return f' Did you mean "{found}"?' if found else ""
