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
# Tests as a deliverable: a named kind of test, a test suite, test files or coverage.
_TESTS = re.compile(
    r"\b(?:(?:unit|integration|e2e|end-to-end|infrastructure|compliance)"
    r"(?:\s*(?:/|,|and|or|&)\s*(?:unit|integration|e2e|end-to-end))*\s+tests?"
    r"|test\s+(?:suites?|files?|coverage|cases?)|terratest|comprehensive\s+(?:testing|tests?)|with\s+tests)\b"
    r"(?!\s+(?:failures?|isolation|purposes?|outputs?|executions?|environments?)\b)"
    r"|^[ \t]*(?:[-*•]|\d+[.)])?[ \t]*(?:\*\*)?tests(?:\*\*)?:"  # "- Tests: …" in a list of deliverables
    # A section of the prompt about testing: "## Testing", "### Testing and Validation", "**Testing Procedures:**".
    r"|^[ \t]*(?:#{1,6}[ \t]*|\*\*)(?:\d+[.)][ \t]*)?(?:testing|tests)"
    r"(?:[ \t]+(?:requirements|approach|strategy|procedures|plan|and validation|& validation))?[ \t]*:?(?:\*\*)?:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# The same words used for something else: tests that run elsewhere and need outputs ("outputs for
# integration tests", "so unit tests can parse …", "friendly to CI unit/E2E tests"), or a condition.
_TESTS_BEFORE = re.compile(r"(?:\bfor|\bso(?: that)?|\bfriendly to|\bsupport|\bif you \w+)\s+(?:[\w-]+[\s/]+){0,2}$", re.IGNORECASE)
_TESTS_AFTER = re.compile(r"\s*(?:will|can|may|require|requires|only)\b", re.IGNORECASE)
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


_SUFFIX_VARIABLE = re.compile(r"\b(environment_?suffix|environmentSuffix|env_?suffix)\b", re.IGNORECASE)
_NAMES = re.compile(r"\bnam(?:e|es|ed|ing)\b", re.IGNORECASE)
_TAGS = re.compile(r"\btag(?:s|ged|ging)?\b", re.IGNORECASE)


def required_name_suffix(prompt: str) -> str | None:
    """The suffix variable the prompt wants in every resource name ("names must include environmentSuffix").

    Read line by line: the line names the variable and speaks of names, not of
    tags ("tag every resource with Environment (use the environmentSuffix
    variable)" asks for a tag).
    """
    for line in prompt.splitlines():
        match = _SUFFIX_VARIABLE.search(line)
        if match and _NAMES.search(line) and not _TAGS.search(line):
            return match.group(1)
    return None


def asks_for_tests(prompt: str) -> bool:
    """The prompt asks for tests as part of the answer, not merely for outputs that tests elsewhere read.

    Prompts say "testing" for many things that are not a deliverable: A/B
    testing, DR tests, an environment "for testing", teardown "for testing
    purposes", outputs "for integration tests". A request names the tests
    (unit, integration, a test suite, test files, coverage) and does not make
    them the purpose of something else.
    """
    for match in _TESTS.finditer(prompt):
        line_start = prompt.rfind("\n", 0, match.start()) + 1
        before = prompt[line_start:match.start()]
        if _TESTS_BEFORE.search(before) or _TESTS_AFTER.match(prompt, match.end()):
            continue
        return True
    return False


_REMOTE_STATE = re.compile(
    r"\b(?:s3|remote)\s+(?:state\s+)?backend|backend\s+(?:for|with)\s+(?:the\s+)?(?:terraform\s+)?state|"
    r"remote\s+state|state\s+(?:file\s+)?(?:is\s+|must\s+be\s+)?(?:stored|kept)\s+in\s+s3|state\s+locking",
    re.IGNORECASE,
)
_NO_BACKEND = re.compile(
    r"\b(?:do\s+not|don't|no\s+need\s+to|not)\s+(?:add|include|define|write)\b|\binject|\balready\b|\boptional\b",
    re.IGNORECASE,
)


def asks_for_remote_state(prompt: str) -> bool:
    """The prompt wants the state in a remote backend ("Configure the S3 backend for remote state").

    A line that says the harness injects the backend, that it already exists, that it is optional, or not to
    add one, does not count.
    """
    return any(_REMOTE_STATE.search(line) and not _NO_BACKEND.search(line) for line in prompt.splitlines())


def rule_options(prompt: str) -> dict[str, bool]:
    """Options the rules read: destroyable test environment, HA required, cost focus, remote state asked for."""
    return {
        "destroyable": bool(_DESTROY.search(prompt)),
        "ha_required": bool(_HA.search(prompt)),
        "single_nat_ok": bool(_COST.search(prompt)),
        "remote_state": asks_for_remote_state(prompt),
    }
