"""The review as Markdown in the seed's shape, rendered from the review's JSON data.

Rendering from the same dictionary `--format json` prints keeps the two views
identical in substance; the template holds the layout, this module the words
that depend on the data (summary sentences, groupings, priorities).
"""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache
from typing import Any

from iacreview.report.conclusion import assessment, conclusion, plural

SEVERITIES = ("critical", "high", "medium", "low")


def _lang(failure: dict[str, Any]) -> str:
    """Fences quote Terraform unless the failure is about a non-HCL file (a document, a test)."""
    name = failure.get("file") or ""
    if name and not name.endswith((".tf", ".tfvars", ".hcl", ".json")):
        return ""
    return "hcl"


def _executive_summary(review: dict[str, Any]) -> str:
    task = review["task"]
    s = review["summary"]
    parts = [f"{s[k]} {k}" for k in SEVERITIES if s[k]]
    counted = ", ".join(parts) if parts else "no failures"
    ident = f" (Task {task['po_id']})" if task.get("po_id") else ""
    plan = review["plan"]
    validate = review["validate"]
    valid = "validates cleanly" if validate.get("ok") else (
        f"has {plural(validate['problems'], 'validation problem')}" if validate.get("problems")
        else "could not be validated")
    code = (f"Its Terraform configuration {valid} and plans {plural(plan['resources'], 'resource')} offline."
            if validate.get("problems") is not None else "It contains no Terraform configuration to plan.")
    worst = ("There are NO critical failures" if not s["critical"] else
             f"There {'is' if s['critical'] == 1 else 'are'} {plural(s['critical'], 'critical failure')}")
    # The task's name as its metadata gives it (a title derived from the prompt's prose reads badly here).
    title = task.get("subtask") or task.get("id") or ""
    subject = "The MODEL_RESPONSE" if title in ("", "MODEL_RESPONSE") else f"The MODEL_RESPONSE for {title}"
    return (f"{subject}{ident} was reviewed against the task"
            f"{' and its IDEAL_RESPONSE' if review.get('has_ideal') else ''}: {counted}. {code} "
            f"{worst} affecting deployment.")


def _fix_line(review: dict[str, Any]) -> str:
    """The A/B/C counts, with what each class means (the training-value rubric's definitions)."""
    if not review.get("has_ideal"):
        return "no ideal answer"
    counts = review.get("fix_counts", {})
    line = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("A", "B", "C"))
    classes = review.get("fix_classes") or {}
    if not classes:
        return line
    return (line + " (each difference between the MODEL_RESPONSE and the IDEAL_RESPONSE, classed as the "
            "training-value rubric does)\n" + "\n".join(f"  - {k}, {classes[k]}" for k in ("A", "B", "C") if k in classes))


def _priorities(review: dict[str, Any]) -> list[tuple[str, list[str]]]:
    groups: OrderedDict[str, list[str]] = OrderedDict(
        [("Priority 1 (High Value)", []), ("Priority 2 (Medium Value)", []), ("Priority 3 (Low Value)", [])]
    )
    keys = list(groups)
    for f in review["failures"]:
        index = 0 if f["severity"] in ("critical", "high", "medium") else 1
        text = f"**{f['title']}**: {f['fix_summary']}" if f["fix_summary"] else f"**{f['title']}**"
        if text not in groups[keys[index]]:
            groups[keys[index]].append(text)
    for fx in review.get("fixes", []):
        if fx["class"] == "B" and fx["rule"] is None:
            text = f"Match the ideal's configuration: {fx['description']}"
            if len(groups[keys[2]]) < 5 and text not in groups[keys[2]]:
                groups[keys[2]].append(text)
    return [(title, items) for title, items in groups.items() if items]


@lru_cache(maxsize=1)
def _environment():
    """One Jinja environment per process: building it (and its template cache) costs more than a render."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("iacreview.report", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def render_markdown(review: dict[str, Any], rubric_title: str = "") -> str:
    env = _environment()
    by_severity = {s: [f for f in review["failures"] if f["severity"] == s] for s in SEVERITIES}
    categories = {
        s: ", ".join(dict.fromkeys(f["category"] for f in by_severity[s])) for s in SEVERITIES
    }
    fix_line = _fix_line(review)
    validate = review["validate"]
    syntax_ok = not any(f["rule"] == "SYN001" for f in review["failures"])
    syntax_line = ("valid HCL" if syntax_ok else "errors (see failures)") \
        if validate.get("problems") is not None else "not applicable (no Terraform code)"
    validate_line = ("SUCCESS" if validate.get("ok") else plural(validate.get("problems") or 0, "problem")) \
        if validate.get("problems") is not None else "not applicable"
    plan_line = f"{plural(review['plan']['resources'], 'resource')}, {len(review['plan']['undetermined'])} undetermined"
    deployment = [f for f in review["failures"] if f["category"] == "deployment"]
    deploy_line = (f"{plural(len(deployment), 'failure')} AWS rejects at apply time or that cannot work (see above)"
                   if deployment else "no failure found (deploys as written)"
                   if any(h.startswith("Deploys as written") for h in review.get("highlights", []))
                   else "no failure of the model's own (see issues shared with the ideal)") \
        if validate.get("problems") is not None else "not applicable"
    code_quality_lines = (f"- Syntax: {syntax_line}\n- terraform validate (offline): {validate_line}\n"
                          f"- terraform plan (offline): {plan_line}\n- Deployment (AWS at apply time): {deploy_line}")
    template = env.get_template("failures_analysis.md.j2")
    text = template.render(
        r=review,
        severities=SEVERITIES,
        by_severity=by_severity,
        categories=categories,
        executive_summary=_executive_summary(review),
        assessment=assessment(review),
        not_wrong=list(review.get("not_wrong", {}).items()),
        highlights=review.get("highlights", []),
        shared=review.get("shared_with_ideal", []),
        code_quality_lines=code_quality_lines,
        fix_line=fix_line,
        rubric_title=rubric_title or review["score"]["rubric"],
        conclusion=conclusion(review),
        priorities=_priorities(review),
        lang_of=_lang,
    )
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text
