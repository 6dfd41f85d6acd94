"""Terraform's "Did you mean …?": the nearest known name, if it is near enough.

Terraform suggests a name when its edit distance to the given one is below 3
(HCL's `nameSuggestion`); the same threshold keeps our hints identical.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_DISTANCE = 3


def distance(a: str, b: str) -> int:
    """Levenshtein distance, capped at MAX_DISTANCE: only "near" matters.

    A common prefix and suffix do not change the distance, and names of one
    provider share most of theirs (`aws_…_policy`), so they are cut first and
    the table is built for what differs only, a row at a time, stopping once a
    whole row reaches the cap.
    """
    if abs(len(a) - len(b)) >= MAX_DISTANCE:
        return MAX_DISTANCE
    start = 0
    shortest = min(len(a), len(b))
    while start < shortest and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    a, b = a[start:end_a], b[start:end_b]
    if not a or not b:
        return min(max(len(a), len(b)), MAX_DISTANCE)
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        if min(current) >= MAX_DISTANCE:
            return MAX_DISTANCE
        previous = current
    return min(previous[-1], MAX_DISTANCE)


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
