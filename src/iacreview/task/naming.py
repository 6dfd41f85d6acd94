"""Finding the file name an answer gives to a block of code.

Answers name their files in many ways: a heading (`## File: lib/main.tf`,
`### 1. main.tf`, `` ## `main.tf` ``, `### Provider Configuration (provider.tf)`),
a short lead-in paragraph (`**main.tf**`, ``Create a `terraform.tfvars` file:``),
a first-line comment inside the code (`# main.tf - VPC`, `// variables.tf`), or
a fence attribute (```` ```hcl title="main.tf" ````). The functions here look at
that *text* (never at the markdown structure, which `markdown_code` walks with
markdown-it) and return the raw name as written; `paths` makes it safe.
"""

from __future__ import annotations

import re

from iacreview.task.languages import FILE_EXTENSIONS

_EXT = "|".join(re.escape(ext) for ext in FILE_EXTENSIONS)
_PATH_CHARS = r"[\w.@~\\/-]"
FILE_TOKEN = re.compile(
    rf"(?<![\w.@~\\/-])((?:[A-Za-z]:)?{_PATH_CHARS}*[\w@-]\.(?:{_EXT})|(?:{_PATH_CHARS}*/)?(?:Dockerfile|Makefile))(?![\w-])",
)
"""A word that looks like a file name: a known extension, or Dockerfile/Makefile."""

_NOT_FILES = frozenset({"node.js", "next.js", "vue.js", "react.js", "express.js", "nuxt.js", "d3.js", "chart.js", "three.js"})

_COMMENT_NAME = re.compile(
    rf"^\s*(?:#|//|--|;|/\*+|<!--)\s*(?:(?:file(?:name)?|path)\s*:\s*)?(?P<name>{FILE_TOKEN.pattern})"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_REST_OK = re.compile(r"^\s*($|[-\u2013\u2014:(\[|,*]|\*/|-->)")

_LEAD_IN_MAX_CHARS = 160
_LEAD_IN_MAX_WORDS = 16

_INFO_ATTR = re.compile(r"""\b(?:title|file|filename|name|path)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""", re.IGNORECASE)


def file_tokens(text: str) -> list[str]:
    """Distinct file-like words of `text`, in order of appearance."""
    seen: list[str] = []
    for match in FILE_TOKEN.finditer(text):
        token = match.group(1).rstrip(".")
        if token.lower() in _NOT_FILES or token in seen:
            continue
        seen.append(token)
    return seen


def name_from_heading(text: str) -> str | None:
    """The file a heading names, if it names exactly one.

    `File: lib/main.tf`, `1. main.tf`, `main.tf (No changes needed)`,
    `Provider Configuration (provider.tf)`: any heading with exactly one
    file-like word names that file. Headings naming several files name none.
    """
    tokens = file_tokens(text)
    return tokens[0] if len(tokens) == 1 else None


def name_from_lead_in(text: str, emphasised: list[str]) -> str | None:
    """The file a short paragraph just before a fence names, if any.

    A lead-in is short (a line, not prose), names exactly one file, and either
    sets it off (bold or a code span, listed in `emphasised`), ends with a colon,
    or consists of nothing but the name: `**main.tf**`, `**File**: `main.tf``,
    ``Create a `terraform.tfvars` file:``, `outputs.tf:`.
    """
    plain = text.strip()
    if not plain or len(plain) > _LEAD_IN_MAX_CHARS or len(plain.split()) > _LEAD_IN_MAX_WORDS:
        return None
    tokens = file_tokens(plain)
    if len(tokens) != 1:
        return None
    token = tokens[0]
    if plain.endswith(":") or plain.strip("*_`:. ") == token or any(token in part for part in emphasised):
        return token
    return None


def name_from_comment(line: str) -> str | None:
    """The file a comment line names when the name is the comment's first word.

    `# main.tf - VPC`, `// variables.tf`, `# File: lib/main.tf`, `/* app.ts */`
    name files; `# Uses main.tf values` does not.
    """
    match = _COMMENT_NAME.match(line)
    if not match or not _REST_OK.match(match.group("rest")):
        return None
    name = match.group("name").rstrip(".")
    return None if name.lower() in _NOT_FILES else name


def name_from_info(info: str) -> str | None:
    """A file name given in a fence's info string: `hcl title="main.tf"`, `hcl:main.tf`."""
    match = _INFO_ATTR.search(info)
    if match:
        return next(group for group in match.groups() if group is not None) or None
    first = info.strip().split(None, 1)[0] if info.strip() else ""
    if ":" in first:
        candidate = first.split(":", 1)[1]
        if file_tokens(candidate) == [candidate]:
            return candidate
    return None


def first_code_line(text: str) -> str:
    """The first line of code that could carry a name: not blank, not a shebang."""
    for line in text.splitlines():
        if line.strip() and not line.startswith("#!"):
            return line
    return ""
