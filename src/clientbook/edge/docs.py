"""Each dialect's docs page, served with Swagger UI's files from our own install: a self-hosted server must not
depend on a CDN to show its integrators the API."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]


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
