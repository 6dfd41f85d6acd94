#!/usr/bin/env python3
"""Generate iacreview's compact provider schema from `terraform providers schema -json`.

Why a generator: the schema that `terraform validate` checks against is the
provider's own, and the only faithful copy of it is what Terraform prints. This
script keeps what validation needs (types, required/optional/computed,
sensitivity, deprecation, nesting and min/max items), drops every description,
and writes `src/iacreview/schema/data/<name>-<version>.zip` (a member per type, see
iacreview.schema.container) plus an entry in
`index.json` recording where the data came from and how many resource types,
data sources and ephemeral resources it holds (a test checks the shipped data
against those counts).

Run it again for a newer provider version:

    scripts/gen_provider_schema.py --provider hashicorp/aws --version 5.100.0

It needs `terraform` and the provider (a filesystem mirror is enough: set
TF_CLI_CONFIG_FILE, or pass --mirror DIR and a CLI config is written for you).
`--from-json FILE` converts a schema dump made elsewhere instead.

The compact format (`format` 1), shared with scripts/gen_provider_schema_jsii.py:

    block     = {"a": {name: attribute}, "b": {name: nested}, "f": flags}   (keys omitted when empty)
    attribute = [type, flags]
    nested    = [nesting_mode, min_items, max_items, block]
    flags     = letters: R required, O optional, C computed, S sensitive, D deprecated, W write-only
    type      = Terraform's JSON type ("string", ["list", "string"], ["object", {...}], "dynamic"),
                or {"nest": mode, "a": {...}} for an attribute with nested attributes,
                or null where the source does not say

Each resource's block is a JSON string of its own, and the container stores
each as its own zip member, so that loading decodes only the resource types a
configuration uses.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from iacreview.schema.container import write_container  # noqa: E402
DATA = ROOT / "src" / "iacreview" / "schema" / "data"
KINDS = {"resource_schemas": "resource", "data_source_schemas": "data", "ephemeral_resource_schemas": "ephemeral"}


def _flags(attr: dict) -> str:
    out = ""
    for key, letter in (("required", "R"), ("optional", "O"), ("computed", "C"), ("sensitive", "S"),
                        ("deprecated", "D"), ("write_only", "W")):
        if attr.get(key):
            out += letter
    return out


def _nested_type(nested: dict) -> dict:
    out: dict = {"nest": nested.get("nesting_mode", "single"),
                 "a": {name: _attribute(a) for name, a in sorted(nested.get("attributes", {}).items())}}
    for key in ("min_items", "max_items"):
        if nested.get(key):
            out[key[:3]] = nested[key]
    return out


def _attribute(attr: dict) -> list:
    if "nested_type" in attr:
        type_: object = _nested_type(attr["nested_type"])
    else:
        type_ = attr.get("type", "dynamic")
    return [type_, _flags(attr)]


def compact_block(block: dict) -> dict:
    """The compact form of one schema block (see the module docstring)."""
    out: dict = {}
    attributes = {name: _attribute(a) for name, a in sorted(block.get("attributes", {}).items())}
    if attributes:
        out["a"] = attributes
    nested = {}
    for name, bt in sorted(block.get("block_types", {}).items()):
        nested[name] = [bt.get("nesting_mode", "list"), bt.get("min_items", 0), bt.get("max_items", 0),
                        compact_block(bt.get("block", {}))]
    if nested:
        out["b"] = nested
    if block.get("deprecated"):
        out["f"] = "D"
    return out


def new_document(name: str, source: str, version: str, origin: str, generator: str, knows: dict) -> dict:
    """An empty format-1 document; `knows` says what its source can tell (the checks stay silent on the rest)."""
    return {
        "format": 1,
        "provider": {"name": name, "source": source, "version": version, "origin": origin,
                     "licence": "MPL-2.0", "generated": datetime.date.today().isoformat(), "generator": generator},
        "knows": knows,
        "config": "{}",
        "counts": {},
    }


def compact_provider(schema: dict, name: str, source: str, version: str, origin: str) -> dict:
    """The compact document for one provider's `providers schema -json` entry."""
    # Terraform's own schema can tell everything the checks ask about.
    knows = {"deprecation": True, "types": True, "computed": True, "sensitive": True, "min_max": True}
    doc = new_document(name, source, version, origin, "scripts/gen_provider_schema.py", knows)
    doc["config"] = json.dumps(compact_block(schema.get("provider", {}).get("block", {})), separators=(",", ":"))
    for key, kind in KINDS.items():
        entries = schema.get(key, {}) or {}
        doc[kind] = {t: json.dumps(compact_block(s.get("block", {})), separators=(",", ":"))
                     for t, s in sorted(entries.items())}
        doc["counts"][kind] = len(entries)
    return doc


def write(doc: dict, data_dir: Path = DATA) -> Path:
    """Write the compact document and record it in index.json."""
    data_dir.mkdir(parents=True, exist_ok=True)
    meta = doc["provider"]
    file_name = f"{meta['name']}-{meta['version']}.zip"
    write_container(doc, data_dir / file_name)
    index_path = data_dir / "index.json"
    index = json.loads(index_path.read_text()) if index_path.exists() else {"providers": []}
    entries = [e for e in index["providers"] if not (e["source"] == meta["source"] and e["version"] == meta["version"])]
    entries.append({"name": meta["name"], "source": meta["source"], "version": meta["version"], "file": file_name,
                    "origin": meta["origin"], "generated": meta["generated"], "counts": doc["counts"],
                    "knows": doc["knows"]})
    for key in ("package", "package_version"):  # where a generated package was the source
        if key in meta:
            entries[-1][key] = meta[key]
    entries.sort(key=lambda e: (e["source"], [int(p) if p.isdigit() else p for p in e["version"].split(".")]))
    index["providers"] = entries
    index_path.write_text(json.dumps(index, indent=1, sort_keys=True) + "\n")
    return data_dir / file_name


@contextlib.contextmanager
def initialised_directory(provider: str, version: str, mirror: str | None,
                          files: dict[str, str] | None = None) -> Iterator[tuple[Path, dict[str, str]]]:
    """A temporary directory that requires `provider` at `version`, holds `files`, and is initialised.

    Yields the directory and the environment to run terraform in (a CLI config
    naming the filesystem mirror, when one is given).
    """
    with tempfile.TemporaryDirectory() as work:
        env = dict(os.environ, CHECKPOINT_DISABLE="1")
        if mirror:
            rc = Path(work) / "cli.tfrc"
            rc.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{mirror}"\n  }}\n}}\n')
            env["TF_CLI_CONFIG_FILE"] = str(rc)
        local = provider.split("/")[-1]
        Path(work, "versions.tf").write_text(
            f'terraform {{\n  required_providers {{\n    {local} = {{\n      source  = "{provider}"\n'
            f'      version = "{version}"\n    }}\n  }}\n}}\n')
        for name, text in (files or {}).items():
            Path(work, name).write_text(text)
        subprocess.run(["terraform", "init", "-backend=false", "-input=false", "-no-color"], cwd=work, env=env,
                       check=True, capture_output=True)
        yield Path(work), env


def _dump_schema(provider: str, version: str, mirror: str | None) -> tuple[dict, str]:
    with initialised_directory(provider, version, mirror) as (work, env):
        out = subprocess.run(["terraform", "providers", "schema", "-json"], cwd=work, env=env, check=True,
                             capture_output=True).stdout
        tf_version = subprocess.run(["terraform", "version", "-json"], cwd=work, env=env, check=True,
                                    capture_output=True).stdout
        origin = (f"terraform providers schema -json (terraform {json.loads(tf_version)['terraform_version']}, "
                  f"{provider} {version})")
        return json.loads(out), origin


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provider", default="hashicorp/aws", help="namespace/type, e.g. hashicorp/aws")
    parser.add_argument("--version", default="5.100.0")
    parser.add_argument("--mirror", default=None, help="a filesystem mirror directory (e.g. /opt/tf-plugins)")
    parser.add_argument("--from-json", default=None, help="convert this `providers schema -json` output instead")
    parser.add_argument("--out", default=str(DATA))
    args = parser.parse_args(argv)
    source = f"registry.terraform.io/{args.provider}"
    if args.from_json:
        dump = json.loads(Path(args.from_json).read_text())
        origin = f"terraform providers schema -json ({args.provider} {args.version})"
    else:
        dump, origin = _dump_schema(args.provider, args.version, args.mirror)
    schemas = dump.get("provider_schemas", {})
    if source not in schemas:
        print(f"error: {source} is not in the schema dump (found: {', '.join(schemas) or 'none'})", file=sys.stderr)
        return 2
    doc = compact_provider(schemas[source], args.provider.split("/")[-1], source, args.version, origin)
    path = write(doc, Path(args.out))
    counts = doc["counts"]
    print(f"{path}: {counts['resource']} resources, {counts['data']} data sources, "
          f"{counts['ephemeral']} ephemeral resources ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
