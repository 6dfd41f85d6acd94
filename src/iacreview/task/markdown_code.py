"""Extracting the code and documents of a markdown answer.

The markdown is parsed with markdown-it (CommonMark plus tables); fences are
never found with regexes. Every fence becomes a `CodeBlock` that knows its
language, the 1-based markdown line and column of its first content line, and
its file name when the answer gives one.

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

Names 4 and 5 (unless the heading is right above the fence) are weak: they
apply only to code that looks like HCL, so pseudo-code under a file's heading
stays apart. An untagged fence is HCL when its name says so or when
`looks_like_hcl` accepts it. An HCL fence holding several files, each starting
after a blank line with a column-0 comment such as `# variables.tf`, is split
into those files. Unnamed code is named by `generated_names`; blocks of one
name are joined (or a restatement replaces a draft) in `answer`.

A heading naming a markdown or text document (`## runbook.md`) that is not
followed by a markdown fence captures its section's prose as that document.

Fences that CommonMark closes where the author did not mean to (`}```,
an opening fence in place of a closing one, a README whose own fences close
it early) are repaired as `fence_repair` describes: the fence is read as
closed where the author meant, the slip is reported, and the rest of the
document is parsed anew from there.

Answers that begin with `### Reasoning Trace` … `### Answer` are read from the
Answer heading on, even when a fence the trace never closed runs over that
heading. An unnamed fence tagged HCL that elides (`...`, `{ ... }`) or is not
HCL at all (commands, a list of outputs) illustrates: it is kept as a text
document, not as a file of the configuration. Documents without any fence go
to `unfenced`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from iacreview.task import naming
from iacreview.task.blocks import CodeBlock, MarkdownExtraction, NameSource, split_lines, split_lines_keepends
from iacreview.task.fence_repair import BreakKind, find_fence_break, nested_fence_end, opens_nested_fence
from iacreview.task.generated_names import assign_generated_names
from iacreview.task.hcl_sniff import HclPredicate
from iacreview.task.inline_text import emphasised, plain_text
from iacreview.task.languages import HCL, MARKDOWN, TEXT, lang_from_name, lang_from_tag
from iacreview.task.paths import safe_relative_name
from iacreview.task.problems import ProblemKind, TaskProblem
from iacreview.task.roles import PROGRAMMING_LANGS, Role, classify
from iacreview.task.unfenced import extract_unfenced

__all__ = ["CodeBlock", "MarkdownExtraction", "NameSource", "extract_markdown"]

_ANSWER_HEADING = re.compile(r"^(final\s+)?answer\s*:?$", re.IGNORECASE)
_DOC_LANGS = frozenset({MARKDOWN, TEXT})
_TASK_DOCUMENT = re.compile(r"^(prompt\d*|model_response\d*|ideal_response|model_failures)\.md$", re.IGNORECASE)
_HCL_FENCE_PREFIX = re.compile(r"^(hcl|terraform|tf)(?=(resource|data|module|variable|output|provider|terraform|locals)\b)", re.I)


@dataclass
class _Heading:
    level: int
    name: str | None
    line: int


@dataclass(frozen=True)
class _Candidate:
    raw: str
    source: NameSource
    line: int
    weak: bool = False
    """Weak names (continuation, an enclosing but not adjacent heading) need code that looks like HCL."""


@dataclass(frozen=True)
class _Span:
    """The stretch of the document a token list covers: the whole answer, or
    the rest of it, parsed anew after a repaired fence."""

    offset: int
    end: int


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def extract_markdown(text: str, origin: str, looks_like_hcl: HclPredicate) -> MarkdownExtraction:
    """Extract the code and documents of markdown `text` (named `origin` in problems)."""
    return _Extractor(text, origin, looks_like_hcl).run()


class _Extractor:
    """One walk over the tokens of one document; see the module docstring for the rules."""

    def __init__(self, text: str, origin: str, looks_like_hcl: HclPredicate) -> None:
        self.text = text
        self.origin = origin
        self.looks_like_hcl = looks_like_hcl
        self.lines = split_lines(text)
        self.blocks: list[CodeBlock] = []
        self.problems: list[TaskProblem] = []
        self.headings: list[_Heading] = []
        self.last_block: tuple[str, str, list[str]] | None = None
        self.continuation: str | None = None
        self.consumed_until = -1
        self.fence_count = 0

    def run(self) -> MarkdownExtraction:
        tokens = _markdown().parse(self.text)
        start_index, start_line = _answer_start(tokens)
        span = _Span(0, len(self.lines))
        if start_index == 0 and (hidden := _answer_line_inside_fence(self.lines)) is not None:
            # The trace left a fence open, which swallowed the Answer heading: the answer still starts there.
            self._problem(ProblemKind.UNCLOSED_FENCE, hidden + 1, 1, "a code fence of the reasoning trace is never "
                          "closed; the answer is read from the Answer heading on")
            start_line = hidden + 1
            span = _Span(start_line, len(self.lines))
            tokens, start_index = _markdown().parse("\n".join(self.lines[start_line:])), 0
        resume = self._walk(tokens[start_index:], span)
        while resume is not None:
            span = _Span(resume, span.end)
            resume = self._walk(_markdown().parse("\n".join(self.lines[resume:span.end])), span)
        if self.fence_count == 0:
            self.blocks.extend(extract_unfenced(self.lines[start_line:], start_line, self.looks_like_hcl, self._safe_name))
        return MarkdownExtraction(
            blocks=assign_generated_names(self.blocks),
            problems=self.problems,
            answer_start_line=start_line + 1,
            fence_count=self.fence_count,
            answer_text="\n".join(self.lines[start_line:]),
        )

    def _walk(self, tokens: list[Token], span: _Span) -> int | None:
        """Walk tokens; stop at a repaired fence and return the line to parse anew from."""
        table_depth = 0
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "table_open":
                table_depth += 1
                self.last_block = ("table", "", [])
            elif token.type == "table_close":
                table_depth -= 1
            elif table_depth:
                pass
            elif token.type == "heading_open" and index + 1 < len(tokens):
                self._on_heading(tokens, index, span)
                index += 2
                continue
            elif token.type == "inline":
                self.last_block = ("paragraph", plain_text(token), emphasised(token))
            elif token.type == "fence" and token.map is not None:
                self.fence_count += 1
                resume = None
                if span.offset + token.map[0] >= self.consumed_until:
                    resume = self._on_fence(token, span)
                self.last_block = ("fence", "", [])
                if resume is not None:
                    return resume
            elif token.type in ("code_block", "html_block", "hr"):
                self.last_block = (token.type, "", [])
            index += 1
        return None

    # -- headings and named document sections -----------------------------------

    def _on_heading(self, tokens: list[Token], index: int, span: _Span) -> None:
        token, inline = tokens[index], tokens[index + 1]
        level = int(token.tag[1:])
        line = span.offset + (token.map[0] if token.map else 0) + 1
        raw = naming.name_from_heading(plain_text(inline))
        while self.headings and self.headings[-1].level >= level:
            self.headings.pop()
        self.headings.append(_Heading(level, raw, line))
        self.last_block = ("heading", plain_text(inline), emphasised(inline))
        if raw is not None:
            self.continuation = None
            if lang_from_name(raw) in _DOC_LANGS and token.map is not None:
                self._maybe_capture_section(raw, level, tokens, index + 3, span.offset + token.map[1], span)

    def _maybe_capture_section(
        self, raw: str, level: int, tokens: list[Token], next_index: int, body_start: int, span: _Span
    ) -> None:
        """Capture `## runbook.md` + prose as a document, unless a fence holds it or it holds code.

        The section ends at the next heading of the same or a higher level. When
        the document opens with its own title heading (`## runbook.md` then
        `# Runbook`), levels say nothing, and it ends at the next heading that
        names a file, a thematic break (`---`), or the end.
        """
        if _TASK_DOCUMENT.match(raw.rsplit("/", 1)[-1]):
            return
        following = tokens[next_index:]
        titled = bool(following) and following[0].type == "heading_open"
        body_end = span.end
        for index, token in enumerate(following):
            if token.type == "fence" and _fence_blocks_capture(token):
                return
            if token.map is None or index == 0 and titled:
                continue
            if titled:
                ends = token.type == "hr" or (
                    token.type == "heading_open" and naming.name_from_heading(plain_text(following[index + 1])) is not None
                )
            else:
                ends = token.type == "heading_open" and int(token.tag[1:]) <= level
            if ends:
                body_end = span.offset + token.map[0]
                break
        first, last = body_start, body_end
        while first < last and not self.lines[first].strip():
            first += 1
        while last > first and not self.lines[last - 1].strip():
            last -= 1
        if first >= last:
            return
        name = self._safe_name(raw, first)
        body = "\n".join(self.lines[first:last]) + "\n"
        lang = lang_from_name(raw) or MARKDOWN
        source = NameSource.HEADING if name else None
        self.blocks.append(CodeBlock(body, lang, "", first + 1, 1, name, raw, source, Role.DOC))
        self.consumed_until = body_end

    # -- fences -----------------------------------------------------------------

    def _on_fence(self, token: Token, span: _Span) -> int | None:
        """Extract one fence; returns a line to parse anew from when the fence was repaired."""
        assert token.map is not None
        open_line = span.offset + token.map[0]
        info = token.info.strip()
        content = token.content
        first_line = open_line + 1
        col = _fence_indent(self.lines[open_line]) + 1
        tag = info.split(None, 1)[0] if info else ""
        recovered = _HCL_FENCE_PREFIX.match(tag)
        if recovered:
            content = info[len(recovered.group(1)):] + "\n" + content
            first_line = open_line
            tag = recovered.group(1)
            self._problem(
                ProblemKind.MALFORMED_FENCE, open_line + 1, col,
                f"code starts on the fence line (```{info[:40]}); read as a {tag} fence",
            )
        closed = _closes_fence(self.lines, token, span.offset)
        fence_lang = lang_from_tag(tag.split(":", 1)[0])
        candidate = self._choose_name(info, content, fence_lang, open_line + 1)
        if candidate is not None and candidate.source is NameSource.LEAD_IN:
            self.continuation = None
        name_lang = lang_from_name(candidate.raw) if candidate else None
        lang = self._block_lang(fence_lang, name_lang, content)
        if lang == MARKDOWN and closed and opens_nested_fence(content, token.markup):
            return self._nested_markdown(token, tag, first_line, col, candidate, span)
        if lang != HCL:
            self._add_block(content, lang, tag, first_line + 1, col, candidate)
            if not closed:
                self._unclosed(open_line, col)
            return None
        slip = find_fence_break(content, token.markup)
        if slip is None:
            self._add_hcl_pieces(content, tag, first_line + 1, col, candidate)
            if not closed:
                self._unclosed(open_line, col)
            return None
        lines = split_lines_keepends(content)
        if slip.kind is BreakKind.GLUED_CLOSE:
            kept, rest_index = "".join(lines[: slip.line]) + slip.kept_text, slip.line + 1
            what = "closing backticks are glued to the end of a code line"
        else:
            kept, rest_index = "".join(lines[: slip.line]), slip.line
            what = "an opening fence stands where the closing fence belongs"
        self._problem(ProblemKind.MALFORMED_FENCE, first_line + slip.line + 1, None, f"{what}; read the fence as closed there")
        self._add_hcl_pieces(kept, tag, first_line + 1, col, candidate)
        return first_line + rest_index

    def _nested_markdown(
        self, token: Token, tag: str, first_line: int, col: int, candidate: _Candidate | None, span: _Span
    ) -> int | None:
        """A markdown document whose own fences closed it early: read up to its real end."""
        end = nested_fence_end(self.lines, first_line, span.end, token.markup)
        if end is None:
            self._add_block(token.content, MARKDOWN, tag, first_line + 1, col, candidate)
            return None
        last = end
        if end >= span.end:
            while last > first_line and not self.lines[last - 1].strip():
                last -= 1
        indent = col - 1
        body = "".join(_dedent(line, indent) + "\n" for line in self.lines[first_line:last])
        self._problem(
            ProblemKind.MALFORMED_FENCE, first_line, col,
            "a markdown fence holds fences of the same kind, which close it early; read up to its own closing fence",
        )
        self._add_block(body, MARKDOWN, tag, first_line + 1, col, candidate)
        if end >= span.end:
            self._unclosed(first_line - 1, col)
            return span.end
        return end + 1

    def _unclosed(self, open_line: int, col: int) -> None:
        self._problem(ProblemKind.UNCLOSED_FENCE, open_line + 1, col, "code fence is never closed: the answer may be cut off")

    def _block_lang(self, fence_lang: str | None, name_lang: str | None, content: str) -> str:
        if fence_lang is not None and fence_lang != TEXT:
            return fence_lang
        if name_lang is not None:
            return name_lang
        if fence_lang is None and self.looks_like_hcl(content):
            return HCL
        return fence_lang or TEXT

    def _choose_name(self, info: str, content: str, fence_lang: str | None, fence_line: int) -> _Candidate | None:
        """The first name candidate that fits the fence's language (and, if weak, its content)."""
        for candidate in self._name_candidates(info, content, fence_line):
            name_lang = lang_from_name(candidate.raw)
            if not _compatible(fence_lang, name_lang):
                continue
            needs_hcl = name_lang == HCL and (candidate.weak or fence_lang is None)
            if needs_hcl and candidate.source is not NameSource.COMMENT and not self.looks_like_hcl(content):
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
            candidates.append(_Candidate(self.continuation, NameSource.CONTINUATION, fence_line, weak=True))
        adjacent = self.last_block is not None and self.last_block[0] == "heading"
        for position, heading in enumerate(reversed(self.headings)):
            if heading.name:
                weak = not (adjacent and position == 0)
                candidates.append(_Candidate(heading.name, NameSource.HEADING, heading.line, weak=weak))
                break
        return candidates

    def _add_hcl_pieces(self, content: str, tag: str, origin_line: int, col: int, candidate: _Candidate | None) -> None:
        """Add an HCL fence, split where a column-0 comment after a blank line starts another file."""
        lines = split_lines_keepends(content)
        starts = [0]
        names: list[_Candidate | None] = [candidate]
        for number, line in enumerate(lines):
            if number == 0 or lines[number - 1].strip() or line[:1] not in ("#", "/"):
                continue
            raw = naming.name_from_comment(line)
            if raw and lang_from_name(raw) == HCL:
                starts.append(number)
                names.append(_Candidate(raw, NameSource.SPLIT, origin_line + number))
        starts.append(len(lines))
        for piece, piece_name in enumerate(names):
            begin, end = starts[piece], starts[piece + 1]
            text = "".join(lines[begin:end])
            if piece + 1 < len(names):
                text = text.rstrip("\n") + "\n"
            if text.strip():
                self._add_block(text, HCL, tag, origin_line + begin, col, piece_name)
        last = names[-1]
        if len(names) > 1 and last is not None:
            self.continuation = last.raw
        elif candidate is not None and candidate.source in (NameSource.INFO, NameSource.COMMENT):
            self.continuation = candidate.raw

    def _add_block(self, text: str, lang: str, tag: str, origin_line: int, col: int, candidate: _Candidate | None) -> None:
        if not text.strip():
            return
        if lang == HCL and candidate is None and (_ELISION.search(text) or not self.looks_like_hcl(text)):
            # An unnamed fence tagged HCL that elides (`...`) or is not HCL at all (shell commands, a
            # list of outputs, JSON) illustrates; it is not a file of the configuration.
            lang = TEXT
        name = self._safe_name(candidate.raw, candidate.line) if candidate else None
        source = candidate.source if candidate and name else None
        raw = candidate.raw if candidate else None
        self.blocks.append(CodeBlock(text, lang, tag, origin_line, col, name, raw, source, classify(name, lang, text)))

    # -- names and problems -----------------------------------------------------

    def _safe_name(self, raw: str, line: int) -> str | None:
        safe = safe_relative_name(raw)
        if safe.changed:
            outcome = f"used '{safe.name}'" if safe.name else "ignored it"
            self._problem(ProblemKind.UNSAFE_NAME, line, None, f"unsafe file name {raw!r}: {'; '.join(safe.changes)}; {outcome}")
        return safe.name

    def _problem(self, kind: ProblemKind, line: int | None, col: int | None, message: str) -> None:
        self.problems.append(TaskProblem(kind, self.origin, line, col, message))


def _answer_start(tokens: list[Token]) -> tuple[int, int]:
    """Token index and 0-based line where the answer begins: after an `Answer` heading, if any."""
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map is not None and index + 1 < len(tokens):
            if _ANSWER_HEADING.match(plain_text(tokens[index + 1]).strip()):
                return index + 3, token.map[1]
    return 0, 0


_ELISION = re.compile(r"^\s*(?:\.\.\.|…)\s*$|\{\s*(?:\.\.\.|…)\s*\}", re.MULTILINE)
_TRACE_HEADING = re.compile(r"^#{1,6}\s*reasoning\s+trace\s*$", re.IGNORECASE)
_ANSWER_LINE = re.compile(r"^#{1,6}\s*(final\s+)?answer\s*:?\s*$", re.IGNORECASE)


def _answer_line_inside_fence(lines: list[str]) -> int | None:
    """The 0-based line of an Answer heading in a document that opens with a reasoning trace.

    Only asked when markdown found no Answer heading, i.e. when a fence the trace
    never closed runs over it.
    """
    first = next((line for line in lines if line.strip()), "")
    if not _TRACE_HEADING.match(first.strip()):
        return None
    return next((i for i, line in enumerate(lines) if _ANSWER_LINE.match(line.strip())), None)


def _fence_blocks_capture(token: Token) -> bool:
    """A document section is not captured as prose when a markdown fence holds the
    document, or when it holds code (then its heading is a title, not a file)."""
    tag = token.info.split(None, 1)[0] if token.info.strip() else ""
    lang = lang_from_tag(tag)
    return lang in (None, MARKDOWN, TEXT, HCL) or lang in PROGRAMMING_LANGS


def _compatible(fence_lang: str | None, name_lang: str | None) -> bool:
    if fence_lang is None or name_lang is None or fence_lang == TEXT:
        return True
    return fence_lang == name_lang


def _dedent(line: str, indent: int) -> str:
    """`line` without up to `indent` leading spaces (as CommonMark strips a fence's indentation)."""
    stripped = len(line) - len(line.lstrip(" "))
    return line[min(stripped, indent):]


def _fence_indent(line: str) -> int:
    """0-based column where a fence's markup starts: list indentation and `> ` included."""
    for index, char in enumerate(line):
        if char in "`~":
            return index
    return 0


def _closes_fence(lines: list[str], token: Token, offset: int) -> bool:
    """Whether the last line of a fence token is a closing fence (not the end of the text)."""
    assert token.map is not None
    last = offset + token.map[1] - 1
    if last <= offset + token.map[0] or last >= len(lines):
        return False
    closing = lines[last].lstrip(" \t>")
    char = token.markup[:1]
    return closing.startswith(token.markup) and not closing.strip().strip(char)
