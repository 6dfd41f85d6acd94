"""What a task's prompt asks for, read with stated patterns: regions, documents, tests, HA.

Each signal is a small, documented reading of the prompt's words; the review
passes them to rules (as options) and to the score (as facts).
"""

from __future__ import annotations

import re

REGION = re.compile(
    r"\b(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b"
)
_DOC_NAME = re.compile(r"(?<![\w/.-])([\w.-]+\.(?:md|csv|txt|json|yaml|yml|pdf))\b", re.IGNORECASE)
_CODE_SUFFIXES = (".tf", ".tfvars", ".json", ".yaml", ".yml")
_TESTS = re.compile(r"\b(unit tests?|integration tests?|tests?\b|testing|terratest|test cases?|test suite)", re.IGNORECASE)
_DESTROY = re.compile(
    r"destroyable|can be destroyed|must be destroy|tear(?:ing)? ?down|cleanly destroyed|no deletion protection|"
    r"deletion[_ ]protection (?:disabled|false|off|must be (?:disabled|false))|skip[_ ]final[_ ]snapshot",
    re.IGNORECASE,
)
# "Multi-AZ … behind a variable / optional / toggle" makes it a choice, not a requirement.
_HA = re.compile(
    r"high[- ]availability|highly available|fault[- ]tolerant|automatic failover|"
    r"multi[- ]az(?![^.\n]{0,60}\b(?:variable|optional|toggle|flag|switch|configurable|disabled))",
    re.IGNORECASE,
)
_COST = re.compile(r"cost[- ](?:optimi[sz]|saving|effective|efficient)|single nat|one nat|minimi[sz]e costs?", re.IGNORECASE)


def regions_in(text: str) -> list[str]:
    seen: list[str] = []
    for region in REGION.findall(text):
        if region not in seen:
            seen.append(region)
    return seen


def task_region(prompt: str, metadata_region: str | None) -> str | None:
    """The one region the task asks for: metadata's, else the prompt's if it names exactly one."""
    if metadata_region:
        return metadata_region
    regions = regions_in(prompt)
    return regions[0] if len(regions) == 1 else None


def requested_documents(prompt: str) -> list[str]:
    """File names of documents the prompt asks for (runbook.md, id-mapping.csv, …), not code files."""
    names: list[str] = []
    for name in _DOC_NAME.findall(prompt):
        lower = name.lower()
        if lower.endswith(_CODE_SUFFIXES) and not lower.endswith((".md", ".csv")):
            continue
        if lower in ("prompt.md", "model_response.md", "ideal_response.md", "model_failures.md", "metadata.json"):
            continue
        if name not in names:
            names.append(name)
    return names


def asks_for_tests(prompt: str) -> bool:
    return bool(_TESTS.search(prompt))


def rule_options(prompt: str) -> dict[str, bool]:
    """Options the rules read: destroyable test environment, HA required, cost focus."""
    return {
        "destroyable": bool(_DESTROY.search(prompt)),
        "ha_required": bool(_HA.search(prompt)),
        "single_nat_ok": bool(_COST.search(prompt)),
    }
