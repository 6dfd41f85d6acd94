"""Terraform's "Did you mean": the banded distance agrees with a plain Levenshtein distance."""

from __future__ import annotations

from hypothesis import given, strategies as st

from iacreview.schema.suggest import MAX_DISTANCE, did_you_mean, distance


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@given(st.text(alphabet="ab_c", max_size=10), st.text(alphabet="ab_c", max_size=10))
def test_banded_distance_is_levenshtein_capped(a, b):
    assert distance(a, b) == min(_levenshtein(a, b), MAX_DISTANCE)


def test_hints_as_terraform_gives_them():
    assert did_you_mean("vpc_zone_identifiers", ["max_size", "vpc_zone_identifier"]) == ' Did you mean "vpc_zone_identifier"?'
    assert did_you_mean("statuss", ["status", "mfa_delete"]) == ' Did you mean "status"?'
    assert did_you_mean("log_destination_arn", ["log_destination", "log_destination_type"]) == ""
    assert did_you_mean("name", ["db_name", "identifier"]) == ""
