"""The errors kb raises for what a caller asked wrongly, each carrying the HTTP status it
means, so the web app maps them to a response once (api/errors.py) and the CLI to a message
and exit code once (api/cli). kb itself knows nothing of HTTP beyond the number. The
subclasses that were ValueErrors stay ValueErrors too, so code catching those is unchanged."""

from __future__ import annotations


class KbError(Exception):
    """Base of kb's caller-facing errors; the message says what was wrong."""

    status: int = 400


class NotFound(KbError):
    """No such document, passage or saved search."""

    status = 404
