"""Task titles: derived when metadata has none, so no task shows an empty title in the dashboard."""

from __future__ import annotations

import json

import pytest

from iacreview.task.title import MAX_TITLE, derive_title, folder_title, prompt_title


@pytest.mark.parametrize("prompt, title", [
    ("# Secure **AWS** Infrastructure with `Terraform`\n\nI need a VPC.", "Secure AWS Infrastructure with Terraform"),
    ("## Task\n\nCreate an S3 bucket for logs. It must be private.", "Create an S3 bucket for logs."),
    ("You are an expert DevOps engineer. Implement a [secure](https://x) VPC in us-east-1.",
     "Implement a secure VPC in us-east-1."),
    ("\n\n- Build three subnets\n", "Build three subnets"),
    ("", None),
    ("## Requirements\n\n", None),
])
def test_a_title_from_the_prompt(prompt, title):
    assert prompt_title(prompt) == title


def test_a_long_sentence_is_cut_at_a_word():
    words = "Create a highly available web application stack with an application load balancer " * 3
    title = prompt_title(words)
    assert len(title) <= MAX_TITLE + 1 and title.endswith("…") and title[:-1] in words and " " not in title[-2:]


def test_metadata_first_then_the_prompt_then_the_folder():
    assert derive_title({"title": "Given", "subtask": "Cat"}, "# Heading", "Pr1") == "Given"
    assert derive_title({"subtask": "Security and Compliance"}, "# Heading", "Pr1") == "Security and Compliance"
    assert derive_title({"subtask": "  "}, "# Heading", "Pr1") == "Heading"
    assert derive_title(None, None, "Pr1") == "Pr1"


def test_a_folder_without_a_review_still_has_a_title(tmp_path):
    (tmp_path / "Pr7" / "lib").mkdir(parents=True)
    (tmp_path / "Pr7" / "metadata.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "Pr7" / "lib" / "PROMPT.md").write_text("Deploy a Lambda behind API Gateway. Use Python.")
    assert folder_title(tmp_path / "Pr7") == "Deploy a Lambda behind API Gateway."
    (tmp_path / "Pr8").mkdir()
    (tmp_path / "Pr8" / "metadata.json").write_text(json.dumps({"subtask": "Serverless"}))
    assert folder_title(tmp_path / "Pr8") == "Serverless"
    assert folder_title(tmp_path / "missing") == "missing"
