"""Inline suppressions: `# iacreview:ignore=RULE[,RULE…] -- reason` comments, read from the CST.

Grammar (in a `#`, `//` or `/* */` comment; the directive must open the comment):

    iacreview:ignore=SEC001,s3-bucket-public-acl -- reason   on or directly above a block or argument
    iacreview:ignore-file=SEC001 -- reason                   before the first block: the whole file
    iacreview:ignore=all -- reason                           every rule

A comment that shares its line with code applies to the outermost block or
argument starting on that line, or else to the innermost one spanning it (a
comment after one element of a multi-line list applies to that argument). A
comment on a line of its own applies to the block or argument starting on the
next line; further comment lines may sit in between, a blank line may not.

Comments are taken from the token stream the parser produced, never by
re-reading file lines, so a `#` inside a string or heredoc is never mistaken
for a directive. Syntax errors (SYN001) cannot be suppressed: a file that
does not parse is never reported as clean.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from iacreview.hcl import Attribute, Block, ConfigFile, Node
from iacreview.hcl import tokens as T
from iacreview.model.config import Configuration
from iacreview.rules.base import Finding
from iacreview.rules.catalog.suppressions import (
    DANGLING,
    MALFORMED,
    MISPLACED,
    UNKNOWN,
    UNMATCHED,
    UnusedSuppression,
)

ALL = "all"
#: What `Finding.suppressed` holds when the comment gives no `-- reason`.
NO_REASON = "suppressed inline (no reason given)"
#: Rules whose findings no comment can hide.
UNSUPPRESSIBLE = frozenset({"SYN001"})

_DIRECTIVE = re.compile(r"iacreview:(?P<kind>ignore-file|ignore)(?![\w-])(?P<rest>.*)\Z", re.S)

#: Resolves a rule id or kebab-case name to the rule id, or None when no rule has it.
Resolver = Callable[[str], "str | None"]


@dataclass(eq=False)
class Directive:
    """One suppression comment: what it names, where it applies, and which of its names were used."""

    file: str
    line: int
    col: int
    end_line: int
    end_col: int
    file_wide: bool
    names: tuple[str, ...]  # as written
    rule_ids: frozenset[str]  # resolved ids (empty when `all`)
    all_rules: bool
    unknown: tuple[str, ...]
    reason: str
    target: Node | None = None
    problem: str | None = None  # DANGLING, MISPLACED or MALFORMED: it applies nowhere
    used: set[str] = field(default_factory=set)  # rule ids it matched ("all" when all_rules matched)

    @property
    def justification(self) -> str:
        return self.reason or NO_REASON

    @property
    def target_label(self) -> str:
        if self.file_wide:
            return f"file {self.file}"
        node = self.target
        if isinstance(node, Block):
            if node.type in ("resource", "data"):
                return f"{node.type} {node.address}"
            return " ".join([f"{node.type} block", *node.labels])
        if isinstance(node, Attribute):
            return f"argument {node.name}"
        return ""

    def names_rule(self, rule_id: str) -> bool:
        return self.all_rules or rule_id in self.rule_ids

    def covers(self, f: Finding) -> bool:
        """Whether finding `f` lies where this suppression applies."""
        if self.problem is not None or f.file != self.file:
            return False
        if self.file_wide:
            return True
        node = self.target
        assert node is not None
        return (node.line, node.col) <= (f.line, f.col) <= (node.end_line, node.end_col)

    def unused(self, judged: Iterable[str]) -> UnusedSuppression | None:
        """What OPS090 reports for this comment, judging only the rule ids in `judged`."""
        where = (self.file, self.line, self.col, self.end_line, self.end_col)
        if self.problem is not None:
            return UnusedSuppression(*where, kind=self.problem, names=self.names)
        if self.unknown:
            return UnusedSuppression(*where, kind=UNKNOWN, names=self.unknown)
        if self.all_rules:
            return None if self.used else UnusedSuppression(*where, kind=UNMATCHED, names=(ALL,), target=self.target_label)
        judged_ids = set(judged)
        idle = tuple(sorted(i for i in self.rule_ids if i in judged_ids and i not in self.used))
        if not idle:
            return None
        return UnusedSuppression(*where, kind=UNMATCHED, names=idle, target=self.target_label)


def parse_comment(text: str) -> tuple[str, tuple[str, ...], str] | None:
    """(kind, names, reason) of a directive comment, None when the comment is not a directive.

    `kind` is "ignore" or "ignore-file"; `names` is empty when the comment names no rules.
    """
    if text.startswith("#"):
        body = text[1:]
    elif text.startswith("//"):
        body = text[2:]
    elif text.startswith("/*"):
        body = text[2:-2] if text.endswith("*/") else text[2:]
    else:
        return None
    match = _DIRECTIVE.match(body.strip())
    if match is None:
        return None
    rest = match.group("rest").strip()
    if not rest.startswith("="):
        reason = rest[2:] if rest.startswith("--") else ""
        return match.group("kind"), (), " ".join(reason.split())
    spec, _, reason = rest[1:].partition("--")
    names = tuple(n.strip() for n in spec.split(",") if n.strip())
    return match.group("kind"), names, " ".join(reason.split())


def directives_in(tree: ConfigFile, resolve: Resolver) -> list[Directive]:
    """Every suppression comment of one parsed file, with its target resolved."""
    if "iacreview:" not in tree.source.text:  # most files have no directive: skip the token scan
        return []
    comments = [
        (t, p) for t in tree.tokens
        if t.kind == T.COMMENT and "iacreview:" in t.text and (p := parse_comment(t.text)) is not None
    ]
    if not comments:
        return []
    layout = _Layout(tree)
    found = []
    for token, (kind, names, reason) in comments:
        end_line = token.line + token.text.count("\n")
        nl = token.text.rfind("\n")
        end_col = token.col + len(token.text) if nl == -1 else len(token.text) - nl
        directive = _resolve(tree.filename, token.line, token.col, end_line, end_col, kind == "ignore-file",
                             names, reason, resolve)
        if not names:
            directive.problem = MALFORMED
        elif directive.file_wide:
            if layout.first_block_line is not None and token.line >= layout.first_block_line:
                directive.problem = MISPLACED
        else:
            directive.target = layout.target(token.line, end_line)
            if directive.target is None:
                directive.problem = DANGLING
        found.append(directive)
    return found


def _resolve(file: str, line: int, col: int, end_line: int, end_col: int, file_wide: bool,
             names: tuple[str, ...], reason: str, resolve: Resolver) -> Directive:
    ids: set[str] = set()
    unknown = []
    all_rules = False
    for name in names:
        if name.lower() == ALL:
            all_rules = True
            continue
        rule_id = resolve(name)
        if rule_id is None:
            unknown.append(name)
        else:
            ids.add(rule_id)
    return Directive(file, line, col, end_line, end_col, file_wide, names, frozenset(ids), all_rules,
                     tuple(unknown), reason)


class _Layout:
    """Which lines of a file hold code or only comments, and the blocks and arguments by line."""

    def __init__(self, tree: ConfigFile) -> None:
        code_lines: set[int] = set()
        comment_lines: set[int] = set()
        for token in tree.tokens:
            if token.kind == T.COMMENT:
                comment_lines.update(range(token.line, token.line + token.text.count("\n") + 1))
            elif token.kind not in (T.WS, T.NEWLINE, T.EOF, T.BOM):
                code_lines.add(token.line)
        self.code_lines = code_lines
        self.comment_only = comment_lines - code_lines
        self.nodes: list[Block | Attribute] = [n for n in tree.body.walk() if isinstance(n, (Block, Attribute))]
        blocks = [item for item in tree.body.items if isinstance(item, Block)]
        self.first_block_line = blocks[0].line if blocks else None

    def starting_on(self, line: int) -> Block | Attribute | None:
        """The outermost block or argument that starts on `line` (walk order puts parents first)."""
        for node in self.nodes:
            if node.line == line:
                return node
        return None

    def spanning(self, line: int) -> Block | Attribute | None:
        """The innermost block or argument whose lines include `line`."""
        found = None
        for node in self.nodes:
            if node.line <= line <= node.end_line:
                found = node
        return found

    def target(self, line: int, end_line: int) -> Block | Attribute | None:
        if line in self.code_lines or end_line in self.code_lines:
            return self.starting_on(line) or self.spanning(line)
        below = end_line + 1
        while below in self.comment_only:
            below += 1
        return self.starting_on(below)


def collect(config: Configuration, resolve: Resolver) -> list[Directive]:
    """The suppression comments of every parsed file of every module of `config`."""
    found: list[Directive] = []
    for module in config.modules():
        for name in sorted(module.files):
            found.extend(directives_in(module.files[name], resolve))
    return found


def apply(directives: Sequence[Directive], findings: Iterable[Finding], mark: bool = True) -> None:
    """Record which directives match which findings; with `mark`, set `Finding.suppressed`.

    The first matching directive (in file order) gives the justification.
    """
    by_file: dict[str, list[Directive]] = {}
    for d in directives:
        if d.problem is None:
            by_file.setdefault(d.file, []).append(d)
    for f in findings:
        if f.rule in UNSUPPRESSIBLE:
            continue
        for d in by_file.get(f.file, ()):
            if not d.names_rule(f.rule) or not d.covers(f):
                continue
            d.used.add(ALL if d.all_rules else f.rule)
            if mark and f.suppressed is None:
                f.suppressed = d.justification


def unused(directives: Iterable[Directive], judged: Iterable[str]) -> list[UnusedSuppression]:
    """What OPS090 reports: suppressions that matched no finding of the rules in `judged`."""
    judged_ids = frozenset(judged)
    found = [d.unused(judged_ids) for d in directives]
    return [u for u in found if u is not None]
