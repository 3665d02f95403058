"""Response schemas of the service itself: health, errors and the CSRF token."""

from __future__ import annotations

from pydantic import BaseModel, Field


class HealthOut(BaseModel):
    status: str
    files: int
    failed_files: int
    documents: int
    passages: int


class ValidationIssue(BaseModel):
    loc: list[str | int] = Field(description='where: e.g. ["query", "k"]')
    msg: str
    type: str


class ErrorOut(BaseModel):
    """Every error the API answers, whether a route's own check or FastAPI's validation."""

    detail: str | list[ValidationIssue] = Field(
        description="what was wrong: a sentence, or one entry per parameter that failed validation"
    )


class CsrfOut(BaseModel):
    csrf_token: str = Field(description="send it back on writes, bound to the session cookie")
    header: str = Field(description="the request header that carries it")
    field: str = Field(description="the url-encoded form field that may carry it instead")
