"""The model's answer as a multi-turn conversation leaves it.

Later turns of a dataset conversation seldom repeat the whole answer. They
continue where the previous one was cut off ("continuing from where I left
off"), or send snippets that replace a few blocks after the user reports an
error ("here is the fixed read replica"). Reviewing the last turn alone would
judge a fragment: variables it never declares, resources it patches but does
not show, every required service "missing". Reviewing the first turn alone
would blame the model for errors it fixed later.

So the turns are combined the way the user applies them:

- a turn that declares everything it refers to and covers at least half of
  what came before (or brings its own `terraform`/`provider` setup and is at
  least half as large) is a rewrite and replaces the code so far; a turn that
  refers to variables, locals or resources only earlier turns declare builds
  on them, however much it repeats;
- a file of a later turn that repeats at least half of the blocks of the
  same-named earlier file, and drops none the turn still refers to, replaces
  that file;
- a snippet the response does not name goes to the module whose
  declarations it shares most;
- otherwise the turn is a patch: each of its blocks supersedes the earlier
  block with the same address (a `locals` entry, the entry of that name), and
  its files join the answer, renamed `name.turnN.tf` when the name is taken;
- a file an earlier turn left cut off in the middle of a block loses that
  unfinished block, which the continuing turn writes again.

A superseded block is not deleted: its lines become one comment naming where
it was replaced, then blank lines, so every other line keeps its number and
its origin in the markdown (findings still point at the right place).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import PurePosixPath

from iacreview.hcl import Attribute, Block, parse_with_errors
from iacreview.task.answer import Answer, ExtractedFile
from iacreview.task.placeholder import PlaceholderVerdict
from iacreview.task.problems import ProblemKind
from iacreview.task.roles import Role

#: Share of earlier blocks a turn (or a file) must repeat to count as a rewrite of it.
REWRITE_SHARE = 0.5

_CODELESS = frozenset({ProblemKind.NO_CODE, ProblemKind.PLACEHOLDER, ProblemKind.EMPTY_ANSWER})

Span = tuple[str, int, int]  # key, first line, last line

_COMMENT = re.compile(r"(?m)^\s*(?:#|//).*$")
_VAR = re.compile(r"\bvar\.([A-Za-z_][\w-]*)")
_LOCAL = re.compile(r"\blocal\.([A-Za-z_][\w-]*)")
_MODULE = re.compile(r"\bmodule\.([A-Za-z_][\w-]*)")
_DATA = re.compile(r"\bdata\.([a-z][a-z0-9]*_[\w]+)\.([A-Za-z_][\w-]*)")
_RESOURCE = re.compile(r"(?<![.\w])([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)")


def combine_turns(responses: list[Answer]) -> Answer | None:
    """One answer from the responses of a conversation, first to last (None when there are none)."""
    if not responses:
        return None
    coded = [(index, answer) for index, answer in enumerate(responses, 1) if _config_files(answer)]
    if len(coded) <= 1:
        return responses[-1] if not coded else _with_later_docs(coded[0][1], responses[coded[0][0]:])
    combined = coded[0][1]
    last_file = _last_file(combined)
    for turn, later in coded[1:]:
        combined, names = _apply(combined, later, turn, last_file)
        last_file = names.get(_last_file(later) or "")
    combined = _with_later_docs(combined, responses[coded[-1][0]:])
    last = responses[-1]
    problems = [p for answer in responses for p in answer.problems if p.kind not in _CODELESS]
    return Answer(source=last.source, kind=last.kind, files=combined.files, unnamed=combined.unnamed,
                  problems=problems, text=last.text, answer_text=last.answer_text,
                  fence_count=sum(a.fence_count for a in responses), placeholder=PlaceholderVerdict(False))


def _config_files(answer: Answer) -> dict[str, ExtractedFile]:
    return {name: f for name, f in answer.files.items() if f.role is Role.CODE and f.is_hcl and name.endswith(".tf")}


def _cut_after(name: str, file: ExtractedFile) -> int | None:
    """The last line of the last complete declaration of a file that stops in the middle of one.

    A response cut off by the output limit ends inside a block; the next turn
    ("continuing from where I left off") writes that block again.
    """
    return _read(name, file.text)[1]


def _spans(name: str, file: ExtractedFile) -> list[Span]:
    return list(_read(name, file.text)[0])


@lru_cache(maxsize=512)
def _read(name: str, text: str) -> tuple[tuple[Span, ...], int | None]:
    """A file's top-level declarations with their lines, keyed `module:address`, and where it is cut off.

    A `locals` block gives one span per entry, a provider one per alias. Every
    later turn compares itself with the files so far, so each is parsed once.
    """
    tree, errors = parse_with_errors(text, name)
    module = posixpath.dirname(name)  # declarations are per module: the file's directory ("" for the root)
    cut = None
    if any("found end of file" in e.message for e in errors):
        cut = tree.body.items[-1].end_line if tree.body.items else 0
    spans: list[Span] = []
    for item in tree.body.items:
        if not isinstance(item, Block):
            continue
        if item.type == "locals":
            spans.extend((f"{module}:local.{a.name}", a.line, a.end_line)
                         for a in item.body.items if isinstance(a, Attribute))
            continue
        key = item.address
        if item.type == "provider":
            alias = item.body.get_attribute("alias")
            value = alias.expr.literal_value() if alias is not None and hasattr(alias.expr, "literal_value") else None
            key = f"provider.{'.'.join(item.labels)}" + (f".{value}" if value else "")
        spans.append((f"{module}:{key}", item.line, item.end_line))
    return tuple(spans), cut


def _references(answer: Answer) -> set[str]:
    """What the answer's code refers to, as the keys `_spans` gives declarations (a reading of the text)."""
    found: set[str] = set()
    for name, f in _config_files(answer).items():
        found |= _references_of(name, f)
    return found


def _references_of(name: str, f: ExtractedFile) -> set[str]:
    code = _COMMENT.sub("", f.text)
    module = posixpath.dirname(name)
    found = {f"{module}:variable.{m}" for m in _VAR.findall(code)}
    found.update(f"{module}:local.{m}" for m in _LOCAL.findall(code))
    found.update(f"{module}:module.{m}" for m in _MODULE.findall(code))
    found.update(f"{module}:data.{t}.{n}" for t, n in _DATA.findall(code))
    found.update(f"{module}:{t}.{n}" for t, n in _RESOURCE.findall(code))
    return found


def _keys(spans_by_file: dict[str, list[Span]]) -> set[str]:
    return {key for spans in spans_by_file.values() for key, _, _ in spans}


def _last_file(answer: Answer) -> str | None:
    """The file the response ends with: the only one an output limit can have cut off."""
    def end(f: ExtractedFile) -> int:
        last = f.segments[-1] if f.segments else None
        return (last.origin_line + last.line_count) if last else f.origin_line
    named = [(end(f), name) for name, f in answer.files.items()]
    return max(named)[1] if named else None


def _placed(later: Answer, before: dict[str, list[Span]]) -> tuple[Answer, dict[str, str]]:
    """`later` with each snippet the response did not name moved into the module it belongs to.

    "Replace the instance in the compute module with this" comes as an unnamed
    fence; named `block-2.tf` it would sit in the root module, where nothing it
    declares or refers to exists. It goes to the module directory whose
    declarations it shares most (the root when none does better).
    """
    by_module: dict[str, set[str]] = {}
    for name, spans in before.items():
        by_module.setdefault(posixpath.dirname(name), set()).update(key.split(":", 1)[1] for key, _, _ in spans)
    files: dict[str, ExtractedFile] = {}
    moved: dict[str, str] = {}
    for name, f in later.files.items():
        target = name
        if f.generated_name and name.endswith(".tf") and posixpath.dirname(name) == "" and len(by_module) > 1:
            own = {key.split(":", 1)[1] for key, _, _ in _spans(name, f)}
            wanted = own | {key.split(":", 1)[1] for key in _references_of(name, f)}
            scores = sorted(((len(wanted & declared), module) for module, declared in by_module.items()),
                            key=lambda pair: (-pair[0], pair[1] != ""))
            best_hits, best = scores[0]
            if best and best_hits > len(wanted & by_module.get("", set())):
                target = f"{best}/{PurePosixPath(name).name}"
                if target in later.files or target in files:  # the response names that file itself
                    target = name
        files[target] = f if target == name else replace(f, name=target)
        moved[name] = target
    return replace(later, files=files), moved


def _apply(earlier: Answer, later: Answer, turn: int, cut_candidate: str | None) -> tuple[Answer, dict[str, str]]:
    """`earlier` with `later` applied, and the names `later`'s files have in the result."""
    before = {name: _spans(name, f) for name, f in _config_files(earlier).items()}
    later, moved = _placed(later, before)
    after = {name: _spans(name, f) for name, f in _config_files(later).items()}
    old_keys, new_keys = _keys(before), _keys(after)
    sets_up = any(key.endswith(":terraform") or ":provider." in key for key in new_keys)
    wanted = _references(later)
    builds_on = bool((wanted - new_keys) & old_keys)
    if old_keys and not builds_on and (len(old_keys & new_keys) >= REWRITE_SHARE * len(old_keys)
                                       or (sets_up and len(new_keys) >= REWRITE_SHARE * len(old_keys))):
        kept = {n: f for n, f in earlier.files.items() if n not in later.files and n not in before}
        return replace(later, files={**kept, **later.files}, unnamed=[*earlier.unnamed, *later.unnamed]), moved
    files = dict(earlier.files)
    for name, spans in after.items():
        previous = before.get(name)
        if not previous:
            continue
        old_file, new_file = _keys({name: previous}), _keys({name: spans})
        # A rewrite of the file repeats at least half of it and drops nothing the turn still uses.
        if len(old_file & new_file) >= REWRITE_SHARE * len(previous) and not (old_file - new_keys) & wanted:
            del files[name]
            before.pop(name)
    superseded = _keys(after)
    where = later.source.name
    for name, spans in before.items():
        hit = [(key, first, last) for key, first, last in spans if key in superseded]
        cut = _cut_after(name, files[name]) if name == cut_candidate else None
        if cut is not None:
            end = len(files[name].text.split("\n"))
            hit.append((":(the rest of the file: cut off mid-block)", cut + 1, end))
        if hit:
            files[name] = _blank(files[name], hit, where)
    names = {}
    for name, f in later.files.items():
        # A later version of a script, document or variables file replaces it; .tf files merge by block.
        merges = name in after and name in files
        target = _turn_name(name, turn, files) if merges else name
        files[target] = f if target == name else replace(f, name=target)
        names[name] = target
    names = {original: names[placed_name] for original, placed_name in moved.items()}
    return replace(earlier, files=files, unnamed=[*earlier.unnamed, *later.unnamed]), names


def _blank(file: ExtractedFile, spans: list[Span], where: str) -> ExtractedFile:
    lines = file.text.split("\n")
    for key, first, last in spans:
        for number in range(first, min(last, len(lines)) + 1):
            lines[number - 1] = ""
        address = key.split(":", 1)[1]
        indent = "  " if address.startswith("local.") else ""
        lines[first - 1] = f"{indent}# {address}: replaced by a later turn ({where})"
    return replace(file, text="\n".join(lines))


def _turn_name(name: str, turn: int, taken: dict[str, ExtractedFile]) -> str:
    path = PurePosixPath(name)
    candidate = str(path.with_name(f"{path.stem}.turn{turn}{path.suffix}"))
    count = 2
    while candidate in taken:
        candidate = str(path.with_name(f"{path.stem}.turn{turn}-{count}{path.suffix}"))
        count += 1
    return candidate


def _with_later_docs(answer: Answer, later: list[Answer]) -> Answer:
    """Documents and tests of turns after the last code-bearing one still belong to the answer."""
    extra = {n: f for a in later for n, f in a.files.items() if f.role is not Role.CODE and n not in answer.files}
    if not extra and not any(a.unnamed for a in later):
        return answer
    return replace(answer, files={**answer.files, **extra}, unnamed=[*answer.unnamed, *(u for a in later for u in a.unnamed)])
