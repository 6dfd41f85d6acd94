"""Both rubrics' arithmetic, their named checks, and rubric files users write themselves."""

from __future__ import annotations

import pytest

from iacreview.score import FailureFact, FixFact, RubricError, ScoreFacts, load_rubric, score
from iacreview.score.checks import CHECKS


def seed_case_facts() -> ScoreFacts:
    return ScoreFacts(
        failures=[FailureFact("medium", "formatting", "fmt"), FailureFact("low", "operations", "backend")],
        prompt="Migrate the application from us-west-1 to us-west-2.",
        region_from_variable=True,
        uses_workspaces=True,
        requested_docs=["runbook.md"],
        present_docs={"runbook.md": True},
        test_cases=5,
        test_files=["test/a.py"],
    )


def test_seed_rubric_reproduces_the_seed_arithmetic():
    result = score(load_rubric("seed"), seed_case_facts())
    assert (result.base, result.penalties, result.bonuses, result.raw, result.final) == (8, -0.75, 1.25, 8.5, 8)
    assert result.lines[1] == "1 medium failure (formatting): -0.5"
    assert result.lines[2] == "1 low failure (operations): -0.25"
    assert result.lines[-1] == "Adjusted score: 7.25 + 1.25 = 8.5 → 8/10 (rounded down)"


def test_seed_penalties_for_high_and_critical_and_clamp():
    facts = ScoreFacts(failures=[FailureFact("critical", "security", "x")] * 5)
    result = score(load_rubric("seed"), facts)
    assert result.raw == -2 and result.final == 0


def tv(facts: ScoreFacts) -> int:
    return score(load_rubric("training-value"), facts).final


def fixes(a: int = 0, b: int = 0, c: int = 0) -> list[FixFact]:
    return [FixFact("A", "a")] * a + [FixFact("B", "b")] * b + [FixFact("C", "c")] * c


def single_service() -> dict:
    return {"ideal_resource_types": {"aws_s3_bucket"}, "ideal_resource_count": 1}


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((2, 0, 0), 8 + 2 - 1),  # two or more A: +2 (single service: -1)
        ((1, 3, 5), 8 + 1 - 1),  # one A: +1, C and D penalties do not apply
        ((0, 2, 3), 8 + 0 - 1),  # B without A: +0
        ((0, 0, 6), 8 - 2 - 1),  # only C, 6 or more
        ((0, 0, 4), 8 - 1 - 1),  # only C, 4-5
        ((0, 0, 3), 8 - 3 - 1),  # D: 3 fixes
        ((0, 0, 2), 8 - 4 - 1),  # D: 1-2 fixes
    ],
)
def test_training_value_fix_classes(counts, expected):
    assert tv(ScoreFacts(fixes=fixes(*counts), **single_service())) == expected


def test_training_value_blockers_replace_everything():
    facts = ScoreFacts(fixes=fixes(a=3), platform_mismatch=True, platform_detail="platform: task asks tf, answer is cdk")
    result = score(load_rubric("training-value"), facts)
    assert result.final == 3 and result.blocker == "platform_mismatch"
    facts = ScoreFacts(fixes=fixes(a=3), task_region="us-east-1", code_regions={"eu-west-1"})
    assert tv(facts) == 5
    facts = ScoreFacts(required_services=["s3", "lambda", "sqs"], missing_services=["lambda", "sqs"])
    assert tv(facts) == 4


def test_training_value_complexity_is_capped():
    facts = ScoreFacts(
        fixes=fixes(b=1),
        ideal_resource_types={"aws_lambda_function", "aws_sqs_queue", "aws_kms_key", "aws_autoscaling_group",
                              "aws_s3_bucket"},
        ideal_resource_count=12,
        ideal_cross_service_links=3,
    )
    result = score(load_rubric("training-value"), facts)
    assert result.final == 10 and any("capped" in line for line in result.lines)
    assert result.accepted is True


def test_no_ideal_means_no_fix_adjustment():
    facts = ScoreFacts(has_ideal=False, **single_service())
    assert tv(facts) == 7


def test_every_rubric_check_is_documented():
    for name, check in CHECKS.items():
        assert check.__doc__ and len(check.__doc__) > 30, name


def test_multi_region_and_documentation_checks():
    assert CHECKS["multi_region_strategy"](ScoreFacts(prompt="Deploy in one region.", provider_regions={"a", "b"}))[0] is False
    assert CHECKS["multi_region_strategy"](ScoreFacts(prompt="A multi-region setup.", provider_regions={"a", "b"}))[0]
    holds, why = CHECKS["complete_documentation"](ScoreFacts(requested_docs=["runbook.md"], present_docs={}))
    assert not holds and "runbook.md" in why


def test_custom_rubric_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('name = "mine"\nbase = 6\n[penalties]\nmedium = -1\n[[bonuses]]\ncheck = "testing_approach"\npoints = 2\n')
    result = score(load_rubric(str(path)), seed_case_facts())
    assert result.raw == 6 - 1 + 0 + 2 and result.final == 7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('base = "x"\n', ":1:1: 'base' must be a number"),
        ('base = 8\n[[bonuses]]\ncheck = "nope"\npoints = 1\n', ":3:10: bonuses: unknown check 'nope'"),
        ("base = \n", ":1:8: invalid TOML"),
        ('kind = "other"\n', ":1:1: kind must be one of"),
    ],
)
def test_bad_rubric_files_name_file_line_and_column(tmp_path, text, expected):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(RubricError) as info:
        load_rubric(str(path))
    assert str(info.value).startswith(str(path) + expected)


def test_unknown_rubric_name():
    with pytest.raises(RubricError):
        load_rubric("no-such-rubric")


def test_no_resource_at_all_is_not_a_basic_single_service():
    """Absent code is no evidence of a basic architecture: neither penalty nor bonus."""
    assert CHECKS["single_service_basic"](ScoreFacts())[0] is False
    assert CHECKS["single_service_basic"](ScoreFacts(**single_service()))[0] is True
    assert tv(ScoreFacts(has_ideal=False)) == 8


def test_a_cluster_type_alone_is_not_high_availability():
    """RUBRICS.md's high availability is multi-AZ, auto scaling or failover: one Aurora instance has none."""
    ha = CHECKS["high_availability"]
    one = ScoreFacts(ideal_resource_types={"aws_rds_cluster", "aws_rds_cluster_instance"},
                     ideal_instances_by_type={"aws_rds_cluster_instance": 1})
    assert not ha(one)[0]
    two = ScoreFacts(ideal_resource_types={"aws_rds_cluster", "aws_rds_cluster_instance"},
                     ideal_instances_by_type={"aws_rds_cluster_instance": 2})
    assert ha(two) == (True, "2 Aurora cluster instances")
    redis = ScoreFacts(ideal_resource_types={"aws_elasticache_replication_group"},
                       ideal_attributes={"aws_elasticache_replication_group": {"node_type"}})
    assert not ha(redis)[0]
    redis.ideal_attributes["aws_elasticache_replication_group"].add("multi_az_enabled")
    assert ha(redis)[0]


def test_a_notification_topic_alone_is_not_an_advanced_pattern():
    """An alarm's SNS topic is notification, not an event-driven architecture."""
    advanced = CHECKS["advanced_patterns"]
    assert not advanced(ScoreFacts(ideal_resource_types={"aws_sns_topic", "aws_sqs_queue", "aws_instance"}))[0]
    assert advanced(ScoreFacts(ideal_resource_types={"aws_sqs_queue", "aws_lambda_event_source_mapping"}))[0]


def test_api_gateway_resources_are_one_service():
    """aws_api_gateway_stage is API Gateway: it made the ideal look like two services ("api", "apigateway")."""
    from iacreview.rules.services import service_of

    assert {service_of(t) for t in ("aws_api_gateway_rest_api", "aws_api_gateway_stage",
                                    "aws_api_gateway_deployment")} == {"apigateway"}
    assert service_of("aws_cloudwatch_event_target") == "eventbridge"
    assert service_of("aws_eip_association") == "ec2"
    assert service_of("aws_route53_zone") == "route53"
    assert service_of("aws_networkfirewall_firewall") == "networkfirewall"
    integrated = CHECKS["multiple_services_integrated"]
    facts = ScoreFacts(ideal_resource_types={"aws_api_gateway_rest_api", "aws_api_gateway_stage",
                                             "aws_lambda_function", "aws_cloudwatch_log_group"},
                       ideal_cross_service_links=2)
    assert not integrated(facts)[0]
