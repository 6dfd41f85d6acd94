"""An answer: the files a model (or the ideal solution) produced.

An answer comes from a markdown document (code in fences), a directory of
`.tf` files, or one file. Whatever its form, the review sees the same thing:
named files with their text, language and role (code, test or doc), and for
each line of a file the markdown line it came from, so a finding at
`main.tf:12` can also be shown at `MODEL_RESPONSE.md:148`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from iacreview.task.hcl_sniff import HclPredicate, declared_blocks, default_looks_like_hcl, has_non_comment_content
from iacreview.task.languages import HCL, TEXT, lang_from_name
from iacreview.task.blocks import CodeBlock, MarkdownExtraction, NameSource
from iacreview.task.markdown_code import extract_markdown
from iacreview.task.paths import safe_relative_name
from iacreview.task.placeholder import PlaceholderVerdict, judge_placeholder
from iacreview.task.problems import ProblemKind, TaskProblem
from iacreview.task.roles import Role, classify
from iacreview.task.textio import read_text
from iacreview.task.tree import list_files

if TYPE_CHECKING:
    from iacreview.task.platform import PlatformGuess

AnswerKind = Literal["markdown", "directory", "file"]

_TERRAFORM_SUFFIXES = (".tf", ".tf.json")


@dataclass(frozen=True)
class Segment:
    """A run of lines of an extracted file that came from one place in the origin."""

    file_line: int
    origin_line: int
    line_count: int
    origin_col: int = 1


@dataclass(frozen=True)
class ExtractedFile:
    """A file of an answer: its text and where each of its lines came from.

    `origin_line` is the 1-based line of the origin (the markdown file, or the
    file itself) that holds the file's first line. Files assembled from several
    fences have one `Segment` per fence; use `origin_of` to map any line.
    `name` is None only for unnamed docs and tests.
    """

    name: str | None
    text: str
    origin_file: Path
    origin_line: int
    lang: str
    role: Role = Role.CODE
    tag: str = ""
    segments: tuple[Segment, ...] = ()
    generated_name: bool = False  # the answer did not name it (see generated_names)

    def origin_of(self, line: int, col: int = 1) -> tuple[Path, int, int]:
        """Origin file, line and column of 1-based `line`/`col` of this file."""
        chosen = self.segments[0] if self.segments else Segment(1, self.origin_line, max(1, _count_lines(self.text)))
        for segment in self.segments:
            if segment.file_line <= line:
                chosen = segment
        return self.origin_file, chosen.origin_line + (line - chosen.file_line), col + chosen.origin_col - 1

    @property
    def is_hcl(self) -> bool:
        return self.lang == HCL


@dataclass
class Answer:
    """The files of one answer; see the module docstring.

    `files` holds every named file (generated names included), joined when an
    answer gives several blocks for one name. `docs` and `tests` also list
    unnamed blocks (bash snippets, inline test code). `problems` are the
    defects of this answer alone (unsafe names, unclosed fences, bad bytes).
    """

    source: Path
    kind: AnswerKind
    files: dict[str, ExtractedFile] = field(default_factory=dict)
    unnamed: list[ExtractedFile] = field(default_factory=list)
    problems: list[TaskProblem] = field(default_factory=list)
    text: str | None = None
    answer_text: str | None = None
    fence_count: int = 0
    placeholder: PlaceholderVerdict = field(default_factory=lambda: PlaceholderVerdict(False))

    def hcl_files(self) -> dict[str, ExtractedFile]:
        """Files written in HCL: `.tf`, `.tfvars`, `.hcl` and HCL under other names."""
        return {name: file for name, file in self.files.items() if file.is_hcl}

    def terraform_files(self) -> dict[str, ExtractedFile]:
        """The files Terraform reads as configuration: `*.tf` and `*.tf.json`."""
        return {name: file for name, file in self.files.items() if name.endswith(_TERRAFORM_SUFFIXES)}

    @property
    def code(self) -> list[ExtractedFile]:
        return self._with_role(Role.CODE)

    @property
    def docs(self) -> list[ExtractedFile]:
        return self._with_role(Role.DOC)

    @property
    def tests(self) -> list[ExtractedFile]:
        return self._with_role(Role.TEST)

    @property
    def is_placeholder(self) -> bool:
        return self.placeholder.is_placeholder

    @property
    def has_code(self) -> bool:
        return bool(self.code)

    @cached_property
    def platform(self) -> PlatformGuess:
        """The platform and language of this answer, from its code (see `platform`)."""
        from iacreview.task.platform import detect_answer_platform

        return detect_answer_platform(self)

    def _with_role(self, role: Role) -> list[ExtractedFile]:
        named = [file for file in self.files.values() if file.role is role]
        return named + [file for file in self.unnamed if file.role is role]


def answer_from_markdown(
    path: Path, display: str, looks_like_hcl: HclPredicate = default_looks_like_hcl, text: str | None = None
) -> Answer:
    """Read a markdown answer and extract its files; never raises on bad content."""
    answer = Answer(source=path, kind="markdown")
    if text is None:
        read = read_text(path, display)
        answer.problems.extend(read.problems)
        if read.text is None:
            return answer
        text = read.text
    extraction = extract_markdown(text, display, looks_like_hcl)
    answer.text = text
    answer.answer_text = extraction.answer_text
    answer.fence_count = extraction.fence_count
    answer.problems.extend(extraction.problems)
    _assemble(answer, extraction, path, display)
    _judge(answer, display)
    return answer


def answer_from_directory(path: Path, display: str) -> Answer:
    """An answer given as a folder of files (`.tf` files, modules, tests, docs)."""
    answer = Answer(source=path, kind="directory")
    listing = list_files(path, display.rstrip("/") + "/" if display else "")
    answer.problems.extend(listing.problems)
    for name, file_path in listing.files.items():
        _add_disk_file(answer, name, file_path, f"{display.rstrip('/')}/{name}" if display else name)
    _judge(answer, display)
    return answer


def answer_from_file(path: Path, display: str) -> Answer:
    """An answer given as one code file (`main.tf`)."""
    answer = Answer(source=path, kind="file")
    _add_disk_file(answer, path.name, path, display)
    _judge(answer, display)
    return answer


def answer_from_paths(source: Path, files: Iterable[tuple[str, Path]], display_prefix: str) -> Answer:
    """An answer made of the given files (e.g. the final code under a task's lib/)."""
    answer = Answer(source=source, kind="directory")
    for name, file_path in files:
        _add_disk_file(answer, name, file_path, display_prefix + name)
    _judge(answer, display_prefix.rstrip("/") or str(source))
    return answer


def _add_disk_file(answer: Answer, name: str, path: Path, display: str) -> None:
    """Add a file read from disk; binaries that are not meant to be text (a zip) are left out quietly."""
    safe = safe_relative_name(name, strip_lib=False)
    if safe.name is None:
        answer.problems.append(TaskProblem(ProblemKind.UNSAFE_NAME, display, None, None, f"unusable file name: {'; '.join(safe.changes)}"))
        return
    known_lang = lang_from_name(name)
    read = read_text(path, display)
    if read.text is None and known_lang is None and all(p.kind is ProblemKind.BINARY for p in read.problems):
        return
    answer.problems.extend(read.problems)
    if read.text is None:
        return
    lang = known_lang or TEXT
    answer.files[safe.name] = ExtractedFile(
        safe.name, read.text, path, 1, lang, classify(safe.name, lang, read.text),
        segments=(Segment(1, 1, _count_lines(read.text)),),
    )


def _assemble(answer: Answer, extraction: MarkdownExtraction, origin: Path, display: str) -> None:
    """Join the blocks of each name in document order; keep unnamed blocks apart."""
    grouped: dict[str, list[CodeBlock]] = {}
    for block in extraction.blocks:
        if block.name is None:
            answer.unnamed.append(
                ExtractedFile(None, block.text, origin, block.origin_line, block.lang, block.role, block.tag,
                              (Segment(1, block.origin_line, _count_lines(block.text), block.origin_col),))
            )
        else:
            grouped.setdefault(block.name, []).append(block)
    for name in _quotations(grouped):
        for block in grouped.pop(name):
            answer.unnamed.append(ExtractedFile(None, block.text, origin, block.origin_line, TEXT, Role.DOC, block.tag,
                                                (Segment(1, block.origin_line, _count_lines(block.text), block.origin_col),)))
    for name, blocks in grouped.items():
        kept = _latest_version(blocks) if blocks[0].lang == HCL else blocks
        if len(kept) < len(blocks):
            answer.problems.append(TaskProblem(
                ProblemKind.REPEATED_FILE, display, kept[0].origin_line, None,
                f"{name} is given more than once; the version starting here replaces the earlier one(s)",
            ))
        answer.files[name] = _join(name, kept, origin)


def _quotations(grouped: dict[str, list[CodeBlock]]) -> list[str]:
    """Unnamed HCL blocks that declare again what a named root file of the answer declares.

    A configuration cannot declare `resource "aws_vpc" "main"` twice; an unnamed
    fence that does, beside the named main.tf, quotes it to point something out
    ("all resources lack a provider:") and is not a file of the answer.
    """
    named = set()
    for name, blocks in grouped.items():
        if "/" not in name:
            named.update(h for b in blocks if b.lang == HCL and b.name_source is not NameSource.GENERATED
                         for h in declared_blocks(b.text))
    return [name for name, blocks in grouped.items()
            if all(b.lang == HCL and b.name_source is NameSource.GENERATED for b in blocks)
            and any(declared_blocks(b.text) & named for b in blocks)]


def _latest_version(blocks: list[CodeBlock]) -> list[CodeBlock]:
    """The blocks of an HCL file from its last full restatement on.

    Parts of a file are joined, but a block that declares again at least half
    of what the earlier parts declared (`resource "aws_vpc" "main"`, `variable
    "region"`, `provider "aws"` …) restates the file: a draft followed by "the
    final version", as answers that revise themselves do. A snippet repeating
    one declaration is joined like any other part.
    """
    kept: list[CodeBlock] = []
    declared: set[str] = set()
    for block in blocks:
        headers = declared_blocks(block.text)
        if declared and len(headers & declared) * 2 >= len(declared):
            kept, declared = [], set()
        kept.append(block)
        declared |= headers
    return kept


def _join(name: str, blocks: list[CodeBlock], origin: Path) -> ExtractedFile:
    parts: list[str] = []
    segments: list[Segment] = []
    file_line = 1
    for block in blocks:
        text = block.text if block.text.endswith("\n") or not block.text else block.text + "\n"
        count = _count_lines(text)
        segments.append(Segment(file_line, block.origin_line, count, block.origin_col))
        parts.append(text)
        file_line += count
    first = blocks[0]
    role = Role.TEST if any(block.role is Role.TEST for block in blocks) else first.role
    generated = all(block.name_source is NameSource.GENERATED for block in blocks)
    return ExtractedFile(name, "".join(parts), origin, first.origin_line, first.lang, role, first.tag, tuple(segments),
                         generated)


def _judge(answer: Answer, display: str) -> None:
    """Set the placeholder verdict and report empty, placeholder and code-less answers."""
    has_code = any(
        file.role is not Role.DOC and has_non_comment_content(file.text)
        for file in [*answer.files.values(), *answer.unnamed]
    )
    if answer.kind == "markdown":
        if answer.text is None:
            return
        answer.placeholder = judge_placeholder(answer.answer_text or "", has_code)
    elif not answer.files:
        answer.placeholder = PlaceholderVerdict(True, "the answer has no readable files")
    else:
        combined = "\n".join(file.text for file in answer.files.values())
        answer.placeholder = judge_placeholder(combined, has_code)
    if answer.placeholder.is_placeholder:
        kind = ProblemKind.EMPTY_ANSWER if "empty" in answer.placeholder.reason or "no readable" in answer.placeholder.reason else ProblemKind.PLACEHOLDER
        answer.problems.append(TaskProblem(kind, display, None, None, answer.placeholder.reason))
    elif not has_code:
        what = "no code fences and no code" if answer.fence_count == 0 else "no code blocks, only docs"
        answer.problems.append(TaskProblem(ProblemKind.NO_CODE, display, None, None, f"the answer has {what}"))


def _count_lines(text: str) -> int:
    """Lines of `text` as editors number them: a final newline does not start a new line."""
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)
