"""Which modules `check PATH` checks: every directory with Terraform files under PATH, as Terraform sees them.

A directory another one calls as a module (`source = "../../"` from an
example, `./modules/x` from the root) is checked through its callers, with the
values they give it; every other directory is checked as a root module, as
checkov does. Hidden directories (`.terraform`, `.git`) are not searched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from iacreview.model.build import load_tree
from iacreview.model.files import CONFIG_SUFFIXES, DiskTree


@dataclass(frozen=True)
class Target:
    """One module to check: its directory as the user would name it, and the PATH argument it came from."""

    path: str
    origin: int  # index of the PATH argument


def module_dirs(root: str) -> list[str]:
    """Every directory under `root` (itself included) holding a .tf or .tf.json file, sorted."""
    found = []
    for here, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if any(name.endswith(CONFIG_SUFFIXES) for name in files):
            found.append(os.path.normpath(here))
    return sorted(found, key=lambda d: (d.count(os.sep), d))


def root_modules(dirs: list[str]) -> list[str]:
    """The directories of `dirs` that none of the others calls as a module (all of them if each calls another)."""
    called: set[str] = set()
    for d in dirs:
        tree = DiskTree(d)
        for child in load_tree(tree).walk()[1:]:
            called.add(tree.identity(child.path))
    roots = [d for d in dirs if os.path.realpath(d) not in called]
    return roots or dirs


def expand(paths: list[str], recursive: bool = True) -> list[Target]:
    """The modules to check for each PATH: a directory's root modules (recursive) or itself; a file as given."""
    targets: list[Target] = []
    for i, path in enumerate(paths):
        if recursive and Path(path).is_dir():
            dirs = module_dirs(path)
            targets.extend(Target(d, i) for d in (root_modules(dirs) if dirs else [path]))
        else:
            targets.append(Target(path, i))
    return targets
