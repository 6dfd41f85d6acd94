"""A task's metadata.json, read tolerantly.

The schema says `training_quality` is an integer from 1 to 10, yet real
files carry 8.5, "8", "high" or nothing; `platform` is `tf` in most files and
`terraform` in some; a few files are not JSON at all. `parse_metadata` keeps
every value it can use, normalises platform and language to the short codes
(`tf`, `cdk`, `cdktf`, `pulumi`, `cfn`; `hcl`, `ts`, `js`, `py`, `go`, `java`,
`yaml`, `json`) and reports each defect as a `TaskProblem` with the line and
column of the offending key where it can find it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from iacreview.task.problems import ProblemKind, TaskProblem

PLATFORM_CODES: dict[str, str] = {
    "tf": "tf", "terraform": "tf", "hcl": "tf",
    "cdk": "cdk", "aws-cdk": "cdk", "awscdk": "cdk",
    "cdktf": "cdktf", "cdk-tf": "cdktf", "cdk for terraform": "cdktf",
    "pulumi": "pulumi",
    "cfn": "cfn", "cloudformation": "cfn", "cloud-formation": "cfn",
}
LANGUAGE_CODES: dict[str, str] = {
    "hcl": "hcl", "terraform": "hcl",
    "ts": "ts", "typescript": "ts", "js": "js", "javascript": "js",
    "py": "py", "python": "py", "go": "go", "golang": "go", "java": "java",
    "yaml": "yaml", "yml": "yaml", "json": "json",
}
TRAINING_QUALITY_RANGE = (1, 10)

_CODE_KEYS = ("platform", "language")
_STRING_FIELDS = ("complexity", "turn_type", "subtask", "region", "provider")
_OTHER_STRING_KEYS = ("po_id", "team", "author")
_STRING_LIST_KEYS = ("subject_labels", "aws_services")


@dataclass
class TaskMetadata:
    """The usable content of metadata.json; `raw` keeps everything as parsed."""

    raw: dict[str, Any] = field(default_factory=dict)
    platform: str | None = None
    language: str | None = None
    complexity: str | None = None
    turn_type: str | None = None
    subtask: str | None = None
    region: str | None = None
    provider: str | None = None
    training_quality: float | None = None
    subject_labels: list[str] = field(default_factory=list)
    aws_services: list[str] = field(default_factory=list)
    present: bool = False

    def get(self, key: str, default: Any = None) -> Any:
        """Any raw key, for fields this class does not model."""
        return self.raw.get(key, default)


def parse_metadata(text: str | None, display: str = "metadata.json") -> tuple[TaskMetadata, list[TaskProblem]]:
    """Parse metadata text; None means the file is missing or unreadable."""
    problems: list[TaskProblem] = []
    meta = TaskMetadata()
    if text is None:
        return meta, problems
    meta.present = True
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(TaskProblem(ProblemKind.METADATA_JSON, display, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}"))
        return meta, problems
    if not isinstance(raw, dict):
        problems.append(TaskProblem(ProblemKind.METADATA_TYPE, display, 1, 1, f"top level is a {_type_name(raw)}, not an object"))
        return meta, problems
    meta.raw = raw
    locate = _KeyLocator(text, display)
    for key in (*_CODE_KEYS, *_STRING_FIELDS, *_OTHER_STRING_KEYS):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(locate.problem(ProblemKind.METADATA_TYPE, key, f"'{key}' is a {_type_name(value)}, expected a string"))
        elif isinstance(value, str) and key in _STRING_FIELDS:
            setattr(meta, key, value)
    for key in _STRING_LIST_KEYS:
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            setattr(meta, key, list(value))
        else:
            problems.append(locate.problem(ProblemKind.METADATA_TYPE, key, f"'{key}' should be a list of strings"))
    meta.platform = _code(raw.get("platform"), PLATFORM_CODES, "platform", locate, problems)
    meta.language = _code(raw.get("language"), LANGUAGE_CODES, "language", locate, problems)
    meta.training_quality = _training_quality(raw, locate, problems)
    return meta, problems


def _code(value: Any, table: dict[str, str], key: str, locate: _KeyLocator, problems: list[TaskProblem]) -> str | None:
    if value is None:
        problems.append(locate.problem(ProblemKind.METADATA_MISSING, key, f"'{key}' is missing"))
        return None
    if not isinstance(value, str):
        return None
    code = table.get(value.strip().lower())
    if code is None:
        problems.append(locate.problem(ProblemKind.METADATA_VALUE, key, f"unknown {key} {value!r}"))
    return code


def _training_quality(raw: dict[str, Any], locate: _KeyLocator, problems: list[TaskProblem]) -> float | None:
    key = "training_quality"
    if key not in raw:
        problems.append(locate.problem(ProblemKind.METADATA_MISSING, key, "'training_quality' is missing"))
        return None
    value = raw[key]
    low, high = TRAINING_QUALITY_RANGE
    number: float | None
    if isinstance(value, bool) or value is None:
        problems.append(locate.problem(ProblemKind.METADATA_TYPE, key, f"'training_quality' is {json.dumps(value)}, expected an integer {low}-{high}"))
        return None
    if isinstance(value, int):
        number = float(value)
    elif isinstance(value, float):
        problems.append(locate.problem(ProblemKind.METADATA_TYPE, key, f"'training_quality' is the float {value}, expected an integer {low}-{high}"))
        number = value if math.isfinite(value) else None
    elif isinstance(value, str):
        number = _number_from_text(value)
        meaning = f"read as {number:g}" if number is not None else "not a number"
        problems.append(locate.problem(ProblemKind.METADATA_TYPE, key, f"'training_quality' is the string {value!r} ({meaning}), expected an integer {low}-{high}"))
    else:
        problems.append(locate.problem(ProblemKind.METADATA_TYPE, key, f"'training_quality' is a {_type_name(value)}, expected an integer {low}-{high}"))
        return None
    if number is not None and not low <= number <= high:
        problems.append(locate.problem(ProblemKind.METADATA_VALUE, key, f"'training_quality' {number:g} is outside {low}-{high}"))
    return number


def _number_from_text(value: str) -> float | None:
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _type_name(value: Any) -> str:
    return {dict: "object", list: "list", str: "string", bool: "boolean", int: "integer", float: "float"}.get(type(value), "null" if value is None else type(value).__name__)


class _KeyLocator:
    """Finds the line and column of a top-level key in the JSON text, for problems."""

    def __init__(self, text: str, display: str) -> None:
        self.text = text
        self.display = display

    def problem(self, kind: ProblemKind, key: str, message: str) -> TaskProblem:
        match = re.search(rf'"{re.escape(key)}"\s*:', self.text)
        if match is None:
            return TaskProblem(kind, self.display, None, None, message)
        line = self.text.count("\n", 0, match.start()) + 1
        col = match.start() - (self.text.rfind("\n", 0, match.start()) + 1) + 1
        return TaskProblem(kind, self.display, line, col, message)
