"""Where the vocabulary data files live (kb/vocab/) and how one is read: every loader goes
through here, so a missing or malformed file is always reported the same way, naming it."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from kb.errors import KbError

VOCAB_DIR = Path(__file__).resolve().parent


class VocabError(KbError, ValueError):
    """A vocabulary file that cannot be read or parsed; the message names the file."""

    status = 503  # the service cannot answer until the file is mended


def read_vocab(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise VocabError(f"{path}: cannot read vocabulary: {exc}") from exc
