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


#: How the parser words a block or expression that the file ends inside.
_END_OF_FILE = "found end of file"
_CLOSING = ("}", "]", ")", "EOF", "EOT", "POLICY", "JSON")


def cut_off_files(files: Mapping[str, str], syntax_errors: Iterable[tuple[str, int, str]],
                  unclosed_fence: bool) -> list[tuple[str, int, str]]:
    """(file, line, last line) of each .tf file the answer stops inside of: the answer was cut off.

    A file is cut off when the parser reaches its end inside a block and either
    the answer leaves a code fence open or the file's last line is unfinished (it
    does not close anything). A brace forgotten in the middle of a file also
    ends in "found end of file", but its last line closes a block, so it stays
    a syntax error only. `syntax_errors` are (file, line, message).
    """
    at_end = {}
    for name, line, message in syntax_errors:
        if name.endswith(".tf") and _END_OF_FILE in message and name in files:
            at_end.setdefault(name, line)
    found = []
    for name, line in at_end.items():
        lines = [x.strip() for x in files[name].splitlines() if x.strip()]
        last = lines[-1] if lines else ""
        if unclosed_fence or not last.endswith(_CLOSING):
            found.append((name, len(files[name].splitlines()) or line, last))
    return found
