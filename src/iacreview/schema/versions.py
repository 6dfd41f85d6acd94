"""Terraform's provider version constraints (`~> 5.0`, `>= 4.0, < 6.0`, `5.100.0`).

A small reader of its own: Python's `packaging` has no `~>` operator and
treats versions by PEP 440, not by the semantic versions providers use.
"""

from __future__ import annotations

import re

from dataclasses import dataclass

_VERSION = re.compile(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")
_CONSTRAINT = re.compile(r"^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$")


class ConstraintError(ValueError):
    """A version or constraint that Terraform would not accept either."""


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int
    pre: str = ""  # a prerelease sorts before its release; "" sorts after any prerelease (see key)
    parts: int = 3  # how many numeric parts were written (for ~>)

    @classmethod
    def parse(cls, text: str) -> Version:
        m = _VERSION.match(text.strip())
        if not m:
            raise ConstraintError(f"invalid version {text!r}")
        major, minor, patch, pre = m.groups()
        parts = 1 + (minor is not None) + (patch is not None)
        return cls(int(major), int(minor or 0), int(patch or 0), pre or "", parts)

    @property
    def key(self) -> tuple:
        return (self.major, self.minor, self.patch, 0 if self.pre else 1, self.pre)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}" + (f"-{self.pre}" if self.pre else "")


def _matches_one(op: str, want: Version, have: Version) -> bool:
    h, w = have.key, want.key
    if op == "=":
        return h == w
    if op == "!=":
        return h != w
    if op == ">":
        return h > w
    if op == ">=":
        return h >= w
    if op == "<":
        return h < w
    if op == "<=":
        return h <= w
    # ~>: at least `want`, and only the last written part may grow.
    if h < w:
        return False
    if want.parts <= 2:
        return have.major == want.major
    return (have.major, have.minor) == (want.major, want.minor)


def parse_constraints(text: str) -> list[tuple[str, Version]]:
    """`">= 4.0, < 6"` as [(">=", 4.0.0), ("<", 6.0.0)]; raises ConstraintError."""
    items = []
    for part in text.split(","):
        if not part.strip():
            continue
        m = _CONSTRAINT.match(part)
        if not m:
            raise ConstraintError(f"invalid version constraint {part.strip()!r}")
        items.append((m.group(1) or "=", Version.parse(m.group(2))))
    return items


def satisfies(version: str, constraints: list[str]) -> bool:
    """Whether `version` meets every constraint string (an unreadable constraint meets nothing).

    As in Terraform, a prerelease is chosen only when a constraint names it exactly.
    """
    try:
        have = Version.parse(version)
        parsed = [c for text in constraints for c in parse_constraints(text)]
    except ConstraintError:
        return False
    if have.pre and not any(op == "=" and want.key == have.key for op, want in parsed):
        return False
    return all(_matches_one(op, want, have) for op, want in parsed)


def newest(versions: list[str]) -> str | None:
    """The newest of some version strings."""
    readable = []
    for text in versions:
        try:
            readable.append((Version.parse(text).key, text))
        except ConstraintError:
            continue
    return max(readable)[1] if readable else None
