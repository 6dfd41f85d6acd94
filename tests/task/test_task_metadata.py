"""metadata.json as dataset files really are: tolerant parsing, structured problems."""

from __future__ import annotations

import json

import pytest

from iacreview.task import parse_metadata


def parse(data: object) -> tuple:
    return parse_metadata(json.dumps(data, indent=2))


def test_valid_metadata_is_read_and_normalised() -> None:
    meta, problems = parse({
        "platform": "terraform", "language": "HCL", "complexity": "hard", "turn_type": "single",
        "training_quality": 9, "aws_services": ["S3", "VPC"], "subject_labels": ["x"], "region": "eu-west-1",
    })
    assert problems == []
    assert (meta.platform, meta.language) == ("tf", "hcl")
    assert (meta.complexity, meta.turn_type, meta.region) == ("hard", "single", "eu-west-1")
    assert meta.training_quality == 9.0
    assert meta.aws_services == ["S3", "VPC"]
    assert meta.get("region") == "eu-west-1"


@pytest.mark.parametrize(
    ("platform", "language", "expected"),
    [("tf", "hcl", ("tf", "hcl")), ("cdk", "ts", ("cdk", "ts")), ("cdktf", "py", ("cdktf", "py")),
     ("pulumi", "go", ("pulumi", "go")), ("cfn", "yaml", ("cfn", "yaml")), ("CloudFormation", "json", ("cfn", "json")),
     ("pulumi", "java", ("pulumi", "java")), ("cdk", "typescript", ("cdk", "ts"))],
)
def test_platform_and_language_codes(platform: str, language: str, expected: tuple[str, str]) -> None:
    meta, _ = parse({"platform": platform, "language": language, "training_quality": 8})
    assert (meta.platform, meta.language) == expected


def test_invalid_json_gives_line_and_column() -> None:
    meta, problems = parse_metadata('{\n  "platform": "tf",\n  "training_quality": 9,,\n}\n')
    assert [(p.kind.value, p.line, p.col) for p in problems] == [("metadata-json", 3, 25)]
    assert meta.present and meta.platform is None


def test_top_level_must_be_an_object() -> None:
    _, problems = parse_metadata("[1, 2]")
    assert [p.kind.value for p in problems] == ["metadata-type"]


@pytest.mark.parametrize(
    ("value", "number", "kinds"),
    [
        (9, 9.0, []),
        (8.5, 8.5, ["metadata-type"]),
        ("8", 8.0, ["metadata-type"]),
        ("high", None, ["metadata-type"]),
        (None, None, ["metadata-type"]),
        (True, None, ["metadata-type"]),
        (0.95, 0.95, ["metadata-type", "metadata-value"]),
        (42, 42.0, ["metadata-value"]),
        ([9], None, ["metadata-type"]),
    ],
)
def test_training_quality_variants(value: object, number: float | None, kinds: list[str]) -> None:
    meta, problems = parse({"platform": "tf", "language": "hcl", "training_quality": value})
    assert meta.training_quality == number
    assert [p.kind.value for p in problems] == kinds
    assert all(p.line == 4 and p.col == 3 for p in problems)


def test_missing_keys_are_problems() -> None:
    meta, problems = parse({"complexity": "hard"})
    assert {p.message for p in problems} == {
        "'platform' is missing", "'language' is missing", "'training_quality' is missing"}
    assert meta.training_quality is None


def test_wrong_types_are_problems_not_exceptions() -> None:
    meta, problems = parse({"platform": 5, "language": ["hcl"], "aws_services": "S3", "complexity": {}, "training_quality": 9})
    assert [(p.kind.value, p.message.split("'")[1]) for p in problems] == [
        ("metadata-type", "platform"), ("metadata-type", "language"), ("metadata-type", "complexity"),
        ("metadata-type", "aws_services")]
    assert meta.platform is None and meta.aws_services == [] and meta.complexity is None


def test_unknown_platform_is_reported() -> None:
    meta, problems = parse({"platform": "ansible", "language": "hcl", "training_quality": 9})
    assert meta.platform is None
    assert [p.message for p in problems] == ["unknown platform 'ansible'"]


def test_missing_file_is_not_present() -> None:
    meta, problems = parse_metadata(None)
    assert not meta.present and problems == []
