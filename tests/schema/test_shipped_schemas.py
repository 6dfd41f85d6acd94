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
