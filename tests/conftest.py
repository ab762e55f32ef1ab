"""Shared fixtures: a private copy of the seed corpus and settings pointing at tmp folders.

Real parts throughout (Chroma, the packaged embedder); the model is replaced by
`Scripted` only in tests of plumbing. Tests marked `llm` use the real model.
"""

import shutil
from pathlib import Path

import pytest

from rag import Assistant, Scripted, Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def corpus(tmp_path) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(SEEDS, dst)
    for f in dst.iterdir():
        f.chmod(0o644)
    return dst


@pytest.fixture
def settings(tmp_path, corpus) -> Settings:
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index", backend="llamacpp")


@pytest.fixture
def scripted(settings):
    """An Assistant over an ingested copy of the seeds, with a deterministic generator."""
    gen = Scripted()
    a = Assistant(settings, generator=gen)
    a.ingest()
    return a
