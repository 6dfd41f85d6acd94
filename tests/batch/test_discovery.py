"""Finding tasks: folders under a dataset, JSONL records, and what is not a task."""

from __future__ import annotations

import json

from batch_tasks import make_task, write_jsonl

from iacreview.batch.discovery import check_dataset, count_dataset, iter_dataset, iter_task_folders
from iacreview.batch.jsonl import folder_name, write_task_folder
from iacreview.task import load_task


def test_task_folders_are_found_by_metadata_or_model_response(tmp_path):
    make_task(tmp_path / "a", "one")
    only_response = tmp_path / "b" / "two"
    (only_response / "lib").mkdir(parents=True)
    (only_response / "lib" / "MODEL_RESPONSE.md").write_text("no code")
    (tmp_path / "c" / "not-a-task" / "lib").mkdir(parents=True)
    (tmp_path / "c" / "not-a-task" / "lib" / "PROMPT.md").write_text("prompt only")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_task_folders(tmp_path)]
    assert found == ["a/one", "b/two"]


def test_discovery_does_not_descend_into_tasks_or_hidden_and_cache_folders(tmp_path):
    outer = make_task(tmp_path, "outer")
    make_task(outer / "lib", "nested")  # a task inside a task is part of the outer task
    make_task(tmp_path / ".git", "hidden")
    make_task(tmp_path / "node_modules", "vendored")
    assert [p.name for p in iter_task_folders(tmp_path)] == ["outer"]


def test_ids_are_paths_relative_to_the_dataset_and_order_is_stable(tmp_path):
    for name in ("b", "a", "c"):
        make_task(tmp_path / "group", name)
    items = list(iter_dataset([tmp_path]))
    assert [i.task_id for i in items] == ["group/a", "group/b", "group/c"]
    assert all(i.source == "folder" and i.record is None for i in items)
    assert count_dataset([tmp_path]) == 3


def test_a_dataset_that_is_itself_a_task_folder(tmp_path):
    task = make_task(tmp_path, "single")
    items = list(iter_dataset([task]))
    assert [(i.task_id, i.path) for i in items] == [("single", str(task))]


def test_jsonl_records_and_broken_lines(tmp_path):
    path = write_jsonl(tmp_path / "data.jsonl", [
        {"id": "r1", "prompt": "p", "response": "r", "ideal": "i", "metadata": {"training_quality": 8}},
        {"id": 7, "prompt": "p", "response": "r"},
        "",
        "{not json",
        {"id": "r3", "prompt": "p"},
        [1, 2],
        {"id": "r4", "prompt": "p", "response": 5, "metadata": "x"},
        {"id": " ", "prompt": "p", "response": "r"},
    ])
    items = list(iter_dataset([path]))
    assert count_dataset([path]) == len(items) == 7
    good = [i for i in items if i.error is None]
    assert [(i.task_id, i.path) for i in good] == [("r1", f"{path}:1"), ("7", f"{path}:2")]
    assert good[0].record == {"prompt": "p", "response": "r", "ideal": "i", "metadata": {"training_quality": 8}}
    errors = {i.task_id: i.error for i in items if i.error}
    assert "invalid JSON" in errors["data.jsonl:4"]
    assert "missing 'response'" in errors["r3"]
    assert "must be a JSON object" in errors["data.jsonl:6"]
    assert "'response' must be a string" in errors["r4"] and "'metadata' must be an object" in errors["r4"]
    assert "'id' must be a non-empty string or number" in errors["data.jsonl:8"]


def test_a_record_becomes_a_task_folder_the_loader_reads(tmp_path):
    record = {"prompt": "Make a bucket.", "response": "```hcl\nresource \"aws_s3_bucket\" \"b\" {}\n```\n",
              "ideal": "```hcl\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n```\n",
              "metadata": {"platform": "tf", "language": "hcl", "training_quality": 7}}
    folder = write_task_folder(record, tmp_path / folder_name("weird/../id with spaces"))
    assert folder.parent == tmp_path and "/" not in folder.name
    task = load_task(folder)
    assert task.kind == "task"
    assert task.prompt == "Make a bucket."
    assert list(task.model.files) and task.ideal is not None
    assert task.metadata.training_quality == 7
    assert json.loads((folder / "metadata.json").read_text())["platform"] == "tf"


def test_check_dataset_explains_what_is_wrong(tmp_path):
    assert check_dataset(tmp_path) is None
    assert "no such file" in check_dataset(tmp_path / "missing")
    (tmp_path / "notes.txt").write_text("x")
    assert "not a directory or a JSONL file" in check_dataset(tmp_path / "notes.txt")
