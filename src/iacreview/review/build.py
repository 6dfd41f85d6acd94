"""`review_task`: the Model Response Failures Analysis of one task, as data.

Loads the task, analyses the model's and the ideal's answers, selects the
failures (model findings the ideal does not share, plus task-level ones),
classifies every model→ideal difference as an A/B/C fix, scores with the
chosen rubric and returns the JSON contract of DESIGN.md (extra keys only
added, never changed). The Markdown report is rendered from this same data.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from iacreview import __version__
from iacreview.diff import classify, diff_configurations, one_a_per_added_service
from iacreview.diff.classify import FIX_CLASSES, ClassifiedFix
from iacreview.diff.finding_class import finding_class
from iacreview.model.config import Configuration
from iacreview.review import facts as F
from iacreview.review.analysis import SYNTHETIC_ROOT, AnswerAnalysis, analyse
from iacreview.review.differences import consequential
from iacreview.review.excerpts import distinct_excerpts, fix_for, formatting_excerpts
from iacreview.review.failures import Failure, select_failures
from iacreview.review.readable import cut_off_files
from iacreview.review.naming import declares_suffix, names_without_suffix
from iacreview.review.requirements import (
    check_requirements,
    requirement_findings,
    service_sentences,
    superseded_rules,
)
from iacreview.review.syntax_fix import syntax_fix
from iacreview.rules.base import SEVERITY_RANK, Finding
from iacreview.rules.registry import all_rules, get_rule
from iacreview.rules.services import service_of
from iacreview.score import FailureFact, FixFact, ScoreFacts, load_rubric, score
from iacreview.task import ProblemKind, Task, load_task
from iacreview.task.loader import UNREADABLE_KINDS
from iacreview.task.requirements import Requirements, read_requirements
from iacreview.task.title import derive_title

ROOT_CAUSES = {
    "syntax": "The model produced text that is not valid HCL, so nothing in the file can be loaded.",
    "formatting": "The model generated syntactically correct HCL but did not apply the canonical layout that "
    "terraform fmt enforces; generation favoured content over stylistic consistency.",
    "validation": "The model wrote references, names or values that do not fit together; it did not check the "
    "configuration the way terraform validate would.",
    "security": "The model chose a convenient default over a secure one and did not apply the security baseline "
    "a reviewer expects for this resource.",
    "cost": "The model sized or replicated infrastructure beyond what the task needs.",
    "reliability": "The model did not configure the resilience (backups, redundancy, versioning) the resource needs.",
    "operations": "The model left operational details (state backend, versions, placeholders, lifecycle settings) "
    "unfinished or inconsistent with how the stack will be run.",
    "portability": "The model hardcoded values that tie the configuration to one account, region or image.",
    "documentation": "The model left declarations or requested documents undocumented.",
    "testing": "The model did not deliver the tests the task asks for.",
    "platform": "The model answered with a different tool or language than the task requires.",
    "completeness": "The model's answer leaves out part of what the task (or the reviewed ideal answer) requires.",
    "deployment": "The model wrote Terraform that terraform validate accepts but did not check it against what AWS "
    "does at apply time: the API rejects the request, or the resources deploy and cannot work together.",
    "requirement": "The model did not build what the prompt explicitly states; it answered a similar, more generic "
    "task instead of reading the prompt as a specification.",
}
NOT_WRONG_GROUPS = {
    "completeness": "Complete Resource Coverage",
    "security": "Security Best Practices",
    "documentation": "Terraform Best Practices",
    "portability": "Terraform Best Practices",
    "validation": "Terraform Best Practices",
    "formatting": "Terraform Best Practices",
    "cost": "Cost Optimization",
    "reliability": "Operational Readiness",
    "operations": "Operational Readiness",
    "testing": "Testing",
    "platform": "Platform",
    "syntax": "Code Quality",
    "deployment": "Deployability",
    "requirement": "Prompt Requirements",
}


#: Task problems that mean the model's answer could not be read at all.
UNREADABLE = UNREADABLE_KINDS

#: Task problems that mean the model's answer was read and holds no code to review.
CODELESS = frozenset({ProblemKind.NO_CODE, ProblemKind.PLACEHOLDER, ProblemKind.EMPTY_ANSWER})

#: Places of one failure quoted in the report (the rest are counted).
MAX_QUOTED = 3
#: How requirement failures quote the prompt: `PROMPT.md line 5: "a single NAT gateway …"`.
_PROMPT_QUOTE = re.compile(r'PROMPT\.md line (\d+): "(.*?)"\)')


class ReviewError(Exception):
    """The review cannot run at all (e.g. an unusable rubric); one clear line for the user."""


class InputError(ReviewError):
    """The task's answer cannot be reviewed: missing or empty (`no-answer`), or unreadable (`unreadable`).

    Such a task gets no score and no report: a review of nothing would read as
    "no failures". The message is one line, `file:line:col: kind: message`.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _task_level_findings(task: Task, model: AnswerAnalysis, ideal: AnswerAnalysis | None, reqs: Requirements,
                         required: list[str], types: set[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    comparison = task.platform_comparison()
    wrong = comparison.answer_mismatches()
    if wrong and model.answer.platform.known:
        found["PLT001"] = [{"message": "; ".join(str(m) for m in wrong), "file": model.answer.source.name}]
    codeless = [p for p in model.answer.problems if p.kind in CODELESS]
    if codeless and not model.has_code:
        found["CMP003"] = [{"message": f"{codeless[0].message}: nothing to plan, validate or deploy",
                            "file": model.answer.source.name}]
    elif not model.has_code and "PLT001" not in found and ideal is not None and ideal.has_code:
        # Code, but no Terraform configuration: variable values, commands, a script beside a summary.
        kinds = sorted({name.rsplit(".", 1)[-1] for name in model.answer.files if "." in name})
        found["CMP003"] = [{"message": "the answer has no Terraform configuration (.tf), only "
                            + (", ".join(f".{k}" for k in kinds) + " files" if kinds else "prose and snippets")
                            + ": nothing to plan, validate or deploy", "file": model.answer.source.name}]
    broken = {f.file for f in (model.result.findings if model.result else []) if f.rule == "SYN001"}
    unclosed = any(p.kind is ProblemKind.UNCLOSED_FENCE for p in model.answer.problems)
    cut = cut_off_files(model.files, sorted(broken), unclosed)
    if cut:
        found["CMP005"] = [{"message": f"{name} stops inside an open block after line {line} ({last[:60]!r})"
                            + ("; a code fence is never closed" if unclosed else "")
                            + ": the rest of the answer is missing", "file": name, "line": line}
                           for name, line, last in cut]
    missing = F.missing_services(required, types, F.services_in_unseen_modules(model))
    if model.has_code and missing:
        found["CMP001"] = [{"message": f"required service {s} has no resource in the answer", "address": f"service.{s}"}
                           for s in missing]
    suffix = reqs.name_suffix
    unsuffixed = _missing_name_suffix(model, ideal, suffix) if suffix and model.config is not None else []
    if unsuffixed:
        found["CMP004"] = unsuffixed
    present = F.present_documents(model.answer, reqs.requested_documents)
    absent = [d for d, ok in present.items() if not ok]
    if absent:
        found["DOC020"] = [{"message": f"requested document {d} is missing or a placeholder", "address": f"doc.{d}"}
                           for d in absent]
    cases, _ = F.count_tests(model.answer)
    if reqs.asks_for_tests and cases == 0 and not task.test_files:
        found["TEST001"] = [{"message": "the task asks for tests; the answer has none", "address": "tests"}]
    return found


def _missing_name_suffix(model: AnswerAnalysis, ideal: AnswerAnalysis | None, suffix: str) -> list[dict[str, Any]]:
    """CMP004's places: named resources without the suffix, but not of a type the ideal leaves unsuffixed too."""
    assert model.config is not None
    unsuffixed = names_without_suffix(model.config, suffix)
    if ideal is not None and ideal.config is not None:
        exempt = {u.resource_type for u in names_without_suffix(ideal.config, suffix)}
        unsuffixed = [u for u in unsuffixed if u.resource_type not in exempt]
    declared = declares_suffix(model.config, suffix)
    return [{"message": f"{u.address}: {u.argument} = {u.value} does not include the {suffix} the task requires in "
                        "every name" + ("" if declared else f" (no variable {suffix} is declared)"),
             "file": u.file, "line": u.line, "col": u.col, "address": u.address} for u in unsuffixed]


def _finding_from_task(rule_id: str, item: dict[str, Any]) -> Finding:
    meta = get_rule(rule_id).meta  # type: ignore[union-attr]
    return Finding(rule_id, item.get("severity", meta.severity), meta.category, meta.summary, item["message"],
                   item.get("file", ""), item.get("line", 1), item.get("col", 1), end_line=item.get("end_line"),
                   address=item.get("address"))


def review_task(path: str | Path, ideal: str | Path | None = None, rubric: str = "seed") -> dict[str, Any]:
    """The review of the task at `path` (folder, answer directory, markdown or .tf file)."""
    try:
        chosen_rubric = load_rubric(rubric)
    except ValueError as exc:
        raise ReviewError(str(exc)) from None
    task = load_task(path, ideal)
    unreviewable = task.input_error()
    if unreviewable is not None:
        kind, problem = unreviewable
        raise InputError(kind, f"{problem.location()}: {kind}: {problem.message}; nothing to review")
    prompt = task.prompt or ""
    reqs = read_requirements(prompt)  # what the prompt asks, read once
    options: dict[str, Any] = dict(reqs.rule_options)
    model = analyse(task.model, options)
    ideal_analysis = analyse(task.ideal, options) if task.ideal is not None and not task.ideal.is_placeholder else None
    model_types = F.resource_types(model)
    notes: list[str] = []
    if _abridged_ideal(model_types, ideal_analysis):
        # Nothing to diff against: every model resource would read as "removed by the ideal".
        ideal_analysis = None
        name = task.ideal.source.name if task.ideal is not None else "IDEAL_RESPONSE.md"
        notes.append(f"{name}:1:1: abridged-ideal: the ideal answer declares no resource, or only a fragment "
                     "that refers to resources it never declares, while the model's answer does; it is treated as "
                     "missing (no fixes judged, complexity read from the model)")
    # Required services: those metadata.json lists and those the prompt asks for in words.
    required = F.required_services(list(task.metadata.aws_services or []) + _prompt_services(reqs))
    if ideal_analysis is not None and ideal_analysis.files:
        # The reviewed ideal shows which listed services the task really needed.
        ideal_services = {service_of(t) for t in F.resource_types(ideal_analysis)}
        required = [s for s in required if F.EQUIVALENT.get(s, {s}) & ideal_services]
    requested = reqs.requested_documents
    waived = _waived_rules(reqs)
    rule_findings = [f for f in (model.result.findings if model.result else []) if f.rule not in waived]
    checked = check_requirements(reqs, model, model_types, rule_findings)
    superseded = superseded_rules(checked)
    rule_findings = [f for f in rule_findings if f.rule not in superseded]
    task_items = _task_level_findings(task, model, ideal_analysis, reqs, required, model_types)
    _quote_prompt_services(task_items.get("CMP001", []), checked)
    task_items.update(requirement_findings(checked))
    task_findings = [_finding_from_task(rule_id, item) for rule_id, items in task_items.items() for item in items]
    model_findings = rule_findings + task_findings
    ideal_findings = None
    if ideal_analysis is not None and ideal_analysis.result is not None:
        ideal_rules = [f for f in ideal_analysis.result.findings if f.rule not in waived]
        # The ideal is held to the prompt too, so a requirement both miss is marked shared, not "fixed".
        ideal_checked = check_requirements(reqs, ideal_analysis, F.resource_types(ideal_analysis), ideal_rules)
        ideal_findings = ideal_rules + [_finding_from_task(rule_id, item) for rule_id, items in
                                        requirement_findings(ideal_checked).items() for item in items]
    failures, shared = select_failures(model_findings, ideal_findings)

    classified: list[ClassifiedFix] = []
    fixes = _fixes(model, ideal_analysis, failures, reqs.waives("no-modules"), classified)
    _credit_missing_services(fixes, failures)
    if ideal_analysis is not None and ideal_analysis.config is not None:
        _differences_as_failures(fixes, classified, model, ideal_analysis, waived, failures)
    # A feature whose resource type the model's text declares (in a block no parse could read) is not missing.
    unexplained = [fx for fx in fixes if fx["class"] == "A" and fx["rule"] is None and fx["kind"] == "added"
                   and fx["resource_type"] not in model_types]
    # An answer without code lacks every feature; CMP003 already says so in one failure.
    gaps = _group_feature_gaps(unexplained) if model.has_code else []
    if gaps:  # like every rule: one failure, listing each feature the ideal adds
        failures.append(Failure(gaps[0], [""], gaps))
    failures.sort(key=lambda fl: (-SEVERITY_RANK[fl.finding.severity], fl.finding.file, fl.finding.line))

    listed = F.required_services(task.metadata.aws_services or [])
    facts = _score_facts(task, prompt, model, ideal_analysis, failures, fixes, listed, requested, reqs)
    result = score(chosen_rubric, facts)
    review = _assemble(task, model, ideal_analysis, failures, shared, fixes, result, chosen_rubric, facts, notes)
    review["requirements"] = [c.as_dict() for c in checked]
    review["waivers"] = [w.as_dict() for w in reqs.waivers]
    return review


def _quote_prompt_services(items: list[dict[str, Any]], checked: list) -> None:
    """A missing service the prompt asks for in words: CMP001's message quotes the prompt's sentence."""
    asked = {service_of(t): r for t, r in service_sentences(checked).items()}
    for item in items:
        service = str(item.get("address", "")).split(".", 1)[-1]
        r = asked.get(service)
        if r is not None:
            text = " ".join(r.text.split())
            item["message"] += (f"; the prompt asks for {r.describe()} (PROMPT.md line {r.line}: "
                                f"\"{text if len(text) <= 160 else text[:159] + '…'}\")")


def _prompt_services(reqs: Requirements) -> list[str]:
    """The services of the resources the prompt asks for, as service names CMP001 judges."""
    return [service_of(r.value[0]) for r in reqs.of_kind("service") if r.value]


def _waived_rules(reqs: Requirements) -> set[str]:
    """Rules a waiver of the prompt turns off (their `waived_by` metadata)."""
    names = reqs.waiver_names
    if not names:
        return set()
    return {r.meta.id for r in all_rules() if set(r.meta.waived_by) & names}


def _differences_as_failures(fixes: list[dict[str, Any]], classified: list[ClassifiedFix], model: AnswerAnalysis,
                             ideal: AnswerAnalysis, waived: set[str], failures: list[Failure]) -> None:
    """Differences that decide whether the stack deploys, works or is safe become failures (DIF001-DIF004).

    Each stays in the list of fixes, now explained by its rule (so it is not also a feature gap).
    """
    assert ideal.config is not None
    index = {id(c): i for i, c in enumerate(classified)}
    for rule_id, items in consequential(classified, model.config, ideal.config, waived).items():
        findings = []
        for item, c in items:
            fixes[index[id(c)]]["rule"] = rule_id
            findings.append(_finding_from_task(rule_id, item))
        failures.append(Failure(findings[0], list(dict.fromkeys(f.file for f in findings)), findings))


def _credit_missing_services(fixes: list[dict[str, Any]], failures: list[Failure]) -> None:
    """The ideal's resources of a required service the model left out are CMP001's fix, not another gap.

    Without this the same missing service is reported twice: as a required
    service missing (CMP001) and as a feature the ideal adds (CMP002).
    """
    missing = {f.address.split(".", 1)[1] for failure in failures if failure.rule == "CMP001"
               for f in failure.findings if f.address and f.address.startswith("service.")}
    if not missing:
        return
    for fx in fixes:
        if fx["kind"] == "added" and fx["rule"] is None and fx["resource_type"] \
                and service_of(fx["resource_type"]) in missing:
            fx["rule"] = "CMP001"


def _abridged_ideal(model_types: set[str], ideal: AnswerAnalysis | None) -> bool:
    """The ideal answer shows code but declares no resource (or only a fragment) while the model's answer does.

    Such ideals say "the complete configuration continues in lib/" and show
    only providers and variables, or a fragment whose outputs point at
    resources it never declares; the dataset keeps the real code elsewhere.
    Comparing against them would count every model resource as removed, and
    judging complexity on them would see an empty architecture, so the review
    treats the task as having no usable ideal.
    """
    if ideal is None or not ideal.files or not model_types or ideal.config is None:
        return False
    declared = F.resource_types(ideal)
    if not declared:
        return not any(m.module_calls for m in ideal.config.modules())
    # A fragment: it refers to more resources it does not declare than it declares.
    missing = {p.message.rsplit(" ", 1)[-1] for p in ideal.problems
               if p.rule == "VAL003" and p.message.startswith("Reference to undeclared")}
    return len(missing) > sum(len(m.resources) for m in ideal.config.modules())


def _fixes(model: AnswerAnalysis, ideal: AnswerAnalysis | None, failures: list[Failure],
           no_modules: bool = False, classified: list[ClassifiedFix] | None = None) -> list[dict[str, Any]]:
    """Every model→ideal difference as a classified fix (empty without an ideal).

    A model answer without code is diffed as an empty configuration: everything
    the ideal declares is then a fix the model needs, which is the gap it has.
    Where the prompt asks for no modules, a module call the ideal adds or
    removes is restructuring against the prompt: a minor (C) difference, never
    something to match.
    """
    if ideal is None or ideal.config is None:
        return []
    model_config = model.config if model.config is not None else Configuration.from_files({})
    explained: dict[str, tuple[str, str, str]] = {}
    for failure in failures:
        # A defect the ideal shares explains none of its changes: the ideal did not fix it there.
        for f in failure.fixed_by_ideal()[:1]:
            if f.address:
                prior = explained.get(f.address)
                if prior is None or SEVERITY_RANK[f.severity] > SEVERITY_RANK[prior[1]]:
                    explained[f.address] = (f.rule, f.severity, f.category)
    if model.result is not None:
        for f in model.result.findings:
            if f.rule == "OPS020":  # backend findings explain the backend's difference
                explained.setdefault("terraform.backend", (f.rule, f.severity, f.category))
    model_types = F.resource_types(model)
    model_services = {service_of(t) for t in model_types}
    out = []
    used_rules: set[str] = set()
    # The calls of a root iacreview wrote for a modules-only answer are not the model's to fix.
    changes = [c for c in diff_configurations(model_config, ideal.config)
               if c.model_node is None or c.model_node.filename != SYNTHETIC_ROOT]
    for c in one_a_per_added_service([classify(change, model_services, explained, model_types) for change in changes]):
        change = c.change
        if no_modules and change.what == "module" and not c.rule:
            c = replace(c, klass="C", reason="module restructuring, which the prompt asks not to do")
        if c.rule:
            used_rules.add(c.rule)
        if classified is not None:
            classified.append(c)  # in the order of the fixes: the review reads which of them are failures
        node = change.ideal_node or change.model_node
        out.append({"class": c.klass, "kind": change.kind, "what": change.what, "address": change.address,
                    "description": change.describe(), "reason": c.reason, "rule": c.rule,
                    "resource_type": change.resource_type,
                    "file": node.filename if node is not None else None,
                    "line": node.line if node is not None else None})
    added_services = {service_of(c.resource_type) for c in changes if c.kind == "added" and c.resource_type}
    # A resource the ideal only renamed keeps its defects under the new name: they are not fixed there.
    renamed = {c.old_address: c.address for c in changes if c.kind == "renamed" and c.old_address}
    ideal_found = {(f.rule, f.address) for f in (ideal.result.findings if ideal.result else [])}
    for failure in failures:
        fixed = [f for f in failure.fixed_by_ideal()
                 if not (f.address in renamed and (f.rule, renamed[f.address]) in ideal_found)]
        if not fixed:
            continue  # the ideal has the same defect everywhere: nothing of it is a fix
        f = fixed[0]
        if f.rule == "FMT001":
            for name in dict.fromkeys(x.file for x in fixed):
                out.append({"class": "C", "kind": "changed", "what": "file", "address": name,
                            "description": f"{name} formatted with terraform fmt", "reason": "formatting",
                            "rule": "FMT001", "resource_type": None, "file": name, "line": 1})
            continue
        if f.rule in used_rules or f.rule in ("PLT001", "CMP002"):
            continue
        if f.rule == "CMP001" and str(f.address).split(".", 1)[-1] in added_services:
            continue  # the service's added resources are its fix already (one A): not a second one
        klass, why = finding_class(f.rule, f.severity, f.category)
        out.append({"class": klass, "kind": "changed", "what": "finding", "address": f.address or f.file,
                    "description": f"{f.rule}: {f.message}", "reason": f"{why}, fixed in the ideal",
                    "rule": f.rule, "resource_type": None, "file": f.file, "line": f.line})
    return out


def _group_feature_gaps(fixes: list[dict[str, Any]]) -> list[Finding]:
    """One CMP002 failure per resource type the ideal adds as a significant feature."""
    meta = get_rule("CMP002").meta  # type: ignore[union-attr]
    by_type: dict[str, list[dict[str, Any]]] = {}
    for fx in fixes:
        by_type.setdefault(fx["resource_type"] or fx["what"], []).append(fx)
    found = []
    for rtype, items in by_type.items():
        names = ", ".join(fx["address"] for fx in items[:3]) + (" …" if len(items) > 3 else "")
        first = items[0]
        # The place is in the ideal answer: the model has nothing to quote, the ideal's code is the fix.
        found.append(Finding("CMP002", meta.severity, meta.category, meta.summary,
                             f"the ideal answer adds {names} ({first['reason']}; ideal {first['file']} "
                             f"line {first['line']})", "", 1, 1, address=first["address"]))
    return found


def _score_facts(task: Task, prompt: str, model: AnswerAnalysis, ideal: AnswerAnalysis | None,
                 failures: list[Failure], fixes: list[dict[str, Any]], listed_services: list[str],
                 requested: list[str], reqs: Requirements) -> ScoreFacts:
    """Facts for the rubric. The training-value blockers judge the delivered answer (the ideal when
    there is one): that answer is what the dataset keeps, so its platform, region and services count."""
    has_ideal = ideal is not None and ideal.config is not None
    delivered = ideal if has_ideal else model
    delivered_answer = task.ideal if has_ideal and task.ideal is not None else task.model
    guess = delivered_answer.platform
    expected = (task.metadata.platform, task.metadata.language)
    mismatch_parts = []
    if guess.known and expected[0] and guess.platform != expected[0]:
        mismatch_parts.append(f"platform: task asks {expected[0]}, answer is {guess.platform}")
    elif guess.known and expected[1] and guess.language and guess.language != expected[1]:
        mismatch_parts.append(f"language: task asks {expected[1]}, answer is {guess.language}")
    delivered_types = F.resource_types(delivered)
    # Ideal answers are sometimes abridged (the final code lives elsewhere); what either answer
    # implements counts as covered, so a short ideal does not make services look missing.
    covered_types = delivered_types | F.resource_types(model)
    facts = ScoreFacts(
        failures=[FailureFact(fl.finding.severity, fl.finding.category, fl.finding.title, fl.rule) for fl in failures],
        fixes=[FixFact(fx["class"], fx["description"], fx["reason"]) for fx in fixes],
        has_ideal=has_ideal,
        prompt=prompt,
        platform_mismatch=bool(mismatch_parts),
        platform_detail="; ".join(mismatch_parts),
        task_region=reqs.region(task.metadata.region),
        required_services=listed_services,
        # With no resource in either answer the code lives elsewhere (or nowhere): nothing to judge services by.
        missing_services=F.missing_services(
            listed_services, covered_types, F.services_in_unseen_modules(model) | F.services_in_unseen_modules(ideal)
        ) if covered_types else [],
        services_judged=bool(covered_types),
        ideal_resource_types=delivered_types,
        ideal_resource_count=len(delivered.plan.instances) if delivered.plan else 0,
        ideal_instances_by_type=delivered.plan.by_type if delivered.plan else {},
        ideal_cross_service_links=F.cross_service_links(delivered),
        ideal_attributes=F.attributes_by_type(delivered),
        requested_docs=requested,
        present_docs=F.present_documents(task.model, requested),
    )
    if model.config is not None:
        regions, from_var, _ = F.provider_regions(model.config)
        facts.provider_regions = regions
        facts.region_from_variable = from_var
        facts.uses_workspaces = F.uses_workspaces(model.files)
        facts.region_var_files = F.region_var_files(task.model)
    if delivered.config is not None:
        facts.code_regions = F.provider_regions(delivered.config)[0]
    facts.test_cases, facts.test_files = F.count_tests(task.model)
    return facts


def _failure_dict(failure: Failure, model: AnswerAnalysis, ideal: AnswerAnalysis | None) -> dict[str, Any]:
    f = failure.finding
    rule = get_rule(f.rule)
    meta = rule.meta if rule else None
    excerpt_text, fix_text, end_line, excerpts = "", "", f.end_line or f.line, []
    fix_summary = meta.fix if meta else ""
    fix_heading = ""  # what the fix's code is, when it is not the ideal's (the template's default heading)
    if f.rule == "FMT001":
        pairs = formatting_excerpts(model, failure)
        for excerpt, fixed in pairs:
            excerpts.append({"file": excerpt.file, "line": excerpt.start, "end_line": excerpt.end,
                             "model": excerpt.text, "fix": fixed})
        excerpt_text = "\n\n".join(f"# {e['file']}\n{e['model']}" for e in excerpts)
        fix_text = "\n\n".join(f"# {e['file']}\n{e['fix']}" for e in excerpts if e["fix"])
        if pairs:
            end_line = pairs[0][0].end
        message = f"{len(failure.files)} file{'s' if len(failure.files) != 1 else ''} not terraform fmt-canonical: " + \
            ", ".join(failure.files)
    else:
        for excerpt in distinct_excerpts(model, failure.findings, MAX_QUOTED):
            excerpts.append({"file": excerpt.file, "line": excerpt.start, "end_line": excerpt.end, "model": excerpt.text})
        if excerpts:
            end_line = excerpts[0]["end_line"]
            excerpt_text = "\n\n".join(
                (f"# {e['file']} line {e['line']}\n" if len(excerpts) > 1 else "") + e["model"] for e in excerpts
            )
        # The ideal's code is quoted as the fix only where it fixes the defect, never where it shares it.
        fixed = failure.fixed_by_ideal()
        fix_text = fix_for(ideal, fixed[0], meta) if fixed else fix_for(None, f, meta)
        if f.rule == "SYN001":  # the fix is about this error, not the rule's example
            corrected = syntax_fix(f.message, model.text_of(f.file), f.line, f.col)
            fix_text, fix_summary = corrected.code, corrected.summary
            fix_heading = "The MODEL_RESPONSE's code, corrected" if corrected.code else ""
        if f.fix_text and f.fix_text not in fix_text:
            # What the check itself knows (the right name or type) comes before any code to copy.
            fix_text = f"# {f.fix_text}\n{fix_text}".rstrip("\n") if fix_text else f.fix_text
        message = f.message
        if len(failure.findings) > 1:  # each distinct message once, then how many places in all
            distinct = [m for m in dict.fromkeys(x.message for x in failure.findings) if m != f.message]
            others = "; ".join(distinct[:3])
            more = f" (+{len(distinct) - 3} more)" if len(distinct) > 3 else ""
            also = f"; also: {others}{more}" if others else ""
            message = f"{f.message.rstrip('.')}{also} ({len(failure.findings)} places)"
    origin = None
    extracted = model.answer.files.get(f.file)
    if extracted is not None:
        path, line, _ = extracted.origin_of(f.line)
        origin = f"{path.name}:{line}"
    impact = meta.impact if meta else None
    root = ROOT_CAUSES.get(f.category, "")
    if meta is not None:
        root = f"{root} {meta.rationale}".strip()
    return {
        "rule": f.rule,
        "name": meta.name if meta else f.rule.lower(),
        "severity": f.severity,
        "category": f.category,
        "title": f.title,
        "message": message,
        "file": f.file,
        "line": f.line,
        "end_line": end_line,
        "files": failure.files,
        "address": f.address,
        "origin": origin,
        "model_excerpt": excerpt_text,
        "excerpts": excerpts,
        "fix": fix_text,
        "fix_summary": fix_summary,
        "fix_heading": fix_heading,
        "root_cause": root,
        "impact": {"cost": impact.cost, "security": impact.security, "performance": impact.performance}
        if impact else {"cost": "None", "security": "None", "performance": "None"},
        "references": list(dict.fromkeys([*f.references, *(meta.references if meta else ())])),
        "training_value": meta.training_value if meta else "",
        "shared_with_ideal": failure.shared_with_ideal,
        "shared_places": len(failure.shared),
        # The prompt's sentences a requirement failure quotes, shown beside the model's code.
        "prompt": [{"line": line, "sentence": sentence} for line, sentence in list(dict.fromkeys(
            (int(m.group(1)), m.group(2)) for x in failure.findings[:MAX_QUOTED]
            for m in _PROMPT_QUOTE.finditer(x.message)))[:MAX_QUOTED]],
    }


def _assemble(task, model, ideal, failures, shared, fixes, result, rubric, facts, notes=()) -> dict[str, Any]:
    summary = Counter(fl.finding.severity for fl in failures)
    plan = model.plan
    files = sorted(model.answer.files)
    failed_rules = {fl.rule for fl in failures} | {f.rule for f in shared}
    passed = [m for m in (model.result.passed if model.result else []) if m.id not in failed_rules]
    not_wrong: dict[str, list[str]] = {}
    for m in passed:
        not_wrong.setdefault(NOT_WRONG_GROUPS.get(m.category, "Other"), []).append(f"Not found: {m.summary} ({m.id})")
    deployment_failed = any(fl.finding.category == "deployment" for fl in failures) or any(
        f.category == "deployment" for f in shared)
    highlights = _highlights(facts, failed_rules, deploys=model.config is not None and not deployment_failed)
    validation_problems = len(model.problems) if model.config is not None else None
    review = {
        "tool": {"name": "iacreview", "version": __version__},
        "task": {
            "id": task.id,
            "platform": task.metadata.platform or task.model.platform.platform,
            "language": task.metadata.language or task.model.platform.language,
            "files": files,
            "po_id": task.metadata.raw.get("po_id") if isinstance(task.metadata.raw, dict) else None,
            "subtask": task.metadata.subtask,
            "title": _title(task),
        },
        "summary": {
            "critical": summary.get("critical", 0),
            "high": summary.get("high", 0),
            "medium": summary.get("medium", 0),
            "low": summary.get("low", 0),
            "total": len(failures),
        },
        "failures": [_failure_dict(fl, model, ideal) for fl in failures],
        "passed": [{"rule": m.id, "category": m.category, "title": m.summary} for m in passed],
        "plan": {
            "resources": plan.to_add if plan else 0,
            "by_type": plan.by_type if plan else {},
            "undetermined": [{"address": u.address, "reason": u.reason} for u in plan.undetermined] if plan else [],
        },
        "validate": {"ok": validation_problems == 0, "problems": validation_problems},
        "score": result.as_dict(),
        "fixes": fixes,
        "fix_counts": dict(Counter(fx["class"] for fx in fixes)),
        "fix_classes": FIX_CLASSES,
        "shared_with_ideal": [{"rule": f.rule, "message": f.message} for f in shared],
        "not_wrong": not_wrong,
        "highlights": highlights,
        "documents": {"requested": facts.requested_docs, "present": facts.present_docs},
        "tests": {"cases": facts.test_cases, "files": facts.test_files},
        "problems": [str(p) for p in task.problems] + list(notes),
        # Problems that leave the model's answer unread: the review is not a verdict on it.
        "input_errors": [str(p) for p in task.model.problems if p.kind in UNREADABLE],
        "has_ideal": ideal is not None,
        "label": {"training_quality": task.metadata.training_quality},
    }
    return review


def _title(task: Task) -> str:
    raw = task.metadata.raw if isinstance(task.metadata.raw, dict) else {}
    return derive_title({**raw, "subtask": task.metadata.subtask}, task.prompt, task.id)


def _highlights(facts: ScoreFacts, failed_rules: set[str], deploys: bool = False) -> list[str]:
    """What the answer demonstrably got right, in the reviewer's words (from measured facts).

    "Deploys as written" is said only when the answer has a configuration and no
    deployment failure (of the model's or shared with the ideal) was found.
    """
    found: list[str] = []
    if "CMP003" in failed_rules:  # no code: nothing in it can be right
        return found
    if facts.required_services and "CMP001" not in failed_rules and not facts.missing_services:
        found.append("All required AWS services included (" + ", ".join(facts.required_services) + ")")
    present = [d for d, ok in facts.present_docs.items() if ok]
    if present:
        found.append("Requested documents delivered: " + ", ".join(present))
    if facts.test_cases:
        found.append(f"{facts.test_cases} test cases in " + ", ".join(facts.test_files))
    if facts.region_from_variable:
        found.append("Region taken from a variable, not hardcoded"
                     + (" and separated per workspace" if facts.uses_workspaces else ""))
    if not any(rule.startswith("SEC") for rule in failed_rules):
        found.append("No security finding against the model's answer")
    if deploys:
        found.append("Deploys as written as far as the deployment checks tell: no argument AWS rejects at apply "
                     "time and no wiring that cannot work was found")
    return found
