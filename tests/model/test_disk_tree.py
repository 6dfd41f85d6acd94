"""DiskTree: nothing outside the root can be listed or read, whatever the symlinks say."""

from __future__ import annotations

import os

import pytest

from iacreview.hcl import SourceError
from iacreview.model.files import DiskTree


@pytest.fixture()
def tree(tmp_path):
    root = tmp_path / "root"
    (root / "mod").mkdir(parents=True)
    (root / "main.tf").write_text('locals { a = 1 }\n')
    (root / "mod" / "vars.tf").write_text('variable "x" {}\n')
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.tf").write_text('locals { leaked = true }\n')
    os.symlink(outside / "secret.tf", root / "escape.tf")
    os.symlink(outside, root / "outdir")
    os.symlink(root / "main.tf", root / "alias.tf")
    os.symlink(root / "mod", root / "modlink")
    return DiskTree(root)


def test_lists_files_and_inside_symlinks_only(tree):
    assert tree.list_dir("") == ["alias.tf", "main.tf"]
    assert tree.list_dir("mod") == ["vars.tf"]
    assert tree.list_dir("modlink") == ["vars.tf"]
    assert tree.list_dir("outdir") == []
    assert tree.list_dir("../outside") == []


def test_reads_inside_and_refuses_outside(tree):
    assert tree.read("alias.tf") == 'locals { a = 1 }\n'
    assert tree.read("modlink/vars.tf") == 'variable "x" {}\n'
    for name in ("escape.tf", "outdir/secret.tf", "../outside/secret.tf", "/etc/passwd", "missing.tf"):
        with pytest.raises(SourceError):
            tree.read(name)


def test_directories(tree):
    assert tree.is_dir("mod") and tree.is_dir("modlink") and tree.is_dir("")
    assert not tree.is_dir("outdir") and not tree.is_dir("main.tf") and not tree.is_dir("..")
