"""De-format canonical HCL so that `terraform fmt` has work to do, deterministically.

Differential tests and benchmarks of iacreview's formatter need many inputs
whose canonical form is known: take files that are already `terraform fmt`
clean, scramble only what `terraform fmt` rebuilds, and the canonical form of
every scrambled copy is the original.  What is rebuilt, learned from the golden
fixtures (see /work/notes/fmt-behaviour.md):

* indentation: the leading whitespace of every line is recomputed from brackets;
* the whitespace between two tokens on one line (alignment of `=` and of
  trailing comments, spaces around operators, commas, brackets) is recomputed;
* whitespace before a newline goes, and whitespace-only lines become empty;
* terraform's own rewrites: bare block labels are quoted, an attribute value
  that is only `"${expr}"` becomes `expr`, and in a top-level `variable` block
  `type = list`/`map`/`set` become `list(any)`/... and `"string"`/`"list"`/
  `"map"` become `string`/`list(string)`/`map(string)`.

So the scrambler only ever touches whitespace between tokens (never inside a
string, heredoc or comment, never before the end of the file, never after a `#`
comment or a heredoc closer, never next to `.` or `::`), removes whitespace
only where no two tokens could merge, and undoes terraform's rewrites where the
canonical text is exactly their result.  Newlines are never added or removed.

usage: python bench/deformat.py SRC_DIR OUT_DIR [--copies N] [--seed S] [--verify]

Every `*.tf`/`*.tfvars` file under SRC_DIR yields N copies under OUT_DIR, named
`<stem>.d<k><suffix>` beside the same relative path.  --verify runs
`terraform fmt` over each original and each copy and reports the fraction whose
formatted forms are byte-identical.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

WS, NL, LINE_COMMENT, BLOCK_COMMENT = "ws", "nl", "line_comment", "block_comment"
STRING, HEREDOC, IDENT, NUMBER, PUNCT, OTHER = "string", "heredoc", "ident", "number", "punct", "other"
OPAQUE = {STRING, HEREDOC, LINE_COMMENT, BLOCK_COMMENT}
WORDISH = {IDENT, NUMBER}
OPENERS, CLOSERS = {"{", "[", "("}, {"}", "]", ")"}
# Punctuation next to which whitespace may be removed without merging tokens.
SEPARATORS = OPENERS | CLOSERS | {","}
# Operators made of characters that could fuse with a neighbour's.
FUSIBLE = set("=!<>&|:/*-+%.?")
NO_TOUCH = {".", "::"}
MULTI_PUNCT = ("...", "::", "=>", "==", "!=", "<=", ">=", "&&", "||")
BARE_LABEL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
RESERVED_LABELS = {"true", "false", "null", "for", "in", "if", "endif", "endfor", "else"}
NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
HEREDOC_OPEN = re.compile(r"<<(-?)([A-Za-z_][A-Za-z0-9_-]*)(\r?\n)")
# Canonical `type` values in a top-level variable block -> a legacy spelling
# that terraform fmt rewrites back to them.
LEGACY_TYPES = {
    "list(any)": ["list"],
    "map(any)": ["map"],
    "set(any)": ["set"],
    "string": ['"string"'],
    "list(string)": ['"list"'],
    "map(string)": ['"map"'],
}


@dataclass
class Token:
    """A slice of the source: its kind and exact text."""

    kind: str
    text: str


class LexError(ValueError):
    """The source is not HCL this scrambler understands; it is left alone."""


def tokenize(source: str) -> list[Token]:
    """Split HCL source into tokens that keep every character (whitespace included)."""
    tokens: list[Token] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c in " \t":
            j = i
            while j < n and source[j] in " \t":
                j += 1
            tokens.append(Token(WS, source[i:j]))
        elif c == "\n" or source.startswith("\r\n", i):
            j = i + (1 if c == "\n" else 2)
            tokens.append(Token(NL, source[i:j]))
        elif c == "#" or source.startswith("//", i):
            j = _line_end(source, i)
            tokens.append(Token(LINE_COMMENT, source[i:j]))
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            if end < 0:
                raise LexError("unterminated block comment")
            j = end + 2
            tokens.append(Token(BLOCK_COMMENT, source[i:j]))
        elif c == '"':
            j = _scan_quoted(source, i)
            tokens.append(Token(STRING, source[i:j]))
        elif source.startswith("<<", i) and HEREDOC_OPEN.match(source, i):
            j = _scan_heredoc(source, i)
            tokens.append(Token(HEREDOC, source[i:j]))
        elif c.isdigit():
            match = NUMBER_RE.match(source, i)
            assert match is not None
            j = match.end()
            tokens.append(Token(NUMBER, source[i:j]))
        elif c == "_" or c.isidentifier():
            j = i + 1
            while j < n and (source[j] == "-" or ("a" + source[j]).isidentifier()):
                j += 1
            tokens.append(Token(IDENT, source[i:j]))
        else:
            multi = next((p for p in MULTI_PUNCT if source.startswith(p, i)), None)
            if multi is not None:
                j = i + len(multi)
                tokens.append(Token(PUNCT, multi))
            elif c in "{}[]()=<>!+-*/%,.:?":
                j = i + 1
                tokens.append(Token(PUNCT, c))
            else:
                j = i + 1
                tokens.append(Token(OTHER, c))
        i = j
    return tokens


def _line_end(source: str, i: int) -> int:
    j = source.find("\n", i)
    if j < 0:
        return len(source)
    return j - 1 if j > i and source[j - 1] == "\r" else j


def _scan_quoted(source: str, i: int) -> int:
    """End of the quoted template starting at source[i] == '"'."""
    j = i + 1
    while j < len(source):
        c = source[j]
        if c == "\\":
            j += 2
        elif c == '"':
            return j + 1
        elif c == "\n":
            raise LexError("newline in quoted string")
        elif source.startswith(("$${", "%%{"), j):
            j += 3
        elif source.startswith(("${", "%{"), j):
            j = _scan_template_expr(source, j + 2)
        else:
            j += 1
    raise LexError("unterminated string")


def _scan_template_expr(source: str, j: int) -> int:
    """End (just past the `}`) of an interpolation or directive body starting at j."""
    depth = 0
    while j < len(source):
        c = source[j]
        if c == '"':
            j = _scan_quoted(source, j)
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return j + 1
            depth -= 1
        j += 1
    raise LexError("unterminated template sequence")


def _scan_heredoc(source: str, i: int) -> int:
    """End of the heredoc starting at source[i:] == '<<': just past its closing marker."""
    match = HEREDOC_OPEN.match(source, i)
    assert match is not None
    marker = match.group(2)
    j = match.end()
    while j <= len(source):
        end = source.find("\n", j)
        line_end = len(source) if end < 0 else end
        line = source[j:line_end].rstrip("\r")
        if line.lstrip(" \t") == marker:
            return j + len(source[j:line_end].rstrip("\r"))
        if end < 0:
            break
        j = end + 1
    raise LexError("unterminated heredoc")


@dataclass
class Rewrites:
    """Token-level undo points for terraform's own rewrites, found by `find_rewrites`."""

    bare_labels: list[int] = field(default_factory=list)
    legacy_types: list[tuple[int, int, str]] = field(default_factory=list)
    interp_values: list[tuple[int, int]] = field(default_factory=list)


def find_rewrites(tokens: list[Token]) -> Rewrites:
    """Walk the body/expression structure and note where terraform's rewrites could be undone.

    Bodies are tracked with a stack; an item starts after a newline or a block's
    `{`.  An attribute's value runs to the newline at its own bracket depth.
    """
    found = Rewrites()
    sig = [i for i, t in enumerate(tokens) if t.kind not in (WS, LINE_COMMENT, BLOCK_COMMENT)]
    stack: list[tuple[str, str]] = [("body", "")]
    at_item_start = True
    k = 0
    while k < len(sig):
        index = sig[k]
        token = tokens[index]
        frame_kind, block_type = stack[-1]
        if token.kind == NL:
            at_item_start = frame_kind == "body"
            k += 1
            continue
        if frame_kind == "body" and at_item_start and token.kind == IDENT:
            k = _body_item(tokens, sig, k, stack, found)
            at_item_start = stack[-1][0] == "body"
            continue
        at_item_start = False
        if token.kind == PUNCT and token.text in OPENERS:
            stack.append(("expr", token.text))
        elif token.kind == PUNCT and token.text in CLOSERS and len(stack) > 1:
            stack.pop()
        k += 1
    return found


def _body_item(
    tokens: list[Token], sig: list[int], k: int, stack: list[tuple[str, str]], found: Rewrites
) -> int:
    """Handle an attribute or block header starting at sig[k]; return the next position."""
    name = tokens[sig[k]].text
    nxt = tokens[sig[k + 1]] if k + 1 < len(sig) else Token(OTHER, "")
    if nxt.kind == PUNCT and nxt.text == "=":
        return _attribute(tokens, sig, k, stack, found, name)
    labels: list[int] = []
    j = k + 1
    while j < len(sig) and tokens[sig[j]].kind in (STRING, IDENT):
        labels.append(sig[j])
        j += 1
    if j < len(sig) and tokens[sig[j]].text == "{":
        for label in labels:
            text = tokens[label].text
            if tokens[label].kind == STRING and BARE_LABEL.match(text[1:-1] or "-"):
                if text[1:-1] not in RESERVED_LABELS:
                    found.bare_labels.append(label)
        path = stack[-1][1] + "/" + name
        stack.append(("body", path))
        return j + 1
    return k + 1


def _attribute(
    tokens: list[Token],
    sig: list[int],
    k: int,
    stack: list[tuple[str, str]],
    found: Rewrites,
    name: str,
) -> int:
    """Scan an attribute's value; note a `type` or `"${}"` rewrite that would undo cleanly."""
    start = k + 2
    depth = 0
    j = start
    while j < len(sig):
        token = tokens[sig[j]]
        if token.kind == NL and depth == 0:
            break
        if token.kind == PUNCT and token.text in OPENERS:
            depth += 1
        elif token.kind == PUNCT and token.text in CLOSERS:
            if depth == 0:
                break
            depth -= 1
        j += 1
    if j == start:
        return j
    first, last = sig[start], sig[j - 1]
    span = tokens[first : last + 1]
    one_line = all(
        t.kind not in (NL, HEREDOC, LINE_COMMENT, BLOCK_COMMENT) and "\n" not in t.text for t in span
    )
    in_variable = stack[-1][1] == "/variable"
    if one_line and in_variable and name == "type":
        text = "".join(t.text for t in span if t.kind != WS)
        if text in LEGACY_TYPES:
            found.legacy_types.append((first, last, text))
    elif one_line and not (in_variable and name == "type"):
        found.interp_values.append((first, last))
    return j


@dataclass(frozen=True)
class Intensity:
    """How much scrambling to do: the probability of each kind of edit."""

    reindent: float = 0.6
    inner_change: float = 0.5
    inner_remove: float = 0.25
    inner_insert: float = 0.15
    trailing: float = 0.2
    blank_line_ws: float = 0.5
    unquote_label: float = 0.5
    legacy_type: float = 0.7
    wrap_interp: float = 0.15


def deformat(source: str, rng: random.Random, intensity: Intensity = Intensity()) -> str:
    """A scrambled copy of canonical `source` that `terraform fmt` turns back into it."""
    if source.startswith("\ufeff"):
        return source
    tokens = tokenize(source)
    rewrites = find_rewrites(tokens)
    replacement: dict[int, str] = {}
    prefix: dict[int, str] = {}
    suffix: dict[int, str] = {}
    _undo_rewrites(tokens, rewrites, rng, intensity, replacement, prefix, suffix)
    out: list[str] = []
    count = len(tokens)
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i > 0 else None
        after = tokens[i + 1] if i + 1 < count else None
        text = replacement.get(i, token.text)
        if token.kind == WS:
            out.append(_scramble_ws(text, before, after, rng, intensity))
            continue
        out.append(prefix.get(i, ""))
        out.append(text)
        out.append(suffix.get(i, ""))
        if after is not None and _zero_width_insertable(token, after) and rng.random() < intensity.inner_insert:
            out.append(_random_gap(rng))
        if token.kind == NL and after is not None and after.kind == NL and rng.random() < intensity.blank_line_ws:
            out.append(_random_indent(rng))
        if (
            after is not None
            and after.kind == NL
            and token.kind not in (NL, HEREDOC, LINE_COMMENT)
            and rng.random() < intensity.trailing
        ):
            out.append(_random_gap(rng))
        if token.kind == NL and after is not None and after.kind not in (WS, NL) and rng.random() < intensity.reindent:
            out.append(_random_indent(rng))
    if tokens and tokens[0].kind not in (WS, NL) and rng.random() < intensity.reindent:
        out.insert(0, _random_indent(rng))
    return "".join(out)


def _undo_rewrites(
    tokens: list[Token],
    rewrites: Rewrites,
    rng: random.Random,
    intensity: Intensity,
    replacement: dict[int, str],
    prefix: dict[int, str],
    suffix: dict[int, str],
) -> None:
    for index in rewrites.bare_labels:
        if rng.random() < intensity.unquote_label:
            replacement[index] = tokens[index].text[1:-1]
    for first, last, text in rewrites.legacy_types:
        if rng.random() < intensity.legacy_type:
            replacement[first] = rng.choice(LEGACY_TYPES[text])
            for index in range(first + 1, last + 1):
                replacement[index] = ""
    for first, last in rewrites.interp_values:
        if rng.random() < intensity.wrap_interp:
            prefix[first] = '"${' + prefix.get(first, "")
            suffix[last] = suffix.get(last, "") + '}"'


def _scramble_ws(
    text: str, before: Token | None, after: Token | None, rng: random.Random, intensity: Intensity
) -> str:
    """A replacement for one whitespace run, or the run itself where fmt would keep it."""
    if after is None:
        return text  # whitespace before EOF survives formatting
    if before is None or before.kind == NL:
        if after.kind == NL:
            return _random_indent(rng) if rng.random() < intensity.blank_line_ws else text
        return _random_indent(rng) if rng.random() < intensity.reindent else text
    if before.kind in (HEREDOC, LINE_COMMENT):
        return text
    if after.kind == NL:
        return "" if rng.random() < 0.7 else _random_gap(rng)
    if before.text in NO_TOUCH or after.text in NO_TOUCH:
        return text
    if _removable(before, after) and rng.random() < intensity.inner_remove:
        return ""
    if rng.random() < intensity.inner_change:
        return _random_gap(rng)
    return text


def _removable(left: Token, right: Token) -> bool:
    """Whether the whitespace between two tokens may vanish without fusing them."""
    if left.kind in (LINE_COMMENT, BLOCK_COMMENT, HEREDOC, OTHER) or right.kind in (BLOCK_COMMENT, LINE_COMMENT, HEREDOC, OTHER):
        return False
    if left.kind in WORDISH and right.kind in WORDISH:
        return False
    if left.kind == STRING and right.kind == STRING:
        return False
    if "-" in (left.text, right.text):
        return False  # `a - b` without spaces would lex as the identifier `a-b`
    if "..." in (left.text, right.text) and NUMBER in (left.kind, right.kind):
        return False
    if left.kind == PUNCT and right.kind == PUNCT:
        return left.text in SEPARATORS or right.text in SEPARATORS
    punct = left if left.kind == PUNCT else right if right.kind == PUNCT else None
    if punct is None:
        return False
    return punct.text in SEPARATORS or set(punct.text) <= FUSIBLE


def _zero_width_insertable(left: Token, right: Token) -> bool:
    """Whether a space may appear between two adjacent tokens on one line."""
    if left.kind in (WS, NL, LINE_COMMENT, HEREDOC, OTHER) or right.kind in (WS, NL, OTHER, HEREDOC):
        return False
    return left.text not in NO_TOUCH and right.text not in NO_TOUCH


def _random_gap(rng: random.Random) -> str:
    return rng.choice([" ", "  ", "   ", "\t", " \t", "      "])


def _random_indent(rng: random.Random) -> str:
    return rng.choice(["", " ", "\t", "\t\t", "    ", "        ", "   ", " \t  "])


def copy_seed(seed: int, relative: str, copy: int) -> int:
    """A per-file, per-copy seed that does not depend on Python's hash randomisation."""
    digest = hashlib.sha256(f"{seed}\0{relative}\0{copy}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def source_files(src_dir: Path) -> list[Path]:
    return sorted(p for p in src_dir.rglob("*") if p.is_file() and p.suffix in (".tf", ".tfvars"))


def deformat_tree(src_dir: Path, out_dir: Path, copies: int, seed: int) -> list[tuple[Path, Path]]:
    """Write `copies` scrambled copies of every HCL file; return (original, copy) pairs."""
    pairs: list[tuple[Path, Path]] = []
    for path in source_files(src_dir):
        relative = path.relative_to(src_dir)
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        for k in range(copies):
            rng = random.Random(copy_seed(seed, relative.as_posix(), k))
            try:
                scrambled = deformat(text, rng)
            except LexError:
                scrambled = text
            target = out_dir / relative.parent / f"{_stem(relative.name)}.d{k}{_suffix(relative.name)}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(scrambled.encode("utf-8"))
            pairs.append((path, target))
    return pairs


def _stem(name: str) -> str:
    return name[: -len(_suffix(name))]


def _suffix(name: str) -> str:
    for suffix in (".in.tf", ".out.tf", ".tfvars", ".tf"):
        if name.endswith(suffix):
            return suffix
    return Path(name).suffix


def _terraform_fmt(terraform: str, data: bytes) -> bytes | None:
    env = dict(os.environ, CHECKPOINT_DISABLE="1", TF_CLI_CONFIG_FILE=os.devnull)
    result = subprocess.run([terraform, "fmt", "-no-color", "-"], input=data, capture_output=True, env=env)
    return result.stdout if result.returncode == 0 else None


def verify(pairs: list[tuple[Path, Path]]) -> tuple[int, list[Path]]:
    """Count copies whose `terraform fmt` equals the original's; list the others."""
    terraform = shutil.which("terraform")
    if terraform is None:
        raise SystemExit("error: --verify needs terraform on PATH")
    expected: dict[Path, bytes | None] = {}
    failures: list[Path] = []
    for original, copy in pairs:
        if original not in expected:
            expected[original] = _terraform_fmt(terraform, original.read_bytes())
        got = _terraform_fmt(terraform, copy.read_bytes())
        if got is None or got != expected[original]:
            failures.append(copy)
    return len(pairs) - len(failures), failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--verify", action="store_true", help="check every copy with terraform fmt")
    args = parser.parse_args(argv)
    if not args.src_dir.is_dir():
        parser.error(f"{args.src_dir} is not a directory")
    pairs = deformat_tree(args.src_dir, args.out_dir, args.copies, args.seed)
    print(f"{len(pairs)} scrambled copies written to {args.out_dir}")
    if not args.verify:
        return 0
    good, failures = verify(pairs)
    for failure in failures:
        print(f"differs after terraform fmt: {failure}")
    share = good / len(pairs) if pairs else 1.0
    print(f"{good}/{len(pairs)} copies format back to the original ({share:.1%})")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
