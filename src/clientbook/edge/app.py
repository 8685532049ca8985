"""The sub-app every dialect starts from: its own OpenAPI document, a self-hosted docs page, the shared context."""

from __future__ import annotations

from fastapi import Depends, FastAPI

from clientbook.context import Context

from . import failsafe
from .allow import AllowHeader
from .docs import install_docs
from .validation import refuse_nul_in_url


def dialect_app(context: Context, *, title: str, description: str, version: str) -> FastAPI:
    """A FastAPI sub-app serving `/openapi.json` and `/docs` (no CDN); the dialect adds its errors and routes."""
    app = FastAPI(
        title=title,
        description=description,
        version=version,
        docs_url=None,
        openapi_url="/openapi.json",
        redoc_url=None,
        dependencies=[Depends(refuse_nul_in_url)],
    )
    app.state.context = context
    install_docs(app)
    app.add_middleware(AllowHeader, owner=app)
    failsafe.install(app)
    return app
