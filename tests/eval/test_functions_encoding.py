"""Table-driven tests for the encoding functions (cases in cases/functions_encoding.yaml)."""

import pytest

from evalcases import case_id, load_cases, run_function_case

CASES = load_cases("functions_encoding.yaml")


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_case(case):
    run_function_case(case)
