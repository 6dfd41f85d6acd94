"""What a rule is and what it reports: metadata beside the check, findings with fixes.

A rule's documentation lives in its metadata (summary, rationale, fix, bad and
good examples, references, impact, training value) so the catalogue, the
generated docs, SARIF help and the review's prose all come from one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from iacreview.hcl import Node

if TYPE_CHECKING:
    from iacreview.rules.context import RuleContext

SEVERITIES = ("critical", "high", "medium", "low")
SEVERITY_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES), start=1)}  # low=1 … critical=4

CATEGORIES = (
    "syntax",
    "formatting",
    "validation",
    "security",
    "cost",
    "reliability",
    "operations",
    "portability",
    "documentation",
    "testing",
    "platform",
    "completeness",
    "deployment",
    "requirement",
)

#: Waivers a prompt can state (read by `iacreview.task.requirements`), and what each one lets go.
WAIVERS = {
    "single-az": 'the prompt accepts a single availability zone ("single AZ is fine", "Multi-AZ is not required")',
    "region-fixed": 'the prompt fixes the region ("Region fixed to us-east-1", "hardcode the region")',
    "local-state": 'the prompt wants local state ("use local state", "no remote backend")',
    "no-modules": 'the prompt asks for no modules ("no extra modules", "don\'t use modules")',
}


@dataclass(frozen=True)
class Impact:
    """Effect of the problem on cost, security and performance, in words."""

    cost: str = "None"
    security: str = "None"
    performance: str = "None"


@dataclass(frozen=True)
class RuleMeta:
    """Everything a user reads about a rule; docs are generated from this."""

    id: str  # family prefix + number: SEC001
    name: str  # kebab-case: s3-bucket-public-acl
    severity: str
    category: str
    summary: str  # one line
    rationale: str  # why it matters
    fix: str  # how to fix it, in words
    bad: str = ""  # HCL that triggers the rule
    good: str = ""  # the same, fixed
    references: tuple[str, ...] = ()
    impact: Impact = field(default_factory=Impact)
    training_value: str = ""
    resource_types: tuple[str, ...] = ()  # where the rule applies ("" = whole configuration)
    default_enabled: bool = True
    fix_safety: str = "none"  # none | safe | unsafe
    scope: str = "config"  # "config": checks a configuration; "task": needs a review's task (prompt, metadata)
    waived_by: tuple[str, ...] = ()  # prompt waivers (WAIVERS) that turn the rule off in a review

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.id}: unknown severity {self.severity!r}")
        if self.category not in CATEGORIES:
            raise ValueError(f"{self.id}: unknown category {self.category!r}")
        for waiver in self.waived_by:
            if waiver not in WAIVERS:
                raise ValueError(f"{self.id}: unknown waiver {waiver!r}")

    @property
    def family(self) -> str:
        return "".join(ch for ch in self.id if ch.isalpha())


@dataclass(frozen=True)
class Edit:
    """Replace [start, end) (character offsets) of `file` with `replacement`."""

    file: str
    start: int
    end: int
    replacement: str


#: Longest message and longest quoted source line reports show (a one-line 60 MB string stays readable).
MAX_MESSAGE_CHARS = 1000
MAX_LINE_CHARS = 240


def clip_line(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """`text` cut to `limit` characters with an ellipsis saying how much is left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


def clip_lines(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """Every line of `text` cut to `limit` characters."""
    if len(text) <= limit:
        return text
    return "\n".join(clip_line(line, limit) for line in text.split("\n"))


@dataclass
class Finding:
    """One problem at one place, with what a reviewer needs to act on it."""

    rule: str
    severity: str
    category: str
    title: str
    message: str
    file: str
    line: int = 1
    col: int = 1
    end_line: int | None = None
    end_col: int | None = None
    address: str | None = None
    edits: list[Edit] = field(default_factory=list)
    fix_text: str | None = None  # suggested code or a diff, for reports
    suppressed: str | None = None  # justification when an inline suppression applies
    references: tuple[str, ...] = ()  # pages about this finding itself, before the rule's own references
    secret: str | None = None  # the literal secret it reports, for reports that copy source text to mask it

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"

    def __post_init__(self) -> None:
        self.message = clip_line(self.message, MAX_MESSAGE_CHARS)

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.col, self.rule)


CheckFn = Callable[["RuleContext", RuleMeta], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """Metadata plus the small function that checks it."""

    meta: RuleMeta
    check: CheckFn

    @property
    def id(self) -> str:
        return self.meta.id

    def run(self, ctx: RuleContext) -> list[Finding]:
        return list(self.check(ctx, self.meta))


def finding(meta: RuleMeta, node: Node | None, message: str, *, file: str | None = None,
            address: str | None = None, edits: list[Edit] | None = None, fix_text: str | None = None) -> Finding:
    """A finding of `meta` at `node` (or at line 1 of `file` when there is no node)."""
    if node is not None:
        return Finding(
            meta.id, meta.severity, meta.category, meta.summary, message,
            node.filename, node.line, node.col, node.end_line, node.end_col,
            address, edits or [], fix_text,
        )
    return Finding(meta.id, meta.severity, meta.category, meta.summary, message, file or "", 1, 1,
                   None, None, address, edits or [], fix_text)
