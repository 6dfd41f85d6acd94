"""The layers of DESIGN.md point downward only; import-linter enforces it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_import_contracts_hold():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken" in result.stdout


def test_quick_commands_do_not_import_heavy_dependencies():
    code = (
        "import sys, iacreview.cli.main, iacreview.hcl;"
        "heavy = [m for m in ('duckdb', 'dask', 'jinja2', 'distributed', 'pandas') if m in sys.modules];"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_start_up_leaves_unused_readers_unimported(tmp_path):
    """Start-up is part of speed: a JSON check or validate of a plain .tf tree imports neither the
    text renderer (rich), nor the JSON-syntax reader, nor TOML, nor hashing; each is imported where used."""
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n', encoding="utf-8")
    lazy = ("rich", "iacreview.hcl.jsonsyntax", "tomllib", "hashlib", "importlib.resources")
    code = (
        "import sys, io, contextlib\n"
        "from iacreview.cli.main import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        cli.main(sys.argv[1:], standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print([m for m in {lazy!r} if m in sys.modules])\n"
    )
    for command in (["check", "--no-config", "--format", "json"], ["validate", "--format", "json"]):
        out = subprocess.run([sys.executable, "-c", code, *command, str(tmp_path)], capture_output=True, text=True,
                             check=True).stdout
        assert out.strip() == "[]", (command, out)
    text = subprocess.run([sys.executable, "-c", code, "check", "--no-config", str(tmp_path)], capture_output=True,
                          text=True, check=True).stdout
    assert "'rich'" in text  # the text report does use it: the probe sees imports
