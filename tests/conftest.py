"""Shared fixtures: the data folder beside the repo, and one pipeline per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SEED = SHARED / "seed" / "almaty-ank-30.txt"
SEED_EXPECTED = SHARED / "seed" / "almaty-ank-30.expected.json"
FACTRU_DEV = SHARED / "factru2016" / "devset"
KZNEWS = SHARED / "kznews"

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def need_shared() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/data is absent (a user's clone); CI always has it")


@pytest.fixture(scope="session")
def pipeline():
    from derek import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    need_shared()
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_article(pipeline, seed_text):
    return pipeline.extract(seed_text)
