"""FMT001: files that are not `terraform fmt`-canonical.

One finding per file, at the first line that differs, with the unified diff as
its fix and a safe whole-file edit, so `--fix` and reviews agree with what
`terraform fmt` would do.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from iacreview.fmt import InternalFormatError, format_tree
from iacreview.hcl import HCLSyntaxError
from iacreview.rules.base import Edit, Finding, Impact, Rule, RuleMeta
from iacreview.rules.context import RuleContext

META = RuleMeta(
    id="FMT001",
    name="not-terraform-fmt-canonical",
    severity="medium",
    category="formatting",
    summary="File is not formatted as `terraform fmt` would format it",
    rationale=(
        "Teams and dataset pipelines run `terraform fmt -check` in CI and reject code that is not canonical; "
        "inconsistent alignment and indentation also make reviews and diffs noisier."
    ),
    fix="Run `terraform fmt` (or `iacreview fmt`) on the file; the finding's diff shows exactly what changes.",
    bad='resource "aws_db_instance" "main" {\n  engine = "postgres"\n  instance_class = "db.t3.micro"\n}\n',
    good='resource "aws_db_instance" "main" {\n  engine         = "postgres"\n  instance_class = "db.t3.micro"\n}\n',
    references=(
        "https://developer.hashicorp.com/terraform/language/style",
        "https://developer.hashicorp.com/terraform/cli/commands/fmt",
    ),
    impact=Impact(cost="None", security="None", performance="None"),
    training_value=(
        "Teaches the model to emit canonical HCL (aligned `=`, two-space indentation) so its output passes "
        "`terraform fmt -check` without a tool run."
    ),
    fix_safety="safe",
)


def changed_lines(old: list[str], new: list[str]) -> list[int] | None:
    """0-based indexes of changed lines when formatting kept the line count (the usual case)."""
    if len(old) != len(new):
        return None
    return [i for i, (a, b) in enumerate(zip(old, new)) if a != b]


def first_difference(old: list[str], new: list[str]) -> tuple[int, int]:
    """1-based first and last line of the original's first changed region."""
    changed = changed_lines(old, new)
    if changed is not None:
        if not changed:
            return 1, 1
        first = last = changed[0]
        for i in changed[1:]:
            if i != last + 1:
                break
            last = i
        return first + 1, last + 1
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    regions = [(i1, i2) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal"]
    if not regions:
        return 1, 1
    i1, i2 = regions[0]
    return i1 + 1, min(max(i2, i1 + 1), max(len(old), 1))


def unified_diff(old: list[str], new: list[str], name: str, context: int = 3) -> tuple[str, int]:
    """(unified diff, number of changed lines); line-by-line when the line count is kept."""
    changed = changed_lines(old, new)
    if changed is None:
        diff = "".join(difflib.unified_diff(old, new, f"a/{name}", f"b/{name}"))
        return diff, sum(1 for line in diff.splitlines() if line.startswith("-") and not line.startswith("---"))
    out = [f"--- a/{name}\n", f"+++ b/{name}\n"]
    hunks: list[list[int]] = []
    for i in changed:
        if hunks and i - hunks[-1][-1] <= 2 * context:
            hunks[-1].append(i)
        else:
            hunks.append([i])
    for hunk in hunks:
        lo, hi = max(hunk[0] - context, 0), min(hunk[-1] + context + 1, len(old))
        out.append(f"@@ -{lo + 1},{hi - lo} +{lo + 1},{hi - lo} @@\n")
        wanted = set(hunk)
        for i in range(lo, hi):
            if i in wanted:
                out.append("-" + _ended(old[i]))
                out.append("+" + _ended(new[i]))
            else:
                out.append(" " + _ended(old[i]))
    return "".join(out), len(changed)


def _ended(line: str) -> str:
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


def _check(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for file in ctx.files():
        name = file.filename
        if name.endswith(".json"):
            continue
        text = file.source.text  # the parse is lossless: the same as file.to_source(), without the join
        try:
            # As `terraform fmt -check` compares a file: a missing final newline stays missing.
            # The safety re-check guards writes (`iacreview fmt`); a finding writes nothing, so skip it.
            formatted = format_tree(file, final_newline=False, check=False)
        except (HCLSyntaxError, InternalFormatError):
            continue  # syntax errors are SYN001; formatter self-check failures are never guessed at
        if formatted == text:
            continue
        old, new = text.splitlines(keepends=True), formatted.splitlines(keepends=True)
        start, end = first_difference(old, new)
        diff, changed = unified_diff(old, new, name)
        yield Finding(
            meta.id, meta.severity, meta.category, meta.summary,
            f"{name} is not terraform fmt-canonical ({changed} line{'s' if changed != 1 else ''} would change)",
            name, start, 1, end, None, None,
            [Edit(name, 0, len(text), formatted)], diff,
        )


RULES = [Rule(META, _check)]
