"""FMT001: files that are not `terraform fmt`-canonical.

One finding per file, at the first line that differs, with the unified diff as
its fix and a safe whole-file edit, so `--fix` and reviews agree with what
`terraform fmt` would do.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from iacreview.fmt import InternalFormatError, format_source
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


def first_difference(old: list[str], new: list[str]) -> tuple[int, int]:
    """1-based first and last line of the original that formatting changes."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    changed = [(i1, i2) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal"]
    if not changed:
        return 1, 1
    first = changed[0]
    start = first[0] + 1
    end = max(first[1], first[0] + 1)
    return start, min(end, max(len(old), 1))


def _check(ctx: RuleContext, meta: RuleMeta) -> Iterator[Finding]:
    for file in ctx.files():
        name = file.filename
        if name.endswith(".json"):
            continue
        text = file.to_source()
        try:
            formatted = format_source(text, name)
        except (HCLSyntaxError, InternalFormatError):
            continue  # syntax errors are SYN001; formatter self-check failures are never guessed at
        if formatted == text:
            continue
        old, new = text.splitlines(keepends=True), formatted.splitlines(keepends=True)
        start, end = first_difference(old, new)
        diff = "".join(difflib.unified_diff(old, new, f"a/{name}", f"b/{name}"))
        changed = sum(1 for line in diff.splitlines() if line.startswith("-") and not line.startswith("---"))
        yield Finding(
            meta.id, meta.severity, meta.category, meta.summary,
            f"{name} is not terraform fmt-canonical ({changed} line{'s' if changed != 1 else ''} would change)",
            name, start, 1, end, None, None,
            [Edit(name, 0, len(text), formatted)], diff,
        )


RULES = [Rule(META, _check)]
