"""Building small task folders and JSONL datasets for the batch tests."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

TESTS_BATCH = Path(__file__).resolve().parent

BUCKET = '''Here is the configuration.

```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "logs-{n}"
}
```
'''

UNFORMATTED = '''```hcl
resource "aws_s3_bucket" "data" {
bucket = "data-{n}"
  tags = {
    Name="data"
  }
}
```
'''


def make_task(root: Path, name: str, prompt: str = "Create an S3 bucket in us-east-1.", response: str | None = None,
              ideal: str | None = None, metadata: dict[str, Any] | None = None) -> Path:
    """A task folder `root/name` with metadata.json and lib/PROMPT.md, MODEL_RESPONSE.md (and IDEAL_RESPONSE.md)."""
    folder = root / name
    (folder / "lib").mkdir(parents=True, exist_ok=True)
    meta = {"platform": "tf", "language": "hcl", "training_quality": 9} if metadata is None else metadata
    (folder / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    (folder / "lib" / "PROMPT.md").write_text(prompt, encoding="utf-8")
    (folder / "lib" / "MODEL_RESPONSE.md").write_text(response if response is not None else BUCKET.replace("{n}", name.lower()),
                                                      encoding="utf-8")
    if ideal is not None:
        (folder / "lib" / "IDEAL_RESPONSE.md").write_text(ideal, encoding="utf-8")
    return folder


def make_dataset(root: Path, count: int, prompt: str = "Create an S3 bucket in us-east-1.") -> list[Path]:
    """`count` task folders under root/tasks, half of them with unformatted code."""
    folders = []
    for index in range(count):
        body = (UNFORMATTED if index % 2 else BUCKET).replace("{n}", str(index))
        folders.append(make_task(root / "tasks", f"T{index:03d}", prompt=prompt, response=body,
                                 metadata={"platform": "tf", "language": "hcl", "training_quality": 6 + index % 5}))
    return folders


def write_jsonl(path: Path, records: list[dict[str, Any] | str]) -> Path:
    """A JSONL file; a str entry is written as the raw line (to make broken lines)."""
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def worker_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a worker process needs to import the test reviewers."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS_BATCH), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update(extra or {})
    return env


#: The reviewer that obeys directives in the prompt (see batch_reviewers.py).
DIRECTED = "batch_reviewers:directed_review"
