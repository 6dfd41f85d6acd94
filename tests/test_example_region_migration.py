# The 26 resource instances `terraform plan` creates for
# examples/region-migration/lib with the default variables
# (enable_nat_gateway = true, app_instance_count = 1; local.az_count = 2;
# db_password has no default and must be given, but no count depends on it),
# derived by hand from main.tf and listed in the order Terraform prints them.
# Data sources (aws_availability_zones.available, aws_ami.app and the two
# aws_iam_policy_document) are not counted.
#
#   aws_db_instance.main
#   aws_db_subnet_group.main
#   aws_eip.nat[0]
#   aws_iam_instance_profile.app
#   aws_iam_role.app
#   aws_iam_role_policy.app_data_access
#   aws_instance.app[0]
#   aws_internet_gateway.main
#   aws_nat_gateway.main[0]
#   aws_route_table.private
#   aws_route_table.public
#   aws_route_table_association.private[0]
#   aws_route_table_association.private[1]
#   aws_route_table_association.public[0]
#   aws_route_table_association.public[1]
#   aws_s3_bucket.app_data
#   aws_s3_bucket_public_access_block.app_data
#   aws_s3_bucket_server_side_encryption_configuration.app_data
#   aws_s3_bucket_versioning.app_data
#   aws_security_group.app
#   aws_security_group.database
#   aws_subnet.private[0]
#   aws_subnet.private[1]
#   aws_subnet.public[0]
#   aws_subnet.public[1]
#   aws_vpc.main
"""The bundled region-migration example, the reference case of the seed review.

examples/region-migration/ is the task folder the whole tool is measured
against (DESIGN.md, "What the seed fixes as the reference case"). These tests
pin what the later layers rely on: the folder has the dataset's shape, the
final code is exactly what IDEAL_RESPONSE.md shows, the model answer differs
from the ideal by the seed's two defects and nothing else, and the plan derived
by hand above agrees with the code and with id-mapping.csv. They use only the
standard library; the terraform-based checks skip when terraform is missing.
"""

from __future__ import annotations

import csv
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "region-migration"
LIB = EXAMPLE / "lib"

EXPECTED_PLAN_ADDRESSES = (
    "aws_db_instance.main",
    "aws_db_subnet_group.main",
    "aws_eip.nat[0]",
    "aws_iam_instance_profile.app",
    "aws_iam_role.app",
    "aws_iam_role_policy.app_data_access",
    "aws_instance.app[0]",
    "aws_internet_gateway.main",
    "aws_nat_gateway.main[0]",
    "aws_route_table.private",
    "aws_route_table.public",
    "aws_route_table_association.private[0]",
    "aws_route_table_association.private[1]",
    "aws_route_table_association.public[0]",
    "aws_route_table_association.public[1]",
    "aws_s3_bucket.app_data",
    "aws_s3_bucket_public_access_block.app_data",
    "aws_s3_bucket_server_side_encryption_configuration.app_data",
    "aws_s3_bucket_versioning.app_data",
    "aws_security_group.app",
    "aws_security_group.database",
    "aws_subnet.private[0]",
    "aws_subnet.private[1]",
    "aws_subnet.public[0]",
    "aws_subnet.public[1]",
    "aws_vpc.main",
)

FINAL_CODE = ("provider.tf", "variables.tf", "main.tf", "outputs.tf")
FINAL_DOCS = ("state-migration.md", "runbook.md", "id-mapping.csv")
WORKSPACE_VARS = ("env/us-west-1.tfvars", "env/us-west-2.tfvars")
TESTS = ("test_unit.py", "plan_check.sh")
TASK_DOCS = ("PROMPT.md", "MODEL_RESPONSE.md", "IDEAL_RESPONSE.md", "MODEL_FAILURES.md")

# Labels of the files each answer shows, in "## File: <label>" headings.
IDEAL_LABELS = {f"lib/{name}" for name in FINAL_CODE + FINAL_DOCS + WORKSPACE_VARS} | {
    "lib/backend.tf.example"
} | {f"test/{name}" for name in TESTS}
MODEL_LABELS = (IDEAL_LABELS - {"lib/backend.tf.example"}) | {"lib/backend.tf"}

TERRAFORM = shutil.which("terraform")
needs_terraform = pytest.mark.skipif(TERRAFORM is None, reason="terraform is not on PATH")

FILE_HEADING = re.compile(r"^## File: (\S+)$")
FENCE_OPEN = re.compile(r"^(`{3,})([\w-]*)$")


def answer_files(markdown: str) -> dict[str, tuple[str, str]]:
    """{label: (fence tag, content)} of every `## File:` section of an answer.

    A deliberately small reader of the example's own layout (heading, blank
    line, fence); the general extractor lives in iacreview.task.
    """
    lines = markdown.splitlines(keepends=True)
    files: dict[str, tuple[str, str]] = {}
    index = 0
    while index < len(lines):
        heading = FILE_HEADING.match(lines[index].rstrip("\n"))
        index += 1
        if not heading:
            continue
        while not lines[index].strip():
            index += 1
        fence = FENCE_OPEN.match(lines[index].rstrip("\n"))
        assert fence, f"no fence after the heading of {heading.group(1)}"
        index += 1
        body: list[str] = []
        while lines[index].rstrip("\n") != fence.group(1):
            body.append(lines[index])
            index += 1
        index += 1
        assert heading.group(1) not in files, f"{heading.group(1)} shown twice"
        files[heading.group(1)] = (fence.group(2), "".join(body))
    return files


def ideal_files() -> dict[str, tuple[str, str]]:
    return answer_files((LIB / "IDEAL_RESPONSE.md").read_text(encoding="utf-8"))


def model_files() -> dict[str, tuple[str, str]]:
    return answer_files((LIB / "MODEL_RESPONSE.md").read_text(encoding="utf-8"))


def block_span(text: str, opening: str) -> range:
    """0-based line numbers of the block whose first line is `opening`, braces included."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == opening)
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    end = next(i for i in range(start + 1, len(lines)) if lines[i] == indent + "}")
    return range(start, end + 1)


def changed_ideal_lines(model: str, ideal: str) -> set[int]:
    matcher = difflib.SequenceMatcher(a=model.splitlines(), b=ideal.splitlines(), autojunk=False)
    changed: set[int] = set()
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            changed.update(range(j1, max(j2, j1 + 1)))
    return changed


def terraform_fmt(source: str) -> subprocess.CompletedProcess[str]:
    assert TERRAFORM is not None
    return subprocess.run(
        [TERRAFORM, "fmt", "-no-color", "-"],
        input=source,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TF_CLI_CONFIG_FILE": os.devnull},
    )


def without_section(markdown: str, heading: str) -> str:
    """The document with one `## ` section (heading up to the next `## `) removed."""
    return re.sub(rf"^{re.escape(heading)}\n.*?(?=^## )", "", markdown, count=1, flags=re.MULTILINE | re.DOTALL)


# --- shape of the task folder --------------------------------------------------


@pytest.mark.parametrize(
    "relative",
    ["metadata.json"]
    + [f"lib/{name}" for name in TASK_DOCS + FINAL_CODE + FINAL_DOCS + WORKSPACE_VARS + ("backend.tf.example",)]
    + [f"test/{name}" for name in TESTS],
)
def test_folder_has_every_file_of_a_task(relative: str) -> None:
    path = EXAMPLE / relative
    assert path.is_file(), relative
    assert path.read_text(encoding="utf-8").strip(), relative


def test_final_code_has_no_other_terraform_file() -> None:
    assert sorted(path.name for path in LIB.glob("*.tf")) == sorted(FINAL_CODE)


def test_metadata_describes_the_seed_task() -> None:
    metadata = json.loads((EXAMPLE / "metadata.json").read_text(encoding="utf-8"))
    expected = {
        "platform": "tf",
        "language": "hcl",
        "complexity": "hard",
        "turn_type": "single",
        "region": "us-west-2",
        "training_quality": 8,
        "aws_services": ["VPC", "EC2", "RDS", "S3", "IAM"],
    }
    for key, value in expected.items():
        assert metadata[key] == value, key
    for key in ("po_id", "team", "subtask", "author"):
        assert isinstance(metadata[key], str) and metadata[key], key
    assert metadata["subject_labels"] and all(isinstance(label, str) for label in metadata["subject_labels"])


# --- the ideal answer and the final code ------------------------------------------


def test_every_final_terraform_file_appears_verbatim_in_the_ideal_response() -> None:
    ideal = (LIB / "IDEAL_RESPONSE.md").read_text(encoding="utf-8")
    for path in LIB.glob("*.tf"):
        assert path.read_text(encoding="utf-8") in ideal, path.name


def test_ideal_response_shows_exactly_the_final_files() -> None:
    shown = ideal_files()
    assert set(shown) == IDEAL_LABELS
    for label, (_tag, content) in shown.items():
        folder, _, name = label.partition("/")
        on_disk = (LIB if folder == "lib" else EXAMPLE / "test") / name
        assert content == on_disk.read_text(encoding="utf-8"), label


def test_ideal_keeps_the_s3_backend_out_of_its_terraform_code() -> None:
    shown = ideal_files()
    for label, (tag, content) in shown.items():
        if label.endswith(".tf"):
            assert tag == "hcl", label
            assert not re.search(r'^\s*backend\s+"', content, re.MULTILINE), label
            assert "REPLACE_ME" not in content, label
    tag, example = shown["lib/backend.tf.example"]
    assert tag == "text"
    assert re.search(r'^  backend "s3" \{$', example, re.MULTILINE)


# --- the model answer: the seed's two defects and nothing else -----------------------


def test_model_response_shows_the_same_files_with_backend_tf_instead_of_the_example() -> None:
    assert set(model_files()) == MODEL_LABELS


def test_model_backend_is_s3_with_placeholders() -> None:
    tag, backend = model_files()["lib/backend.tf"]
    assert tag == "hcl"
    assert re.search(r'bucket\s*=\s*"terraform-state-bucket-REPLACE_ME"', backend)
    assert re.search(r'dynamodb_table\s*=\s*"terraform-state-lock-REPLACE_ME"', backend)
    assert re.search(r'workspace_key_prefix\s*=\s*"workspaces"', backend)
    assert backend.count("REPLACE_ME") == 2


@pytest.mark.parametrize(
    "label",
    sorted(MODEL_LABELS - {"lib/backend.tf", "lib/provider.tf", "lib/main.tf", "lib/state-migration.md"}),
)
def test_model_files_outside_the_defects_equal_the_ideal(label: str) -> None:
    assert model_files()[label] == ideal_files()[label]


def test_model_state_migration_plan_differs_only_in_its_backend_section() -> None:
    heading = "## Where the state lives"
    model = model_files()["lib/state-migration.md"][1]
    ideal = ideal_files()["lib/state-migration.md"][1]
    assert model != ideal
    assert "REPLACE_ME" in model and "backend.tf.example" in ideal
    assert without_section(model, heading) == without_section(ideal, heading)
    assert heading not in without_section(ideal, heading)


@pytest.mark.parametrize(
    ("label", "opening"),
    [("lib/main.tf", 'resource "aws_db_instance" "main" {'), ("lib/provider.tf", "default_tags {")],
)
def test_model_code_differs_from_the_ideal_only_by_spacing_inside_one_block(label: str, opening: str) -> None:
    model = model_files()[label][1]
    ideal = ideal_files()[label][1]
    assert model != ideal
    assert re.sub(r"[ \t]+", " ", model) == re.sub(r"[ \t]+", " ", ideal)
    changed = changed_ideal_lines(model, ideal)
    assert changed
    assert changed <= set(block_span(ideal, opening))


@needs_terraform
@pytest.mark.parametrize("label", sorted(label for label in IDEAL_LABELS if label.endswith((".tf", ".tfvars"))))
def test_ideal_terraform_files_are_fmt_clean(label: str) -> None:
    content = ideal_files()[label][1]
    result = terraform_fmt(content)
    assert result.returncode == 0, result.stderr
    assert result.stdout == content


@needs_terraform
def test_ideal_backend_example_is_valid_fmt_clean_hcl() -> None:
    content = ideal_files()["lib/backend.tf.example"][1]
    result = terraform_fmt(content)
    assert result.returncode == 0, result.stderr
    assert result.stdout == content


@needs_terraform
@pytest.mark.parametrize("label", sorted(label for label in MODEL_LABELS if label.endswith((".tf", ".tfvars"))))
def test_model_terraform_files_parse_and_only_provider_and_main_need_fmt(label: str) -> None:
    content = model_files()[label][1]
    result = terraform_fmt(content)
    assert result.returncode == 0, result.stderr
    if label in ("lib/provider.tf", "lib/main.tf"):
        assert result.stdout != content
        assert result.stdout == ideal_files()[label][1]
    else:
        assert result.stdout == content


# --- the plan derived by hand ---------------------------------------------------------


def test_expected_plan_addresses_are_26_unique_in_terraform_order() -> None:
    assert len(EXPECTED_PLAN_ADDRESSES) == len(set(EXPECTED_PLAN_ADDRESSES)) == 26
    assert list(EXPECTED_PLAN_ADDRESSES) == sorted(EXPECTED_PLAN_ADDRESSES)


def test_expected_plan_addresses_match_the_resource_blocks_of_the_code() -> None:
    main = (LIB / "main.tf").read_text(encoding="utf-8")
    declared = {f"{kind}.{name}" for kind, name in re.findall(r'^resource "(\w+)" "(\w+)" \{$', main, re.MULTILINE)}
    counted = {
        f"{kind}.{name}"
        for kind, name, body in re.findall(r'^resource "(\w+)" "(\w+)" \{\n(.*?)^\}$', main, re.MULTILINE | re.DOTALL)
        if re.search(r"^  count\s*=", body, re.MULTILINE)
    }
    bases = {re.sub(r"\[\d+\]$", "", address) for address in EXPECTED_PLAN_ADDRESSES}
    indexed = {re.sub(r"\[\d+\]$", "", address) for address in EXPECTED_PLAN_ADDRESSES if address.endswith("]")}
    assert bases == declared
    assert indexed == counted


def test_id_mapping_has_one_row_per_planned_address() -> None:
    with (LIB / "id-mapping.csv").open(newline="", encoding="utf-8") as handle:
        addresses = [row["terraform_address"] for row in csv.DictReader(handle)]
    assert sorted(addresses) == sorted(EXPECTED_PLAN_ADDRESSES)


# --- the tests the answers ship ---------------------------------------------------------


@pytest.mark.parametrize("answer", ["ideal", "model"])
def test_shipped_unit_tests_pass_on_the_answer_code(answer: str, tmp_path: Path) -> None:
    files = ideal_files() if answer == "ideal" else model_files()
    for label, (_tag, content) in files.items():
        if label.startswith("lib/"):
            target = tmp_path / "lib" / label.removeprefix("lib/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE / "test" / "test_unit.py")],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "TF_LIB_DIR": str(tmp_path / "lib"), "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- the hand-written review ------------------------------------------------------------


def test_review_counts_match_the_seed() -> None:
    review = (LIB / "MODEL_FAILURES.md").read_text(encoding="utf-8")
    assert review.startswith("# Model Response Failures Analysis\n")
    for line in (
        "### Critical Failures: 0",
        "### High Failures: 0",
        "### Medium Failures: 1",
        "### Low Failures: 1",
    ):
        assert re.search(rf"^{re.escape(line)}$", review, re.MULTILINE), line
    assert re.findall(r"^\*\*Impact Level\*\*: (\w+)$", review, re.MULTILINE) == ["Medium", "Low"]
    assert "7.25 + 1.25 = 8.5" in review
    assert "**Training Quality: 8/10.**" in review


def test_review_quotes_the_answers_faithfully() -> None:
    """Every code line the review quotes exists in the file it names."""
    review = (LIB / "MODEL_FAILURES.md").read_text(encoding="utf-8")
    sources = {"MODEL_RESPONSE": model_files(), "IDEAL_RESPONSE": ideal_files()}
    quoted = 0
    for block in re.findall(r"^```hcl\n(.*?)^```$", review, re.MULTILINE | re.DOTALL):
        lines: list[str] = []
        for line in block.splitlines():
            origin = re.fullmatch(r"# (MODEL_RESPONSE|IDEAL_RESPONSE) \((.+)\)", line)
            if origin:
                lines = sources[origin.group(1)][f"lib/{origin.group(2)}"][1].splitlines()
                continue
            if line.strip() in ("", "...", "}"):
                continue
            assert line in lines, line
            quoted += 1
    assert quoted >= 30
