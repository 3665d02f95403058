"""Served safely: an uploaded HTML original is a sandboxed download, never a page on the
app's origin; Markdown exports show document text as written; /docs and /redoc load only
the app's own assets, under a CSP."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.app import create_app
from kb.reports.export.text import _md_text
from kb.search.knowledge import KnowledgeBase
from tests.utils.writes import for_test_client, write_headers

REFRESH = b"""<html><head><meta http-equiv="refresh" content="0;url=http://evil.example/">
<title>Minutes</title></head><body><p>The Panel noted the fostering report.</p></body></html>"""


def test_an_html_original_is_a_sandboxed_download(fake_kb: KnowledgeBase) -> None:
    with TestClient(create_app(for_test_client(fake_kb.settings), fake_kb)) as client:
        added = client.post(
            "/api/documents",
            files={"file": ("minutes.html", REFRESH)},
            headers=write_headers(client),
        )
        assert added.status_code == 201, added.text
        original = client.get(f"/documents/{fake_kb.documents()[0].id}/file")
    assert original.status_code == 200
    assert original.headers["content-disposition"].startswith("attachment")
    assert original.headers["content-security-policy"].startswith("sandbox")


def test_markdown_syntax_in_document_text_is_escaped() -> None:
    shown = _md_text("See ![x](http://evil.example/t.png) and [click](https://evil.example) *now*")
    assert "![" not in shown and "](" not in shown.replace("\\](", "")
    assert "\\[click\\]" in shown and "\\*now\\*" in shown


def test_api_docs_use_only_the_apps_own_assets(fake_kb: KnowledgeBase) -> None:
    with TestClient(create_app(for_test_client(fake_kb.settings), fake_kb)) as client:
        for path in ("/docs", "/redoc"):
            page = client.get(path)
            assert page.status_code == 200
            sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
            assert sources and all(s.startswith("/") for s in sources), sources
            for asset in sources:
                if asset != "/openapi.json":
                    assert client.get(asset).status_code == 200, asset
            csp = page.headers["content-security-policy"]
            assert "http" not in csp and "unsafe-eval" not in csp
            assert ("'sha256-" in csp) == ("<script>" in page.text)  # its start-up script only
