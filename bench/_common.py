"""Helpers shared by the benchmarks: the real-file set and throwaway peer venvs.

Peers (python-hcl2, checkov) are installed into `.bench-venvs/<name>` beside the
repository, never into the project's own environment.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from corpus import hcl_fences  # noqa: E402


def real_hcl_texts() -> list[str]:
    """Every distinct Terraform block of the corpus answers (real model-written code)."""
    seen: set[str] = set()
    texts = []
    for _, text in hcl_fences():
        if text not in seen:
            seen.add(text)
            texts.append(text)
    return texts


def peer_python(name: str, *requirements: str) -> Path:
    """The python of a throwaway venv with `requirements` installed (created once)."""
    root = REPO / ".bench-venvs" / name
    python = root / "bin" / "python"
    marker = root / ".installed"
    if not marker.exists():
        venv.create(root, with_pip=True, clear=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *requirements], check=True)
        marker.write_text(" ".join(requirements))
    return python
