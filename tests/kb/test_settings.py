"""docs/settings.md documents every setting, with its default, and nothing else."""

import re
from pathlib import Path

from kb.settings import Settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def documented() -> dict[str, str]:
    rows = re.findall(r"^\| `(KB_[A-Z_]+)` \| (.+?) \|", DOC.read_text(), flags=re.M)
    return dict(rows)


def test_every_setting_is_documented_with_its_default() -> None:
    docs = documented()
    fields = {f"KB_{name.upper()}": f for name, f in Settings.model_fields.items()}
    assert set(docs) == set(fields)
    for var, field in fields.items():
        shown = "unset" if field.default is None else f"`{field.default}`"
        assert docs[var] == shown, var


def test_settings_come_from_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("KB_HOME", str(tmp_path))
    monkeypatch.setenv("KB_MAX_UPLOAD_MB", "7")
    settings = Settings()
    assert settings.home == tmp_path and settings.max_upload_mb == 7
    assert settings.sqlite_path.parent == tmp_path
