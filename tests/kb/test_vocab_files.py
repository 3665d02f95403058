"""Every vocabulary file parses, is read by the code and is listed in the README's table of
where each vocabulary item is declared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.vocab.file import VOCAB_DIR, VocabError, read_vocab

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(VOCAB_DIR.glob("*.toml"))


def test_there_are_vocabulary_files() -> None:
    assert len(FILES) >= 10


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_file_parses_is_read_and_is_documented(path: Path) -> None:
    assert read_vocab(path)
    code = "\n".join(p.read_text() for p in ROOT.glob("[ki]*/**/*.py"))
    assert f'"{path.name}"' in code or f'"{path.stem}"' in code, f"nothing reads {path.name}"
    readme = (ROOT / "README.md").read_text()
    assert re.search(rf"\|\s*`{re.escape(path.name)}`", readme), f"README omits {path.name}"


def test_a_broken_file_is_an_error_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("stopwords = [\n")
    with pytest.raises(VocabError, match=r"broken\.toml"):
        read_vocab(broken)
