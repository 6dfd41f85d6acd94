"""The part of a model's file that still reads when the file has a syntax error.

Terraform stops at a syntax error, and so did the review: one stray line of
prose in a 1,600-line main.tf hid every resource in it, so the plan counted
none, no rule looked at them, and the diff read all of them as features the
ideal adds. A reviewer reads past the typo. The file's top-level blocks that
hold no error are kept where they are; a block broken inside keeps its sound
arguments (recovery at the next argument of the same body); the lines of the
others become blank, so every kept line keeps its number. The result must
parse on its own, or only the blocks before the first error are kept. The
syntax error itself is still reported, on the file as written, and only once:
errors it caused (a `}` left with no block open, a second complaint on its
line) are not charged again.
"""

from __future__ import annotations

import re
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
    primary = first_errors(errors, items)
    broken = [any(i.line <= line <= i.end_line for line in error_lines) for i in items]
    clean = [(i, ()) for i, bad in zip(items, broken) if not bad]
    # Recovery at the next argument: a block broken inside keeps its sound arguments.
    mended_blocks = [(i, blanks) for i, bad in zip(items, broken) if bad
                     for blanks in [_inner_repair(text, i, error_lines, name)] if blanks is not None]
    for kept in (sorted(clean + mended_blocks, key=lambda pair: pair[0].line), clean,
                 [(i, ()) for i in items if i.end_line < error_lines[0]]):
        mended = _only(text, kept)
        try:
            parse(mended, name)
        except (HCLSyntaxError, SourceError):
            continue
        return mended, primary
    return "", primary


def first_errors(errors: list[Diagnostic], items: list) -> list[Diagnostic]:
    """The errors that are not knock-on effects of an earlier one.

    After one syntax error the parser often reports more that it caused: the
    `}` of a block whose opening line broke ("no block is open here"), a second
    complaint on the same line, the end of a block the error left open. Only the
    first error of a line, of a top-level block, or of a stretch between two
    sound blocks is charged; the others are its consequences.
    """
    kept: list[Diagnostic] = []
    for e in sorted(errors, key=lambda d: (d.line, d.col)):
        item = next((i for i in items if i.line <= e.line <= i.end_line), None)
        if kept:
            last = kept[-1]
            same_item = item is not None and item.line <= last.line <= item.end_line
            between = not any(last.line < i.line and i.end_line < e.line for i in items)
            if e.line == last.line or same_item or (item is None and between and (
                    "no block is open" in e.message or "end of file" in e.message)):
                continue
        kept.append(e)
    return kept


_ARGUMENT_START = re.compile(r"^\s*(?:[A-Za-z_][\w-]*\s*=|[A-Za-z_][\w-]*\s*(?:\"[^\"]*\"\s*)*\{\s*$|\}\s*$|#|//)")


def _inner_repair(text: str, item, error_lines: list[int], name: str) -> tuple[int, ...] | None:
    """Lines to blank inside a top-level block so that the rest of it reads, or None.

    Each error line inside the block's body is blanked, and with it the lines
    that continue the broken argument, up to the next line that starts an
    argument, a nested block or closes one. The block must then parse on its own
    as one block, or it is left out whole.
    """
    inside = [line for line in error_lines if item.line <= line <= item.end_line]
    if not inside or any(line in (item.line, item.end_line) for line in inside):
        return None
    lines = text.split("\n")
    blanks: set[int] = set()
    for line in inside:
        blanks.add(line)
        following = line + 1
        while following < item.end_line and not _ARGUMENT_START.match(lines[following - 1]):
            blanks.add(following)
            following += 1
    body = "\n".join("" if number in blanks else lines[number - 1]
                     for number in range(item.line, min(item.end_line, len(lines)) + 1))
    try:
        tree = parse(body, name)
    except (HCLSyntaxError, SourceError):
        return None
    return tuple(sorted(blanks)) if len(tree.body.items) == 1 else None


def _only(text: str, items: list) -> str:
    """`text` with every line outside `items` (pairs of item and lines blanked in it) left empty.

    Line numbers are unchanged.
    """
    lines = text.split("\n")
    keep = [False] * len(lines)
    for item, blanks in items:
        for number in range(item.line, min(item.end_line, len(lines)) + 1):
            keep[number - 1] = number not in blanks
    return "\n".join(line if keep[i] else "" for i, line in enumerate(lines))


#: How the parser words a block or expression that the file ends inside.
_END_OF_FILE = "found end of file"
_CLOSING = ("}", "]", ")", "EOF", "EOT", "POLICY", "JSON")


def cut_off_files(files: Mapping[str, str], broken: Iterable[str], unclosed_fence: bool) -> list[tuple[str, int, str]]:
    """(file, line, last line) of each .tf file the answer stops inside of: the answer was cut off.

    A file is cut off when the parser reaches its end inside a block and either
    the answer leaves a code fence open or the file's last line is unfinished (it
    does not close anything). A brace forgotten in the middle of a file also
    ends in "found end of file", but its last line closes a block, so it stays
    a syntax error only. `broken` names the files with a syntax error; every
    error of theirs is read here, knock-on ones included.
    """
    at_end = {}
    for name in broken:
        if not name.endswith(".tf") or name not in files:
            continue
        try:
            errors = parse_with_errors(files[name], name)[1]
        except SourceError:
            continue
        line = next((e.line for e in errors if _END_OF_FILE in e.message), None)
        if line is not None:
            at_end[name] = line
    found = []
    for name, line in at_end.items():
        lines = [x.strip() for x in files[name].splitlines() if x.strip()]
        last = lines[-1] if lines else ""
        if unclosed_fence or not last.endswith(_CLOSING):
            found.append((name, len(files[name].splitlines()) or line, last))
    return found
