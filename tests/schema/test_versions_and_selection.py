"""Which shipped schema a configuration gets, and what happens when none or a broken one applies."""

from __future__ import annotations

import zipfile
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from iacreview.cli.main import cli
from iacreview.model.config import Configuration
from iacreview.model.files import MemoryTree
from iacreview.model.provider_schemas import SchemaSet, read_lock_file
from iacreview.schema import SchemaDataError, shipped_providers
from iacreview.schema.select import choose, normalize_source
from iacreview.schema.store import DATA_DIR, _index, _load
from iacreview.schema.versions import ConstraintError, newest, parse_constraints, satisfies

AWS = "registry.terraform.io/hashicorp/aws"


@pytest.mark.parametrize(("version", "constraints", "ok"), [
    ("5.100.0", ["~> 5.0"], True),
    ("6.1.0", ["~> 5.0"], False),
    ("5.100.0", ["~> 5.31.0"], False),
    ("5.31.4", ["~> 5.31.0"], True),
    ("5.100.0", [">= 4.0, < 6.0"], True),
    ("6.0.0", [">= 4.0, < 6.0"], False),
    ("5.100.0", ["5.100.0"], True),
    ("5.100.0", ["= 5.99.0"], False),
    ("5.100.0", ["!= 5.100.0"], False),
    ("5.100.0", [">= 5.0", "~> 5.90"], True),
    ("5.100.0", ["~> 5"], True),
    ("6.0.0-beta1", [">= 5.0"], False),
    ("6.0.0-beta1", ["6.0.0-beta1"], True),
    ("5.100.0", ["not a version"], False),
    ("5.100.0", [], True),
])
def test_constraints_as_terraform_reads_them(version, constraints, ok):
    assert satisfies(version, constraints) is ok


def test_invalid_constraint_is_an_error_and_newest_ignores_unreadable_versions():
    with pytest.raises(ConstraintError):
        parse_constraints(">= five")
    assert newest(["5.2.0", "5.10.0", "x", "5.9.9"]) == "5.10.0"


def test_source_addresses_are_normalised():
    assert normalize_source("aws") == AWS
    assert normalize_source("hashicorp/AWS") == AWS
    assert normalize_source(AWS) == AWS


def test_the_newest_shipped_version_the_constraints_allow_is_chosen():
    versions = sorted((p.version for p in shipped_providers() if p.source == AWS), key=lambda v: [int(x) for x in v.split(".")])
    assert "5.100.0" in versions
    assert choose("hashicorp/aws", ["~> 5.0"]).version == "5.100.0"
    assert choose("hashicorp/aws", []).version == versions[-1]
    assert choose("hashicorp/aws", ["~> 3.0"]).shipped is None
    assert "no shipped version" in choose("hashicorp/aws", ["~> 3.0"]).reason


def test_the_lock_file_pins_the_version():
    assert choose("hashicorp/aws", [">= 4.0"], locked="5.100.0").version == "5.100.0"
    assert choose("hashicorp/aws", [">= 4.0"], locked="5.31.0").shipped is None


def test_an_unknown_provider_gets_no_schema():
    choice = choose("example/acme", [])
    assert choice.shipped is None and choice.schema() is None


def test_constraints_of_every_module_count():
    files = {
        "main.tf": 'module "child" {\n  source = "./child"\n}\n',
        "child/main.tf": 'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
                         '      version = "< 6.0"\n    }\n  }\n}\n\nresource "aws_sns_topic" "t" {}\n',
    }
    schemas = SchemaSet(Configuration(MemoryTree(files)).root)
    assert schemas.choices[AWS].version == "5.100.0"


def test_lock_file_is_read_from_the_root():
    lock = ('provider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.100.0"\n'
            '  constraints = ">= 4.0"\n  hashes = []\n}\n')
    tree = MemoryTree({"main.tf": "", ".terraform.lock.hcl": lock})
    assert read_lock_file(tree, "") == {AWS: "5.100.0"}
    assert read_lock_file(MemoryTree({"main.tf": "", ".terraform.lock.hcl": "provider {"}), "") == {}


@pytest.fixture
def broken_schema_dir(tmp_path, monkeypatch):
    for item in DATA_DIR.iterdir():
        shutil.copy(item, tmp_path / item.name)
    monkeypatch.setenv("IACREVIEW_SCHEMA_DIR", str(tmp_path))
    _index.cache_clear()
    _load.cache_clear()
    yield tmp_path
    _index.cache_clear()
    _load.cache_clear()


def test_a_corrupt_schema_file_is_one_line_naming_it(broken_schema_dir, tmp_path):
    (broken_schema_dir / "aws-5.100.0.zip").write_bytes(b"not a zip archive")
    with pytest.raises(SchemaDataError, match="aws-5.100.0.zip: the schema file is corrupt"):
        choose("hashicorp/aws", ["~> 5.0"]).schema()
    work = tmp_path / "config"
    work.mkdir()
    (work / "main.tf").write_text('terraform {\n  required_providers {\n    aws = {\n      version = "~> 5.0"\n'
                                  '    }\n  }\n}\n\nresource "aws_sns_topic" "t" {}\n')
    result = CliRunner().invoke(cli, ["validate", str(work)])
    assert result.exit_code == 2
    assert "aws-5.100.0.zip" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_check_and_review_stop_with_one_line_on_a_corrupt_schema(broken_schema_dir, tmp_path):
    for item in broken_schema_dir.glob("aws-*.zip"):
        item.write_bytes(b"PK\x03\x04 broken")
    (tmp_path / "main.tf").write_text('resource "aws_sns_topic" "t" {}\n')
    import subprocess
    import sys

    env = {"IACREVIEW_SCHEMA_DIR": str(broken_schema_dir), "PATH": "/usr/bin:/bin"}
    for command in (["check", str(tmp_path)], ["review", str(tmp_path)]):
        run = subprocess.run([sys.executable, "-m", "iacreview", *command], capture_output=True, text=True, env=env)
        assert run.returncode == 2, run.stderr
        assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
        assert ".zip: the schema file is corrupt" in run.stderr


def test_a_missing_schema_file_and_a_corrupt_index_are_errors_too(broken_schema_dir):
    (broken_schema_dir / "aws-5.100.0.zip").unlink()
    with pytest.raises(SchemaDataError, match="missing"):
        choose("hashicorp/aws", ["~> 5.0"]).schema()
    (broken_schema_dir / "index.json").write_text("{")
    _index.cache_clear()
    with pytest.raises(SchemaDataError, match="index.json"):
        shipped_providers()


def test_validate_json_says_which_schema_each_provider_got(tmp_path):
    (tmp_path / "main.tf").write_text(
        'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n'
        '    }\n    acme = {\n      source = "example/acme"\n    }\n  }\n}\n\n'
        'resource "aws_sns_topic" "t" {}\n\nresource "acme_widget" "w" {}\n')
    result = CliRunner().invoke(cli, ["validate", str(tmp_path), "--format", "json"])
    payload = json.loads(result.output)
    assert payload["valid"] is True
    assert payload["providers"][AWS]["schema"]["version"] == "5.100.0"
    assert payload["providers"]["registry.terraform.io/example/acme"]["schema"] is None


def test_shipped_documents_have_no_descriptions():
    for shipped in shipped_providers():
        with zipfile.ZipFile(DATA_DIR / shipped.file) as archive:
            for name in [n for n in archive.namelist() if "/" in n][:200]:  # types, not document/directory
                _assert_compact(json.loads(archive.read(name)))


def _assert_compact(block: dict) -> None:
    """Only what validation needs: attributes as [type, flags], nested blocks as [mode, min, max, block]."""
    assert set(block) <= {"a", "b", "f"}
    for attribute in block.get("a", {}).values():
        assert isinstance(attribute, list) and len(attribute) == 2
    for mode, min_items, max_items, inner in block.get("b", {}).values():
        assert isinstance(mode, str) and isinstance(min_items, int) and isinstance(max_items, int)
        _assert_compact(inner)
