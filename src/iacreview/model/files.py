"""Where configuration files come from: a directory on disk or files held in memory.

Reviews read model answers extracted from markdown, which never touch the disk,
and `check` reads real directories; both go through a `FileTree` so the module
loader has one code path. Paths are POSIX-style and relative to the tree root,
and nothing outside the root can be named.
"""

from __future__ import annotations

import os
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

    def identity(self, rel_dir: str) -> str:
        """What makes two paths of the tree the same directory (for cycles of module calls)."""
        return rel_dir

    def admit_module_dir(self, rel_dir: str) -> bool:
        """Let a module directory outside the root be read (its files, not its subdirectories).

        The loader asks this for a local module source that leaves the root
        (`source = "../../"` from an example): Terraform follows such paths, so
        the directories the configuration names as module sources are read too,
        and nothing else outside. `rel_dir` is relative to the root and may
        start with `../`. False where the tree cannot (files in memory) or the
        directory does not exist.
        """
        return False


class DiskTree(FileTree):
    """Files of a directory on disk; symlinks leading outside the root are ignored.

    Directories are resolved once and file texts read once: rules that scan
    every file (for keys, say) ask again for files the loader already read.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        self._root = str(self.root)
        self._prefix = self._root.rstrip(os.sep) + os.sep
        self._dirs: dict[str, str | None] = {"": self._root}
        self._texts: dict[str, str] = {}
        self._admitted: set[str] = set()  # real module directories outside the root named as module sources

    def _inside(self, real: str) -> bool:
        return real == self._root or real.startswith(self._prefix) or real in self._admitted

    def _real_dir(self, norm_dir: str) -> str | None:
        """The resolved directory of a normalized relative path, or None outside what may be read."""
        if norm_dir not in self._dirs or self._dirs[norm_dir] is None:
            real = os.path.realpath(os.path.join(self._root, norm_dir))
            self._dirs[norm_dir] = real if self._inside(real) else None
        return self._dirs[norm_dir]

    def _file_inside(self, real: str) -> bool:
        return self._inside(real) or os.path.dirname(real) in self._admitted

    def identity(self, rel_dir: str) -> str:
        norm = _outside_normalize(rel_dir)
        return os.path.realpath(os.path.join(self._root, norm)) if norm is not None else rel_dir

    def admit_module_dir(self, rel_dir: str) -> bool:
        norm = _outside_normalize(rel_dir)
        if norm is None:
            return False
        real = os.path.realpath(os.path.join(self._root, norm))
        if not os.path.isdir(real):
            return False
        self._admitted.add(real)
        self._dirs.pop(norm, None)
        return True

    def _path(self, rel: str) -> str | None:
        norm = normalize(rel) if not rel.startswith("..") else _outside_normalize(rel)
        if norm is None:
            return None
        if not norm:
            return self._root
        head, name = posixpath.split(norm)
        parent = self._real_dir(head)
        if parent is None:
            return None
        candidate = os.path.join(parent, name)
        if os.path.islink(candidate):
            real = os.path.realpath(candidate)
            return real if self._file_inside(real) else None
        return candidate

    def list_dir(self, rel_dir: str) -> list[str]:
        norm = normalize(rel_dir) if not rel_dir.startswith("..") else _outside_normalize(rel_dir)
        real = self._real_dir(norm) if norm is not None else None
        if real is None or not os.path.isdir(real):
            return []
        names = []
        with os.scandir(real) as entries:
            for entry in entries:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if self._file_inside(target) and os.path.isfile(target):
                        names.append(entry.name)
                elif entry.is_file():
                    names.append(entry.name)
        return sorted(names)

    def is_dir(self, rel_dir: str) -> bool:
        norm = normalize(rel_dir) if not rel_dir.startswith("..") else _outside_normalize(rel_dir)
        real = self._real_dir(norm) if norm is not None else None
        return real is not None and os.path.isdir(real)

    def read(self, rel_path: str) -> str:
        text = self._texts.get(rel_path)
        if text is None:
            path = self._path(rel_path)
            if path is None:
                raise _missing(rel_path)
            text = self._texts[rel_path] = read_source(path, display_name=rel_path)
        return text

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


def _outside_normalize(rel: str) -> str | None:
    """A clean relative POSIX path that may start with `../` (None for an absolute one)."""
    rel = rel.replace("\\", "/")
    if rel.startswith("/"):
        return None
    norm = posixpath.normpath(rel) if rel else "."
    return "" if norm == "." else norm


def module_source_path(parent_dir: str, source: str) -> str | None:
    """Where a local module source leads, relative to the root: inside it, or (with `../`) outside."""
    return _outside_normalize(posixpath.join(parent_dir, source))


def _missing(rel_path: str) -> SourceError:
    return SourceError(Diagnostic(rel_path, 1, 1, "no such file inside the configuration"))


def config_files(tree: FileTree, rel_dir: str) -> list[str]:
    """Relative paths of the Terraform configuration files of one module directory."""
    return [
        posixpath.join(rel_dir, name) if rel_dir else name
        for name in tree.list_dir(rel_dir)
        if name.endswith(CONFIG_SUFFIXES)
    ]
