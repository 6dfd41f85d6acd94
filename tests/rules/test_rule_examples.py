"""Each rule's documented bad example triggers it and its good example does not.

The examples are what users read in the docs and in reviews; this keeps them honest.
"""

from __future__ import annotations

import pytest

from iacreview.check.engine import run_checks
from iacreview.model.config import Configuration
from iacreview.rules.registry import all_rules

# Rules whose examples need more context than one file can carry (a task, a second
# file, another rule's output), each with the reason.
CONTEXTUAL = {
    "FMT001": "the good example is formatted; the bad one is checked by its YAML cases",
    "SEC071": "the example shows only the policy document, not the role that uses it",
    "SEC073": "the example shows only the policy document, not the role that uses it",
    "SEC079": "the example shows only the trust policy document, not the role",
    "SEC081": "the example abbreviates the key material",
    "SEC084": "the example leaves out the random_password resource it reads",
    "OPS022": "the example leaves out the resource the variable names",
    "OPS090": "needs the other rules' findings (checked in tests/check)",
    "VAL022": "needs the module's own files beside the call",
    "VAL023": "needs the module's own files beside the call",
}
# Options (as a review derives them from the prompt) that a rule's examples assume.
OPTIONS = {
    "COST010": {"single_nat_ok": True},
    "OPS030": {"destroyable": True},
    "OPS031": {"destroyable": True},
    "REL022": {"ha_required": True},
}
RULES = [r for r in all_rules() if r.meta.scope == "config"]


def _findings(rule, text):
    config = Configuration.from_files({"main.tf": text})
    result = run_checks(config, [rule], options=dict(OPTIONS.get(rule.id, {})))
    assert result.errors == []
    return [f for f in result.findings if f.rule == rule.id]


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_bad_example_triggers_and_good_example_does_not(rule):
    if rule.id in CONTEXTUAL:
        pytest.skip(CONTEXTUAL[rule.id])
    assert _findings(rule, rule.meta.bad), f"{rule.id}: the bad example does not trigger the rule"
    assert not _findings(rule, rule.meta.good), f"{rule.id}: the good example triggers the rule"
