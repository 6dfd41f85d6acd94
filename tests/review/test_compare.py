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
