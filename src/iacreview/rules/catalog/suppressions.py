"""OPS090: inline suppressions that suppress nothing.

A `# iacreview:ignore=…` comment that no longer matches a finding is worse than
none: it tells the next reader a problem was accepted on purpose when there is
no problem, and it would silently hide a new one if the code moved under it.

Whether a suppression was used can only be told after every other rule has
run, so the engine (`iacreview.check.engine`) does the matching in a pass after
the catalogue and hands this rule what it found under `UNUSED_SUPPRESSIONS` in
the rule options. This module owns the rule's documentation and the wording of
its findings; the matching itself lives beside the suppression parser in the
check layer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacreview.rules.base import Finding, Impact, Rule, RuleMeta
from iacreview.rules.context import RuleContext

#: Rule option key under which the engine's post-pass passes `UnusedSuppression` records.
UNUSED_SUPPRESSIONS = "_unused_suppressions"

#: Why a suppression suppresses nothing.
UNMATCHED = "unmatched"  # the named rules report nothing where it applies
UNKNOWN = "unknown"  # it names no rule of the catalogue
DANGLING = "dangling"  # no block or attribute follows it
MISPLACED = "misplaced"  # an ignore-file comment after the first block
MALFORMED = "malformed"  # `iacreview:ignore` without `=RULES`

UNUSED_SUPPRESSION = RuleMeta(
    id="OPS090",
    name="unused-suppression",
    severity="low",
    category="operations",
    summary="An inline suppression comment suppresses nothing",
    rationale="A `# iacreview:ignore=RULE` comment records that a finding was accepted on purpose. When the "
    "rule no longer reports anything where the comment applies (the code was fixed, the rule name is misspelt, "
    "or the comment drifted away from its block), the comment misleads readers and can later hide a new, "
    "unrelated problem of the same rule.",
    fix="Delete the comment, or correct the rule id or name and move it onto the line of (or directly above) "
    "the block or attribute it is meant for. File-wide `iacreview:ignore-file` comments go before the first block.",
    bad='# iacreview:ignore=SEC006 -- the bucket used to serve public reports\nresource "aws_s3_bucket" "logs" {\n'
    '  bucket = "app-logs"\n}\n',
    good='resource "aws_s3_bucket" "logs" {\n  bucket = "app-logs"\n}\n',
    references=(
        "https://developer.hashicorp.com/terraform/language/syntax/configuration#comments",
        "https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning",
    ),
    impact=Impact(security="A stale suppression can hide a future finding of the same rule at that place"),
    training_value="Teaches the model to justify suppressions precisely and to remove them once the "
    "underlying problem is fixed, instead of scattering ignore comments.",
)


@dataclass(frozen=True)
class UnusedSuppression:
    """One suppression comment that suppressed nothing, and why (one of the kinds above)."""

    file: str
    line: int
    col: int
    end_line: int
    end_col: int
    kind: str
    names: tuple[str, ...] = ()  # the rule names it concerns (unmatched or unknown ones)
    target: str = ""  # what it applies to: "resource aws_s3_bucket.b", "argument acl", "file main.tf"


def _message(item: UnusedSuppression) -> str:
    names = ", ".join(item.names)
    if item.kind == UNKNOWN:
        plural = "s" if len(item.names) > 1 else ""
        return f"Suppression names unknown rule{plural} {names}; it suppresses nothing"
    if item.kind == DANGLING:
        return "Suppression comment is not on or directly above a block or argument; it suppresses nothing"
    if item.kind == MISPLACED:
        return "iacreview:ignore-file must come before the first block of the file; it suppresses nothing here"
    if item.kind == MALFORMED:
        return "Suppression comment names no rules: write iacreview:ignore=RULE[,RULE…] -- reason"
    where = f" in {item.target}" if item.target else ""
    if names == "all":
        return f"Suppression of all rules is unused: nothing is reported{where}"
    return f"Suppression of {names} is unused: {'they report' if len(item.names) > 1 else 'it reports'} nothing{where}"


def _unused_suppressions(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for item in ctx.options.get(UNUSED_SUPPRESSIONS, ()):
        yield Finding(meta.id, meta.severity, meta.category, meta.summary, _message(item), item.file,
                      item.line, item.col, item.end_line, item.end_col)


RULES = [Rule(UNUSED_SUPPRESSION, _unused_suppressions)]
