"""The review's Conclusion: a verdict written from the review's facts, not its fixes glued together.

It says, in this order: the overall verdict (from the worst severity found),
whether the answer deploys (it does not parse; validate fails; AWS rejects it
at apply time; or nothing found stops it), the counts by severity with their
categories, the failures that matter most, and the size of the gap to the
ideal answer. Every sentence comes from the review's JSON, so the same review
always gives the same conclusion, and a stored review renders it again.
"""

from __future__ import annotations

from typing import Any

SEVERITIES = ("critical", "high", "medium", "low")
#: How many failures the conclusion names.
MOST_IMPORTANT = 3


def conclusion(review: dict[str, Any]) -> str:
    failures = review["failures"]
    sentences = [assessment(review), _deploys(review)]
    if failures:
        sentences.append(_counts(failures))
        named = "; ".join(f"{f['title'].rstrip('.')} ({f['severity']}, {f['category']})"
                          for f in failures[:MOST_IMPORTANT])
        sentences.append(f"{'The failure that matters most' if len(failures) == 1 else 'The failures that matter most'}:"
                         f" {named}.")
        shared = sum(1 for f in failures if f.get("shared_with_ideal"))
        if shared:
            which = (("It is" if shared == 1 else f"All {shared} are") if shared == len(failures)
                     else f"{shared} of the {len(failures)} {'is' if shared == 1 else 'are'}")
            sentences.append(f"{which} in the IDEAL_RESPONSE too; the fix is still the model's to make.")
    if review.get("has_ideal"):
        sentences.append(_gap(review))
    return " ".join(s for s in sentences if s)


def assessment(review: dict[str, Any]) -> str:
    """The overall verdict, from the worst severity found (and the score when only minor issues remain)."""
    s = review["summary"]
    final = review["score"]["final"]
    if s["critical"]:
        return "The answer has critical failures that block deployment or leak data; it needs substantial rework."
    if s["high"]:
        return "The answer works in outline but has serious gaps that a reviewer would not accept as is."
    if final >= 8:
        return "The model performed very well; the remaining issues are minor."
    return "The answer is usable after the corrections below."


def _deploys(review: dict[str, Any]) -> str:
    failures = review["failures"]
    syntax = [f for f in failures if f["rule"] == "SYN001"]
    if syntax:
        files = list(dict.fromkeys(name for f in syntax for name in (f.get("files") or [f["file"]])))
        subject = _names(files)
        verb = "does" if len(files) == 1 else "do"
        return f"It does not deploy: {subject} {verb} not parse, and Terraform loads nothing until it does."
    validate = review.get("validate") or {}
    if validate.get("problems") is None:
        return "It contains no Terraform configuration, so there is nothing to deploy."
    if not validate.get("ok"):
        return (f"It does not deploy: terraform validate fails with {plural(validate['problems'], 'problem')} "
                "(checked offline).")
    deployment = [f for f in failures if f["category"] == "deployment"]
    resources = plural(review["plan"]["resources"], "resource")
    if deployment:
        return (f"It validates and plans {resources} offline, but does not deploy as written: "
                f"{plural(len(deployment), 'failure')} AWS rejects at apply time or that cannot work.")
    return f"It validates and plans {resources} offline; nothing found stops it from deploying."


def _counts(failures: list[dict[str, Any]]) -> str:
    parts = []
    for severity in SEVERITIES:
        found = [f for f in failures if f["severity"] == severity]
        if found:
            categories = ", ".join(dict.fromkeys(f["category"] for f in found))
            parts.append(f"{len(found)} {severity} ({categories})")
    return f"It has {plural(len(failures), 'failure')}: {', '.join(parts)}."


def _gap(review: dict[str, Any]) -> str:
    counts = review.get("fix_counts") or {}
    total = sum(counts.get(k, 0) for k in ("A", "B", "C"))
    if not total:
        return "It matches the IDEAL_RESPONSE: no fix separates the two."
    significant = counts.get("A", 0)
    weight = (f"{plural(significant, 'significant fix', 'significant fixes')} (A) among them" if significant
              else "none of them significant (A)")
    return (f"The IDEAL_RESPONSE differs from it by {plural(total, 'fix', 'fixes')} "
            f"({counts.get('A', 0)} A, {counts.get('B', 0)} B, {counts.get('C', 0)} C), {weight}.")


def _names(files: list[str]) -> str:
    quoted = [f"`{name}`" for name in files[:3]]
    more = f" and {len(files) - 3} more" if len(files) > 3 else ""
    return (" and ".join(quoted) if len(quoted) <= 2 else ", ".join(quoted)) + more


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 resource`, `2 resources`, `0 resources` (`many` for irregular plurals)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"
