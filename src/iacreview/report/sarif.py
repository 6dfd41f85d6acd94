"""Findings as SARIF 2.1.0, shaped for GitHub code scanning.

What GitHub reads and why each piece is here:
- `tool.driver.rules[]` carries each rule's documentation (short and full
  description, help in text and Markdown, an absolute https `helpUri`) and
  `properties.security-severity`, which GitHub turns into the alert's
  critical/high/medium/low label for rules tagged `security`.
- `results[].partialFingerprints` holds our own stable key (rule, file,
  resource address, message without positions): an alert keeps its identity
  when lines move, and a new alert opens when the problem changes.
- Inline suppressions are emitted, not dropped, as `suppressions: [{kind:
  "inSource", justification}]`, so the alert shows as suppressed with its
  reason.
- Columns count Unicode code points (`columnKind`), which is how iacreview
  counts them; `endColumn` is exclusive, as in SARIF.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from iacreview import __version__
from iacreview.check.baseline import fingerprint
from iacreview.check.run import PathResult
from iacreview.hcl import Source
from iacreview.rules.base import Finding, RuleMeta, clip_lines
from iacreview.rules.catalog.secret_values import redact
from iacreview.rules.registry import get_rule

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://github.com/iacreview/iacreview"
#: Where each rule's generated page (docs/rules/<ID>.md) is published.
HELP_URI = "https://github.com/iacreview/iacreview/blob/main/docs/rules/{id}.md"
FINGERPRINT_KEY = "iacreviewFindingHash/v1"

LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
#: GitHub's security-severity scale: >9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
#: GitHub's label for alerts of rules that are not security rules.
PROBLEM_SEVERITY = {"critical": "error", "high": "error", "medium": "warning", "low": "recommendation"}
#: The longest region (in lines) whose text is copied into `region.snippet`.
MAX_SNIPPET_LINES = 5


def artifact_uri(path: str) -> str:
    """A relative URI (forward slashes, percent-encoded) for paths below the working directory."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        rel = os.path.relpath(absolute, cwd).replace(os.sep, "/")
        return quote(rel, safe="/")
    return "file://" + quote(absolute.replace(os.sep, "/"), safe="/")


def rule_descriptor(meta: RuleMeta) -> dict[str, Any]:
    tags = ["terraform", meta.category]  # the category "security" is the tag GitHub looks for
    markdown = [f"**Why it matters.** {meta.rationale}", "", f"**How to fix.** {meta.fix}"]
    if meta.bad:
        markdown += ["", "Non-compliant:", "", "```hcl", meta.bad.rstrip("\n"), "```"]
    if meta.good:
        markdown += ["", "Compliant:", "", "```hcl", meta.good.rstrip("\n"), "```"]
    if meta.references:
        markdown += ["", "References:", ""] + [f"- <{url}>" for url in meta.references]
    return {
        "id": meta.id,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": meta.rationale},
        "help": {"text": f"{meta.rationale}\n\nHow to fix: {meta.fix}", "markdown": "\n".join(markdown)},
        "helpUri": HELP_URI.format(id=meta.id),
        "defaultConfiguration": {"level": LEVELS[meta.severity]},
        "properties": {
            "tags": tags,
            "precision": "high",
            "problem.severity": PROBLEM_SEVERITY[meta.severity],
            "security-severity": SECURITY_SEVERITY[meta.severity],
        },
    }


def _fallback_meta(f: Finding) -> RuleMeta:
    return RuleMeta(id=f.rule, name=f.rule.lower(), severity=f.severity, category=f.category, summary=f.title,
                    rationale=f.title, fix="See the finding message.")


def _masked(text: str, secrets: Iterable[str]) -> str:
    """Source text with every secret a finding reported shown as its messages show it (redacted)."""
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, redact(secret))
    return text


def _snippet(source: Source | None, f: Finding) -> str | None:
    if source is None:
        return None
    starts = source.line_starts
    if not 1 <= f.line <= len(starts):
        return None
    start = starts[f.line - 1] + f.col - 1
    if f.end_line is None:
        return source.line_text(f.line)[f.col - 1:]
    if f.end_line - f.line >= MAX_SNIPPET_LINES or f.end_line > len(starts):
        return None
    end = starts[f.end_line - 1] + (f.end_col or 1) - 1
    return source.text[start:end]


def _region(r: PathResult, f: Finding) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": f.line, "startColumn": f.col}
    if f.end_line is not None:
        region["endLine"] = f.end_line
        if f.end_col is not None:
            region["endColumn"] = f.end_col
    snippet = _snippet(r.source(f.file), f)
    if snippet is not None:
        secrets = {x.secret for x in r.findings if x.secret and x.file == f.file}
        region["snippet"] = {"text": clip_lines(_masked(snippet, secrets))}
    return region


def _fixes(r: PathResult, f: Finding, meta: RuleMeta) -> list[dict[str, Any]]:
    if not f.edits:
        return []
    by_file: dict[str, list[dict[str, Any]]] = {}
    for e in sorted(f.edits, key=lambda e: (e.file, e.start)):
        by_file.setdefault(e.file, []).append({
            "deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
            "insertedContent": {"text": e.replacement},
        })
    changes = [{"artifactLocation": {"uri": artifact_uri(r.display(file))}, "replacements": reps}
               for file, reps in by_file.items()]
    return [{"description": {"text": meta.fix}, "artifactChanges": changes}]


def _result(r: PathResult, f: Finding, index: int, meta: RuleMeta) -> dict[str, Any]:
    path = r.clean_path(f.file)
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(r.display(f.file))},
            "region": _region(r, f),
        }}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f.rule, path, f.address, f.message)},
        "properties": {"severity": f.severity, "category": f.category},
    }
    if f.address:
        out["properties"]["address"] = f.address
        out["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": f.address, "kind": "resource"}]
    fixes = _fixes(r, f, meta)
    if fixes:
        out["fixes"] = fixes
    if f.suppressed is not None:
        out["suppressions"] = [{"kind": "inSource", "justification": f.suppressed}]
    return out


def render_sarif(results: Sequence[PathResult]) -> dict[str, Any]:
    """One SARIF log with one run covering every PATH of the check."""
    pairs = [(r, f) for r in results for f in sorted(r.findings, key=Finding.sort_key)]
    metas: dict[str, RuleMeta] = {}
    for _, f in pairs:
        if f.rule not in metas:
            rule = get_rule(f.rule)
            metas[f.rule] = rule.meta if rule is not None else _fallback_meta(f)
    order = sorted(metas)
    index = {rule_id: i for i, rule_id in enumerate(order)}
    errors = [e for r in results for e in r.result.errors]
    invocation: dict[str, Any] = {"executionSuccessful": not errors}
    if errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": f"rule {e.rule} failed: {e.message}"}, "descriptor": {"id": e.rule}}
            for e in errors
        ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "iacreview",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(metas[rule_id]) for rule_id in order],
            }},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": [_result(r, f, index[f.rule], metas[f.rule]) for r, f in pairs],
        }],
    }
