"""Small task folders of tests/review/golden_tasks, each a case of issue 14, reviewed exactly as their goldens say.

Regenerate with `python scripts/regen_review_goldens.py` and read the diff before committing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iacreview.report.markdown_review import render_markdown
from iacreview.review.build import review_task
from iacreview.score import load_rubric

HERE = Path(__file__).parent
TASKS = HERE / "golden_tasks"
GOLDEN = HERE / "golden"
NAMES = sorted(p.name for p in TASKS.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def reviews():
    return {}


def _review(reviews, name):
    if name not in reviews:
        reviews[name] = review_task(TASKS / name, None, "seed")
    return reviews[name]


@pytest.mark.parametrize("name", NAMES)
def test_review_matches_golden(reviews, name):
    review = _review(reviews, name)
    assert review == json.loads((GOLDEN / f"{name}.seed.json").read_text())
    assert render_markdown(review, load_rubric("seed").title) == (GOLDEN / f"{name}.seed.md").read_text()


def test_a_defect_the_ideal_shares_is_still_a_failure(reviews):
    """Model and ideal are identical: the open SSH port is the model's failure all the same."""
    review = _review(reviews, "identical-ideal")
    ssh = next(f for f in review["failures"] if f["rule"] == "SEC050")
    assert ssh["severity"] == "high" and ssh["shared_with_ideal"] is True
    assert "0.0.0.0/0" not in ssh["fix"]  # the ideal's (equally open) code is not quoted as the fix
    assert "var.admin_cidr" in ssh["fix"]
    assert review["fixes"] == []  # nothing differs, so nothing is a fix
    text = render_markdown(review, load_rubric("seed").title)
    assert "**Also in the IDEAL_RESPONSE**" in text


def test_a_single_nat_gateway_asked_and_one_per_zone_built(reviews):
    review = _review(reviews, "nat-single-asked")
    nat = next(f for f in review["failures"] if f["rule"] == "REQ001")
    assert nat["severity"] == "high" and nat["category"] == "requirement"
    assert "a single NAT gateway shared by both zones" in nat["message"] and "PROMPT.md line 5" in nat["message"]
    assert 'resource "aws_nat_gateway" "main"' in nat["model_excerpt"] and "count" in nat["model_excerpt"]
    assert "COST010" not in {f["rule"] for f in review["failures"]}  # the same NAT count is not charged twice
    status = {r["description"]: r["status"] for r in review["requirements"]}
    assert status["exactly 1 NAT gateway (shared)"] == "not met"
    assert status["exactly 2 availability zones"] == "met" and status["output vpc id"] == "met"


def test_an_s3_bucket_the_prompt_asks_for_is_a_missing_service_without_metadata(reviews):
    review = _review(reviews, "s3-asked-absent")
    rules = {f["rule"]: f for f in review["failures"]}
    assert "CMP002" not in rules
    missing = rules["CMP001"]
    assert missing["severity"] == "high" and "s3" in missing["message"]
    assert "an encrypted private S3 bucket for the uploaded images" in missing["message"]
    assert 'resource "aws_s3_bucket" "uploads"' in missing["fix"]


def test_a_missing_service_the_ideal_adds_is_one_fix_not_two(reviews):
    """The ideal's bucket is the missing service's fix; CMP001 fixed is not counted as a second fix beside it."""
    review = _review(reviews, "s3-asked-absent")
    fixes = review["fixes"]
    assert [fx["class"] for fx in fixes if fx["resource_type"] == "aws_s3_bucket"] == ["A"]
    assert not [fx for fx in fixes if fx["what"] == "finding" and fx["rule"] == "CMP001"]


def test_the_seed_example_is_a_nearly_perfect_answer_for_the_training_value_rubric():
    """Formatting and backend placeholders are minor (C) fixes: three of them are category D (-3) by RUBRICS.md."""
    review = review_task(HERE.parent.parent / "examples" / "region-migration", None, "training-value")
    assert review["fix_counts"] == {"C": 3}
    assert "Category D (3 minor fixes): -3" in review["score"]["lines"]


def test_prompt_waivers_turn_off_what_they_waive(reviews):
    review = _review(reviews, "prompt-waivers")
    rules = {f["rule"] for f in review["failures"]}
    assert not rules & {"REL022", "PORT001", "OPS027"}
    assert {w["waiver"] for w in review["waivers"]} == {"single-az", "region-fixed", "local-state", "no-modules"}
    module = next(fx for fx in review["fixes"] if fx["what"] == "module")
    assert module["class"] == "C" and "prompt asks not to" in module["reason"]
    text = render_markdown(review, load_rubric("seed").title)
    assert "Match the ideal's configuration: module" not in text


def test_without_the_waivers_the_same_answer_gets_those_findings(tmp_path):
    import shutil

    task = tmp_path / "t"
    shutil.copytree(TASKS / "prompt-waivers", task)
    (task / "lib" / "PROMPT.md").write_text(
        "Write Terraform (HCL) for the production reporting database.\n\n"
        "- PostgreSQL 15 on RDS, db.t3.medium, 7 days of automated backups\n"
        "- Keep the state in an S3 remote state backend.\n")
    review = review_task(task, None, "seed")
    rules = {f["rule"] for f in review["failures"]}
    assert {"REL022", "PORT001", "OPS027"} <= rules
    backend = next(r for r in review["requirements"] if r["kind"] == "backend")
    assert backend["status"] == "not met" and backend["reported_by"] == "OPS027"  # charged once, as OPS027
    module = next(fx for fx in review["fixes"] if fx["what"] == "module")
    assert module["class"] == "B"


def test_one_nat_gateway_per_zone_asked_and_a_single_one_built(tmp_path):
    import shutil

    task = tmp_path / "t"
    shutil.copytree(TASKS / "nat-single-asked", task)
    prompt = (task / "lib" / "PROMPT.md").read_text().replace(
        "a single NAT gateway shared by both zones, to keep the bill down", "a NAT gateway in each availability zone")
    (task / "lib" / "PROMPT.md").write_text(prompt)
    model, ideal = task / "lib" / "MODEL_RESPONSE.md", task / "lib" / "IDEAL_RESPONSE.md"
    text_model, text_ideal = model.read_text(), ideal.read_text()
    model.write_text(text_ideal)  # the model now builds one, the ideal one per zone
    ideal.write_text(text_model)
    review = review_task(task, None, "seed")
    nat = next(f for f in review["failures"] if f["rule"] == "REQ001")
    assert nat["severity"] == "high" and "1 NAT gateway(s) for 2 zone(s)" in nat["message"]


def test_requirements_command_lists_each_requirement(tmp_path):
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "iacreview", "requirements", str(TASKS / "nat-single-asked")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "PROMPT.md:5: not met       exactly 1 NAT gateway (shared) [REQ001]" in run.stdout
    data = subprocess.run([sys.executable, "-m", "iacreview", "requirements", str(TASKS / "nat-single-asked"),
                           "--format", "json"], capture_output=True, text=True, timeout=120)
    items = json.loads(data.stdout)["requirements"]
    assert {i["status"] for i in items} <= {"met", "not met", "not checkable"}
    assert all(i["sentence"] and i["line"] >= 1 and "evidence" in i for i in items)


def test_a_syntax_error_near_the_top_hides_nothing_after_it(reviews):
    """`variable "x" { type = list(string); default = [] }` near the top (as in Pr1589)."""
    review = _review(reviews, "syntax-error-read-past")
    rules = [f["rule"] for f in review["failures"]]
    syntax = [f for f in review["failures"] if f["rule"] == "SYN001"]
    assert len(syntax) == 1 and syntax[0]["message"] == "invalid character ';'"  # the stray '}' is not charged
    assert "CMP001" not in rules and "CMP002" not in rules  # CloudTrail, SNS and S3 are all in the answer
    assert {"aws_cloudtrail", "aws_sns_topic", "aws_s3_bucket", "aws_s3_bucket_policy"} <= set(review["plan"]["by_type"])
    assert "SEC008" not in rules and "SEC009" not in rules  # SSE and the TLS-only policy after the error are read
    other = review_task(TASKS / "syntax-error-read-past", None, "training-value")
    assert other["plan"] == review["plan"] and other["failures"] == review["failures"]  # both rubrics, same facts
    assert not any("missing" in line for line in other["score"]["lines"])


def test_a_resource_no_parse_can_read_is_not_called_missing(tmp_path):
    import shutil

    task = tmp_path / "t"
    shutil.copytree(TASKS / "syntax-error-read-past", task)
    model = task / "lib" / "MODEL_RESPONSE.md"
    text = model.read_text().replace(
        'resource "aws_sns_topic" "alerts" {\n  name = "${var.name}-alerts"\n}',
        'resource "aws_sns_topic" "alerts" { name = "${var.name}-alerts"; display_name = "alerts" }')
    model.write_text(text)
    review = review_task(task, None, "seed")
    assert not any(f["rule"] in ("CMP001", "CMP002") for f in review["failures"])


def test_differences_that_decide_whether_the_stack_works_are_failures(reviews):
    review = _review(reviews, "fixes-that-fail")
    rules = {f["rule"]: f for f in review["failures"]}
    permissions = rules["DIF002"]
    assert permissions["category"] == "deployment" and "s3:PutObject" in permissions["message"]
    assert '"s3:GetObject"' in permissions["model_excerpt"] and '"s3:PutObject"' in permissions["fix"]  # both sides
    wiring = rules["DIF003"]
    assert "dead_letter_config" in wiring["message"] and "aws_lambda_permission.s3" in wiring["message"]
    assert "dead_letter_config" in wiring["fix"]
    explained = {fx["address"]: fx["rule"] for fx in review["fixes"]}
    assert explained["aws_lambda_permission.s3"] == "DIF003" and explained["aws_iam_role_policy.fn"] == "DIF002"


def test_plain_restructuring_stays_a_difference(tmp_path):
    import shutil

    task = tmp_path / "t"
    shutil.copytree(TASKS / "fixes-that-fail", task)
    model = (task / "lib" / "MODEL_RESPONSE.md").read_text()
    renamed = model.replace('"thumbnail" {', '"resize" {').replace("aws_lambda_function.thumbnail", "aws_lambda_function.resize")
    (task / "lib" / "IDEAL_RESPONSE.md").write_text(renamed)  # the same stack, one resource renamed
    review = review_task(task, None, "seed")
    assert not any(f["rule"].startswith("DIF") for f in review["failures"])
    assert all(fx["class"] == "C" for fx in review["fixes"])


def test_a_requirement_failure_quotes_the_prompt_beside_the_code(reviews):
    review = _review(reviews, "nat-single-asked")
    nat = next(f for f in review["failures"] if f["rule"] == "REQ001")
    assert nat["prompt"] == [{"line": 5, "sentence": "a single NAT gateway shared by both zones, to keep the bill down"}]
    text = render_markdown(review, load_rubric("seed").title)
    assert "**PROMPT Requirement**:\n> a single NAT gateway shared by both zones" in text
