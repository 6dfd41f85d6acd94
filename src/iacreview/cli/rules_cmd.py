"""`iacreview rules`: the catalogue, or one rule's documentation."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from iacreview.cli.output import EXIT_INPUT_ERROR
from iacreview.rules.docs import rule_page
from iacreview.rules.registry import all_rules, get_rule


@click.command()
@click.argument("rule_id", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text: a table (untruncated when piped); markdown: the rule pages; json: the metadata.")
def rules(rule_id: str | None, fmt: str) -> None:
    """List every rule, or show the documentation of RULE_ID (id or name)."""
    console = Console(highlight=False)
    if rule_id:
        rule = get_rule(rule_id)
        if rule is None:
            click.echo(f"iacreview: no rule {rule_id!r} (see `iacreview rules`)", err=True)
            sys.exit(EXIT_INPUT_ERROR)
        page = rule_page(rule.meta)
        if fmt == "text":
            console.print(Markdown(page.split("\n", 1)[1]))
        elif fmt == "json":
            import json

            m = rule.meta
            click.echo(json.dumps({"id": m.id, "name": m.name, "severity": m.severity, "category": m.category,
                                   "summary": m.summary, "rationale": m.rationale, "fix": m.fix,
                                   "references": list(m.references)}, indent=2))
        else:
            click.echo(page)
        return
    catalogue = all_rules()
    if fmt == "json":
        import json

        click.echo(json.dumps([{"id": r.meta.id, "name": r.meta.name, "severity": r.meta.severity,
                                "category": r.meta.category, "summary": r.meta.summary,
                                "enabled": r.meta.default_enabled} for r in catalogue], indent=2))
        return
    if not console.is_terminal:  # piped: one whole line per rule, for grep and cut, never wrapped or cut
        for rule in catalogue:
            m = rule.meta
            severity = m.severity + ("" if m.default_enabled else " (off)")
            click.echo(f"{m.id:<8} {m.name:<45} {severity:<14} {m.category:<13} {m.summary}")
        click.echo(f"{len(catalogue)} rules")
        return
    table = Table("id", "name", "severity", "category", "summary", box=None)
    for rule in catalogue:
        m = rule.meta
        table.add_row(m.id, m.name, m.severity + ("" if m.default_enabled else " (off)"), m.category, m.summary)
    console.print(table)
    console.print(f"{len(catalogue)} rules")
