"""The page a password setup link opens (`/carecloud/password-setup/{token}`): a form that sets the customer's
password once, through the password policy CareCloud customers are held to. The vendor documents no such page (its
links lead to the project's own web), so it is not in the served OpenAPI document.

The token in the path is the secret: the form posts back to the same address, so a page elsewhere cannot submit it
without knowing the token. A refusal rolls its own transaction back, so a weak password leaves the link usable.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from clientbook.core import password_setup
from clientbook.core.errors import ValidationFailed
from clientbook.edge import ratelimit
from clientbook.edge.deps import ContextDep

from .auth import REALM
from .routes.customers import RULES

PATH = "/password-setup/{token}"
MOUNT = "/carecloud"
router = APIRouter(include_in_schema=False)


def link_for(public_url: str) -> Callable[[str], str]:
    """The absolute address of a token's page, as the e-mail shows it."""
    base = public_url.rstrip("/") + MOUNT
    return lambda token: base + PATH.format(token=token)


def _page(title: str, text: str, *, form: bool, status: int = 200) -> HTMLResponse:
    fields = (
        '<form method="post"><label>New password <input type="password" name="password" required '
        'autocomplete="new-password" minlength="8"></label> <button type="submit">Set password</button></form>'
        if form
        else ""
    )
    body = (
        f'<!doctype html><html><head><meta charset="utf-8"><meta name="robots" content="noindex">'
        f"<title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>"
        f"<p>{html.escape(text)}</p>{fields}</body></html>"
    )
    # The token is in the address: no referrer may carry it to another site, and no cache keeps the page.
    headers = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}
    return HTMLResponse(body, status_code=status, headers=headers)


@router.get(PATH)
async def show(token: str) -> HTMLResponse:
    return _page(
        "Set your password", "Choose a password: 8 characters or more, a digit and an uppercase letter.", form=True
    )


@router.post(PATH)
async def submit(token: str, request: Request, context: ContextDep) -> HTMLResponse:
    await ratelimit.charge_address(request, REALM)
    form = await request.form()
    password = form.get("password")
    try:
        async with context.db.transaction() as session:
            await password_setup.set_password(
                session, context.secret_key, REALM, token, password if isinstance(password, str) else "", rules=RULES
            )
    except ValidationFailed as refused:
        usable = all(error.field != "token" for error in refused.errors)
        return _page("Password not set", refused.errors[0].message, form=usable, status=400)
    return _page("Password set", "Your password is set: log in with it in the app.", form=False)
