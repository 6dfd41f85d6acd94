"""Listing the files of a folder without leaving it.

Task folders and answer directories are untrusted: a symlink may point at
`/etc` or at a parent folder, and a checkout may hold `.terraform/` caches or
`node_modules/` with thousands of files. `list_files` walks a folder without
following links out of it and skips tool caches.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from iacreview.task.problems import ProblemKind, TaskProblem

SKIPPED_DIRS = frozenset({".git", ".terraform", "node_modules", "__pycache__", ".venv", "venv", "cdk.out", ".pytest_cache", "dist", "build"})
MAX_FILES = 5000
"""More files than this in one folder is not an answer; the rest are ignored."""


@dataclass
class Listing:
    """Files found (relative POSIX name → path) and links that were refused."""

    files: dict[str, Path] = field(default_factory=dict)
    problems: list[TaskProblem] = field(default_factory=list)


def list_files(root: Path, display_prefix: str = "") -> Listing:
    """Regular files under `root`, sorted by name, never leaving `root`.

    Hidden files and directories and tool caches are skipped; a symlink whose
    target lies outside `root` is reported and skipped. `display_prefix` is
    put before names in problems (e.g. `lib/`).
    """
    listing = Listing()
    try:
        real_root = root.resolve(strict=True)
    except OSError:
        return listing
    found: list[tuple[str, Path]] = []
    for directory, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(directory)
        kept_dirs = []
        for dirname in sorted(dirnames):
            if dirname.startswith(".") or dirname in SKIPPED_DIRS:
                continue
            candidate = here / dirname
            if candidate.is_symlink():
                _refuse_link(listing, candidate, root, display_prefix, real_root)
                continue
            kept_dirs.append(dirname)
        dirnames[:] = kept_dirs
        for filename in sorted(filenames):
            if filename.startswith("."):
                continue
            path = here / filename
            if path.is_symlink() and not _inside(path, real_root):
                _refuse_link(listing, path, root, display_prefix, real_root)
                continue
            if not path.is_file():
                continue
            found.append((path.relative_to(root).as_posix(), path))
            if len(found) >= MAX_FILES:
                listing.problems.append(
                    TaskProblem(ProblemKind.TOO_LARGE, display_prefix or str(root), None, None,
                                f"more than {MAX_FILES} files; the rest are ignored")
                )
                break
        if len(found) >= MAX_FILES:
            break
    listing.files = dict(sorted(found))
    return listing


def _inside(path: Path, real_root: Path) -> bool:
    try:
        path.resolve(strict=True).relative_to(real_root)
    except (OSError, ValueError):
        return False
    return True


def _refuse_link(listing: Listing, path: Path, root: Path, prefix: str, real_root: Path) -> None:
    if path.is_dir() and _inside(path, real_root):
        message = "symlinked directory is not followed"
    else:
        message = "symlink points outside the folder; not read"
    listing.problems.append(
        TaskProblem(ProblemKind.UNSAFE_LINK, prefix + path.relative_to(root).as_posix(), None, None, message)
    )
