"""Each dialect's docs page, served with Swagger UI's files from our own install: a self-hosted server must not
depend on a CDN to show its integrators the API."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

from .contract import Dialect


def install_docs(app: FastAPI, *, path: str = "/docs") -> None:
    """Serve `path` (Swagger UI on the app's OpenAPI document) and its assets under `path`-assets."""
    assets = f"{path}-assets"
    app.mount(assets, StaticFiles(directory=swagger_ui_path), name="swagger-ui-assets")

    @app.get(path, include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} — docs",
            swagger_js_url=f"{root}{assets}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{assets}/swagger-ui.css",
            swagger_favicon_url=f"{root}{assets}/favicon-32x32.png",
        )


def install_index(app: FastAPI, dialects: Sequence[Dialect], *, path: str = "/docs") -> None:
    """Serve `path`: one page linking every dialect's docs page and OpenAPI document (the root app's own)."""
    items = "".join(
        f"<li><strong>{escape(d.title)}</strong> at <code>{escape(', '.join(d.mounts))}</code>: "
        f'<a href="{escape(d.mount)}/docs">docs</a> · <a href="{escape(d.mount)}/openapi.json">OpenAPI</a></li>'
        for d in dialects
    )
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Clientbook — APIs</title>'
        "<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.6}</style></head><body><h1>Clientbook APIs</h1>"
        "<p>Each vendor's API, wire-compatible, on one set of data. Credentials come from "
        "<code>clientbook tenant create --json</code>.</p>"
        f'<ul>{items}</ul><p>Health: <a href="/healthz">/healthz</a>, <a href="/readyz">/readyz</a>; '
        'metrics: <a href="/metrics">/metrics</a>.</p></body></html>'
    )

    @app.get(path, include_in_schema=False)
    async def index() -> HTMLResponse:
        return HTMLResponse(page)
