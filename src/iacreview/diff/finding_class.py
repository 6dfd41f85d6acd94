"""The A/B/C class of a difference that fixes one of the model's rule findings (RUBRICS.md).

A finding the ideal answer no longer has tells what a difference fixed, so the
finding decides its class. One function decides it for both places that ask:
a changed resource the finding sits on (`classify`), and a finding the ideal
fixes with no matching change (the review's list of fixes). They used to
decide separately and disagreed on medium security findings.

RUBRICS.md's training-value rubric:
- A: a security hole fixed (IAM, encryption, secrets); an architecture change;
  a whole feature; a service-to-service integration fixed. So a security
  finding of medium severity or more (unencrypted volumes, plain-HTTP
  listeners, IMDSv1, IAM wildcards), and a reliability, completeness or
  deployment finding that is critical or high.
- B: configuration adjustments, standard patterns (naming, tags), best
  practices. So a finding about a naming or tagging standard is B, however
  severe its rule rates the missing suffix.
- C: formatting and lint, wrong property names, hardcoded values, missing
  outputs. So formatting, validation, documentation and portability findings,
  and the rules that are lint over provider and backend boilerplate (versions
  pinned, required_providers, placeholders, a backend) or a missing output.
"""

from __future__ import annotations

#: Lint over provider, backend and variable boilerplate, and a missing output: minor (C) fixes.
MINOR_RULES = frozenset({
    "OPS020",  # backend placeholders
    "OPS021",  # provider placeholders
    "OPS022",  # variable placeholders
    "OPS023",  # placeholder strings
    "OPS024",  # provider version not pinned
    "OPS025",  # module source not pinned
    "OPS026",  # no required_version
    "OPS027",  # no backend
    "OPS028",  # provider missing from required_providers
    "OPS090",  # a suppression comment that suppresses nothing
    "REQ010",  # an output the prompt asks for is missing
})
#: Naming and tagging standards: "standard patterns (naming, tags)", moderate (B) fixes.
PATTERN_RULES = frozenset({"CMP004", "REQ009", "TAG001"})
#: A cut-off answer: what the ideal completes is classified difference by difference, so the
#: completion itself is no further significant fix (it would count the same content twice).
COMPLETED_RULES = frozenset({"CMP005"})
_MINOR_CATEGORIES = ("formatting", "documentation", "portability", "validation", "syntax")


def finding_class(rule_id: str, severity: str, category: str) -> tuple[str, str]:
    """(class, reason) of fixing the finding `rule_id` of the given severity and category."""
    if rule_id in MINOR_RULES:
        return "C", f"lint or boilerplate fix ({rule_id})"
    if rule_id in PATTERN_RULES:
        return "B", f"naming or tagging standard ({rule_id})"
    if rule_id in COMPLETED_RULES:
        return "B", f"the rest of a cut-off answer ({rule_id}); its content is classified on its own"
    if category == "security" and severity in ("critical", "high", "medium"):
        return "A", f"fixes security finding {rule_id}"
    if category in _MINOR_CATEGORIES:
        return "C", f"{category} fix ({rule_id})"
    if category in ("reliability", "completeness", "deployment") and severity in ("critical", "high"):
        return "A", f"{category} fix ({rule_id})"
    return "B", f"{category} fix ({rule_id})"
