"""The code a failure is about, and the code that fixes it, as a reviewer quotes them.

The model's excerpt is the block (or lines) the finding points at; the fix is
the same block as the ideal answer writes it, or as `terraform fmt` prints it
for formatting, or the rule's own corrected example when the ideal simply
drops the offending code.
"""

from __future__ import annotations

from dataclasses import dataclass

from iacreview.fmt import format_source
from iacreview.hcl import Block, ConfigFile, HCLSyntaxError, parse
from iacreview.review.analysis import AnswerAnalysis
from iacreview.review.failures import Failure
from iacreview.rules.base import Finding, RuleMeta, clip_line
from iacreview.rules.services import service_of

MAX_LINES = 40


@dataclass
class Excerpt:
    file: str
    start: int
    end: int
    text: str


def _clip(lines: list[str]) -> str:
    if len(lines) > MAX_LINES:
        lines = lines[: MAX_LINES - 1] + ["  # ..."]
    return "\n".join(clip_line(line.rstrip("\r")) for line in lines)


def _tree(analysis: AnswerAnalysis, name: str) -> ConfigFile | None:
    if analysis.config is None:
        return None
    for module in analysis.config.modules():
        if name in module.files:
            return module.files[name]
    return None


def _enclosing_item(tree: ConfigFile, line: int) -> tuple[int, Block] | None:
    for index, item in enumerate(tree.body.items):
        if isinstance(item, Block) and item.line <= line <= item.end_line:
            return index, item
    return None


def lines_excerpt(analysis: AnswerAnalysis, f: Finding) -> Excerpt | None:
    text = analysis.text_of(f.file)
    if text is None:
        return None
    lines = text.splitlines()
    start = max(f.line, 1)
    end = f.end_line if f.end_line and f.end_line >= start else start
    return Excerpt(f.file, start, end, _clip(lines[start - 1 : end]))


def distinct_excerpts(analysis: AnswerAnalysis, findings: list[Finding], limit: int) -> list[Excerpt]:
    """The lines of up to `limit` findings, each place quoted once.

    Several findings often point at the same lines (three undeclared variables
    on one line, two checks on one block); quoting the lines again for each of
    them repeats the code without saying more. An excerpt that lies within one
    already quoted (same file) is left out and the next finding's is taken.
    """
    quoted: list[Excerpt] = []
    for finding in findings:
        if len(quoted) >= limit:
            break
        excerpt = lines_excerpt(analysis, finding)
        if excerpt is not None and not any(q.file == excerpt.file and q.start <= excerpt.start and excerpt.end <= q.end
                                           for q in quoted):
            quoted.append(excerpt)
    return quoted


def formatting_excerpts(analysis: AnswerAnalysis, failure: Failure) -> list[tuple[Excerpt, str]]:
    """Per file: the model's first non-canonical block and the same block formatted."""
    pairs: list[tuple[Excerpt, str]] = []
    for f in failure.findings:
        tree = _tree(analysis, f.file)
        if tree is None:
            continue
        found = _enclosing_item(tree, f.line)
        if found is None:
            excerpt = lines_excerpt(analysis, f)
            if excerpt is not None:
                pairs.append((excerpt, ""))
            continue
        index, block = found
        try:
            formatted = parse(format_source(tree.to_source(), f.file), f.file)
            fixed_item = formatted.body.items[index]
            fixed = fixed_item.text()
        except (HCLSyntaxError, IndexError, Exception):  # noqa: BLE001 - a quote is optional
            fixed = ""
        pairs.append((Excerpt(f.file, block.line, block.end_line, _clip(block.text().splitlines())), fixed))
    return pairs


def ideal_counterpart(ideal: AnswerAnalysis | None, f: Finding) -> str | None:
    """The ideal's version of the object a finding is about (same address), if it has one."""
    if ideal is None or ideal.config is None or not f.address:
        return None
    address = f.address.split("[")[0]
    for module in ideal.config.modules():
        res = module.resources.get(address)
        if res is not None:
            return _clip(res.block.text().splitlines())
        if address.startswith("var.") and address[4:] in module.variables:
            return _clip(module.variables[address[4:]].block.text().splitlines())
        if address.startswith("output.") and address[7:] in module.outputs:
            return _clip(module.outputs[address[7:]].block.text().splitlines())
    return None


def ideal_overview(ideal: AnswerAnalysis | None) -> str | None:
    """The ideal's files by name and size, then the start of its first one: the fix for an answer with no code."""
    if ideal is None or not ideal.files:
        return None
    names = sorted(ideal.files)
    listing = ", ".join(f"{name} ({len(ideal.files[name].splitlines())} lines)" for name in names)
    first = next((n for n in names if n.endswith(".tf")), names[0])
    return f"# the ideal answer's files: {listing}\n# {first}\n" + _clip(ideal.files[first].splitlines())


def ideal_service_resources(ideal: AnswerAnalysis | None, service: str, limit: int = 2) -> str | None:
    """The ideal's first resources of `service`: how the ideal implements a service the model left out."""
    if ideal is None or ideal.config is None:
        return None
    found = [res.block.text() for module in ideal.config.modules() for res in module.resources.values()
             if service_of(res.type) == service]
    if not found:
        return None
    return "\n\n".join(_clip(text.splitlines()) for text in found[:limit])


def fix_for(ideal: AnswerAnalysis | None, f: Finding, meta: RuleMeta | None) -> str:
    if f.rule == "CMP003":
        overview = ideal_overview(ideal)
        if overview is not None:
            return overview
    if f.rule == "CMP001" and f.address and f.address.startswith("service."):
        quoted = ideal_service_resources(ideal, f.address.split(".", 1)[1])
        if quoted is not None:
            return quoted
    counterpart = ideal_counterpart(ideal, f)
    if counterpart is not None:
        return counterpart
    if meta is not None and meta.good:
        return meta.good.rstrip("\n")
    return ""
