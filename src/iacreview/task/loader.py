"""Loading a task from any of the forms reviewers hand us.

- A task folder: `metadata.json`, `lib/PROMPT.md`, `lib/MODEL_RESPONSE.md`,
  `lib/IDEAL_RESPONSE.md`, `lib/MODEL_FAILURES.md`, further turns as
  `PROMPT2.md`/`MODEL_RESPONSE2.md`…, final code under `lib/`, tests under
  `test/` or `tests/`. The model's answer is the conversation's code as its
  turns leave it (continuations and fix snippets applied, see
  `iacreview.task.conversation`); every turn is kept in `Task.turns`.
- A directory of `.tf` files (the model's answer), optionally with an ideal
  directory or file passed as `ideal`.
- One markdown answer, or one `.tf` file.

`load_task` never raises on what it reads: missing files, broken JSON and
unreadable answers become `Task.problems`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from iacreview.task.conversation import combine_turns
from iacreview.task.answer import Answer, answer_from_directory, answer_from_file, answer_from_markdown, answer_from_paths
from iacreview.task.hcl_sniff import HclPredicate, default_looks_like_hcl
from iacreview.task.metadata import TaskMetadata, parse_metadata
from iacreview.task.placeholder import PlaceholderVerdict
from iacreview.task.platform import PlatformComparison, PlatformGuess, compare_platforms, detect_text_platform
from iacreview.task.problems import ProblemKind, TaskProblem
from iacreview.task.textio import read_text
from iacreview.task.tree import list_files

#: Problems that leave an answer unread.
#: (Invalid UTF-8 decoded with replacement characters, or UTF-16, is read: a warning, not an input error.)
UNREADABLE_KINDS = frozenset({ProblemKind.READ_ERROR, ProblemKind.TOO_LARGE, ProblemKind.BINARY})

TaskKind = Literal["task", "directory", "markdown", "file", "missing"]

_PROMPT = re.compile(r"^prompt(\d*)\.md$", re.IGNORECASE)
_RESPONSE = re.compile(r"^model_response(\d*)\.md$", re.IGNORECASE)
_IDEAL = re.compile(r"^ideal_response\.md$", re.IGNORECASE)
_FAILURES = re.compile(r"^model_failures\.md$", re.IGNORECASE)
_TASK_DOCS = (_PROMPT, _RESPONSE, _IDEAL, _FAILURES)
_TEST_DIRS = ("test", "tests")
_MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass
class Turn:
    """One prompt/response exchange of a (possibly multi-turn) task."""

    index: int
    prompt_file: Path | None = None
    prompt: str | None = None
    response_file: Path | None = None
    response: Answer | None = None


@dataclass
class Task:
    """Everything the review needs from one task; see the package docstring."""

    id: str
    root: Path
    kind: TaskKind
    model: Answer
    ideal: Answer | None = None
    metadata: TaskMetadata = field(default_factory=TaskMetadata)
    prompt: str | None = None
    turns: list[Turn] = field(default_factory=list)
    failures_md: str | None = None
    code_files: dict[str, Path] = field(default_factory=dict)
    test_files: dict[str, Path] = field(default_factory=dict)
    problems: list[TaskProblem] = field(default_factory=list)

    @cached_property
    def prompt_platform(self) -> PlatformGuess:
        """What the prompt asks for (platform and language words, explicit lines first)."""
        return detect_text_platform(self.prompt or "")

    def platform_comparison(self) -> PlatformComparison:
        """Answer vs metadata vs prompt, on platform and language."""
        return compare_platforms(self.model.platform, (self.metadata.platform, self.metadata.language), self.prompt_platform)

    def input_error(self) -> tuple[str, TaskProblem] | None:
        """Why the model's answer cannot be reviewed at all, as (kind, problem), or None.

        `no-answer`: there is no answer file, or it holds nothing but whitespace.
        `unreadable`: it could not be read as text (binary, bad bytes, too large, an I/O error).
        An answer that was read and holds only prose or a placeholder is a bad answer, not an input error.
        """
        answer = self.model
        for problem in answer.problems:
            if problem.kind in UNREADABLE_KINDS:
                return "unreadable", problem
        missing = next((p for p in answer.problems if p.kind is ProblemKind.NOT_FOUND), None)
        if missing is not None or self.kind == "missing":
            return "no-answer", missing or TaskProblem(ProblemKind.NOT_FOUND, str(self.root), None, None,
                                                       "there is no answer")
        empty = (answer.text is not None and not answer.text.strip()) if answer.kind == "markdown" else (
            not answer.files and not answer.unnamed)
        if empty:
            display = next((p.file for p in answer.problems if p.kind is ProblemKind.EMPTY_ANSWER), None)
            return "no-answer", TaskProblem(ProblemKind.EMPTY_ANSWER, display or answer.source.name, None, None,
                                            "the answer is empty")
        return None

    def final_code(self) -> Answer | None:
        """The code files under lib/ as an answer, or None when the folder has none."""
        if not self.code_files:
            return None
        return answer_from_paths(self.root / "lib", self.code_files.items(), "lib/")


def load_task(path: Path | str, ideal: Path | str | None = None, *, looks_like_hcl: HclPredicate = default_looks_like_hcl) -> Task:
    """Load a task folder, answer directory, markdown answer or `.tf` file.

    `ideal` (a directory, markdown file or `.tf` file) replaces the task's own
    IDEAL_RESPONSE.md. `looks_like_hcl` decides whether untagged fences are HCL.
    """
    root = Path(path)
    if not root.exists():
        return _missing(root, f"{root} does not exist")
    if root.is_dir():
        task = _load_folder(root, looks_like_hcl) if _is_task_folder(root) else _load_answer_dir(root)
    elif root.suffix.lower() in _MARKDOWN_SUFFIXES:
        task = Task(root.stem, root.parent, "markdown", answer_from_markdown(root, root.name, looks_like_hcl))
    else:
        task = Task(root.stem, root.parent, "file", answer_from_file(root, root.name))
    if ideal is not None:
        task.ideal = _load_ideal(Path(ideal), looks_like_hcl)
    task.problems.extend(task.model.problems)
    if task.ideal is not None:
        task.problems.extend(task.ideal.problems)
    return task


def _missing(root: Path, message: str) -> Task:
    answer = Answer(source=root, kind="file", placeholder=PlaceholderVerdict(True, "there is no answer"))
    return Task(root.name or str(root), root, "missing", answer, problems=[TaskProblem(ProblemKind.NOT_FOUND, str(root), None, None, message)])


def _is_task_folder(root: Path) -> bool:
    if (root / "metadata.json").is_file():
        return True
    return any(_matches_task_doc(name) for name in _names_in(root / "lib")) or any(
        _matches_task_doc(name) for name in _names_in(root)
    )


def _names_in(directory: Path) -> list[str]:
    """Regular files directly in `directory` that stay inside it (no links out)."""
    try:
        real = directory.resolve(strict=True)
        if directory.is_symlink():
            return []
        return sorted(
            entry.name for entry in directory.iterdir()
            if entry.is_file() and (not entry.is_symlink() or _resolves_inside(entry, real))
        )
    except OSError:
        return []


def _resolves_inside(path: Path, real_directory: Path) -> bool:
    try:
        path.resolve(strict=True).relative_to(real_directory)
    except (OSError, ValueError):
        return False
    return True


def _matches_task_doc(name: str) -> bool:
    return any(pattern.match(name) for pattern in _TASK_DOCS)


def _load_folder(root: Path, looks_like_hcl: HclPredicate) -> Task:
    problems: list[TaskProblem] = []
    docs_dir = root / "lib" if any(_matches_task_doc(n) for n in _names_in(root / "lib")) else root
    prefix = "lib/" if docs_dir != root else ""
    metadata = _read_metadata(root, problems)
    turns = _read_turns(docs_dir, prefix, looks_like_hcl, problems)
    combined = combine_turns([turn.response for turn in turns if turn.response is not None])
    if combined is not None:
        model = combined
    else:
        expected = docs_dir / "MODEL_RESPONSE.md"
        model = Answer(source=expected, kind="markdown", placeholder=PlaceholderVerdict(True, "there is no model response"))
        model.problems.append(TaskProblem(ProblemKind.NOT_FOUND, prefix + "MODEL_RESPONSE.md", None, None,
                                          "the task has no model response"))
    ideal_path = _find(docs_dir, _IDEAL)
    ideal = answer_from_markdown(ideal_path, prefix + ideal_path.name, looks_like_hcl) if ideal_path else None
    failures_path = _find(docs_dir, _FAILURES)
    failures = _read_doc(failures_path, prefix, problems) if failures_path else None
    prompts = [turn.prompt for turn in turns if turn.prompt]
    task = Task(
        id=root.resolve().name,
        root=root,
        kind="task",
        model=model,
        ideal=ideal,
        metadata=metadata,
        prompt="\n\n".join(prompts) if prompts else None,
        turns=turns,
        failures_md=failures,
        problems=problems,
    )
    task.code_files = _code_files(root, problems) if docs_dir != root else {}
    task.test_files = _test_files(root, problems)
    return task


def _read_metadata(root: Path, problems: list[TaskProblem]) -> TaskMetadata:
    path = root / "metadata.json"
    if not path.is_file():
        problems.append(TaskProblem(ProblemKind.NOT_FOUND, "metadata.json", None, None, "the task has no metadata.json"))
        return TaskMetadata()
    read = read_text(path, "metadata.json")
    problems.extend(read.problems)
    metadata, metadata_problems = parse_metadata(read.text)
    problems.extend(metadata_problems)
    return metadata


def _read_turns(docs_dir: Path, prefix: str, looks_like_hcl: HclPredicate, problems: list[TaskProblem]) -> list[Turn]:
    turns: dict[int, Turn] = {}
    for name in _names_in(docs_dir):
        prompt = _PROMPT.match(name)
        response = _RESPONSE.match(name)
        if prompt:
            turn = turns.setdefault(_turn_index(prompt.group(1)), Turn(_turn_index(prompt.group(1))))
            turn.prompt_file = docs_dir / name
            turn.prompt = _read_doc(docs_dir / name, prefix, problems)
        elif response:
            turn = turns.setdefault(_turn_index(response.group(1)), Turn(_turn_index(response.group(1))))
            turn.response_file = docs_dir / name
            turn.response = answer_from_markdown(docs_dir / name, prefix + name, looks_like_hcl)
    return [turns[index] for index in sorted(turns)]


def _turn_index(digits: str) -> int:
    return int(digits) if digits else 1


def _find(directory: Path, pattern: re.Pattern[str]) -> Path | None:
    for name in _names_in(directory):
        if pattern.match(name):
            return directory / name
    return None


def _read_doc(path: Path, prefix: str, problems: list[TaskProblem]) -> str | None:
    read = read_text(path, prefix + path.name)
    problems.extend(read.problems)
    return read.text


def _code_files(root: Path, problems: list[TaskProblem]) -> dict[str, Path]:
    listing = list_files(root / "lib", "lib/")
    problems.extend(listing.problems)
    return {name: path for name, path in listing.files.items() if "/" in name or not _matches_task_doc(name)}


def _test_files(root: Path, problems: list[TaskProblem]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for directory in _TEST_DIRS:
        if (root / directory).is_dir() and not (root / directory).is_symlink():
            listing = list_files(root / directory, f"{directory}/")
            problems.extend(listing.problems)
            found.update({f"{directory}/{name}": path for name, path in listing.files.items()})
    return found


def _load_answer_dir(root: Path) -> Task:
    return Task(root.resolve().name, root, "directory", answer_from_directory(root, root.name))


def _load_ideal(path: Path, looks_like_hcl: HclPredicate) -> Answer:
    if not path.exists():
        answer = Answer(source=path, kind="file", placeholder=PlaceholderVerdict(True, "there is no ideal answer"))
        answer.problems.append(TaskProblem(ProblemKind.NOT_FOUND, str(path), None, None, f"ideal answer {path} does not exist"))
        return answer
    if path.is_dir():
        return answer_from_directory(path, path.name)
    if path.suffix.lower() in _MARKDOWN_SUFFIXES:
        return answer_from_markdown(path, path.name, looks_like_hcl)
    return answer_from_file(path, path.name)
