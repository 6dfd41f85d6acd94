"""Every provider schema shipped in src/iacreview/schema/data is whole and is what index.json says it is."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from iacreview.schema.container import read_document

DATA = Path(__file__).resolve().parent.parent.parent / "src" / "iacreview" / "schema" / "data"
ENTRIES = json.loads((DATA / "index.json").read_text())["providers"]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_document_matches_its_index_entry(entry):
    assert entry["file"] == f"{entry['name']}-{entry['version']}.zip"
    doc = read_document(DATA / entry["file"])
    assert doc["format"] == 1
    meta = doc["provider"]
    assert (meta["name"], meta["source"], meta["version"]) == (entry["name"], entry["source"], entry["version"])
    for kind in ("resource", "data", "ephemeral"):
        assert len(doc[kind]) == entry["counts"][kind] == doc["counts"][kind], kind
    assert doc["knows"] == entry["knows"]
    json.loads(doc["config"])
    for kind in ("resource", "data", "ephemeral"):
        for block in list(doc[kind].values())[:50]:
            assert isinstance(json.loads(block), dict)


def test_every_data_file_is_listed_and_named_in_the_notice():
    listed = {e["file"] for e in ENTRIES}
    assert {p.name for p in DATA.glob("*.zip")} == listed
    notice = (DATA / "NOTICE").read_text()
    for entry in ENTRIES:
        assert re.search(rf"{re.escape(entry['source'].split('/', 1)[1])} {re.escape(entry['version'])}\b", notice)
        assert f"https://github.com/hashicorp/terraform-provider-{entry['name']}" in notice


def test_containers_are_read_through_their_directory_without_parsing_the_zip():
    """The shipped containers carry the member directory the fast reader uses (the zip's own central
    directory costs ~10 ms to parse); the reader gives what zipfile gives."""
    import zipfile

    from iacreview.schema.container import DIRECTORY, LazyContainer

    for path in DATA.glob("*.zip"):
        container = LazyContainer(path)
        assert container._archive is None, path  # the fast path was taken
        with zipfile.ZipFile(path) as archive:
            assert archive.namelist()[-1] == DIRECTORY and archive.testzip() is None
            names = [n for n in archive.namelist() if "/" in n]
            assert sum(len(t) for t in container.types.values()) == len(names)
            for name in names[:50]:
                kind, _, type_name = name.partition("/")
                assert container.block_text(kind, type_name) == archive.read(name).decode("utf-8")


def test_a_plain_zip_is_read_through_zipfile_and_a_damaged_member_is_an_error(tmp_path):
    import zipfile

    import pytest

    from iacreview.schema.container import LazyContainer

    source = DATA / "null-3.3.2.zip"
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            out.writestr(name, src.read(name))
    fallback, fast = LazyContainer(plain), LazyContainer(source)
    assert fallback._archive is not None
    assert fallback.types == fast.types and fallback.document == fast.document
    assert fallback.block_text("resource", "null_resource") == fast.block_text("resource", "null_resource")
    data = bytearray(source.read_bytes())
    at = data.index(b"resource/null_resource") + len(b"resource/null_resource")
    data[at + 2] ^= 0xFF  # inside the member's compressed bytes
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    with pytest.raises((ValueError, zlib_error())):
        LazyContainer(damaged).block_text("resource", "null_resource")
    whole = source.read_bytes()
    for cut in (whole[: len(whole) // 2] + whole[-40:], whole[: len(whole) // 2]):  # comment kept, or cut off too
        damaged.write_bytes(cut)
        with pytest.raises((ValueError, zlib_error(), KeyError)):
            LazyContainer(damaged)


def zlib_error():
    import zlib

    return zlib.error
