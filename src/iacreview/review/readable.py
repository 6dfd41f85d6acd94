"""The part of a model's file that still reads when the file has a syntax error.

Terraform stops at a syntax error, and so did the review: one stray line of
prose in a 1,600-line main.tf hid every resource in it, so the plan counted
none, no rule looked at them, and the diff read all of them as features the
ideal adds. A reviewer reads past the typo. The file's top-level blocks that
hold no error are kept where they are; the lines of the others become blank,
so every kept line keeps its number. The result must parse on its own, or
only the blocks before the first error are kept. The syntax error itself is
still reported, on the file as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from iacreview.hcl import Diagnostic, HCLSyntaxError, SourceError, parse, parse_with_errors


def readable_files(files: Mapping[str, str], names: Iterable[str] | None = None,
                   ) -> tuple[dict[str, str], dict[str, list[Diagnostic]]]:
    """Each file (of `names`, by default all) as it can be loaded, and the syntax errors of those that needed mending.

    A caller that already knows which files do not parse passes just those.
    """
    readable: dict[str, str] = {}
    broken: dict[str, list[Diagnostic]] = {}
    for name in files if names is None else names:
        text = files[name]
        readable[name], errors = _mend(name, text) if name.endswith(".tf") else (text, [])
        if errors:
            broken[name] = errors
    return readable, broken


def _mend(name: str, text: str) -> tuple[str, list[Diagnostic]]:
    try:
        tree, errors = parse_with_errors(text, name)
    except SourceError:  # not text at all: left as it is, for the loader to report
        return text, []
    if not errors:
        return text, []
    error_lines = sorted({e.line for e in errors})
    items = tree.body.items
    clean = [i for i in items if not any(i.line <= line <= i.end_line for line in error_lines)]
    for kept in (clean, [i for i in items if i.end_line < error_lines[0]]):
        mended = _only(text, kept)
        try:
            parse(mended, name)
        except (HCLSyntaxError, SourceError):
            continue
        return mended, errors
    return "", errors


def _only(text: str, items: list) -> str:
    """`text` with every line outside `items` left empty (line numbers unchanged)."""
    lines = text.split("\n")
    keep = [False] * len(lines)
    for item in items:
        for number in range(item.line, min(item.end_line, len(lines)) + 1):
            keep[number - 1] = True
    return "\n".join(line if keep[i] else "" for i, line in enumerate(lines))
