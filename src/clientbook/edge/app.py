"""The sub-app every dialect is: its error forms, routes, OpenAPI document and docs page, on the shared context.

A dialect describes itself (`dialect_app`'s arguments) and this module assembles it the same way for all of them, so
the order that matters is fixed in one place: the error handlers before anything can raise, the routes, the served
document, then the middleware (the dialect's own inside `Idempotency-Key`, which is outermost so that it fingerprints
and replays the request exactly as the client sent it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fastapi import APIRouter, Depends, FastAPI
from starlette.types import ASGIApp

from clientbook.context import Context

from . import errors, failsafe, idempotency, openapi
from .allow import AllowHeader
from .docs import install_docs
from .validation import refuse_nul_in_url


def dialect_app(
    context: Context,
    *,
    title: str,
    description: str,
    version: str,
    forms: errors.Forms,
    routers: Sequence[APIRouter],
    document: openapi.ErrorForm | Callable[[FastAPI], None],
    middleware: Sequence[Callable[[ASGIApp], ASGIApp]] = (),
) -> FastAPI:
    """A FastAPI sub-app serving `routers`, refusing in `forms`, with `/openapi.json` and `/docs` (no CDN).

    `document` is the error form the generated OpenAPI document puts on every operation, or a function that installs
    a document of the dialect's own (CareCloud serves the vendor's). `middleware` wraps the routes, inside the
    `Idempotency-Key` middleware.
    """
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
    errors.install(app, forms)
    for router in routers:
        app.include_router(router)
    if isinstance(document, openapi.ErrorForm):
        openapi.install(app, document)
    else:
        document(app)
    for layer in middleware:
        app.add_middleware(layer)
    idempotency.install(app)
    return app
