"""Writing an answer's files to disk (`iacreview extract TASK --out DIR`).

Loading never writes anything; this is the one place that does, and only
when asked. It refuses to overwrite existing files unless `force` is given,
checks every target before writing the first one (so a refusal leaves the
folder untouched), and makes sure no target, symlinks included, resolves
outside the output folder.
"""

from __future__ import annotations

from pathlib import Path

from iacreview.task.answer import Answer
from iacreview.task.paths import safe_relative_name


class ExtractError(Exception):
    """The answer's files cannot be written as asked; the message says which and why."""


def write_files(answer: Answer, out_dir: Path | str, force: bool = False) -> list[Path]:
    """Write every named file of `answer` under `out_dir`; return the paths written.

    Raises `ExtractError` (before writing anything) when a file exists and
    `force` is False, or when a target would land outside `out_dir`.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ExtractError(f"{out} exists and is not a directory")
    real_out = out.resolve()
    targets: list[tuple[Path, str]] = []
    existing: list[str] = []
    for name, extracted in answer.files.items():
        safe = safe_relative_name(name, strip_lib=False)
        if safe.name != name or safe.name is None:
            raise ExtractError(f"refusing unsafe file name {name!r}")
        target = out / safe.name
        if not _within(target, real_out):
            raise ExtractError(f"{name} would be written outside {out}")
        if target.exists() or target.is_symlink():
            if target.is_dir():
                raise ExtractError(f"{target} exists and is a directory")
            existing.append(str(target))
        targets.append((target, extracted.text))
    if existing and not force:
        shown = ", ".join(existing[:5]) + (f" and {len(existing) - 5} more" if len(existing) > 5 else "")
        raise ExtractError(f"refusing to overwrite {shown} (use --force)")
    written: list[Path] = []
    for target, text in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            target.unlink()
        with target.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        written.append(target)
    return written


def _within(target: Path, real_out: Path) -> bool:
    """Whether `target` (following any existing symlinks on its way) stays inside `real_out`."""
    try:
        target.resolve().relative_to(real_out)
    except ValueError:
        return False
    return True
