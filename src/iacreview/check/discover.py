"""Which modules `check PATH` checks: every directory with Terraform files under PATH, as Terraform sees them.

A directory another one calls as a module (`source = "../../"` from an
example, `./modules/x` from the root) is checked through its callers, with the
values they give it; every other directory is checked as a root module, as
checkov does. Hidden directories (`.terraform`, `.git`) are not searched.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from iacreview.hcl import SourceError, parse_with_errors, read_source
from iacreview.model.build import literal_string, load_tree
from iacreview.model.files import CONFIG_SUFFIXES, DiskTree


#: A line that may open a module block (`module "x" {`). Body items start lines in HCL, so a file
#: without one calls no module; heredoc lines that match are harmless: the file is then parsed.
_MODULE_LINE = re.compile(r"^\ufeff?[ \t]*module\b", re.MULTILINE)


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
    pending = list(dirs)
    seen: set[str] = set()
    while pending:
        d = pending.pop()
        real = os.path.realpath(d)
        if real in seen:
            continue
        seen.add(real)
        for child in _local_calls(d):
            called.add(child)
            pending.append(child)  # a module outside PATH may call one inside it
    roots = [d for d in dirs if os.path.realpath(d) not in called]
    return roots or dirs


def _local_calls(directory: str) -> list[str]:
    """The real directories a module's local `source = "./…"` calls name.

    Only files with a line that may open a module block are parsed, and only their module blocks
    read: deciding which directories are roots must not cost a full load of
    every module, which checking them does anyway.
    """
    found = []
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return found
    for name in names:
        path = os.path.join(directory, name)
        if not name.endswith(CONFIG_SUFFIXES) or not os.path.isfile(path):
            continue
        if name.endswith(".json"):  # JSON syntax: let the loader read it
            tree = DiskTree(directory)
            return [tree.identity(child.path) for child in load_tree(tree).walk()[1:]]
        try:
            text = read_source(Path(path), path)
        except SourceError:
            continue
        if _MODULE_LINE.search(text) is None:
            continue
        file, _ = parse_with_errors(text, path)
        for block in file.body.blocks("module"):
            source = literal_string(block.body.get_attribute("source"))
            if source and source.startswith(("./", "../")):
                target = os.path.realpath(os.path.join(directory, source))
                if target != os.path.realpath(directory):  # a module calling itself is still a root
                    found.append(target)
    return found


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
