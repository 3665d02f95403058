"""`kb serve`: the web app and API under uvicorn."""

from __future__ import annotations

import argparse
import os
import sys

from kb.search.knowledge import KnowledgeBase
from kb.settings import Settings


def cmd_serve(kb: KnowledgeBase, args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app

    if kb.settings.threads is None:
        # One thread per question: with several in flight, more threads only contend.
        kb = KnowledgeBase(kb.settings.model_copy(update={"threads": 1}))
    settings = with_bound_host(kb.settings, args.host)
    if settings.workers > 1 and not settings.chroma_url:
        print(
            "Embedded Chroma allows one worker process: set KB_CHROMA_URL to a `chroma run` "
            "server to use more.",
            file=sys.stderr,
        )
        return 2
    if settings.workers > 1:  # each worker builds its own app, all sharing the Chroma server
        # Workers read their settings from the environment: pass on the one-thread default.
        os.environ["KB_THREADS"] = str(settings.threads)
        os.environ["KB_ALLOWED_HOSTS"] = settings.allowed_hosts or ""
        uvicorn.run(
            "api.app:create_app",
            factory=True,
            workers=settings.workers,
            host=args.host,
            port=args.port,
        )
    else:
        uvicorn.run(create_app(settings, kb), host=args.host, port=args.port, log_level="info")
    return 0


def with_bound_host(settings: Settings, host: str) -> Settings:
    """The address `kb serve` binds to is a name it answers to (unless it is a wildcard)."""
    if host in ("0.0.0.0", "::", ""):
        return settings
    hosts = [h for h in (settings.allowed_hosts or "").split(",") if h.strip()]
    return settings.model_copy(update={"allowed_hosts": ",".join([*hosts, host])})
