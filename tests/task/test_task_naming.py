"""How files in markdown answers get their names: headings, lead-ins, comments, fence attributes."""

from __future__ import annotations

from pathlib import Path

import pytest

from iacreview.task import default_looks_like_hcl
from iacreview.task.answer import Answer, answer_from_markdown
from iacreview.task.blocks import NameSource
from iacreview.task.naming import file_tokens, name_from_comment, name_from_heading, name_from_info, name_from_lead_in

RESOURCE = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n'


def answer(markdown: str, looks_like_hcl=default_looks_like_hcl) -> Answer:
    return answer_from_markdown(Path("answer.md"), "answer.md", looks_like_hcl, text=markdown)


def fence(body: str = RESOURCE, tag: str = "hcl") -> str:
    return f"```{tag}\n{body}```\n"


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("## File: lib/main.tf", "main.tf"),
        ("## File: main.tf", "main.tf"),
        ("### lib/main.tf", "main.tf"),
        ("## main.tf", "main.tf"),
        ("### 1. main.tf", "main.tf"),
        ("## `main.tf`", "main.tf"),
        ("### `lib/network.tf`", "network.tf"),
        ("## **outputs.tf**", "outputs.tf"),
        ("### Provider Configuration (provider.tf)", "provider.tf"),
        ("## main.tf (No changes needed)", "main.tf"),
        ("## tap_stack.tf - Complete Infrastructure Stack", "tap_stack.tf"),
        ("### modules/vpc/main.tf", "modules/vpc/main.tf"),
        ("**main.tf**", "main.tf"),
        ("**File**: `main.tf`", "main.tf"),
        ("**File: lib/provider.tf**", "provider.tf"),
        ("Create a `terraform.tfvars` file:", "terraform.tfvars"),
        ("outputs.tf:", "outputs.tf"),
        ("**main.tf** (lines 1-50):", "main.tf"),
    ],
)
def test_heading_and_lead_in_patterns_name_the_fence(before: str, expected: str) -> None:
    result = answer(f"# Solution\n\n{before}\n\n{fence()}")
    assert list(result.files) == [expected]
    assert result.files[expected].text == RESOURCE


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        ("# main.tf - VPC and subnets", "main.tf"),
        ("# main.tf", "main.tf"),
        ("// variables.tf", "variables.tf"),
        ("# File: lib/outputs.tf", "outputs.tf"),
        ("#   lib/network.tf", "network.tf"),
        ("# modules/networking/main.tf", "modules/networking/main.tf"),
        ("/* provider.tf */", "provider.tf"),
    ],
)
def test_first_line_comment_names_the_fence(first_line: str, expected: str) -> None:
    result = answer("Some text.\n\n" + fence(f"{first_line}\n{RESOURCE}"))
    assert list(result.files) == [expected]
    assert result.files[expected].text.startswith(first_line)


def test_comment_that_only_mentions_a_file_is_not_a_name() -> None:
    result = answer(fence("# Uses values from main.tf and variables.tf\n" + RESOURCE))
    assert result.files["main.tf"].segments and result.unnamed == []
    block = next(iter(result.files.values()))
    assert block.text.startswith("# Uses values")


@pytest.mark.parametrize(("info", "expected"), [('hcl title="provider.tf"', "provider.tf"), ("hcl:network.tf", "network.tf")])
def test_fence_info_attributes_name_the_fence(info: str, expected: str) -> None:
    result = answer("## Something\n\n" + fence(tag=info))
    assert list(result.files) == [expected]


def test_comment_wins_over_heading() -> None:
    result = answer("## File: main.tf\n\n" + fence("# variables.tf\nvariable \"x\" {}\n"))
    assert list(result.files) == ["variables.tf"]


def test_heading_naming_two_files_names_none() -> None:
    assert name_from_heading("main.tf and variables.tf") is None
    result = answer("## main.tf and variables.tf\n\n" + fence())
    assert result.files["main.tf"].segments[0].origin_line == 4
    assert _source(result, "main.tf") is NameSource.GENERATED


def test_heading_name_does_not_apply_to_a_fence_of_another_language() -> None:
    result = answer("## main.tf\n\n" + fence() + "\nDeploy it:\n\n" + fence("terraform init\n", "bash"))
    assert list(result.files) == ["main.tf"]
    assert [(doc.name, doc.lang) for doc in result.docs] == [(None, "bash")]


def test_heading_names_fences_in_its_subsections() -> None:
    markdown = "## main.tf\n\n### VPC\n\n" + fence() + "\n### Subnets\n\n" + fence('resource "aws_subnet" "a" {}\n')
    result = answer(markdown)
    assert list(result.files) == ["main.tf"]
    assert len(result.files["main.tf"].segments) == 2


def test_a_new_section_ends_a_heading_name() -> None:
    markdown = "## main.tf\n\n" + fence() + "\n## Security\n\n" + fence('resource "aws_kms_key" "k" {}\n')
    result = answer(markdown)
    assert list(result.files) == ["main.tf", "block-1.tf"]


def test_unnamed_code_after_a_comment_named_fence_continues_that_file() -> None:
    markdown = (
        "## VPC and Subnets\n\n" + fence("# modules/networking/main.tf\n" + RESOURCE)
        + "\n## Route Tables\n\n" + fence('# Public route table\nresource "aws_route_table" "public" {}\n')
        + "\n## modules/compute/main.tf\n\n" + fence('resource "aws_instance" "web" {}\n')
    )
    result = answer(markdown)
    assert list(result.files) == ["modules/networking/main.tf", "modules/compute/main.tf"]
    assert "aws_route_table" in result.files["modules/networking/main.tf"].text
    assert _source(result, "modules/networking/main.tf") is NameSource.COMMENT


def test_several_files_in_one_fence_are_split() -> None:
    body = "# main.tf\n" + RESOURCE + "\n# variables.tf\nvariable \"x\" {}\n\n# dev.tfvars\nx = 1\n"
    result = answer(fence(body))
    assert list(result.files) == ["main.tf", "variables.tf", "dev.tfvars"]
    assert result.files["variables.tf"].text == '# variables.tf\nvariable "x" {}\n'
    assert result.files["variables.tf"].origin_line == 7
    assert result.files["dev.tfvars"].text == "# dev.tfvars\nx = 1\n"


def test_blocks_for_one_file_are_joined_in_order_with_line_mapping() -> None:
    markdown = (
        "## File: main.tf\n\n" + fence()  # lines 1-7, code on 4-6
        + "\n## File: outputs.tf\n\n" + fence('output "o" {\n  value = 1\n}\n')  # lines 9-15
        + "\n## File: main.tf\n\n" + fence('resource "aws_vpc" "v" {}\n')  # heading on 17, code on 20
    )
    result = answer(markdown)
    main = result.files["main.tf"]
    assert main.text == RESOURCE + 'resource "aws_vpc" "v" {}\n'
    assert [segment.origin_line for segment in main.segments] == [4, 20]
    assert main.origin_of(1)[1:] == (4, 1)
    assert main.origin_of(3)[1:] == (6, 1)
    assert main.origin_of(4)[1:] == (20, 1)


def test_a_full_restatement_replaces_the_draft() -> None:
    draft = 'resource "aws_vpc" "main" {}\nresource "aws_subnet" "a" {}\n'
    final = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_subnet" "a" {}\n'
    result = answer("main.tf:\n\n" + fence(draft) + "\nThe final version:\n\nmain.tf:\n\n" + fence(final))
    assert result.files["main.tf"].text == final
    assert [problem.kind for problem in result.problems] == ["repeated-file"]


def test_generated_names_follow_the_documented_rule() -> None:
    markdown = (
        fence('resource "aws_vpc" "v" {}\n')
        + "\nText.\n\n" + fence('resource "aws_subnet" "s" {}\n')
        + "\nExample values:\n\n" + fence('region = "us-east-1"\n')
        + "\n" + fence("echo hi\n", "bash")
    )
    result = answer(markdown)
    assert list(result.files) == ["main.tf", "block-2.tf", "block-3.tfvars"]
    assert {_source(result, name) for name in result.files} == {NameSource.GENERATED}


def test_generated_names_avoid_names_the_answer_uses() -> None:
    result = answer(fence('resource "aws_vpc" "v" {}\n') + "\n## main.tf\n\n" + fence())
    assert list(result.files) == ["block-1.tf", "main.tf"]


def test_reasoning_trace_preamble_is_skipped() -> None:
    markdown = (
        "### Reasoning Trace\n\nThinking...\n\n" + fence('resource "aws_s3_bucket" "draft" {}\n')
        + "\n### Answer\n\n## main.tf\n\n" + fence()
    )
    result = answer(markdown)
    assert list(result.files) == ["main.tf"]
    assert result.files["main.tf"].text == RESOURCE
    assert result.answer_text is not None and "Thinking" not in result.answer_text


def test_an_answer_heading_swallowed_by_an_unclosed_trace_fence_still_starts_the_answer() -> None:
    draft = "### Reasoning Trace\n\nDrafting...\n\n```hcl\nresource \"aws_s3_bucket\" \"draft\" {\n  bucket = \"d\"\n"
    empty = answer(draft + "### Answer\n---\n\n")
    assert empty.files == {} and empty.is_placeholder  # the model never got to its answer
    assert any(p.kind.value == "unclosed-fence" and p.line == 8 for p in empty.problems)
    full = answer(draft + "### Answer\n\n## main.tf\n\n" + fence())
    assert list(full.files) == ["main.tf"] and full.files["main.tf"].text == RESOURCE
    assert full.files["main.tf"].origin_of(1)[1] == 13  # the answer's own fence, line numbers kept


@pytest.mark.parametrize("body", [
    "terraform validate\nterraform plan\naws sts get-caller-identity\n",  # commands, tagged hcl
    'resource "aws_eks_cluster" "main" {\n  name = "eks-${var.suffix}"\n  ...\n}\n',  # an excerpt
    'module "network" { ... }\n',
    "vpc_id            # the VPC\nsubnet_ids        # the subnets\n",  # a list of outputs
])
def test_an_unnamed_hcl_fence_that_only_illustrates_is_not_a_file(body) -> None:
    result = answer("The deployment, in short:\n\n" + fence(body))
    assert result.files == {} and [doc.role.value for doc in result.docs] == ["doc"]


def test_a_named_file_with_an_elision_is_still_code() -> None:
    result = answer("## main.tf\n\n" + fence('module "network" { ... }\n'))
    assert list(result.files) == ["main.tf"] and result.files["main.tf"].role.value == "code"


def test_untagged_fence_that_looks_like_hcl_is_hcl() -> None:
    result = answer("Code:\n\n" + fence(tag=""))
    assert result.files["main.tf"].lang == "hcl"


def test_untagged_fence_that_is_not_hcl_is_a_doc() -> None:
    result = answer("Layout:\n\n" + fence("lib/\n├── main.tf\n└── variables.tf\n", ""))
    assert result.files == {}
    assert [(doc.lang, doc.role.value) for doc in result.docs] == [("text", "doc")]


def test_the_hcl_predicate_is_injectable() -> None:
    calls: list[str] = []

    def never(text: str) -> bool:
        calls.append(text)
        return False

    result = answer("Code:\n\n" + fence(tag=""), looks_like_hcl=never)
    assert result.files == {}
    assert calls


def test_docs_and_tests_keep_language_and_name() -> None:
    markdown = (
        "## main.tf\n\n" + fence()
        + "\n## id-mapping.csv\n\n" + fence("old,new\na,b\n", "csv")
        + "\n## test/terraform.unit.test.ts\n\n" + fence('describe("x", () => { it("y", () => {}); });\n', "typescript")
        + "\nA policy:\n\n" + fence('{"Version": "2012-10-17"}\n', "json")
        + "\n" + fence("import pytest\n\ndef test_bucket():\n    assert True\n", "python")
    )
    result = answer(markdown)
    assert [(doc.name, doc.lang) for doc in result.docs] == [("id-mapping.csv", "csv"), (None, "json")]
    assert [(test.name, test.lang) for test in result.tests] == [
        ("test/terraform.unit.test.ts", "typescript"), (None, "python")]
    assert list(result.hcl_files()) == ["main.tf"]


def test_markdown_document_in_a_fence_keeps_its_nested_fences() -> None:
    readme = "# Deploy\n\n```bash\nterraform init\n```\n\nThen apply.\n"
    markdown = "## README.md\n\n```markdown\n" + readme + "```\n\n## main.tf\n\n" + fence()
    result = answer(markdown)
    assert result.files["README.md"].text == readme
    assert list(result.files) == ["README.md", "main.tf"]
    assert [problem.kind for problem in result.problems] == ["malformed-fence"]


def test_markdown_document_in_prose_is_captured() -> None:
    markdown = "## main.tf\n\n" + fence() + "\n## runbook.md\n\n# Runbook\n\n1. Plan.\n\n## Step 2\n\nApply.\n\n## notes.tf\n\n" + fence()
    result = answer(markdown)
    runbook = result.files["runbook.md"]
    assert runbook.text == "# Runbook\n\n1. Plan.\n\n## Step 2\n\nApply.\n"
    assert runbook.origin_line == 11  # the line of "# Runbook"
    assert runbook.role.value == "doc"


def test_prose_section_titled_by_the_heading_ends_at_the_next_heading() -> None:
    markdown = "## runbook.md\n\nStep one: plan.\n\n## Testing\n\nRun tests.\n"
    result = answer(markdown)
    assert result.files["runbook.md"].text == "Step one: plan.\n"


def test_fence_in_a_list_records_its_column() -> None:
    result = answer("1. **main.tf**\n\n   ```hcl\n   resource \"aws_vpc\" \"v\" {}\n   ```\n")
    main = result.files["main.tf"]
    assert main.text == 'resource "aws_vpc" "v" {}\n'
    assert main.origin_of(1, 1)[1:] == (4, 4)


def test_name_helpers_on_text() -> None:
    assert file_tokens("See main.tf, variables.tf and Node.js.") == ["main.tf", "variables.tf"]
    assert file_tokens("terraform.tfvars.example") == ["terraform.tfvars.example"]
    assert name_from_lead_in("This file sets up the provider:", []) is None
    assert name_from_lead_in("Update `main.tf`:", ["main.tf"]) == "main.tf"
    assert name_from_lead_in("We keep all resources in main.tf because it is simpler for small projects", []) is None
    assert name_from_comment("# main.tf contains everything") is None
    assert name_from_info("hcl") is None


def _source(result: Answer, name: str) -> NameSource | None:
    """Where the name of a file came from, read back through the extraction."""
    from iacreview.task.markdown_code import extract_markdown

    assert result.text is not None
    blocks = extract_markdown(result.text, "answer.md", default_looks_like_hcl).blocks
    return next(block.name_source for block in blocks if block.name == name)


def test_an_unnamed_fence_that_declares_again_what_a_named_file_declares_quotes_it() -> None:
    quote = 'resource "aws_s3_bucket" "b" {\n  # missing: provider = aws.primary\n  bucket = "x"\n}\n'
    extra = 'resource "aws_sns_topic" "t" {\n  name = "alerts"\n}\n'
    result = answer("## Implementation\n\n### main.tf\n\n" + fence() + "\n## Known issues\n\nAll resources lack a provider:\n\n"
                    + fence(quote) + "\nAnd a topic is needed:\n\n" + fence(extra))
    assert sorted(result.files) == ["block-2.tf", "main.tf"]  # the quote is a document, the new topic a file
    assert any("missing: provider" in doc.text for doc in result.docs)
