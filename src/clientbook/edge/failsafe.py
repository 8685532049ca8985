"""The outermost layer of every sub-app: an unexpected error stops once it has been answered.

Starlette's ServerErrorMiddleware answers an exception no handler took with the app's `Exception` handler (the
dialect's 5xx form, logged there with its traceback) and then re-raises it to the server; uvicorn, seeing an
exception after the response, closes the keep-alive connection without a `Connection: close`, so the client's next
request on it fails (issue 14 item 7). Wrapped around the whole middleware stack, this layer swallows an exception
whose answer was sent in full; one that broke a response midway still reaches the server, which must close.
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class AnswerUnexpected:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        answered = False

        async def tracking_send(message: Message) -> None:
            nonlocal answered
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                answered = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            if not answered:
                raise


def install(app: Any) -> None:
    """Wrap `app`'s middleware stack (ServerErrorMiddleware included) once it is built; `app` must register an
    `Exception` handler that logs, since the server no longer sees these exceptions."""
    build = app.build_middleware_stack

    def build_wrapped() -> ASGIApp:
        return AnswerUnexpected(build())

    app.build_middleware_stack = build_wrapped
