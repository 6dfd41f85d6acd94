"""Languages of code: from fence tags, from file names, and as metadata codes.

Answers tag their fences inconsistently (`hcl`, `terraform`, `tf`, `HCL`,
`py`, `python3`, `yml`, or nothing) and name files with extensions that say
the same thing another way. This module maps all of them to one vocabulary of
language names (`hcl`, `python`, `typescript`, `bash`, …) and maps those to the
short codes dataset metadata uses (`hcl`, `py`, `ts`, …).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

HCL = "hcl"
MARKDOWN = "markdown"
TEXT = "text"

_TAG_TO_LANG: dict[str, str] = {
    "hcl": HCL, "hcl2": HCL, "terraform": HCL, "tf": HCL, "tfvars": HCL,
    "bash": "bash", "sh": "bash", "shell": "bash", "zsh": "bash", "console": "bash",
    "shell-session": "bash", "shellsession": "bash",
    "powershell": "powershell", "ps1": "powershell", "pwsh": "powershell",
    "json": "json", "jsonc": "json", "json5": "json",
    "yaml": "yaml", "yml": "yaml",
    "markdown": MARKDOWN, "md": MARKDOWN,
    "python": "python", "py": "python", "python3": "python",
    "typescript": "typescript", "ts": "typescript", "tsx": "typescript",
    "javascript": "javascript", "js": "javascript", "jsx": "javascript", "node": "javascript",
    "go": "go", "golang": "go",
    "java": "java",
    "csv": "csv",
    "text": TEXT, "txt": TEXT, "plaintext": TEXT, "plain": TEXT,
    "sql": "sql", "rego": "rego", "dockerfile": "dockerfile", "docker": "dockerfile",
    "makefile": "makefile", "make": "makefile", "ini": "ini", "toml": "toml",
    "xml": "xml", "html": "html", "diff": "diff", "mermaid": "mermaid",
}

_EXT_TO_LANG: dict[str, str] = {
    ".tf": HCL, ".tfvars": HCL, ".hcl": HCL,
    ".sh": "bash", ".bash": "bash", ".ps1": "powershell",
    ".json": "json", ".yaml": "yaml", ".yml": "yaml",
    ".md": MARKDOWN, ".markdown": MARKDOWN,
    ".py": "python", ".ts": "typescript", ".tsx": "typescript",
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript",
    ".go": "go", ".java": "java", ".csv": "csv", ".txt": TEXT, ".rst": TEXT,
    ".sql": "sql", ".rego": "rego", ".toml": "toml", ".ini": "ini", ".xml": "xml", ".html": "html",
}

_SPECIAL_NAMES: dict[str, str] = {"dockerfile": "dockerfile", "makefile": "makefile"}

FILE_EXTENSIONS: tuple[str, ...] = tuple(
    sorted({ext.lstrip(".") for ext in _EXT_TO_LANG} | {"example", "sample", "tpl", "tmpl", "j2", "cfg", "conf", "env"},
           key=len, reverse=True)
)
"""Extensions that make a word look like a file name (longest first, for regexes)."""

_NEUTRAL_SUFFIXES = (".example", ".sample", ".tpl", ".tmpl", ".j2")

_SHORT_CODES: dict[str, str] = {
    HCL: "hcl", "typescript": "ts", "python": "py", "go": "go", "java": "java",
    "yaml": "yaml", "json": "json", "javascript": "js",
}

_TEST_NAME = re.compile(
    r"(^|/)(tests?|__tests__|spec)/"
    r"|(^|/)test_[^/]+\.py$|_test\.(py|go)$|\.(test|spec)\.[jt]sx?$|Tests?\.java$|\.tftest\.hcl$",
    re.IGNORECASE,
)


def lang_from_tag(tag: str) -> str | None:
    """Language of a fence tag (`hcl`, `Terraform`, `py` …); None when untagged."""
    word = tag.strip().lower()
    if not word:
        return None
    return _TAG_TO_LANG.get(word, word)


def lang_from_name(name: str) -> str | None:
    """Language implied by a file name's extension, or None when it says nothing.

    Template-like suffixes are looked through: `terraform.tfvars.example` is HCL,
    `index.html.j2` is HTML. `x.tf.json` is JSON, as Terraform reads it.
    """
    path = PurePosixPath(name.lower())
    base = path.name
    while any(base.endswith(suffix) for suffix in _NEUTRAL_SUFFIXES):
        base = base.rsplit(".", 1)[0]
    if base in _SPECIAL_NAMES:
        return _SPECIAL_NAMES[base]
    suffix = PurePosixPath(base).suffix
    return _EXT_TO_LANG.get(suffix)


def short_code(lang: str | None) -> str | None:
    """The metadata code of a language (`typescript` → `ts`), or None."""
    if lang is None:
        return None
    return _SHORT_CODES.get(lang)


def is_test_name(name: str) -> bool:
    """Whether a file name says it holds tests (under test/, `*_test.go`, `*.test.ts` …)."""
    return bool(_TEST_NAME.search(name))


def default_extension(lang: str) -> str:
    """Extension used for generated names of unnamed code in `lang`."""
    for ext, ext_lang in _EXT_TO_LANG.items():
        if ext_lang == lang:
            return ext
    return ".txt"
