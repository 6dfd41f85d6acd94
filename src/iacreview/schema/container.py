"""How a provider schema is stored: a zip archive with one member per resource type.

A configuration uses a few dozen of a provider's two thousand types. In one
compressed JSON document every check would pay for decompressing and parsing
all of them (about 40 ms of CPU for hashicorp/aws, most of a `validate` run);
with a member per type, opening the archive reads only its directory and each
type is inflated when a check first asks for it.

Members: `document.json` (the provider's metadata, what its source can tell,
counts, the provider block's schema, recorded deprecation texts and argument
groups) and `<kind>/<type>` for every resource, data source and ephemeral
resource (`resource/aws_s3_bucket`), each the compact block of format 1
(documented in scripts/gen_provider_schema.py).
"""

from __future__ import annotations

import json
import zipfile

from pathlib import Path

KINDS = ("resource", "data", "ephemeral")
DOCUMENT = "document.json"
_EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed member times: the same schema always makes the same bytes


def write_container(doc: dict, path: Path) -> None:
    """Store a whole document (types included, each a compact JSON string) as a container."""
    head = {key: value for key, value in doc.items() if key not in KINDS}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _member(archive, DOCUMENT, json.dumps(head, separators=(",", ":"), sort_keys=True))
        for kind in KINDS:
            for type_name, block in sorted(doc.get(kind, {}).items()):
                _member(archive, f"{kind}/{type_name}", block)


def _member(archive: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text.encode("utf-8"), compresslevel=9)


def read_document(path: Path) -> dict:
    """The whole document of a container (for generators; the checks read lazily with `LazyContainer`)."""
    with zipfile.ZipFile(path) as archive:
        doc = json.loads(archive.read(DOCUMENT))
        for kind in KINDS:
            doc[kind] = {}
        for name in archive.namelist():
            kind, _, type_name = name.partition("/")
            if kind in KINDS and type_name:
                doc[kind][type_name] = archive.read(name).decode("utf-8")
    return doc


class LazyContainer:
    """An open container: its metadata now, each type's block when asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._archive = zipfile.ZipFile(path)
        self.document: dict = json.loads(self._archive.read(DOCUMENT))
        self.types: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        for name in self._archive.namelist():
            kind, _, type_name = name.partition("/")
            if kind in self.types and type_name:
                self.types[kind][type_name] = name

    def block_text(self, kind: str, type_name: str) -> str | None:
        name = self.types.get(kind, {}).get(type_name)
        return None if name is None else self._archive.read(name).decode("utf-8")
