#!/usr/bin/env python3
"""Record the provider's own deprecation messages and "one of" groups in a shipped schema document.

`terraform providers schema -json` says only *that* an argument is deprecated
(`"deprecated": true`); the text a user sees ("acl is deprecated. Use the
aws_s3_bucket_acl resource instead.") lives in the provider binary and comes
out only when `terraform validate` meets the argument. So this script writes a
configuration that sets every deprecated argument and block of every resource
type and data source (with placeholder values of the right type), runs
`terraform validate -json` once, and maps each "Argument is deprecated" or
"Deprecated Resource" warning back to the path it was written for. The result
goes into the document's `deprecations` map (`resource/aws_s3_bucket/acl` →
message), which the checks use for VAL039's message and the review's fix.

The provider also knows groups of arguments of which at least one must be set
(`aws_lb`: subnets or subnet_mapping), which the schema JSON does not carry
either. A second validate, of one probe per type with only its required
arguments, makes the provider name every such group ("Invalid combination of
arguments"); they go into `one_of` (`resource/aws_lb` → [["subnet_mapping",
"subnets"]], nested paths as `resource/aws_x/rule`), which VAL038 checks.

    scripts/harvest_deprecation_messages.py --provider hashicorp/aws --version 5.100.0 --mirror /opt/tf-plugins

Needs `terraform` and the provider (a filesystem mirror is enough). Warnings that
cannot be mapped back are counted and left out: the check then names the
replacement resource itself, or says only that the argument is deprecated.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "iacreview" / "schema" / "data"
sys.path.insert(0, str(ROOT / "src"))

from iacreview.schema.container import read_document, write_container  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from gen_provider_schema import initialised_directory  # noqa: E402
KIND_BLOCK = {"resource": "resource", "data": "data"}


def _placeholder(type_raw: object) -> str | None:
    """An HCL literal of the given Terraform type, or None for types not worth faking."""
    if type_raw == "string":
        return '"x"'
    if type_raw == "number":
        return "1"
    if type_raw == "bool":
        return "true"
    if isinstance(type_raw, list) and len(type_raw) == 2 and type_raw[0] in ("list", "set"):
        inner = _placeholder(type_raw[1])
        return f"[{inner}]" if inner else "[]"
    if isinstance(type_raw, list) and len(type_raw) == 2 and type_raw[0] == "map":
        inner = _placeholder(type_raw[1])
        return f"{{ k = {inner} }}" if inner else "{}"
    return None


def _required_body(block: dict, depth: int, skip: str | None = None) -> list[str]:
    """The lines a block needs to decode: its required arguments and required nested blocks (but `skip`)."""
    pad = "  " * depth
    lines = []
    for name, (type_raw, flags) in block.get("a", {}).items():
        value = _placeholder(type_raw) if "R" in flags and not isinstance(type_raw, dict) else None
        if value is not None and name != skip:
            lines.append(f"{pad}{name} = {value}")
    for name, (_mode, min_items, _max, inner) in block.get("b", {}).items():
        if min_items and name != skip:
            lines += [f"{pad}{name} {{", *_required_body(inner, depth + 1), f"{pad}}}"]
    return lines


def _deprecated_items(block: dict, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str, dict | None]]:
    """(path, kind, block) of every deprecated configurable argument ("a") and nested block ("b")."""
    found: list[tuple[tuple[str, ...], str, dict | None]] = []
    for name, (type_raw, flags) in block.get("a", {}).items():
        if "D" in flags and ("O" in flags or "R" in flags) and _placeholder(type_raw) is not None:
            found.append(((*path, name), "a", None))
    for name, (_mode, _min, _max, inner) in block.get("b", {}).items():
        if "D" in inner.get("f", ""):
            found.append(((*path, name), "b", inner))
        found += _deprecated_items(inner, (*path, name))
    return found


def _probe(block: dict, path: tuple[str, ...], kind: str, depth: int, lines: list[str]) -> int:
    """Write the nesting down to one deprecated item; return the line a warning about it points at."""
    pad = "  " * depth
    head = path[0]
    if len(path) == 1:
        if kind == "a":
            lines.append(f"{pad}{head} = {_placeholder(block['a'][head][0])}")
            return len(lines)
        inner = block["b"][head][3]
        owner = len(lines)  # Terraform reports a deprecated block at the enclosing block's opening brace
        lines += [f"{pad}{head} {{", *_required_body(inner, depth + 1), f"{pad}}}"]
        return owner
    inner = block["b"][head][3]
    lines.append(f"{pad}{head} {{")
    lines += _required_body(inner, depth + 1, skip=path[1])
    target = _probe(inner, path[1:], kind, depth + 1, lines)
    lines.append(f"{pad}}}")
    return target


def build_configuration(doc: dict) -> tuple[str, dict[int, str]]:
    """One probe block per deprecated item, and the deprecations key of the line its warning points at.

    One item per probe: Terraform reports every deprecated nested block at the
    same place (the enclosing block), so two in one probe could not be told apart.
    """
    lines: list[str] = []
    keys: dict[int, str] = {}
    count = 0
    for kind in ("resource", "data"):
        for type_name, raw in sorted(doc.get(kind, {}).items()):
            block = json.loads(raw)
            items: list = ([((), "r", None)] if "D" in block.get("f", "") else []) + _deprecated_items(block)
            for path, item_kind, _inner in items:
                count += 1
                lines.append(f'{KIND_BLOCK[kind]} "{type_name}" "probe{count}" {{')
                head = len(lines)
                lines += _required_body(block, 1, skip=path[0] if path else None)
                target = head if item_kind == "r" else _probe(block, path, item_kind, 1, lines)
                keys[target] = "/".join((kind, type_name, *path))
                lines += ["}", ""]
    return "\n".join(lines) + "\n", keys


def build_required_probes(doc: dict) -> tuple[str, dict[int, str]]:
    """One probe per resource type and data source with its required arguments only, and the line of each."""
    lines: list[str] = []
    keys: dict[int, str] = {}
    for kind in ("resource", "data"):
        for type_name, raw in sorted(doc.get(kind, {}).items()):
            block = json.loads(raw)
            if "D" in block.get("f", ""):
                continue
            lines.append(f'{KIND_BLOCK[kind]} "{type_name}" "required" {{')
            keys[len(lines)] = f"{kind}/{type_name}"
            lines += _required_body(block, 1)
            lines += ["}", ""]
    return "\n".join(lines) + "\n", keys


_ONE_OF = re.compile(r'^"(?P<path>[^"]+)": one of `(?P<names>[^`]+)` must be specified')


def harvest_one_of(doc: dict, provider: str, version: str, mirror: str | None) -> dict[str, list[list[str]]]:
    """Groups of arguments of which the provider requires at least one, by type (and nested block path)."""
    text, keys = build_required_probes(doc)
    groups: dict[str, set[tuple[str, ...]]] = {}
    for diagnostic in _validate(text, provider, version, mirror):
        if diagnostic["severity"] != "error" or diagnostic["summary"] != "Invalid combination of arguments":
            continue
        m = _ONE_OF.match(" ".join(diagnostic.get("detail", "").split()))
        key = keys.get(diagnostic.get("range", {}).get("start", {}).get("line", 0))
        if not m or key is None:
            continue
        nested = [p for p in m["path"].split(".")[:-1] if not p.isdigit()]
        names = tuple(sorted(n.split(".")[-1] for n in m["names"].split(",")))
        groups.setdefault("/".join([key, *nested]), set()).add(names)
    return {key: [list(g) for g in sorted(found)] for key, found in sorted(groups.items())}


def _validate(text: str, provider: str, version: str, mirror: str | None) -> list[dict]:
    """`terraform validate -json` diagnostics of one configuration using the provider."""
    with initialised_directory(provider, version, mirror, {"main.tf": text}) as (work, env):
        out = subprocess.run(["terraform", "validate", "-json", "-no-color"], cwd=work, env=env,
                             capture_output=True, text=True).stdout
    return [d for d in json.loads(out).get("diagnostics", []) if d.get("range", {}).get("filename") == "main.tf"]


def harvest(doc: dict, provider: str, version: str, mirror: str | None) -> tuple[dict[str, str], int]:
    """Deprecation messages by key, and how many warnings could not be placed."""
    text, keys = build_configuration(doc)
    diagnostics = _validate(text, provider, version, mirror)
    messages: dict[str, str] = {}
    unplaced = 0
    for diagnostic in diagnostics:
        if diagnostic["severity"] != "warning" or "deprecat" not in diagnostic["summary"].lower():
            continue
        key = keys.get(diagnostic.get("range", {}).get("start", {}).get("line", 0))
        detail = " ".join(diagnostic.get("detail", "").split())
        if key is None or not detail:
            unplaced += 1
            continue
        messages.setdefault(key, detail)
    return messages, unplaced


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provider", default="hashicorp/aws")
    parser.add_argument("--version", default="5.100.0")
    parser.add_argument("--mirror", default=None, help="a filesystem mirror directory (e.g. /opt/tf-plugins)")
    parser.add_argument("--data", default=str(DATA))
    args = parser.parse_args(argv)
    path = Path(args.data) / f"{args.provider.split('/')[-1]}-{args.version}.zip"
    doc = read_document(path)
    messages, unplaced = harvest(doc, args.provider, args.version, args.mirror)
    doc["deprecations"] = dict(sorted(messages.items()))
    doc["one_of"] = harvest_one_of(doc, args.provider, args.version, args.mirror)
    write_container(doc, path)
    print(f"{path}: {len(messages)} deprecation messages recorded, {unplaced} warnings not placed; "
          f"{sum(len(g) for g in doc['one_of'].values())} one-of groups in {len(doc['one_of'])} places")
    return 0


if __name__ == "__main__":
    sys.exit(main())
