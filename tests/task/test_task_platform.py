"""Platform and language from code, from prompts, and whether the views agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacreview.task import (
    PlatformGuess,
    Role,
    compare_platforms,
    default_looks_like_hcl,
    detect_code_platform,
    detect_text_platform,
)
from iacreview.task.answer import answer_from_markdown

CODE_SAMPLES = [
    ("tf", "hcl", "hcl", 'terraform {\n  required_version = ">= 1.5"\n}\n\nresource "aws_s3_bucket" "b" {}\n'),
    ("cdk", "ts", "typescript", "import * as cdk from 'aws-cdk-lib';\nimport { Bucket } from 'aws-cdk-lib/aws-s3';\n"),
    ("cdk", "py", "python", "from aws_cdk import Stack\nimport aws_cdk.aws_s3 as s3\n"),
    ("cdk", "go", "go", 'import (\n  "github.com/aws/aws-cdk-go/awscdk/v2"\n)\n'),
    ("cdk", "java", "java", "import software.amazon.awscdk.Stack;\n"),
    ("cdktf", "ts", "typescript", 'import { App, TerraformStack } from "cdktf";\nimport { AwsProvider } from "@cdktf/provider-aws/lib/provider";\n'),
    ("cdktf", "py", "python", "from constructs import Construct\nfrom cdktf import App, TerraformStack\n"),
    ("cdktf", "go", "go", 'import "github.com/hashicorp/terraform-cdk-go/cdktf"\n'),
    ("cdktf", "java", "java", "import com.hashicorp.cdktf.App;\n"),
    ("pulumi", "ts", "typescript", 'import * as pulumi from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\n'),
    ("pulumi", "py", "python", "import pulumi\nimport pulumi_aws as aws\n"),
    ("pulumi", "go", "go", 'import "github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"\n'),
    ("pulumi", "java", "java", "import com.pulumi.Pulumi;\n"),
    ("cfn", "yaml", "yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"),
    ("cfn", "json", "json", '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {"B": {"Type": "AWS::S3::Bucket"}}\n}\n'),
]


@pytest.mark.parametrize(("platform", "language", "lang", "text"), CODE_SAMPLES)
def test_code_evidence(platform: str, language: str, lang: str, text: str) -> None:
    guess = detect_code_platform([("stack", lang, text, Role.CODE)])
    assert (guess.platform, guess.language) == (platform, language)
    assert 0 < guess.confidence <= 1
    assert guess.evidence and guess.evidence[0].startswith("stack:")


def test_no_evidence_is_unknown() -> None:
    guess = detect_code_platform([("notes", "text", "just words", Role.DOC)])
    assert guess == PlatformGuess(None, None, 0.0, ())


def test_tests_and_shell_snippets_weigh_less_than_code() -> None:
    pieces = [
        ("main.tf", "hcl", 'resource "aws_vpc" "v" {}\nresource "aws_subnet" "s" {}\n', Role.CODE),
        ("test/stack.test.ts", "typescript", 'import { Template } from "aws-cdk-lib/assertions";\n', Role.TEST),
        (None, "bash", "cdk deploy\n", Role.DOC),
    ]
    guess = detect_code_platform(pieces)
    assert (guess.platform, guess.language) == ("tf", "hcl")
    assert guess.confidence < 1


def test_cdktf_wins_over_the_hcl_it_might_mention() -> None:
    ts = 'import { TerraformStack } from "cdktf";\nclass S extends TerraformStack {}\n'
    guess = detect_code_platform([("main.ts", "typescript", ts, Role.CODE)])
    assert guess.platform == "cdktf" and guess.language == "ts"


@pytest.mark.parametrize(
    ("prompt", "platform", "language"),
    [
        ("Build it.\n\n- Platform: Terraform\n- Language: HCL\n", "tf", "hcl"),
        ("> Platform: **pulumi**\n> Language: **ts**\n", "pulumi", "ts"),
        ("- **Platform**: AWS CDK\n- **Language**: TypeScript\n", "cdk", "ts"),
        ("Create this using **CDKTF with Python**. Use Terraform workspaces and Terraform 1.5.", "cdktf", "py"),
        ("Deploy via CDK for Terraform (CDKTF) in TypeScript.", "cdktf", "ts"),
        ("Create a production-ready CloudFormation YAML template.", "cfn", "yaml"),
        ("Create a Pulumi Python program; Lambda handlers in Node.js.", "pulumi", "py"),
        ("Write Terraform for Lambda functions written in Python that emit JSON.", "tf", "hcl"),
        ("Write the configuration in Terraform JSON syntax (.tf.json files).", "tf", "json"),
        ("Use Go with the AWS CDK to build the stack.", "cdk", "go"),
    ],
)
def test_prompt_detection(prompt: str, platform: str, language: str) -> None:
    guess = detect_text_platform(prompt)
    assert (guess.platform, guess.language) == (platform, language)


def test_prompt_without_platform_words_is_unknown() -> None:
    assert not detect_text_platform("Build a fraud detection pipeline with queues and functions.").known


def test_answer_without_code_falls_back_to_its_prose_with_low_confidence() -> None:
    answer = answer_from_markdown(
        Path("a.md"), "a.md", default_looks_like_hcl,
        text="# DR\n\nI'll build this using AWS CDK with TypeScript, stack by stack.\n",
    )
    guess = answer.platform
    assert (guess.platform, guess.language) == ("cdk", "ts")
    assert guess.confidence < 0.5


def test_language_from_the_largest_code_when_imports_are_missing() -> None:
    markdown = "```bash\npulumi up\n```\n\n```python\nbucket = aws.s3.Bucket('b')\n```\n"
    answer = answer_from_markdown(Path("a.md"), "a.md", default_looks_like_hcl, text=markdown)
    assert (answer.platform.platform, answer.platform.language) == ("pulumi", "py")


def test_comparison_reports_each_disagreement() -> None:
    answer = PlatformGuess("tf", "hcl", 1.0)
    prompt = PlatformGuess("cdktf", "ts", 0.9)
    comparison = compare_platforms(answer, ("cdktf", "ts"), prompt)
    assert not comparison.agree
    assert [str(m) for m in comparison.mismatches] == [
        "platform: answer says 'tf', metadata says 'cdktf'",
        "platform: answer says 'tf', prompt says 'cdktf'",
    ]
    assert len(comparison.answer_mismatches()) == 2


def test_comparison_of_language_only_and_unknowns() -> None:
    comparison = compare_platforms(PlatformGuess("pulumi", "py", 1.0), ("pulumi", "ts"), PlatformGuess(None, None, 0.0))
    assert [(m.field, m.left, m.right) for m in comparison.mismatches] == [("language", "answer", "metadata")]
    assert compare_platforms(PlatformGuess(None, None, 0.0), (None, None), PlatformGuess(None, None, 0.0)).agree
