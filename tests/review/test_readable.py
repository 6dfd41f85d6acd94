"""A file with a syntax error is still read past it: its other blocks keep their lines and are reviewed."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from iacreview.hcl import parse
from iacreview.review.build import review_task
from iacreview.review.readable import readable_files

VPC = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n'
BUCKET = 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n  acl    = "public-read"\n}\n'
BROKEN = 'resource "aws_subnet" "a" {\n  vpc_id = aws_vpc.main.id\n  cidr_block = "10.0.1.0/24\n}\n'


def test_blocks_around_an_error_keep_their_lines():
    text = VPC + "\nNow, let's add the bucket.\n\n" + BUCKET
    readable, broken = readable_files({"main.tf": text})
    mended, errors = readable["main.tf"], broken["main.tf"]
    assert errors and errors[0].line == 5
    assert mended.split("\n")[4] == "" and len(mended.split("\n")) == len(text.split("\n"))
    assert [i.address for i in parse(mended).body.items] == ["aws_vpc.main", "aws_s3_bucket.logs"]


def test_a_block_broken_inside_keeps_its_sound_arguments_and_a_clean_file_is_untouched():
    text = VPC + "\n" + BROKEN + "\n" + BUCKET
    readable, broken = readable_files({"main.tf": text, "ok.tf": VPC.replace("main", "other")})
    tree = parse(readable["main.tf"])
    assert [i.address for i in tree.body.items] == ["aws_vpc.main", "aws_subnet.a", "aws_s3_bucket.logs"]
    subnet = tree.body.items[1]
    assert subnet.body.get_attribute("vpc_id") is not None and subnet.body.get_attribute("cidr_block") is None
    assert set(broken) == {"main.tf"} and len(broken["main.tf"]) == 1  # knock-on errors are not charged again
    assert readable["ok.tf"] == VPC.replace("main", "other")


def test_a_block_whose_opening_line_is_broken_is_left_out():
    text = 'variable "x" { type = list(string); default = [] }\n\n' + VPC
    readable, broken = readable_files({"main.tf": text})
    assert [i.address for i in parse(readable["main.tf"]).body.items] == ["aws_vpc.main"]
    assert [e.message for e in broken["main.tf"]] == ["invalid character ';'"]  # not also the stray '}'


def test_a_review_reads_past_a_stray_line(tmp_path):
    text = VPC + "\nNow, let's add the bucket.\n\n" + BUCKET
    (tmp_path / "lib").mkdir()
    (tmp_path / "metadata.json").write_text(json.dumps({"platform": "tf", "language": "hcl"}))
    (tmp_path / "lib" / "PROMPT.md").write_text("Create a VPC and a log bucket with Terraform.\n")
    (tmp_path / "lib" / "MODEL_RESPONSE.md").write_text(f"## File: main.tf\n\n```hcl\n{text}```\n")
    review = review_task(tmp_path)
    assert review["plan"]["resources"] == 2
    syntax = [f for f in review["failures"] if f["rule"] == "SYN001"]
    assert len(syntax) == 1 and syntax[0]["line"] == 5
    # The bucket after the stray line is reviewed, at its own line of main.tf.
    public = [f for f in review["failures"] if f["category"] == "security" and "aws_s3_bucket.logs" in f["message"]]
    assert public and min(f["line"] for f in public) >= 7


PIECES = [VPC, BUCKET, BROKEN, "Some prose, in the middle.\n", "}\n", '  x = "unterminated\n', "\n",
          'variable "v" {\n  type = string\n}\n', 'locals {\n  a = 1\n', "resource \"a_b\" \"c\" {\n  n = 1\n}\n"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_what_is_kept_parses_and_is_the_original_line_for_line(pieces):
    text = "".join(pieces)
    readable, broken = readable_files({"main.tf": text})
    mended = readable["main.tf"]
    parse(mended)  # never raises
    if "main.tf" in broken and mended:
        original = text.split("\n")
        assert all(line in ("", original[i]) for i, line in enumerate(mended.split("\n")))
