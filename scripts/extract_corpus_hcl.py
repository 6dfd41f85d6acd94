"""Write every HCL file extracted from the corpus answers to a folder.

Usage: python scripts/extract_corpus_hcl.py OUT_DIR [--corpus DIR] [--force]

For each task folder under the corpus (default: /work/shared/corpus/tasks)
the HCL files of lib/MODEL_RESPONSE*.md (the last turn) and
lib/IDEAL_RESPONSE.md are written to OUT_DIR/<task>/<model|ideal>/<name>.
The output feeds the parser's round-trip tests and benchmarks. Prints how
many files and bytes it wrote; exits 2 when OUT_DIR holds files and --force
is not given.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from iacreview.task import Answer, ExtractError, load_task, write_files
from iacreview.task.answer import ExtractedFile

DEFAULT_CORPUS = Path("/work/shared/corpus/tasks")


def task_folders(corpus: Path) -> list[Path]:
    """Folders holding a metadata.json, at any depth below `corpus`."""
    return sorted(path.parent for path in corpus.rglob("metadata.json"))


def hcl_only(answer: Answer) -> Answer:
    """A copy of `answer` keeping only its HCL files."""
    files: dict[str, ExtractedFile] = answer.hcl_files()
    return Answer(source=answer.source, kind=answer.kind, files=files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--force", action="store_true", help="overwrite files already in OUT_DIR")
    args = parser.parse_args(argv)

    files = 0
    size = 0
    tasks = 0
    for folder in task_folders(args.corpus):
        task = load_task(folder)
        tasks += 1
        for role, answer in (("model", task.model), ("ideal", task.ideal)):
            if answer is None:
                continue
            subset = hcl_only(answer)
            try:
                written = write_files(subset, args.out_dir / task.id / role, force=args.force)
            except ExtractError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
            files += len(written)
            size += sum(len(extracted.text.encode("utf-8")) for extracted in subset.files.values())
    print(f"{tasks} tasks: wrote {files} HCL files, {size} bytes, to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
