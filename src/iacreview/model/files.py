"""Where configuration files come from: a directory on disk or files held in memory.

Reviews read model answers extracted from markdown, which never touch the disk,
and `check` reads real directories; both go through a `FileTree` so the module
loader has one code path. Paths are POSIX-style and relative to the tree root,
and nothing outside the root can be named.
"""

from __future__ import annotations

import posixpath
from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path

from iacreview.hcl import Diagnostic, SourceError, read_source

CONFIG_SUFFIXES = (".tf", ".tf.json")


def normalize(rel: str) -> str | None:
    """A clean relative POSIX path, or None if it would leave the tree."""
    rel = rel.replace("\\", "/")
    if rel.startswith("/"):
        return None
    norm = posixpath.normpath(rel) if rel else "."
    if norm == ".":
        return ""
    if norm == ".." or norm.startswith("../"):
        return None
    return norm


class FileTree(ABC):
    """Read-only view of the files under one root."""

    @abstractmethod
    def list_dir(self, rel_dir: str) -> list[str]:
        """File names (not directories) directly inside `rel_dir`, sorted."""

    @abstractmethod
    def is_dir(self, rel_dir: str) -> bool:
        """Whether `rel_dir` holds any file of the tree."""

    @abstractmethod
    def read(self, rel_path: str) -> str:
        """Text of a file; raises SourceError for unreadable, binary or non-UTF-8 files."""

    @property
    def base_dir(self) -> Path | None:
        """Directory file functions may read from (None: in memory, no file access)."""
        return None


class DiskTree(FileTree):
    """Files of a directory on disk; symlinks leading outside the root are ignored."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()

    def _path(self, rel: str) -> Path | None:
        norm = normalize(rel)
        if norm is None:
            return None
        path = (self.root / norm).resolve() if norm else self.root
        if path != self.root and self.root not in path.parents:
            return None
        return path

    def list_dir(self, rel_dir: str) -> list[str]:
        path = self._path(rel_dir)
        if path is None or not path.is_dir():
            return []
        names = []
        for child in path.iterdir():
            resolved = self._path(posixpath.join(rel_dir, child.name))
            if resolved is not None and resolved.is_file():
                names.append(child.name)
        return sorted(names)

    def is_dir(self, rel_dir: str) -> bool:
        path = self._path(rel_dir)
        return path is not None and path.is_dir()

    def read(self, rel_path: str) -> str:
        path = self._path(rel_path)
        if path is None:
            raise _missing(rel_path)
        return read_source(path, display_name=rel_path)

    @property
    def base_dir(self) -> Path | None:
        return self.root


class MemoryTree(FileTree):
    """Files held in memory, e.g. extracted from a markdown answer."""

    def __init__(self, files: Mapping[str, str]) -> None:
        self.files: dict[str, str] = {}
        for name, text in files.items():
            norm = normalize(name)
            if norm:
                self.files[norm] = text

    def list_dir(self, rel_dir: str) -> list[str]:
        prefix = f"{rel_dir}/" if rel_dir else ""
        return sorted(
            name[len(prefix):]
            for name in self.files
            if name.startswith(prefix) and "/" not in name[len(prefix):]
        )

    def is_dir(self, rel_dir: str) -> bool:
        prefix = f"{rel_dir}/" if rel_dir else ""
        return any(name.startswith(prefix) for name in self.files)

    def read(self, rel_path: str) -> str:
        norm = normalize(rel_path)
        if norm is None or norm not in self.files:
            raise _missing(rel_path)
        return self.files[norm]


def _missing(rel_path: str) -> SourceError:
    return SourceError(Diagnostic(rel_path, 1, 1, "no such file inside the configuration"))


def config_files(tree: FileTree, rel_dir: str) -> list[str]:
    """Relative paths of the Terraform configuration files of one module directory."""
    return [
        posixpath.join(rel_dir, name) if rel_dir else name
        for name in tree.list_dir(rel_dir)
        if name.endswith(CONFIG_SUFFIXES)
    ]
