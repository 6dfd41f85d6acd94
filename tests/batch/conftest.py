"""Worker processes of the batch tests must be able to import tests/batch/batch_reviewers.py."""

import pytest

from batch_tasks import worker_env


@pytest.fixture(autouse=True)
def _reviewers_importable(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", worker_env()["PYTHONPATH"])
