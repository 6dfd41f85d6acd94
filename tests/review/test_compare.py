"""Reading hand-written MODEL_FAILURES.md files of every common shape, and matching them to ours."""

from __future__ import annotations

from iacreview.review.compare import compare, parse_failures_md

SEVERITY_SECTIONS = """# Model Response Failures Analysis

## Critical Failures

### 1. Hardcoded database password
The password was a literal.

## Low Failures

### 1. Backend placeholders
REPLACE_ME values.

## What Was NOT Wrong

### Good tagging
"""

NUMBERED_LIST = """# Summary

## Issues Identified and Resolved

1. **Missing encryption**: the bucket had no SSE configuration and was stored unencrypted.
2. **Formatting**: terraform fmt had not been applied to main.tf.

## Conclusion

All fixed.
"""


def test_severity_sections_give_titled_items_with_severity():
    items = parse_failures_md(SEVERITY_SECTIONS)
    assert [(i.title, i.severity) for i in items] == [
        ("Hardcoded database password", "critical"),
        ("Backend placeholders", "low"),
    ]


def test_list_items_under_an_issues_heading():
    items = parse_failures_md(NUMBERED_LIST)
    assert len(items) == 2
    assert items[0].title.startswith("**Missing encryption**")


def failure(rule, name, category, title, severity="medium"):
    return {"rule": rule, "name": name, "category": category, "title": title, "message": title,
            "severity": severity, "address": None}


def test_matching_ours_with_theirs():
    review = {"failures": [
        failure("FMT001", "not-terraform-fmt-canonical", "formatting", "File is not formatted as terraform fmt would"),
        failure("SEC008", "s3-encryption-not-configured", "security", "S3 bucket has no server-side encryption"),
        failure("TAG001", "resource-tags-missing", "operations", "Taggable resources have no tags", "low"),
    ]}
    result = compare(review, NUMBERED_LIST)
    matched = {m["ours"]["rule"] for m in result["matched"]}
    assert matched == {"FMT001", "SEC008"}
    assert [o["rule"] for o in result["only_ours"]] == ["TAG001"]
    assert result["only_theirs"] == []


ITEMS_WITH_PARTS = """# Model Failures

## Critical Issues

### 1. CloudWatch logs not encrypted

#### Root Cause
The model dropped the KMS key.

#### Fix Applied
- Added kms_key_id to every log group
- Granted the logs service use of the key

### 2. No dead-letter queue

#### Impact
Failed messages are lost.
"""

SECTIONS_WITH_PARTS = """# Model Failures

## Error 1: Missing Step Functions timeout

### Category
Reliability

### Root Cause
- The state machine waits forever on a hung task

## Error 2: Incomplete KMS key permissions

### Description
The key policy omits the logs service.
"""


def test_headings_that_label_parts_of_a_failure_belong_to_it():
    items = parse_failures_md(ITEMS_WITH_PARTS)
    assert [(i.title, i.severity) for i in items] == [
        ("CloudWatch logs not encrypted", "critical"),
        ("No dead-letter queue", "critical"),
    ]
    assert "Added kms_key_id" in items[0].text and "Failed messages are lost" in items[1].text


def test_a_section_whose_parts_are_labelled_is_one_failure():
    items = parse_failures_md(SECTIONS_WITH_PARTS)
    assert [i.title for i in items] == ["Error 1: Missing Step Functions timeout",
                                        "Error 2: Incomplete KMS key permissions"]
    assert "hung task" in items[0].text and "logs service" in items[1].text


def test_items_no_failure_explains_are_matched_to_the_ideals_fixes():
    human = ("# Failures\n\n## Critical Issues\n\n### 1. Missing dead-letter queue for the orders queue\n"
             "Failed messages were lost.\n\n### 2. Bucket name typo\nA letter was missing.\n")
    review = {"failures": [], "fixes": [
        {"class": "A", "description": "resource aws_sqs_queue.orders_dlq added", "reason": "adds aws_sqs_queue (a whole feature)"},
        {"class": "C", "description": "resource aws_s3_bucket.data changed: bucket", "reason": "naming, tags or descriptions"},
        {"class": "B", "description": "resource aws_lambda_function.fn changed: timeout", "reason": "configuration adjustment"},
    ]}
    result = compare(review, human)
    assert [(m["fix"]["description"], m["theirs"]["title"]) for m in result["matched_fixes"]] == [
        ("resource aws_sqs_queue.orders_dlq added", "Missing dead-letter queue for the orders queue")]
    assert [t["title"] for t in result["only_theirs"]] == ["Bucket name typo"]  # minor fixes are not matched
    assert result["counts"]["matched_fixes"] == 1


def test_an_item_naming_our_resource_address_matches_it():
    review = {"failures": [{"rule": "REL030", "name": "acm-certificate-not-validated", "severity": "high",
                            "category": "reliability", "title": "An ACM certificate is used before it is validated",
                            "message": "aws_lb_listener.https uses aws_acm_certificate.main directly"}], "fixes": []}
    human = ("# Failures\n\n## High\n\n### 1. Listener blocks the apply\n"
             "The `aws_lb_listener.https` waits on a certificate nobody validates.\n")
    result = compare(review, human)
    assert result["counts"]["matched"] == 1 and result["matched"][0]["similarity"] == 0.9


def test_sections_that_list_what_the_answer_has_are_not_items():
    text = ("# Review\n\n## Critical Failures\n\n### 1. Open SSH\nPort 22 open to the world.\n\n"
            "## Production Ready Features\n\n### Encryption everywhere\nKMS on all stores.\n\n"
            "## Deployment Checklist\n\n- Run terraform init and plan before apply today\n"
            "## Review\n\n### ✅ Remote state management configured\n\n### **RDS Configuration** ✅\nMulti-AZ.\n\n"
            "### **S3 Bucket Configuration** ✅/❌\nNo public access block.\n")
    titles = [i.title for i in parse_failures_md(text)]
    assert len(titles) == 2 and titles[0] == "Open SSH" and "S3 Bucket Configuration" in titles[1]


def test_a_title_saying_a_service_is_missing_matches_our_missing_service():
    """Our CMP001 names the service only in its message; the reviewer's title names it and says it is missing."""
    review = {"failures": [failure("CMP001", "required-service-missing", "completeness",
                                   "A service the task requires has no resource in the answer", "high")
                           | {"message": "required service sns has no resource in the answer; also: required "
                                         "service cloudtrail has no resource in the answer"}], "fixes": []}
    human = ("# Failures\n\n## Critical\n\n### 1. **CloudTrail Completely Missing**\nNo audit trail at all.\n\n"
             "### 2. Missing IAM Policy for SNS Access\nThe role cannot publish.\n")
    result = compare(review, human)
    assert [(m["ours"]["rule"], m["theirs"]["title"]) for m in result["matched"]] == [
        ("CMP001", "**CloudTrail Completely Missing**")]  # the second item is about a policy, not SNS missing


def test_shared_words_do_not_match_an_item_about_another_service():
    """"ALB Access Logs" and S3 server access logging share words, not a subject."""
    review = {"failures": [failure("OPS001", "s3-access-logging-disabled", "operations",
                                   "S3 bucket has no server access logging", "low")
                           | {"message": "aws_s3_bucket.config has no access logging"}], "fixes": []}
    human = "# Failures\n\n## Low\n\n### 1. ALB Access Logs Issue\nThe load balancer's access logging fails.\n"
    assert compare(review, human)["counts"]["matched"] == 0
    same = "# Failures\n\n## Low\n\n### 1. S3 access logging missing\nThe buckets keep no server access logs.\n"
    assert compare(review, same)["counts"]["matched"] == 1
