"""The sub-app every dialect is: its error forms, routes, OpenAPI document and docs page, on the shared context.

A dialect describes itself (its `edge.contract.Dialect`) and this module assembles it the same way for all of them, so
the order that matters is fixed in one place: the error handlers before anything can raise, the routes, the served
document, then the middleware (the dialect's own inside `Idempotency-Key`, which is outermost so that it fingerprints
and replays the request exactly as the client sent it).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI

from clientbook.context import Context

from . import errors, failsafe, idempotency, openapi
from .allow import AllowHeader
from .contract import Dialect
from .docs import install_docs
from .validation import refuse_nul_in_url


def dialect_app(context: Context, dialect: Dialect) -> FastAPI:
    """The dialect's FastAPI sub-app: its routers, refusing in its forms, with `/openapi.json` and `/docs` (no CDN)."""
    app = FastAPI(
        title=dialect.document_title,
        description=dialect.description,
        version=dialect.version,
        docs_url=None,
        openapi_url="/openapi.json",
        redoc_url=None,
        dependencies=[Depends(refuse_nul_in_url)],
    )
    app.state.context = context
    install_docs(app)
    app.add_middleware(AllowHeader, owner=app)
    failsafe.install(app)
    errors.install(app, dialect.forms)
    for router in dialect.routers:
        app.include_router(router)
    if isinstance(dialect.document, openapi.ErrorForm):
        openapi.install(app, dialect.document)
    else:
        dialect.document(app)
    for layer in dialect.middleware:
        app.add_middleware(layer)
    idempotency.install(app)
    freeze_routes(app.router)
    return app


def freeze_routes(router: APIRouter) -> None:
    """Fix the route table's version once every route is in: FastAPI re-derives it on every request, walking every
    route of every included router (CareCloud's ~300, twice for its two interfaces) to check whether an
    `include_router` or a route was added since. A sub-app gains no routes once built, so each router answers its
    version as of now; FastAPI still builds its match tables lazily from it, once."""
    for route in router.routes:
        included = getattr(route, "original_router", None)  # FastAPI's _IncludedRouter
        if isinstance(included, APIRouter):
            freeze_routes(included)
    derive = getattr(router, "_get_routes_version", None)
    if derive is None:  # a FastAPI that keeps no such version (before 0.16x, or one that caches it itself)
        return
    version: int = derive()

    def frozen(seen: set[int] | None = None) -> int:
        return version

    router._get_routes_version = frozen  # type: ignore[method-assign]
