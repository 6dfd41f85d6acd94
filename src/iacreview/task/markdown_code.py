"""Extracting the code and documents of a markdown answer.

The markdown is parsed with markdown-it (CommonMark plus tables); fences are
never found with regexes. Every fence becomes a `CodeBlock` that knows its
language, the 1-based markdown line of its first content line, and its file
name when the answer gives one.

Naming, first match wins (a candidate whose extension contradicts the fence's
language, such as `main.tf` for a bash fence, is skipped):

1. an info-string attribute: ```` ```hcl title="main.tf" ```` or ```` ```hcl:main.tf ````;
2. a first-line comment naming a file: `# main.tf - VPC`, `// variables.tf`;
3. a short lead-in paragraph right before the fence: `**main.tf**`,
   ``Create a `terraform.tfvars` file:``, `**File**: `main.tf``;
4. continuation: an unnamed HCL fence continues the last HCL file that was
   named by a comment or info string, until a heading or lead-in names
   another file (answers that name files in code and split them under topic
   headings such as "Route Tables");
5. the nearest enclosing heading that names one file (`## File: lib/main.tf`,
   `### 1. main.tf`, `` ## `main.tf` ``); a heading names files for its whole
   section, subheadings included, until a heading of the same or higher level.

An untagged fence is HCL when its name says so or when `looks_like_hcl`
accepts it (an untagged fence under a `.tf` heading must also look like HCL).
An HCL fence holding several files, each starting after a blank line with a
column-0 comment such as `# variables.tf`, is split into those files.

Unnamed code gets a generated name, in document order: the first unnamed HCL
block is `main.tf` (the first assignments-only one `terraform.tfvars`) when
that name is free; every other unnamed code block `k` (1-based among unnamed
code blocks) is `block-k.<ext>` (`block-2.tf`, `block-3.ts`). Unnamed docs and
tests stay unnamed.

A heading naming a markdown or text document (`## runbook.md`) that is not
followed by a markdown fence captures its section's prose as that document.

Answers that begin with `### Reasoning Trace` … `### Answer` are read from the
Answer heading on. Documents without any fence are read line by line: as
`FILE: name` sections, or, when the whole text is Terraform, as one `main.tf`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from markdown_it import MarkdownIt
from markdown_it.token import Token

from iacreview.task import naming
from iacreview.task.hcl_sniff import looks_like_tfvars, prose_line_ratio
from iacreview.task.languages import HCL, MARKDOWN, TEXT, default_extension, lang_from_name, lang_from_tag
from iacreview.task.paths import safe_relative_name
from iacreview.task.problems import ProblemKind, TaskProblem
from iacreview.task.roles import PROGRAMMING_LANGS, Role, classify

_ANSWER_HEADING = re.compile(r"^(final\s+)?answer\s*:?$", re.IGNORECASE)
_DOC_LANGS = frozenset({MARKDOWN, TEXT})
_NEUTRAL_FENCE_LANGS = frozenset({TEXT})
_HCL_FENCE_PREFIX = re.compile(r"^(hcl|terraform|tf)(?=(resource|data|module|variable|output|provider|terraform|locals)\b)", re.I)
_FILE_MARKER = re.compile(
    rf"^\s{{0,3}}(?:#{{1,6}}\s*)?(?:\*\*)?\s*(?:file|filename)\s*:\s*(?:\*\*)?\s*`?(?P<name>{naming.FILE_TOKEN.pattern})",
    re.IGNORECASE,
)
_CAPS_TITLE = re.compile(r"^[A-Z][A-Z0-9&/()-]*(?: [A-Z0-9&/()-]+)+:?$")
_MAX_WHOLE_DOC_PROSE = 0.05


class NameSource(StrEnum):
    """Where a block's file name came from (useful when a name looks wrong)."""

    INFO = "info"
    COMMENT = "comment"
    LEAD_IN = "lead-in"
    CONTINUATION = "continuation"
    HEADING = "heading"
    SPLIT = "split"
    MARKER = "marker"
    GENERATED = "generated"


@dataclass(frozen=True)
class CodeBlock:
    """One fence, named section or unfenced piece of a markdown answer."""

    text: str
    lang: str
    tag: str
    origin_line: int
    origin_col: int
    name: str | None
    raw_name: str | None
    name_source: NameSource | None
    role: Role


@dataclass
class MarkdownExtraction:
    """Everything taken from one markdown answer."""

    blocks: list[CodeBlock] = field(default_factory=list)
    problems: list[TaskProblem] = field(default_factory=list)
    answer_start_line: int = 1
    fence_count: int = 0
    answer_text: str = ""


HclPredicate = Callable[[str], bool]


@dataclass
class _Heading:
    level: int
    name: str | None
    line: int


@dataclass
class _Candidate:
    raw: str
    source: NameSource
    line: int


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def extract_markdown(text: str, origin: str, looks_like_hcl: HclPredicate) -> MarkdownExtraction:
    """Extract the code and documents of markdown `text` (named `origin` in problems)."""
    return _Extractor(text, origin, looks_like_hcl).run()


class _Extractor:
    """One pass over the tokens of one document; see the module docstring for the rules."""

    def __init__(self, text: str, origin: str, looks_like_hcl: HclPredicate) -> None:
        self.text = text
        self.origin = origin
        self.looks_like_hcl = looks_like_hcl
        self.lines = split_lines(text)
        self.tokens = _markdown().parse(text)
        self.result = MarkdownExtraction()
        self.headings: list[_Heading] = []
        self.last_block: tuple[str, str, list[str]] | None = None
        self.continuation: str | None = None
        self.consumed_until = -1

    # -- driver ---------------------------------------------------------------

    def run(self) -> MarkdownExtraction:
        start_index, start_line = self._answer_start()
        self.result.answer_start_line = start_line + 1
        self.result.answer_text = "\n".join(self.lines[start_line:])
        tokens = self.tokens
        table_depth = 0
        index = start_index
        while index < len(tokens):
            token = tokens[index]
            if token.type == "table_open":
                table_depth += 1
                self.last_block = ("table", "", [])
            elif token.type == "table_close":
                table_depth -= 1
            elif table_depth:
                pass
            elif token.type == "heading_open":
                self._on_heading(token, tokens[index + 1], index)
                index += 2
                continue
            elif token.type == "inline":
                self.last_block = ("paragraph", _plain_text(token), _emphasised(token))
            elif token.type == "fence":
                self.result.fence_count += 1
                if token.map is None or token.map[0] >= self.consumed_until:
                    self._on_fence(token)
                self.last_block = ("fence", "", [])
            elif token.type in ("code_block", "html_block", "hr"):
                self.last_block = (token.type, "", [])
            index += 1
        if self.result.fence_count == 0:
            self._extract_unfenced(start_line)
        self._assign_generated_names()
        return self.result

    def _answer_start(self) -> tuple[int, int]:
        """Token index and 0-based line where the answer begins (after an `Answer` heading)."""
        for index, token in enumerate(self.tokens):
            if token.type == "heading_open" and token.map is not None:
                if _ANSWER_HEADING.match(_plain_text(self.tokens[index + 1]).strip()):
                    return index + 3, token.map[1]
        return 0, 0

    # -- headings and named document sections -----------------------------------

    def _on_heading(self, token: Token, inline: Token, index: int) -> None:
        level = int(token.tag[1:])
        line = (token.map[0] + 1) if token.map else 0
        raw = naming.name_from_heading(_plain_text(inline))
        while self.headings and self.headings[-1].level >= level:
            self.headings.pop()
        self.headings.append(_Heading(level, raw, line))
        self.last_block = ("heading", _plain_text(inline), _emphasised(inline))
        if raw is not None:
            self.continuation = None
            if lang_from_name(raw) in _DOC_LANGS and token.map is not None:
                self._maybe_capture_section(raw, level, token.map[1], index + 3, line)

    def _maybe_capture_section(self, raw: str, level: int, body_start: int, next_index: int, line: int) -> None:
        """Capture `## runbook.md` + prose as a document (a markdown fence is handled as a fence)."""
        body_end = len(self.lines)
        for token in self.tokens[next_index:]:
            if token.type == "heading_open" and int(token.tag[1:]) <= level and token.map is not None:
                body_end = token.map[0]
                break
            if token.type == "fence" and _fence_blocks_capture(token):
                return
        first, last = body_start, body_end
        while first < last and not self.lines[first].strip():
            first += 1
        while last > first and not self.lines[last - 1].strip():
            last -= 1
        if first >= last:
            return
        name = self._safe_name(raw, line)
        body = "\n".join(self.lines[first:last]) + "\n"
        lang = lang_from_name(raw) or MARKDOWN
        self.result.blocks.append(
            CodeBlock(body, lang, "", first + 1, 1, name, raw, NameSource.HEADING if name else None, Role.DOC)
        )
        self.consumed_until = body_end

    # -- fences -----------------------------------------------------------------

    def _on_fence(self, token: Token) -> None:
        assert token.map is not None
        open_line = token.map[0]
        info = token.info.strip()
        content = token.content
        origin_line = open_line + 2
        col = _fence_indent(self.lines[open_line]) + 1
        tag = info.split(None, 1)[0] if info else ""
        recovered = _HCL_FENCE_PREFIX.match(tag)
        if recovered:
            code_on_fence_line = info[len(recovered.group(1)):]
            content = code_on_fence_line + "\n" + content
            origin_line = open_line + 1
            tag = recovered.group(1)
            self._problem(
                ProblemKind.MALFORMED_FENCE, open_line + 1, col,
                f"code starts on the fence line (```{info[:40]}); read it as a {tag} fence",
            )
        if not _fence_is_closed(self.lines, token):
            self._problem(
                ProblemKind.UNCLOSED_FENCE, open_line + 1, col,
                "code fence is never closed: the answer may be cut off",
            )
        fence_lang = lang_from_tag(tag.split(":", 1)[0])
        candidate = self._choose_name(info, content, fence_lang, open_line + 1)
        if candidate is not None and candidate.source is NameSource.LEAD_IN:
            self.continuation = None
        name_lang = lang_from_name(candidate.raw) if candidate else None
        lang = self._block_lang(fence_lang, name_lang, content)
        if lang == HCL:
            self._add_hcl_pieces(content, tag, origin_line, col, candidate)
        else:
            self._add_block(content, lang, tag, origin_line, col, candidate)
        if candidate is not None and candidate.source in (NameSource.INFO, NameSource.COMMENT) and lang == HCL:
            self.continuation = candidate.raw

    def _block_lang(self, fence_lang: str | None, name_lang: str | None, content: str) -> str:
        if fence_lang is not None and fence_lang not in _NEUTRAL_FENCE_LANGS:
            return fence_lang
        if name_lang is not None:
            return name_lang
        if fence_lang is None and self.looks_like_hcl(content):
            return HCL
        return fence_lang or TEXT

    def _choose_name(self, info: str, content: str, fence_lang: str | None, fence_line: int) -> _Candidate | None:
        for candidate in self._name_candidates(info, content, fence_line):
            name_lang = lang_from_name(candidate.raw)
            if not _compatible(fence_lang, name_lang):
                continue
            if fence_lang is None and name_lang == HCL and candidate.source is not NameSource.COMMENT:
                if not self.looks_like_hcl(content):
                    continue
            return candidate
        return None

    def _name_candidates(self, info: str, content: str, fence_line: int) -> list[_Candidate]:
        candidates: list[_Candidate] = []
        from_info = naming.name_from_info(info)
        if from_info:
            candidates.append(_Candidate(from_info, NameSource.INFO, fence_line))
        from_comment = naming.name_from_comment(naming.first_code_line(content))
        if from_comment:
            candidates.append(_Candidate(from_comment, NameSource.COMMENT, fence_line + 1))
        if self.last_block is not None and self.last_block[0] == "paragraph":
            from_lead_in = naming.name_from_lead_in(self.last_block[1], self.last_block[2])
            if from_lead_in:
                candidates.append(_Candidate(from_lead_in, NameSource.LEAD_IN, fence_line - 1))
        if self.continuation:
            candidates.append(_Candidate(self.continuation, NameSource.CONTINUATION, fence_line))
        for heading in reversed(self.headings):
            if heading.name:
                candidates.append(_Candidate(heading.name, NameSource.HEADING, heading.line))
                break
        return candidates

    def _add_hcl_pieces(self, content: str, tag: str, origin_line: int, col: int, candidate: _Candidate | None) -> None:
        """Add an HCL fence, split where a column-0 comment starts another file."""
        lines = split_lines_keepends(content)
        starts = [0]
        names: list[_Candidate | None] = [candidate]
        for number, line in enumerate(lines):
            if number == 0 or lines[number - 1].strip():
                continue
            raw = naming.name_from_comment(line) if line[:1] in ("#", "/") else None
            if raw and lang_from_name(raw) == HCL:
                starts.append(number)
                names.append(_Candidate(raw, NameSource.SPLIT, origin_line + number))
        starts.append(len(lines))
        for piece, piece_name in enumerate(names):
            begin, end = starts[piece], starts[piece + 1]
            text = "".join(lines[begin:end])
            if piece + 1 < len(names):
                text = text.rstrip("\n") + "\n"
            if not text.strip():
                continue
            self._add_block(text, HCL, tag, origin_line + begin, col, piece_name)
        if len(names) > 1 and names[-1] is not None:
            self.continuation = names[-1].raw

    def _add_block(self, text: str, lang: str, tag: str, origin_line: int, col: int, candidate: _Candidate | None) -> None:
        name = self._safe_name(candidate.raw, candidate.line) if candidate else None
        source = candidate.source if candidate and name else None
        self.result.blocks.append(
            CodeBlock(text, lang, tag, origin_line, col, name, candidate.raw if candidate else None, source, classify(name, lang, text))
        )

    # -- documents without fences -----------------------------------------------

    def _extract_unfenced(self, start_line: int) -> None:
        lines = self.lines[start_line:]
        markers = [(i, m.group("name")) for i, line in enumerate(lines) if (m := _FILE_MARKER.match(line))]
        if markers:
            for position, (line_index, raw) in enumerate(markers):
                end = markers[position + 1][0] if position + 1 < len(markers) else len(lines)
                for probe in range(line_index + 1, end):
                    if _CAPS_TITLE.match(lines[probe].strip()):
                        end = probe
                        break
                self._add_unfenced_section(lines, line_index + 1, end, start_line, raw)
            return
        body = "\n".join(lines)
        if body.strip() and prose_line_ratio(body) <= _MAX_WHOLE_DOC_PROSE and self.looks_like_hcl(body):
            first = next(i for i, line in enumerate(lines) if line.strip())
            text = "\n".join(lines[first:]).rstrip("\n") + "\n"
            self.result.blocks.append(
                CodeBlock(text, HCL, "", start_line + first + 1, 1, None, None, None, Role.CODE)
            )

    def _add_unfenced_section(self, lines: list[str], begin: int, end: int, offset: int, raw: str) -> None:
        while begin < end and not lines[begin].strip():
            begin += 1
        while end > begin and not lines[end - 1].strip():
            end -= 1
        if begin >= end:
            return
        text = "\n".join(lines[begin:end]) + "\n"
        lang = lang_from_name(raw) or (HCL if self.looks_like_hcl(text) else TEXT)
        self._add_block(text, lang, "", offset + begin + 1, 1, _Candidate(raw, NameSource.MARKER, offset + begin))

    # -- names ------------------------------------------------------------------

    def _safe_name(self, raw: str, line: int) -> str | None:
        safe = safe_relative_name(raw)
        if safe.changed:
            outcome = f"used '{safe.name}'" if safe.name else "ignored it"
            self._problem(
                ProblemKind.UNSAFE_NAME, line, None,
                f"unsafe file name {raw!r}: {'; '.join(safe.changes)}; {outcome}",
            )
        return safe.name

    def _assign_generated_names(self) -> None:
        taken = {block.name for block in self.result.blocks if block.name}
        blocks = self.result.blocks
        ordinal = 0
        for position, block in enumerate(blocks):
            if block.name is not None or block.role is not Role.CODE:
                continue
            ordinal += 1
            name = self._generated_name(block, ordinal, taken)
            taken.add(name)
            blocks[position] = _renamed(block, name)

    @staticmethod
    def _generated_name(block: CodeBlock, ordinal: int, taken: set[str]) -> str:
        if block.lang == HCL:
            tfvars = looks_like_tfvars(block.text)
            preferred = "terraform.tfvars" if tfvars else "main.tf"
            if preferred not in taken:
                return preferred
            extension = ".tfvars" if tfvars else ".tf"
        else:
            extension = default_extension(block.lang)
        name = f"block-{ordinal}{extension}"
        suffix = 2
        while name in taken:
            name = f"block-{ordinal}-{suffix}{extension}"
            suffix += 1
        return name

    def _problem(self, kind: ProblemKind, line: int | None, col: int | None, message: str) -> None:
        self.result.problems.append(TaskProblem(kind, self.origin, line, col, message))


def split_lines(text: str) -> list[str]:
    """Lines as markdown-it counts them: only CR, LF and CRLF end a line."""
    return re.split(r"\r\n|\r|\n", text)


def split_lines_keepends(text: str) -> list[str]:
    """`split_lines`, keeping each line's ending (`str.splitlines` also splits on form feeds)."""
    return [piece for piece in re.split(r"(?<=\n)", text) if piece]


def _renamed(block: CodeBlock, name: str) -> CodeBlock:
    return CodeBlock(
        block.text, block.lang, block.tag, block.origin_line, block.origin_col,
        name, None, NameSource.GENERATED, block.role,
    )


def _fence_blocks_capture(token: Token) -> bool:
    """A document section is not captured as prose when it holds the document as a
    markdown fence, or when it holds code (then the heading is a title, not a file)."""
    tag = token.info.split(None, 1)[0] if token.info.strip() else ""
    lang = lang_from_tag(tag)
    return lang in (None, MARKDOWN, TEXT, HCL) or lang in PROGRAMMING_LANGS


def _compatible(fence_lang: str | None, name_lang: str | None) -> bool:
    if fence_lang is None or name_lang is None or fence_lang in _NEUTRAL_FENCE_LANGS:
        return True
    return fence_lang == name_lang


def _plain_text(inline: Token) -> str:
    """Text of an inline token without markup: code spans and emphasis lose their markers."""
    if not inline.children:
        return inline.content
    parts: list[str] = []
    for child in inline.children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _emphasised(inline: Token) -> list[str]:
    """Code spans and bold/italic runs of an inline token: where lead-ins put file names."""
    found: list[str] = []
    depth = 0
    current: list[str] = []
    for child in inline.children or []:
        if child.type == "code_inline":
            found.append(child.content)
        elif child.type in ("strong_open", "em_open"):
            depth += 1
        elif child.type in ("strong_close", "em_close"):
            depth -= 1
            if depth == 0:
                found.append("".join(current))
                current = []
        elif depth and child.type == "text":
            current.append(child.content)
    return found


def _fence_indent(line: str) -> int:
    """Column (0-based) where a fence's markup starts: list indentation and `> ` included."""
    for index, char in enumerate(line):
        if char in "`~":
            return index
    return 0


def _fence_is_closed(lines: list[str], token: Token) -> bool:
    assert token.map is not None
    last = token.map[1] - 1
    if last <= token.map[0] or last >= len(lines):
        return False
    closing = lines[last].lstrip(" \t>")
    char = token.markup[:1]
    return closing.startswith(token.markup) and not closing.strip().strip(char)
