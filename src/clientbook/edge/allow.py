"""A 405 answer names every method the path serves (RFC 9110 §15.5.6), not only the first route's.

Starlette answers 405 from the first route whose path matches, so with `GET /clients.json` and `POST /clients.json`
declared as two routes, `PATCH /clients.json` said `Allow: GET` (issue 14.14), and TimeTap's 405 carried no Allow at
all. This middleware sets the header from the app's whole route table (its generated OpenAPI paths, read once).
"""

from __future__ import annotations

import re
from functools import cached_property

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH")


class AllowHeader:
    def __init__(self, app: ASGIApp, *, owner: FastAPI) -> None:
        self.app = app
        self.owner = owner

    @cached_property
    def _table(self) -> list[tuple[re.Pattern[str], frozenset[str]]]:
        generated = get_openapi(title=self.owner.title, version=self.owner.version, routes=self.owner.routes)
        table = []
        for template, item in generated["paths"].items():
            pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$", re.DOTALL)
            table.append((pattern, frozenset(m.upper() for m in item if m.upper() in METHODS)))
        return table

    def allowed(self, path: str) -> list[str]:
        found = {method for pattern, methods in self._table if pattern.match(path) for method in methods}
        return [method for method in METHODS if method in found]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_allow(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                path = scope["path"].removeprefix(scope.get("root_path", ""))  # Starlette keeps the mount in path
                allowed = self.allowed(path)
                if allowed:
                    MutableHeaders(scope=message)["allow"] = ", ".join(allowed)
            await send(message)

        await self.app(scope, receive, send_with_allow)
