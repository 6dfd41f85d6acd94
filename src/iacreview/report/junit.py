"""Findings as JUnit XML, the test-report format GitLab, Jenkins, Azure DevOps and CircleCI all read.

Layout: one `<testsuite>` per checked file, one `<testcase>` per finding.
- A finding is a `<failure>` (its `type` is the severity); a file that does
  not parse is an `<error>`, the JUnit word for "could not run".
- An inline-suppressed finding is `<skipped>` with its justification.
- A file without findings gets one passing test case, so the report counts
  clean files as passed tests rather than showing nothing.
- `classname` is `iacreview.<category>.<RULE>`: Jenkins splits it at dots into
  package and class, which groups results by category and rule; GitLab shows
  it beside the test name. `file` and `line` are the attributes GitLab uses
  to link a failure to the code.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from iacreview.check.run import PathResult
from iacreview.rules.base import Finding
from iacreview.rules.registry import get_rule


def _details(r: PathResult, f: Finding, path: str) -> str:
    rule = get_rule(f.rule)
    lines = [f"{f.severity} {f.rule} ({rule.meta.name if rule else f.rule}) at {path}:{f.line}:{f.col}", f.message]
    if f.address:
        lines.append(f"resource: {f.address}")
    source = r.line_of(f.file, f.line)
    if source is not None:
        lines += ["", f"  {source}", "  " + " " * max(f.col - 1, 0) + "^"]
    fix = f.fix_text or (rule.meta.fix if rule else None)
    if fix:
        lines += ["", f"fix: {fix}"]
    return "\n".join(lines)


def _case(r: PathResult, f: Finding, path: str) -> tuple[ET.Element, str]:
    case = ET.Element("testcase", {
        "name": f"{f.rule} {f.title} ({path}:{f.line}:{f.col})",
        "classname": f"iacreview.{f.category}.{f.rule}",
        "file": path,
        "line": str(f.line),
    })
    if f.suppressed is not None:
        ET.SubElement(case, "skipped", {"message": f"suppressed: {f.suppressed}"})
        return case, "skipped"
    kind = "error" if f.rule == "SYN001" else "failure"
    element = ET.SubElement(case, kind, {"message": f.message, "type": f.severity})
    element.text = _details(r, f, path)
    return case, kind


def render_junit(results: Sequence[PathResult]) -> str:
    """The JUnit XML document (with declaration) for a whole check."""
    root = ET.Element("testsuites", {"name": "iacreview"})
    totals = {"tests": 0, "failure": 0, "error": 0, "skipped": 0}
    for r in results:
        by_file: dict[str, list[Finding]] = {name: [] for name in r.files()}
        for f in r.findings:
            by_file.setdefault(f.file, []).append(f)
        for file in sorted(by_file, key=r.clean_path):
            path = r.clean_path(file)
            suite = ET.SubElement(root, "testsuite", {"name": path})
            counts = {"tests": 0, "failure": 0, "error": 0, "skipped": 0}
            for f in sorted(by_file[file], key=Finding.sort_key):
                case, kind = _case(r, f, path)
                suite.append(case)
                counts["tests"] += 1
                counts[kind] += 1
            if not by_file[file]:
                ET.SubElement(suite, "testcase", {"name": f"no findings ({path})", "classname": "iacreview", "file": path})
                counts["tests"] += 1
            suite.set("tests", str(counts["tests"]))
            suite.set("failures", str(counts["failure"]))
            suite.set("errors", str(counts["error"]))
            suite.set("skipped", str(counts["skipped"]))
            for key in totals:
                totals[key] += counts[key]
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failure"]))
    root.set("errors", str(totals["error"]))
    root.set("skipped", str(totals["skipped"]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
