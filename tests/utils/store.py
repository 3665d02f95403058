"""A small real store (a letter, minutes and a PDF, ingested with the fake embedder) and the
environment for a `kb serve` subprocess over it, for the tests that need a server process."""

from __future__ import annotations

import os
from pathlib import Path

from ingest.pipeline import Ingestor
from kb.search.embedder import FakeEmbedder
from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings
from tests.ingest.fixtures.documents import one_page_pdf, stream, text_ops

KEY = "s3cret-key-for-tests"

LETTER = """# Focused visit to Gateshead children's services

Inspectors visited Gateshead Council children's services on 20 and 21 March 2018.

## Areas for improvement

- Most pathway plans written by personal advisers for care leavers could be better.
- Contingency planning in pathway plans is vague and lacks meaning for young people.
"""

MINUTES = """Children and Young People's Scrutiny Panel, Middlesbrough Council, 3 May 2023.

The Panel noted the report on caseloads of social workers and agreed the workforce plan.
Members asked about the front door and the multi-agency safeguarding hub.
"""


def make_store(home: Path, folder: Path, chroma_url: str | None = None) -> KnowledgeBase:
    """A store of a letter, minutes and a PDF, written with the fake embedder (vectors in
    embedded Chroma, or in the `chroma run` server at `chroma_url`)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "letter.md").write_text(LETTER, encoding="utf-8")
    (folder / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    (folder / "visit.pdf").write_bytes(
        one_page_pdf(stream(text_ops("Ofsted found that care leavers value their advisers.")))
    )
    kb = KnowledgeBase(Settings(home=home, chroma_url=chroma_url), FakeEmbedder())
    outcomes = Ingestor(kb).ingest(sorted(folder.iterdir()))
    assert all(o.status == "added" for o in outcomes), outcomes
    return kb


def server_env(home: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "KB_HOME": str(home), "KB_EMBED_MODEL": "fake", "HF_HUB_OFFLINE": "1"}
    for name in ("KB_API_KEY", "KB_CHROMA_URL", "KB_WORKERS"):
        env.pop(name, None)
    env.update(extra)
    return env
