"""The fix for a syntax error (SYN001), written about the error itself.

A rule's generic example (an S3 bucket) says nothing about a `;` between two
arguments or a missing `}`. The parser's message says what it expected; for
the mistakes models make most (`;` or `,` separators, `:` for `=`, a missing
`=`, several arguments in a one-line block, a string left open, a block never
closed, a stray `}`) the fix names the mistake and, where the offending line
can be repaired on its own, shows it corrected. The repair edits the line as
each message says, re-parses, and repeats; the corrected form is shown only
when it parses cleanly, laid out by the formatter. Anything else gets the
parser's own words and the position, never an unrelated example.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from iacreview.fmt import format_source
from iacreview.hcl import parse_with_errors

#: How many edits one line may take before the repair gives up.
MAX_REPAIRS = 8

_IDENT = r"[A-Za-z_][A-Za-z0-9_-]*"


@dataclass(frozen=True)
class SyntaxFix:
    """What to do (a sentence) and the offending line corrected ("" when it cannot be shown)."""

    summary: str
    code: str


# Each edit takes (line text, 0-based column) and returns the line edited there, or None when it does not apply.
Edit = Callable[[str, int], "str | None"]


def _replace(new: str) -> Edit:
    return lambda text, col: text[:col] + new + text[col + 1:] if col < len(text) else None


def _insert(new: str) -> Edit:
    return lambda text, col: text[:col] + new + text[col:]


def _missing_equals(text: str, col: int) -> str | None:
    match = re.match(rf"(\s*)({_IDENT})\s+(?=[^\s{{=])", text)
    return f"{match.group(1)}{match.group(2)} = {text[match.end():]}" if match else None


def _open_block(text: str, col: int) -> str | None:
    brace = text.rfind("{", 0, col)
    return text[:brace + 1] + "\n" + text[brace + 1:] if brace >= 0 else None


def _close_string(text: str, col: int) -> str | None:
    end = len(text.rstrip())
    return text[:end] + '"' + text[end:]


#: (pattern of the parser's message, what to tell the author, the edit that repairs the line).
_KNOWN: list[tuple[re.Pattern[str], str, Edit | None]] = [
    (re.compile(r"invalid character ';'"),
     "HCL separates a block's arguments with newlines, not ';': write each argument on its own line.", _replace("\n")),
    (re.compile(r"single-line block can hold only one attribute"),
     "A block written on one line can hold only one argument: write it over several lines, one argument per line.",
     _open_block),
    (re.compile(r"expected a newline after the attribute, found ','"),
     "HCL separates a block's arguments with newlines, not commas: remove the ','.", _replace("")),
    (re.compile(r"expected a newline after the attribute, found '}'"),
     "A block's closing '}' goes on its own line after its last argument.", _insert("\n")),
    (re.compile(r"expected a newline after the attribute, found '[A-Za-z_]"),
     "Write each argument on its own line.", _insert("\n")),
    (re.compile(r"expected '=' or a block after '[^']*', found ':'"),
     "Arguments are set with '=', not ':' (HCL is neither JSON nor YAML).", _replace(" =")),
    (re.compile(r"expected '\{' to open the block"),
     "An argument needs '=' between its name and its value; without it HCL reads a block header.", _missing_equals),
    (re.compile(r"unterminated string"),
     "Close the string on the line it starts (text over several lines needs a heredoc, <<-EOT … EOT).", _close_string),
    (re.compile(r"unexpected '}': no block is open here"),
     "Remove the '}': no block is open there (or restore the block it was meant to close).", _replace("")),
    (re.compile(r"expected ',' or '\]' in the list"),
     "Separate the list's elements with ',' and close it with ']'.", None),
]


def syntax_fix(message: str, text: str | None, line: int, col: int) -> SyntaxFix:
    """The fix of the syntax error `message` at `line`:`col` (1-based) of the file whose content is `text`."""
    where = f"At line {line}, column {col}"
    lines = (text or "").splitlines()
    offending = lines[line - 1] if 0 < line <= len(lines) else ""
    if message.startswith("unclosed block"):
        return _unclosed(where, lines, line)
    for pattern, advice, _edit in _KNOWN:
        if pattern.search(message):
            return SyntaxFix(f"{where}: {advice}", repaired_line(offending) or "")
    return SyntaxFix(f"{where}: {message.rstrip('.')}. Correct it there; Terraform loads nothing from a file "
                     "until it parses.", "")


def _unclosed(where: str, lines: list[str], line: int) -> SyntaxFix:
    opening = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = opening[: len(opening) - len(opening.lstrip())]
    code = f"{opening.rstrip()}\n{indent}  # … the block's arguments …\n{indent}}}" if opening.strip() else ""
    return SyntaxFix(f"{where}: the block opened here is never closed; add its '}}' after its last argument "
                     "(every '{' needs a matching '}').", code)


def repaired_line(line: str) -> str | None:
    """`line` repaired edit by edit as the parser's messages say, formatted; None unless the result parses."""
    if not line.strip():
        return None
    indent = line[: len(line) - len(line.lstrip())]
    text = line.strip()
    for _ in range(MAX_REPAIRS):
        _tree, errors = parse_with_errors(text + "\n", "line.tf")
        if not errors:
            return _formatted(text, indent) if text != line.strip() else None
        first = errors[0]
        edit = next((e for pattern, _advice, e in _KNOWN if e is not None and pattern.search(first.message)), None)
        edited = edit(text.split("\n")[first.line - 1], first.col - 1) if edit else None
        if edited is None:
            return None
        rows = text.split("\n")
        rows[first.line - 1] = edited
        text = "\n".join(rows)
    return None


def _formatted(text: str, indent: str) -> str:
    try:
        body = format_source(text + "\n", "line.tf").rstrip("\n")
    except Exception:  # noqa: BLE001 - the layout is a nicety; the repaired text parses already
        body = text
    return "\n".join(indent + row if row else row for row in body.split("\n"))
