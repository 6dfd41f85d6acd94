"""Safe relative file names for code taken out of answers.

File names in an answer are text the model wrote. They are used as keys,
shown in reports and, with `iacreview extract`, written to disk, so a name such
as `../../etc/passwd`, `/root/.ssh/x`, `C:\\x.tf` or one with a NUL byte must
never point outside the folder it is written to. `safe_relative_name` turns any
such name into a plain relative POSIX path, saying what it changed, or gives up
when nothing usable is left.

Names are relative to the task's code root, its `lib/` folder: a name written
as `lib/main.tf` or `./lib/main.tf` is `main.tf`, and `modules/vpc/main.tf`
stays as it is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MAX_NAME_CHARS = 255
"""Longest path component most filesystems accept."""

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class SafeName:
    """A sanitised name (None if nothing safe remained) and the changes made."""

    name: str | None
    changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def safe_relative_name(raw: str, *, strip_lib: bool = True) -> SafeName:
    """Sanitise `raw` into a relative POSIX path below the code root.

    Control characters (NUL included) are removed, backslashes become `/`,
    drive letters, leading `/` and `~` are dropped, `.` and `..` components are
    removed and, unless `strip_lib` is False (names already relative to the
    code root), a leading `lib/` is stripped. Components longer than
    `MAX_NAME_CHARS` make the name unusable.
    """
    changes: list[str] = []
    text = raw.strip()
    cleaned = "".join(ch for ch in text if not _is_control(ch))
    if cleaned != text:
        changes.append("removed control characters")
    if "\\" in cleaned:
        cleaned = cleaned.replace("\\", "/")
        changes.append("turned backslashes into '/'")
    if _DRIVE.match(cleaned):
        cleaned = cleaned[2:]
        changes.append("dropped a drive letter")
    if cleaned.startswith("/"):
        changes.append("made an absolute path relative")
    if cleaned.startswith("~"):
        changes.append("dropped a home-directory '~'")
        cleaned = cleaned.lstrip("~")
    parts: list[str] = []
    for part in cleaned.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if "removed '..' components" not in changes:
                changes.append("removed '..' components")
            continue
        parts.append(part)
    if strip_lib and parts and parts[0] == "lib":
        parts = parts[1:]
    if any(len(part) > MAX_NAME_CHARS for part in parts):
        return SafeName(None, changes + [f"a path component is longer than {MAX_NAME_CHARS} characters"])
    if not parts:
        return SafeName(None, changes + ["nothing usable is left of the name"])
    return SafeName("/".join(parts), changes)


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")
