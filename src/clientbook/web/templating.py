"""Jinja2 templates, autoescaped, and the headers every page carries."""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from clientbook.core import booking_statuses
from clientbook.core.contact import display_phone

TEMPLATES = Path(__file__).parent / "templates"

environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
templates = Jinja2Templates(env=environment)


def _zone(time_zone: str) -> ZoneInfo:
    try:
        return ZoneInfo(time_zone)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def local_time(value: datetime | None, time_zone: str = "UTC", fmt: str = "%Y-%m-%d %H:%M") -> str:
    """`2026-11-23 14:05 EST`: in the business's time zone, with the zone shown (its abbreviation at that moment)."""
    if value is None:
        return ""
    local = value.astimezone(_zone(time_zone))
    return f"{local.strftime(fmt)} {local.strftime('%Z')}"


def zone_label(time_zone: str) -> str:
    """The zone's name as the header shows it: `America/Toronto`."""
    return _zone(time_zone).key


def booking_status(state: str) -> str:
    """An appointment's state as the front desk reads it (`Booked`, not the stored `idle`)."""
    found = booking_statuses.find(state, "en")
    return found.name if found else state


environment.filters["local_time"] = local_time
environment.filters["phone"] = display_phone
environment.filters["booking_status"] = booking_status
environment.globals["zone_of"] = _zone


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    """The page `name` with a per-response script nonce and the security headers."""
    nonce = secrets.token_urlsafe(16)
    response = templates.TemplateResponse(request, name, {**context, "nonce": nonce}, status_code=status_code)
    secure_headers(response, nonce)
    return response


def secure_headers(response: Response, nonce: str | None = None) -> None:
    script = f"'nonce-{nonce}'" if nonce else "'none'"
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src {script}; style-src 'self'; img-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Sign-in links carry a token in the URL: never send it on to another site.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
