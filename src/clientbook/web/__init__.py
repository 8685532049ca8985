"""The staff web app, mounted at `/` (last, since `/` catches every path the other mounts leave).

Server-rendered with Jinja2, readable without JavaScript; the only script forwards the magic link's hash.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from clientbook.context import Context
from clientbook.edge import errors as kit
from clientbook.edge import failsafe

from . import errors
from .routes import admin, appointments, auth, clients, messages

STATIC = Path(__file__).parent / "static"


def create_app(context: Context) -> FastAPI:
    app = FastAPI(title="Clientbook staff web app", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.context = context
    kit.install(app, errors.FORMS)
    failsafe.install(app)  # a 500 keeps the keep-alive connection usable
    app.include_router(auth.router)
    app.include_router(messages.router)
    app.include_router(clients.router)
    app.include_router(appointments.router)
    app.include_router(admin.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
