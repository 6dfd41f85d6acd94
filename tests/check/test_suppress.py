"""Inline suppressions: comment grammar, where a comment applies, and OPS090 for unused ones."""

from __future__ import annotations

import pytest
from check_helpers import OPEN_SSH, run, summary

from iacreview.check.suppress import NO_REASON, parse_comment

PAB = '''resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = "b"
  block_public_acls       = false
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
'''


@pytest.mark.parametrize(("text", "expected"), [
    ("# iacreview:ignore=SEC001,SEC002 -- reason here", ("ignore", ("SEC001", "SEC002"), "reason here")),
    ("// iacreview:ignore=SEC001 --   spaced   reason ", ("ignore", ("SEC001",), "spaced reason")),
    ("/* iacreview:ignore-file=all -- generated */", ("ignore-file", ("all",), "generated")),
    ("#iacreview:ignore = s3-public-acl , SEC002", ("ignore", ("s3-public-acl", "SEC002"), "")),
    ("# iacreview:ignore -- no names", ("ignore", (), "no names")),
    ("# iacreview:ignored=SEC001", None),
    ("# see iacreview:ignore=SEC001 in the docs", None),
    ("# just a comment", None),
])
def test_parse_comment(text, expected):
    assert parse_comment(text) == expected


def test_comment_on_the_line_above_suppresses_the_block():
    result = run("# iacreview:ignore=SEC002 -- public website\n" + PAB, ["SEC002", "OPS090"])
    assert summary(result) == [("SEC002", 4, "public website")]


def test_comment_on_the_same_line_suppresses_the_argument():
    hcl = PAB.replace("= false\n", "= false // iacreview:ignore=SEC002 -- website\n")
    assert summary(run(hcl, ["SEC002", "OPS090"])) == [("SEC002", 3, "website")]


def test_comment_on_the_block_header_line_covers_nested_blocks():
    hcl = OPEN_SSH.replace('"ssh" {\n', '"ssh" { # iacreview:ignore=SEC050 -- bastion\n', 1)
    assert summary(run(hcl, ["SEC050", "OPS090"])) == [("SEC050", 7, "bastion")]


def test_trailing_comment_inside_a_multiline_list_applies_to_its_argument():
    hcl = OPEN_SSH.replace('cidr_blocks = ["0.0.0.0/0"]', 'cidr_blocks = [\n      "0.0.0.0/0", # iacreview:ignore=SEC050 -- vpn\n    ]')
    assert summary(run(hcl, ["SEC050", "OPS090"])) == [("SEC050", 7, "vpn")]


def test_rule_names_work_like_ids_and_case_does_not_matter_for_ids():
    by_name = "# iacreview:ignore=s3-block-public-acls-disabled -- by name\n" + PAB
    assert summary(run(by_name, ["SEC002", "OPS090"])) == [("SEC002", 4, "by name")]
    lower_id = "# iacreview:ignore=sec002 -- lower-case id\n" + PAB
    assert summary(run(lower_id, ["SEC002", "OPS090"])) == [("SEC002", 4, "lower-case id")]


def test_a_comment_suppresses_only_the_rules_it_names():
    hcl = "# iacreview:ignore=SEC003 -- wrong rule\n" + PAB
    result = run(hcl, ["SEC002", "SEC003", "OPS090"])
    assert summary(result) == [("OPS090", 1, None), ("SEC002", 4, None)]


def test_a_comment_does_not_reach_past_its_block():
    hcl = "# iacreview:ignore=SEC002 -- first only\n" + PAB + "\n" + PAB.replace('"b" {', '"c" {')
    assert summary(run(hcl, ["SEC002", "OPS090"])) == [("SEC002", 4, "first only"), ("SEC002", 12, None)]


def test_all_suppresses_every_rule_in_the_block():
    hcl = "# iacreview:ignore=all -- legacy bucket\n" + PAB.replace("block_public_policy     = true", "block_public_policy     = false")
    result = run(hcl, ["SEC002", "SEC003", "OPS090"])
    assert summary(result) == [("SEC002", 4, "legacy bucket"), ("SEC003", 5, "legacy bucket")]


def test_file_level_comment_covers_the_whole_file_only():
    files = {"main.tf": "# iacreview:ignore-file=SEC050 -- lab network\n" + OPEN_SSH, "other.tf": OPEN_SSH.replace('"ssh"', '"ssh2"')}
    result = run(files, ["SEC050", "OPS090"])
    assert [(f.file, f.suppressed) for f in result.findings] == [("main.tf", "lab network"), ("other.tf", None)]


def test_missing_reason_still_suppresses_with_a_default_justification():
    result = run("# iacreview:ignore=SEC002\n" + PAB, ["SEC002"])
    assert summary(result) == [("SEC002", 4, NO_REASON)]


def test_directive_text_inside_a_heredoc_is_not_a_comment():
    hcl = 'locals {\n  doc = <<-EOT\n    # iacreview:ignore=SEC002 -- not a comment\n  EOT\n}\n\n' + PAB
    assert summary(run(hcl, ["SEC002", "OPS090"])) == [("SEC002", 9, None)]


def test_syntax_errors_cannot_be_suppressed():
    files = {"main.tf": "# iacreview:ignore-file=all -- everything\n" + OPEN_SSH, "broken.tf": 'resource "x" "y" {\n'}
    result = run(files, ["SYN001", "SEC050", "OPS090"])
    assert [(f.rule, f.suppressed is None) for f in result.findings] == [("SYN001", True), ("SEC050", False)]


def test_suppressions_can_be_ignored_for_grading_but_are_still_judged():
    hcl = "# iacreview:ignore=SEC002 -- hide it\n" + PAB + "\n# iacreview:ignore=SEC002 -- stale\n" + PAB.replace('"b" {', '"c" {').replace("= false", "= true")
    result = run(hcl, ["SEC002", "OPS090"], honour=False)
    assert summary(result) == [("SEC002", 4, None), ("OPS090", 10, None)]


# ---------------------------------------------------------------- OPS090


def test_unused_named_rule_is_reported_at_the_comment():
    hcl = "# iacreview:ignore=SEC002 -- stale\n" + PAB.replace("= false", "= true")
    result = run(hcl, ["SEC002", "OPS090"])
    [f] = result.findings
    assert (f.rule, f.line, f.col, f.end_line, f.end_col) == ("OPS090", 1, 1, 1, 35)
    assert f.message == ("Suppression of SEC002 is unused: it reports nothing in resource "
                         "aws_s3_bucket_public_access_block.b")


def test_unused_all_is_reported():
    hcl = "# iacreview:ignore=all -- stale\n" + PAB.replace("= false", "= true")
    result = run(hcl, ["SEC002", "OPS090"])
    assert [f.message for f in result.findings] == [
        "Suppression of all rules is unused: nothing is reported in resource aws_s3_bucket_public_access_block.b"]


def test_unselected_named_rule_is_run_to_judge_the_comment():
    used = "# iacreview:ignore=SEC050 -- bastion\n" + OPEN_SSH
    stale = "# iacreview:ignore=SEC051 -- no rdp here\n" + OPEN_SSH
    assert summary(run(used, ["OPS090"])) == []
    assert summary(run(stale, ["OPS090"])) == [("OPS090", 1, None)]


def test_malformed_and_unknown_comments_are_reported():
    hcl = "# iacreview:ignore -- forgot the names\n" + PAB + "# iacreview:ignore=SEC9999 -- typo\n" + OPEN_SSH
    result = run(hcl, ["OPS090"])
    assert [f.message for f in result.findings] == [
        "Suppression comment names no rules: write iacreview:ignore=RULE[,RULE…] -- reason",
        "Suppression names unknown rule SEC9999; it suppresses nothing",
    ]


def test_ops090_findings_can_be_suppressed_file_wide():
    hcl = "# iacreview:ignore-file=OPS090 -- migrating\n" + "# iacreview:ignore=SEC051 -- stale\n" + OPEN_SSH
    result = run(hcl, ["OPS090"])
    assert summary(result) == [("OPS090", 2, "migrating")]


def test_without_ops090_selected_nothing_is_reported_about_comments():
    hcl = "# iacreview:ignore=SEC051 -- stale\n" + OPEN_SSH
    assert summary(run(hcl, ["SEC050"])) == [("SEC050", 8, None)]


def test_the_documented_examples_of_ops090():
    from iacreview.rules.registry import get_rule

    meta = get_rule("OPS090").meta
    assert [f.rule for f in run(meta.bad, ["OPS090"]).findings] == ["OPS090"]
    assert run(meta.good, ["OPS090"]).findings == []
