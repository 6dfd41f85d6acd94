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

Opening a zip archive the standard way parses its whole central directory,
about 10 ms for the 2,500 members of hashicorp/aws: a tenth of a `validate`
process. So the writer adds a last member, `directory.json` (each member's
local-header offset), and names its offset in the archive comment; the reader
goes straight to it and then to the members it needs. The file stays an
ordinary zip (`unzip -l` lists it); an archive without that comment is read
through zipfile.
"""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import zipfile

KINDS = ("resource", "data", "ephemeral")
DOCUMENT = "document.json"
DIRECTORY = "directory.json"
_COMMENT = b"iacreview-directory "  # followed by the directory member's offset, 12 digits
_COMMENT_SIZE = len(_COMMENT) + 12
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_LOCAL_SIGNATURE = 0x04034B50
_STORED, _DEFLATED = 0, 8  # zip compression methods (zipfile itself is imported only to write or fall back)
_EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed member times: the same schema always makes the same bytes


def write_container(doc: dict, path: Path) -> None:
    """Store a whole document (types included, each a compact JSON string) as a container."""
    import zipfile

    head = {key: value for key, value in doc.items() if key not in KINDS}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _member(archive, DOCUMENT, json.dumps(head, separators=(",", ":"), sort_keys=True))
        for kind in KINDS:
            for type_name, block in sorted(doc.get(kind, {}).items()):
                _member(archive, f"{kind}/{type_name}", block)
        offsets = {info.filename: info.header_offset for info in archive.infolist()}
        where = archive.fp.tell()  # type: ignore[union-attr]  # the next member's local header
        _member(archive, DIRECTORY, json.dumps(offsets, separators=(",", ":"), sort_keys=True))
        archive.comment = _COMMENT + b"%012d" % where


def _member(archive: zipfile.ZipFile, name: str, text: str) -> None:
    import zipfile

    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text.encode("utf-8"), compresslevel=9)


def read_document(path: Path) -> dict:
    """The whole document of a container (for generators; the checks read lazily with `LazyContainer`)."""
    import zipfile

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
    """An open container: its metadata now, each type's block when asked for.

    Raises OSError, ValueError, zlib.error or KeyError for a damaged file
    (a bad zip is a ValueError); the store turns each into one line naming it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data = path.read_bytes()
        self._archive: zipfile.ZipFile | None = None
        offsets = self._directory()
        if offsets is None:  # written by another tool: the standard way
            import zipfile

            try:
                self._archive = zipfile.ZipFile(path)
            except zipfile.BadZipFile as err:
                raise ValueError(str(err)) from None
            names = self._archive.namelist()
        else:
            names = list(offsets)
        self._offsets = offsets
        self.document: dict = json.loads(self._read(DOCUMENT))
        self.types: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        for name in names:
            kind, _, type_name = name.partition("/")
            if kind in self.types and type_name:
                self.types[kind][type_name] = name

    def block_text(self, kind: str, type_name: str) -> str | None:
        name = self.types.get(kind, {}).get(type_name)
        return None if name is None else self._read(name).decode("utf-8")

    def _directory(self) -> dict[str, int] | None:
        tail = self._data[-_COMMENT_SIZE:]
        if len(self._data) < 22 + _COMMENT_SIZE or not tail.startswith(_COMMENT):
            return None
        offsets = json.loads(self._member_at(int(tail[len(_COMMENT):]), DIRECTORY))
        if not isinstance(offsets, dict):
            raise ValueError("the member directory is not an object")
        return offsets

    def _read(self, name: str) -> bytes:
        if self._archive is not None:
            import zipfile

            try:
                return self._archive.read(name)
            except zipfile.BadZipFile as err:
                raise ValueError(str(err)) from None
        return self._member_at(self._offsets[name], name)  # type: ignore[index]

    def _member_at(self, offset: int, name: str) -> bytes:
        """A member's bytes from its local header: deflated or stored, its CRC checked."""
        try:
            fields = _LOCAL_HEADER.unpack_from(self._data, offset)
        except struct.error:
            raise ValueError(f"no member {name!r} at offset {offset}: the file is cut short") from None
        signature, _, _, method, _, _, crc, size, _, name_size, extra_size = fields
        start = offset + _LOCAL_HEADER.size
        if signature != _LOCAL_SIGNATURE or self._data[start:start + name_size].decode("utf-8") != name:
            raise ValueError(f"no member {name!r} at offset {offset}")
        start += name_size + extra_size
        raw = self._data[start:start + size]
        if method == _DEFLATED:
            raw = zlib.decompress(raw, -15)
        elif method != _STORED:
            raise ValueError(f"member {name!r}: compression method {method} is not supported")
        if zlib.crc32(raw) != crc:
            raise ValueError(f"member {name!r}: bad CRC")
        return raw
