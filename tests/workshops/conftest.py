"""Fixtures for the training tests: the shipped content loaded, and a copy of it to break."""

import shutil

import pytest

from workshops.content_loader import CONTENT_DIR
from workshops.services import training_content_load


@pytest.fixture
def training(db):
    return training_content_load().training


@pytest.fixture
def content_copy(tmp_path):
    """A writable copy of workshops/content/ to break in one place."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target
