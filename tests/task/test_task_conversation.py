"""A multi-turn task's answer is the code as the conversation leaves it, not its last fragment."""

from __future__ import annotations

import json
from pathlib import Path

from iacreview.model.config import Configuration
from iacreview.model.validate import validate
from iacreview.task import load_task

VARS = 'variable "name" {\n  type = string\n}\n\nlocals {\n  tags = { Project = var.name }\n}\n'
VPC = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n  tags       = local.tags\n}\n'
SUBNET = 'resource "aws_subnet" "a" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = "10.0.1.0/24"\n}\n'
PROVIDER = 'terraform {\n  required_version = ">= 1.5"\n}\n\nprovider "aws" {\n  region = "us-east-1"\n}\n'


def make_task(root: Path, *responses: str) -> Path:
    lib = root / "lib"
    lib.mkdir(parents=True)
    (root / "metadata.json").write_text(json.dumps({"platform": "tf", "language": "hcl", "turn_type": "multi"}))
    for index, text in enumerate(responses, 1):
        suffix = "" if index == 1 else str(index)
        (lib / f"PROMPT{suffix}.md").write_text(f"Turn {index}: build the network with Terraform.\n")
        (lib / f"MODEL_RESPONSE{suffix}.md").write_text(text)
    return root


def fence(code: str, name: str | None = "main.tf") -> str:
    heading = f"## File: {name}\n\n" if name else ""
    return f"{heading}```hcl\n{code}```\n\n"


def problems_of(task) -> list[tuple[str, str]]:
    files = {name: f.text for name, f in task.model.files.items() if name.endswith(".tf")}
    config = Configuration.from_files(files)
    return [(p.rule, p.message) for p in config.syntax_problems() + validate(config.scope)]


def test_a_continuation_builds_on_the_first_turn(tmp_path):
    task = load_task(make_task(tmp_path / "t", fence(PROVIDER + VARS + VPC),
                               "Continuing where I left off:\n\n" + fence(SUBNET, None)))
    text = "\n".join(f.text for f in task.model.files.values())
    assert 'resource "aws_vpc" "main"' in text and 'resource "aws_subnet" "a"' in text
    assert problems_of(task) == []


def test_a_fix_snippet_replaces_the_block_it_redefines_and_keeps_every_other_line_in_place(tmp_path):
    fixed = VPC.replace("10.0.0.0/16", "10.1.0.0/16")
    task = load_task(make_task(tmp_path / "t", fence(PROVIDER + VARS + VPC + "\n" + SUBNET),
                               "Here is the fixed VPC:\n\n" + fence(fixed)))
    files = task.model.files
    assert set(files) == {"main.tf", "main.turn2.tf"}
    first = files["main.tf"]
    assert "10.0.0.0/16" not in first.text and "# aws_vpc.main: replaced by a later turn (MODEL_RESPONSE2.md)" in first.text
    assert "10.1.0.0/16" in files["main.turn2.tf"].text
    # Lines after the replaced block keep their number and their place in the markdown.
    line = first.text.split("\n").index('resource "aws_subnet" "a" {') + 1
    path, origin_line, _ = first.origin_of(line)
    assert path.name == "MODEL_RESPONSE.md"
    assert path.read_text().split("\n")[origin_line - 1] == 'resource "aws_subnet" "a" {'
    assert files["main.turn2.tf"].origin_of(1)[0].name == "MODEL_RESPONSE2.md"
    assert problems_of(task) == []  # no duplicate declaration


def test_a_self_contained_rewrite_replaces_the_earlier_code(tmp_path):
    draft = PROVIDER + VARS + VPC + 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n'
    task = load_task(make_task(tmp_path / "t", fence(draft, "network.tf"),
                               "The complete corrected configuration:\n\n" + fence(PROVIDER + VARS + VPC + SUBNET)))
    assert set(task.model.files) == {"main.tf"}  # the bucket the rewrite dropped is gone


def test_a_response_cut_off_mid_block_is_completed_by_the_next_turn(tmp_path):
    cut = PROVIDER + VARS + VPC + '\nresource "aws_subnet" "a" {\n  vpc_id = aws_vpc.main.id\n'
    first = f"## File: main.tf\n\n```hcl\n{cut}"  # the output limit cut the fence too
    task = load_task(make_task(tmp_path / "t", first, "Continuing from where I left off:\n\n" + fence(SUBNET, None)))
    assert problems_of(task) == []
    assert "cut off mid-block" in task.model.files["main.tf"].text


def test_an_unnamed_snippet_goes_to_the_module_it_patches(tmp_path):
    module = 'variable "size" {}\n\nresource "aws_instance" "web" {\n  instance_type = var.size\n  ami = "ami-1"\n}\n'
    root = 'module "compute" {\n  source = "./modules/compute"\n  size   = "t3.micro"\n}\n'
    patched = 'resource "aws_instance" "web" {\n  instance_type = var.size\n  ami           = "ami-2"\n}\n'
    task = load_task(make_task(tmp_path / "t", fence(root) + fence(module, "modules/compute/main.tf"),
                               "Replace the instance with:\n\n" + fence(patched, None)))
    placed = [name for name in task.model.files if name.startswith("modules/compute/") and name != "modules/compute/main.tf"]
    assert placed and "ami-2" in task.model.files[placed[0]].text
    assert problems_of(task) == []


def test_a_last_turn_without_code_does_not_erase_the_answer(tmp_path):
    task = load_task(make_task(tmp_path / "t", fence(PROVIDER + VARS + VPC),
                               "Thanks! To deploy it, run terraform init and terraform apply.\n"))
    assert "main.tf" in task.model.files and not task.model.is_placeholder
    assert not [p for p in task.model.problems if p.kind.value == "no-code"]


def test_a_single_turn_answer_is_unchanged(tmp_path):
    task = load_task(make_task(tmp_path / "t", fence(PROVIDER + VARS + VPC)))
    assert task.model is task.turns[0].response


# ---------------------------------------------------------------- any conversation

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from iacreview.task import default_looks_like_hcl  # noqa: E402
from iacreview.task.answer import answer_from_markdown  # noqa: E402
from iacreview.task.conversation import combine_turns  # noqa: E402

PIECES = [
    VARS, VPC, SUBNET, PROVIDER, VPC.replace("10.0.0.0/16", "10.9.0.0/16"),
    'resource "aws_subnet" "a" {\n  vpc_id = aws_vpc.main.id\n',  # cut off
    'locals {\n  tags = {}\n  extra = var.name\n}\n', 'output "id" {\n  value = aws_vpc.main.id\n}\n',
    'module "m" {\n  source = "./modules/m"\n  name   = var.name\n}\n', "  ...\n", "terraform plan\n",
]
HEADINGS = [None, "main.tf", "variables.tf", "modules/m/main.tf", "main.tf", "outputs.tf"]


@st.composite
def turns(draw):
    texts = []
    for _ in range(draw(st.integers(1, 4))):
        parts = []
        for _ in range(draw(st.integers(0, 3))):
            heading = draw(st.sampled_from(HEADINGS))
            body = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=3)))
            close = "" if draw(st.integers(0, 5)) == 0 else "```\n"
            parts.append((f"## {heading}\n\n" if heading else "Here:\n\n") + f"```hcl\n{body}{close}\n")
        texts.append("".join(parts) or "Thanks, that is all.\n")
    return texts


@settings(max_examples=150, deadline=None)
@given(turns())
def test_any_conversation_combines_and_every_kept_line_points_at_its_origin(texts):
    answers = [answer_from_markdown(Path(f"MODEL_RESPONSE{i}.md"), f"MODEL_RESPONSE{i}.md", default_looks_like_hcl,
                                    text=text) for i, text in enumerate(texts, 1)]
    combined = combine_turns(answers)
    assert combined is not None
    origins = dict(zip((a.source for a in answers), texts))
    for name, f in combined.files.items():
        assert name == f.name and ".." not in name.split("/")
        origin_lines = origins[f.origin_file].split("\n")
        for number, line in enumerate(f.text.split("\n"), 1):
            if not line.strip() or "replaced by a later turn" in line:
                continue
            path, origin_line, col = f.origin_of(number, 1)
            assert origin_lines[origin_line - 1][col - 1:] == line, (name, number)


def test_a_snippet_for_a_module_file_the_turn_also_names_keeps_its_own_name(tmp_path):
    module = 'variable "size" {}\n\nresource "aws_instance" "web" {\n  instance_type = var.size\n  ami = "ami-1"\n}\n'
    root = 'module "compute" {\n  source = "./modules/compute"\n  size   = "t3.micro"\n}\n'
    patched = 'resource "aws_instance" "web" {\n  instance_type = var.size\n  ami           = "ami-2"\n}\n'
    second = "Fixes:\n\n" + fence(patched, None) + fence('variable "size" {\n  type = string\n}\n', "modules/compute/main.tf")
    task = load_task(make_task(tmp_path / "t", fence(root) + fence(module, "modules/compute/main.tf"), second))
    texts = "\n".join(f.text for f in task.model.files.values())
    assert "ami-2" in texts and 'type = string' in texts  # both pieces of the second turn are kept
