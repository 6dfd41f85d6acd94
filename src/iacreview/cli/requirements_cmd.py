"""`iacreview requirements`: what the task's prompt explicitly asks for, and whether the model's answer does it."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click

from iacreview.cli.output import EXIT_INPUT_ERROR
from iacreview.review.build import InputError, ReviewError, review_task
from iacreview.task import load_task
from iacreview.task.requirements import read_requirements


@click.command()
@click.argument("task", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one requirement a line; json: the list the review JSON carries under `requirements`.")
def requirements(task: str, fmt: str) -> None:
    """List the requirements PROMPT.md states for TASK: each with its sentence and line, met / not met / not
    checkable against the model's answer, and the evidence; then the waivers the prompt states.

    Without a readable answer the requirements are listed unchecked.
    """
    if not os.path.exists(task):
        click.echo(f"{task}:1:1: no such file or directory", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    try:
        review = review_task(task)
        items, waivers = review["requirements"], review["waivers"]
    except InputError as exc:
        click.echo(f"{exc} (requirements listed unchecked)", err=True)
        reqs = read_requirements(load_task(task).prompt)
        items = [{**r.as_dict(), "status": "not checkable", "evidence": "no answer to check", "rule": None}
                 for r in reqs.items]
        waivers = [w.as_dict() for w in reqs.waivers]
    except ReviewError as exc:
        click.echo(f"iacreview: {exc}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    if fmt == "json":
        click.echo(json.dumps({"requirements": items, "waivers": waivers}, indent=2, ensure_ascii=False))
        return
    click.echo(_text(items, waivers))


def _text(items: list[dict[str, Any]], waivers: list[dict[str, Any]]) -> str:
    if not items and not waivers:
        return "the prompt states no explicit, checkable requirement"
    lines = []
    counts = {s: sum(1 for i in items if i["status"] == s) for s in ("met", "not met", "not checkable")}
    lines.append(f"{len(items)} requirements: {counts['met']} met, {counts['not met']} not met, "
                 f"{counts['not checkable']} not checkable")
    for i in items:
        by = f" [{i['rule']}]" if i.get("rule") and i["status"] == "not met" else ""
        lines.append(f"  PROMPT.md:{i['line']}: {i['status']:<13} {i['description']}{by}")
        lines.append(f"      \"{' '.join(i['sentence'].split())[:150]}\"")
        lines.append(f"      evidence: {i['evidence']}" + (f" (reported by {i['reported_by']})"
                                                           if i.get("reported_by") else ""))
    for w in waivers:
        lines.append(f"  PROMPT.md:{w['line']}: waiver        {w['waiver']}: \"{' '.join(w['sentence'].split())[:120]}\"")
    return "\n".join(lines)
