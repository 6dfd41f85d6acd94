"""Our failures beside those of a human-written MODEL_FAILURES.md: matched, only ours, only theirs.

Hand-written reviews have no fixed shape (severity sections with numbered
headings, "Issues Identified" lists, plain bullets…). Items are read from the
Markdown structure with markdown-it: each heading under a failures section, or
each top-level list item, is one item, with the severity of the section it
sits in when there is one. Headings that label a part of a failure ("Root
Cause", "Fix Applied", "Impact") add to the item above them. Items are matched to our failures by shared
vocabulary (rule names, categories, resource types and their synonyms), best
pair first, so the result is the same every time; an item and a failure that name
the same resource address (or the same resource type and argument) match on that.
Sections that list what the answer has or what to do next ("Production Ready
Features", "Deployment Checklist") hold no items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt

from iacreview.review.compare_subject import (
    Subject, anchor_score, different_subjects, missing_service_score, object_words, subject_of_failure,
    subject_of_text,
)

SEVERITY_WORDS = {"critical": "critical", "high": "high", "medium": "medium", "moderate": "medium", "low": "low",
                  "minor": "low", "major": "high", "severe": "critical"}
_SKIP_SECTIONS = re.compile(r"not wrong|summary|statistic|conclusion|recommend|scor|rationale|strength|what went well|"
                            r"overview|executive|justification|training quality|contrast|"
                            # Headings of what the answer has or what to do next: not failures.
                            r"production[- ]ready|checklist|key features|features? implemented|implemented features|"
                            r"highlights|positives?\b|done (?:well|right)|correctly implemented|next steps|"
                            r"test(?:ing)? results|validation results|verification steps|deployment (?:steps|guide)",
                            re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"the", "a", "an", "and", "or", "of", "to", "in", "for", "on", "with", "is", "are", "was", "not", "no", "be",
         "by", "at", "as", "it", "its", "this", "that", "from", "missing", "issue", "model", "response", "ideal",
         "fix", "failure", "should", "has", "have", "uses", "use", "used", "lack", "lacks", "without",
         # too general to tie a human item to one of our rules
         "file", "files", "configuration", "configured", "config", "resource", "resources", "value", "values",
         "set", "code", "correct", "comprehensive", "terraform", "aws", "structure", "proper", "properly",
         "defined", "definitions", "definition", "incomplete", "all", "any", "one", "each"}
# Words that mean the same thing in reviews and in our rule vocabulary.
SYNONYMS = {
    "fmt": "formatting", "formatted": "formatting", "alignment": "formatting",
    "indentation": "formatting", "spacing": "formatting", "whitespace": "formatting",
    "placeholder": "placeholder", "placeholders": "placeholder", "replace": "placeholder",
    "encrypt": "encryption", "encrypted": "encryption", "unencrypted": "encryption", "kms": "encryption",
    "sse": "encryption", "public": "public", "publicly": "public", "ingress": "ingress", "0": "open",
    "cidr": "ingress", "ssh": "ssh", "iam": "iam", "wildcard": "wildcard", "policy": "policy",
    "policies": "policy", "secret": "secret", "secrets": "secret", "password": "secret", "hardcoded": "hardcoded",
    "hard": "hardcoded", "region": "region", "regions": "region", "backend": "backend", "state": "backend",
    "versioning": "versioning", "logging": "logging", "logs": "logging", "log": "logging", "tags": "tagging",
    "tagging": "tagging", "tag": "tagging", "description": "description", "descriptions": "description",
    "test": "testing", "tests": "testing", "testing": "testing", "deletion": "deletion", "protection": "deletion",
    "snapshot": "deletion", "validation": "validation", "validate": "validation", "undeclared": "validation",
    "reference": "validation", "references": "validation", "syntax": "syntax", "output": "output",
    "outputs": "output", "variable": "variable", "variables": "variable", "version": "version",
    "versions": "version", "pinned": "version", "nat": "nat", "cost": "cost", "multi": "ha", "az": "ha",
    "availability": "ha", "imdsv2": "imds", "metadata": "imds", "flow": "flowlogs", "platform": "platform",
    "language": "platform",
    "eol": "deprecated", "outdated": "deprecated", "obsolete": "deprecated", "retired": "deprecated",
    "db": "database", "rds": "database", "parameter": "argument",
    "parameters": "argument", "arguments": "argument", "attribute": "argument", "attributes": "argument",
}
MATCH_THRESHOLD = 0.25
#: Fixes are many and their words few: a human item must name more of one to be its match.
FIX_MATCH_THRESHOLD = 0.4
#: Headings that label a part of one failure (its cause, impact, fix …) rather than start another.
_FIELD_HEADING = re.compile(
    r"(?:root causes?|impact(?: assessment| level)?|(?:cost|security|performance|business) impact.*|fix(?:es)?(?: applied)?|"
    r"resolution|evidence|problem(?: statement)?|(?:failure |issue )?description|error(?: messages?| output)?|"
    r"prevention(?: strategy)?|why (?:this|it) matters|category|severity|status|solution|details?|location|"
    r"(?:model|ideal)[ _]?response.*|expected(?: behaviou?r)?|actual(?: behaviou?r)?|what (?:was|went) wrong|"
    r"what (?:the )?(?:model|ideal).*|correct(?:ed)? (?:code|implementation|approach)|training value|"
    r"aws documentation.*|references?|recommendations?|lessons? learned|the fix|how it was fixed)"
)


@dataclass
class HumanItem:
    title: str
    severity: str | None
    text: str
    line: int
    words: set[str] = field(default_factory=set)
    subject: Subject = field(default_factory=lambda: subject_of_text(""))




def _words(text: str) -> set[str]:
    found = set()
    for w in _WORD.findall(text.lower()):
        if w in _STOP or len(w) < 2 and w != "0":
            continue
        found.add(SYNONYMS.get(w, w))
    return found


def parse_failures_md(text: str) -> list[HumanItem]:
    """Items of a hand-written review, in document order."""
    tokens = MarkdownIt("commonmark").parse(text)
    items: list[HumanItem] = []
    section_severity: str | None = None
    skipping = False
    current: HumanItem | None = None
    current_level = 0
    section: tuple[str, int, int] | None = None  # the last plain section heading: title, line, level
    list_depth = 0
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            title = tokens[i + 1].content.strip()
            level = int(tok.tag[1])
            lower = title.lower()
            if level <= 3 and _SKIP_SECTIONS.search(lower):
                skipping = True
                current = None
                section = None
                continue
            sev = next((v for k, v in SEVERITY_WORDS.items() if re.search(rf"\b{k}\b", lower)), None)
            if sev and ("failure" in lower or "issue" in lower or "severity" in lower or level <= 2
                        or re.fullmatch(r"[\w\s()]*", lower) and len(lower.split()) <= 3):
                section_severity = sev
                skipping = False
                current = None
                section = None
                continue
            if level <= 2:
                skipping = False
                section_severity = None if not sev else sev
                current = None
                section = (title, (tok.map[0] + 1) if tok.map else 0, level)
                continue
            if skipping:
                continue
            clean = re.sub(r"^\s*(?:\d+[.)]|[-*])\s*", "", title)
            if _FIELD_HEADING.fullmatch(re.sub(r"[*_`:#]", "", clean).strip().lower()):
                # "#### Root Cause", "#### Fix Applied": a part of the item above, not an item of its own.
                # Right under a section ("## Failure 1: …" then "### Root Cause"), the section is the item.
                if current is None and section is not None:
                    current = HumanItem(section[0], section_severity, section[0], section[1])
                    current_level = section[2]
                    items.append(current)
                    section = None
                if current is not None and level > current_level:
                    current.text += " " + clean
                continue
            current = HumanItem(clean, section_severity, clean, (tok.map[0] + 1) if tok.map else 0)
            current_level = level
            items.append(current)
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif tok.type == "inline" and not skipping:
            prev = tokens[i - 1].type if i else ""
            if prev == "heading_open":
                continue
            if current is not None:
                current.text += " " + tok.content
            elif list_depth == 1 and prev == "paragraph_open" and tokens[i - 2].type == "list_item_open":
                content = tok.content.strip()
                if len(content) > 15:
                    items.append(HumanItem(content.split(". ")[0][:120], section_severity, content,
                                           (tok.map[0] + 1) if tok.map else 0))
    # "✅ Remote state management configured", "**RDS Configuration** ✅": what the answer does right.
    items = [item for item in items if not (_CHECKED.search(item.title) and "❌" not in item.title)]
    for item in items:
        item.words = _words(item.title + " " + item.text)
        item.subject = subject_of_text(item.title + " " + item.text[:600])  # what the item is about, not all it quotes
    return items


_CHECKED = re.compile("[✅✓✔]")


def _our_words(failure: dict[str, Any]) -> tuple[set[str], str, Subject, str, set[str]]:
    """Our failure's signature (its rule's name and title in the shared vocabulary), its category, what its
    message names (`compare_subject`), its rule, and the signature's words that say what is wrong (not the
    names of the resource it sits on)."""
    name = failure.get("name") or ""
    core = _words(f"{name.replace('-', ' ')} {failure['title']}")
    return core, failure["category"], subject_of_failure(failure), failure.get("rule", ""), core - _words(object_words(failure))


def _similarity(ours: tuple[Any, ...], item: HumanItem) -> float:
    """How much of our signature the human item mentions, its title counting double (long sections
    mention everything somewhere); naming our category counts as one more word. Naming the same resource
    addresses, types and arguments, or a missing service in its title, counts too (`compare_subject`). Shared
    words alone do not, when the two name only different services, or when the item's title shares none of
    the words that say what is wrong (only those naming the resource)."""
    core, category = ours[0], ours[1]
    if len(ours) < 4:  # a fix's signature: words only
        return _word_similarity(core, category, item)
    subject, rule = ours[2], ours[3]
    anchored = max(anchor_score(subject, item.subject, len(core & item.words)),
                   missing_service_score(rule, subject, item.title))
    if different_subjects(subject, item.title):
        return anchored
    if not ours[4] & item.words:
        # "S3 bucket naming conflicts" shares only the names of what our S3 logging failure is about.
        return anchored
    return max(anchored, _word_similarity(core, category, item))


def _word_similarity(core: set[str], category: str, item: HumanItem) -> float:
    if not core or not item.words:
        return 0.0
    common = core & item.words
    if len(common) < 2 and not (common and category in item.words):
        return 0.0  # one shared word alone is chance, not a match
    title = _words(item.title)
    shared = 2 * len(core & title) + len(common) + (1 if category in item.words else 0)
    return shared / (3 * len(core))


def _pairs(signatures: list[tuple[Any, ...]], theirs: list[HumanItem], used_t: set[int],
           threshold: float) -> list[tuple[float, int, int]]:
    """(similarity, our index, their index), best pair first, each side used once."""
    scores = [(s, oi, ti) for oi, sig in enumerate(signatures) for ti, item in enumerate(theirs)
              if ti not in used_t and (s := _similarity(sig, item)) >= threshold]
    scores.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_o: set[int] = set()
    taken = []
    for s, oi, ti in scores:
        if oi in used_o or ti in used_t:
            continue
        used_o.add(oi)
        used_t.add(ti)
        taken.append((s, oi, ti))
    return taken


#: Words every fix description has ("resource aws_kms_key.logs added"): they tie it to nothing.
_FIX_WORDS = {"added", "adds", "changed", "removed", "renamed", "whole", "feature", "service", "already",
              "part", "adding", "data", "source", "lookup", "adjustment"}


def _fix_words(fix: dict[str, Any]) -> tuple[set[str], str]:
    """A fix's signature: what its description and reason name (resource types split into words)."""
    return _words(f"{fix.get('description', '')} {fix.get('reason', '')}".replace("_", " ")) - _FIX_WORDS, ""


def compare(review: dict[str, Any], failures_md: str) -> dict[str, Any]:
    """Their items matched to our failures first; the rest to the ideal's significant and moderate fixes
    (a human review mostly lists what the ideal answer added or changed, which is what the diff finds)."""
    theirs = parse_failures_md(failures_md)
    ours = review["failures"]
    used_t: set[int] = set()
    pairs = _pairs([_our_words(f) for f in ours], theirs, used_t, MATCH_THRESHOLD)
    matched = [{"ours": _brief(ours[oi]), "theirs": _brief_item(theirs[ti]), "similarity": round(s, 3),
                "same_severity": theirs[ti].severity in (None, ours[oi]["severity"])} for s, oi, ti in pairs]
    used_o = {oi for _, oi, _ in pairs}
    fixes = [fx for fx in review.get("fixes", []) if fx.get("class") in ("A", "B")]
    matched_fixes = [{"fix": _brief_fix(fixes[oi]), "theirs": _brief_item(theirs[ti]), "similarity": round(s, 3)}
                     for s, oi, ti in _pairs([_fix_words(fx) for fx in fixes], theirs, used_t, FIX_MATCH_THRESHOLD)]
    return {
        "matched": matched,
        "matched_fixes": matched_fixes,
        "only_ours": [_brief(f) for i, f in enumerate(ours) if i not in used_o],
        "only_theirs": [_brief_item(t) for i, t in enumerate(theirs) if i not in used_t],
        "counts": {"ours": len(ours), "theirs": len(theirs), "matched": len(matched),
                   "matched_fixes": len(matched_fixes)},
    }


def _brief_fix(fix: dict[str, Any]) -> dict[str, Any]:
    return {"class": fix.get("class"), "description": fix.get("description"), "reason": fix.get("reason"),
            "file": fix.get("file"), "line": fix.get("line")}


def _brief(f: dict[str, Any]) -> dict[str, Any]:
    return {"rule": f["rule"], "severity": f["severity"], "category": f["category"], "message": f["message"]}


def _brief_item(item: HumanItem) -> dict[str, Any]:
    return {"title": item.title, "severity": item.severity, "line": item.line}
