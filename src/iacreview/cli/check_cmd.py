"""`iacreview check`: the rule catalogue over Terraform trees, in the formats CI reads.

Settings come from `.iacreview.toml` or `[tool.iacreview]` (see
`iacreview.check.config`) with the flags on top; `--baseline` hides accepted
findings; inline `iacreview:ignore` comments suppress findings (see
`iacreview.check.suppress`).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import IO

import click

from iacreview.check.baseline import BaselineError
from iacreview.check.config import ConfigError, Overrides
from iacreview.check.discover import expand
from iacreview.check.run import (
    PathResult,
    apply_baseline,
    check_many,
    create_baseline,
    drop_repeats,
    exit_code,
    refused_everywhere,
    settings_for,
)
from iacreview.cli.output import EXIT_INPUT_ERROR, EXIT_OK
from iacreview.report.findings_json import render_json
from iacreview.rules.base import SEVERITIES
from iacreview.rules.registry import get_rule

FORMATS = ("text", "json", "sarif", "junit", "github", "markdown")


def _severity_pairs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        rule, sep, level = value.partition("=")
        found = get_rule(rule.strip())
        if not sep or found is None or level.strip() not in SEVERITIES:
            raise click.BadParameter(f"{value!r}: expected RULE=LEVEL with a known rule and one of {', '.join(SEVERITIES)}")
        pairs[found.id] = level.strip()
    return pairs


def _selectors(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    from iacreview.check.engine import unknown_selectors

    unknown = unknown_selectors(values)
    if unknown:
        raise click.BadParameter(f"{', '.join(map(repr, unknown))}: no rule, rule name, family or category of that "
                                 "name (see `iacreview rules`)")
    return values


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people, json for tools, sarif for code scanning, junit/github/markdown for CI.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE instead of stdout.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 when a finding at or above this severity remains (default: config, else high).")
@click.option("--var-file", "var_files", multiple=True, metavar="FILE", help="Variable values file (repeatable).")
@click.option("--var", "var_args", multiple=True, metavar="NAME=VALUE", help="Set a root variable (repeatable).")
@click.option("--enable", multiple=True, metavar="RULE", callback=_selectors,
              help="Enable a rule (id or name), family (SEC) or category (security) that is off by default.")
@click.option("--disable", multiple=True, metavar="RULE", callback=_selectors,
              help="Disable a rule (id or name), family (SEC) or category (security).")
@click.option("--severity", "severity", multiple=True, metavar="RULE=LEVEL", callback=_severity_pairs,
              help="Override a rule's severity (repeatable).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Do not report findings in files matching GLOB.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Read settings from this file instead of looking for .iacreview.toml / pyproject.toml.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("--baseline", "baseline", type=click.Path(dir_okay=False), default=None,
              help="Hide findings recorded in this baseline file.")
@click.option("--create-baseline", "create", type=click.Path(dir_okay=False), default=None,
              help="Record the current findings in FILE and exit 0.")
@click.option("--show-suppressed", is_flag=True, help="Also show findings suppressed by inline comments (dimmed).")
@click.option("--fix", is_flag=True, help="Apply the safe fixes findings offer (e.g. FMT001), then report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix, also apply fixes marked unsafe.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes for several modules (0: one per CPU).")
@click.option("--recursive/--no-recursive", default=True, show_default=True,
              help="Check every directory with Terraform files under each PATH, or only PATH itself.")
def check(paths, fmt, output, fail_on, var_files, var_args, enable, disable, severity, exclude, config_file,
          no_config, baseline, create, show_suppressed, fix, unsafe_fixes, jobs, recursive) -> None:
    """Check Terraform configurations (directories or files) against the rule catalogue.

    A directory is searched for every directory with Terraform files: each is
    checked as a root module, or through the modules that call it (an example
    calling `../../`) with the values they give it. --no-recursive checks only
    the directory named. A FILE is checked with the other files of its
    directory (Terraform's unit), and only its own findings are reported.

    Exit 0 when clean, 1 when findings at or above --fail-on remain, 2 when a
    path is missing, a configuration or baseline file is bad, a --var names a
    variable no root module declares, or a file cannot be parsed (never
    reported as clean).
    """
    paths = paths or (".",)
    for path in paths:
        if not Path(path).exists():
            click.echo(f"{path}:1:1: no such file or directory", err=True)
            sys.exit(EXIT_INPUT_ERROR)
    if config_file is not None and not Path(config_file).is_file():
        click.echo(f"{config_file}:1:1: no such configuration file", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    overrides = Overrides(enable=tuple(enable), disable=tuple(disable), severity=severity, fail_on=fail_on,
                          var_files=tuple(var_files), exclude=tuple(exclude))
    try:
        settings = [settings_for(p, overrides, Path(config_file) if config_file else None, not no_config) for p in paths]
    except ConfigError as err:
        click.echo(str(err.diagnostic), err=True)
        sys.exit(EXIT_INPUT_ERROR)
    targets = expand(list(paths), recursive)
    paths = [t.path for t in targets]
    settings = [settings[t.origin] for t in targets]
    _tune_gc()
    results = check_many(paths, settings, var_args, jobs or os.cpu_count() or 1)
    drop_repeats(results)
    refused = refused_everywhere(results)
    if refused:  # as Terraform does: a value for a variable no root module declares is an input error
        for message in refused:
            click.echo(f"<command line>:1:1: VAL020 {message}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    if fix:
        results = _fix(results, paths, settings, var_args, jobs, unsafe_fixes)
    for r in results:
        for e in r.result.errors:
            click.echo(f"iacreview: rule {e.rule} failed on {r.path}: {e.message}", err=True)
    if create is not None:
        _create_baseline(results, Path(create))
    if baseline is not None:
        try:
            apply_baseline(results, Path(baseline))
        except BaselineError as err:
            click.echo(str(err.diagnostic), err=True)
            sys.exit(EXIT_INPUT_ERROR)
    out = open(output, "w", encoding="utf-8") if output else None
    try:
        _render(results, fmt, out, show_suppressed)
    finally:
        if out is not None:
            out.close()
    sys.exit(exit_code(results))


def _tune_gc() -> None:
    """Keep the cyclic collector away from the millions of short-lived tokens and nodes a check allocates.

    Configurations hold no reference cycles (scopes and views point back
    through weak proxies), so reference counting frees each PATH's trees;
    the collector would only re-scan live objects. Freezing what the imports
    created and collecting rarely saves about 7% of a large check.
    """
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


#: Fix passes at most (each pass re-checks; overlapping fixes wait for the next pass).
MAX_FIX_PASSES = 5


def _fix(results, paths, settings, var_args, jobs, unsafe) -> list[PathResult]:
    """Apply fixes, re-check, and repeat while fixes that had to wait remain (bounded)."""
    from iacreview.check.fixes import fix_files

    fixed = files = 0
    for _ in range(MAX_FIX_PASSES):
        done = fix_files(((r.display(f.file), f) for r in results for f in r.findings), unsafe)
        fixed, files = fixed + done.fixes, files + done.files
        if done.fixes:
            results = check_many(paths, settings, var_args, jobs or os.cpu_count() or 1)
            drop_repeats(results)
        if not done.fixes or not done.skipped:
            break
    click.echo(f"fixed {fixed} finding{'s' if fixed != 1 else ''} ({files} file write{'s' if files != 1 else ''})",
               err=True)
    return results


def _create_baseline(results: list[PathResult], target: Path) -> None:
    if any(r.parse_failed for r in results):
        for r in results:
            for f in r.findings:
                if f.rule == "SYN001":
                    click.echo(f"{r.display(f.file)}:{f.line}:{f.col}: {f.message}", err=True)
        click.echo(f"{target}:1:1: baseline not written: some files do not parse", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    count = create_baseline(results, target)
    click.echo(f"wrote {count} finding{'s' if count != 1 else ''} to baseline {target}", err=True)
    sys.exit(EXIT_OK)


def _render(results: list[PathResult], fmt: str, out: IO[str] | None, show_suppressed: bool) -> None:
    findings = [f for r in results for f in r.findings]
    if fmt == "text":
        from rich.console import Console  # rich costs ~20 ms of start-up: only the text report uses it
        from rich.text import Text

        from iacreview.report.findings_text import render_text, summary_line

        console = Console(file=out or sys.stdout, highlight=False, soft_wrap=True)
        for r in results:
            shown = [f for f in r.findings if f.suppressed is None or show_suppressed]
            if len(results) > 1 and shown:  # grouped by module directory
                console.print(Text(f"module {r.path}", style="bold"))
            render_text(shown, r.line_of, console, r.display)
        console.print(summary_line(findings) + _not_counted(results))
        return
    if fmt == "json":
        data = _json(results)
        click.echo(json.dumps(data, indent=2), file=out)
        return
    if fmt == "sarif":
        from iacreview.report.sarif import render_sarif

        click.echo(json.dumps(render_sarif(results), indent=2), file=out)
    elif fmt == "junit":
        from iacreview.report.junit import render_junit

        click.echo(render_junit(results), file=out, nl=False)
    elif fmt == "github":
        from iacreview.report.github import render_github

        click.echo(render_github(results), file=out, nl=False)
    else:
        from iacreview.report.findings_markdown import render_markdown

        click.echo(render_markdown(results, show_suppressed), file=out, nl=False)


def _json(results: list[PathResult]) -> dict:
    for r in results:
        for f in r.result.findings:
            f.file = r.display(f.file)
    findings = [f for r in results for f in r.result.findings]
    passed = list({m.id: m for r in results for m in r.result.passed}.values())
    errors = [f"{e.rule}: {e.message}" for r in results for e in r.result.errors]
    data = render_json(findings, passed, errors)
    data["not_reported"] = {
        "baseline": sum(r.baseline_hidden for r in results),
        "excluded": sum(r.excluded for r in results),
    }
    return data


def _not_counted(results: list[PathResult]) -> str:
    suppressed = sum(1 for r in results for f in r.findings if f.suppressed is not None)
    hidden = sum(r.baseline_hidden for r in results)
    excluded = sum(r.excluded for r in results)
    notes = [f"{n} {what}" for n, what in ((suppressed, "suppressed"), (hidden, "hidden by the baseline"),
                                           (excluded, "in excluded files")) if n]
    return f"; not counted: {', '.join(notes)}" if notes else ""
