"""Content hashes decide what a rerun skips: they must see every input and nothing else."""

from __future__ import annotations

import os
import re

from batch_tasks import make_task

from iacreview.batch.hashing import folder_hash, record_hash, rubric_key, ruleset_version


def test_folder_hash_covers_every_input_file(tmp_path):
    task = make_task(tmp_path, "t")
    (task / "test").mkdir()
    (task / "test" / "main.tftest.hcl").write_text("run \"x\" {}\n")
    first = folder_hash(task)
    assert folder_hash(task) == first
    for relative in ("metadata.json", "lib/PROMPT.md", "lib/MODEL_RESPONSE.md", "test/main.tftest.hcl"):
        path = task / relative
        original = path.read_bytes()
        path.write_bytes(original + b" ")
        assert folder_hash(task) != first, relative
        path.write_bytes(original)
    assert folder_hash(task) == first
    (task / "lib" / "extra.tf").write_text("")
    assert folder_hash(task) != first


def test_folder_hash_ignores_times_caches_and_hidden_files(tmp_path):
    task = make_task(tmp_path, "t")
    first = folder_hash(task)
    os.utime(task / "lib" / "PROMPT.md", (1, 1))
    (task / ".git").mkdir()
    (task / ".git" / "HEAD").write_text("ref")
    (task / "lib" / ".terraform").mkdir()
    (task / "lib" / ".terraform" / "cache").write_text("x")
    assert folder_hash(task) == first


def test_a_renamed_file_changes_the_hash(tmp_path):
    task = make_task(tmp_path, "t", ideal="ideal")
    first = folder_hash(task)
    (task / "lib" / "IDEAL_RESPONSE.md").rename(task / "lib" / "OTHER.md")
    assert folder_hash(task) != first


def test_record_hash_is_canonical():
    a = {"prompt": "p", "response": "r", "metadata": {"x": 1, "y": 2}}
    b = {"metadata": {"y": 2, "x": 1}, "response": "r", "prompt": "p"}
    assert record_hash(a) == record_hash(b)
    assert record_hash(a) != record_hash({**a, "response": "r2"})


def test_ruleset_version_and_rubric_key(tmp_path):
    assert re.fullmatch(r"[0-9a-f]{12}", ruleset_version())
    assert rubric_key("seed", ("seed", "training-value")) == "seed"
    rubric = tmp_path / "mine.toml"
    rubric.write_text("base = 8\n")
    key = rubric_key(str(rubric), ("seed",))
    assert key.startswith("mine.toml@")
    rubric.write_text("base = 7\n")
    assert rubric_key(str(rubric), ("seed",)) != key
