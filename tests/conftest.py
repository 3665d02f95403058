"""Shared fixtures: real SQLite and Chroma on temporary folders; the fake embedder for fast
unit tests, the real model for integration tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from kb.search.embedder import Embedder, FakeEmbedder, load_embedder
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "kbhome")


@pytest.fixture
def fake_kb(settings: Settings) -> KnowledgeBase:
    return KnowledgeBase(settings, FakeEmbedder())


@pytest.fixture(scope="session")
def real_embedder() -> Embedder:
    return load_embedder()


@pytest.fixture(scope="session")
def corpus_kb(tmp_path_factory: pytest.TempPathFactory, real_embedder: Embedder) -> KnowledgeBase:
    """The default corpus ingested once with the real model, shared by integration tests."""
    from ingest.pipeline import ingest_paths

    home = tmp_path_factory.mktemp("corpus_kb")
    kb = KnowledgeBase(Settings(home=home), real_embedder)
    outcomes = ingest_paths(kb, [CORPUS])
    failed = [o for o in outcomes if o.status == "failed"]
    assert not failed, failed
    return kb
