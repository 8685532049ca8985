"""A small message catalog: core `Reason`s (and a few dialect keys) per language, and the pick from Accept-Language.

English is the default; Dutch follows Rails' `nl` locale where the seeds show it (seed 002: "is al in gebruik").
Other dialects add their languages by adding a dict to `CATALOG`; a missing key falls back to English.
"""

from __future__ import annotations

from collections.abc import Iterable

from clientbook.core.errors import Reason

DEFAULT_LANGUAGE = "en"

CATALOG: dict[str, dict[str, str]] = {
    "en": {
        Reason.REQUIRED: "can't be blank",
        Reason.EMPTY: "can't be empty",
        Reason.INVALID_FORMAT: "is invalid",
        Reason.NOT_ALLOWED: "is not included in the list",
        Reason.ALREADY_EXISTS: "has already been taken",
        Reason.NOT_FOUND: "does not exist",
        Reason.DELETED: "has been deleted",
        Reason.TOO_LONG: "is too long",
        "greater_than_0": "must be greater than 0",
        "in_the_future": "can't be in the future",
        "no_such_record": "not found",
        "malformed": "is not valid JSON",
        "too_large": "is too large",
        "rate_limited": "too many requests",
        "forbidden": "is not allowed",
        "internal": "internal server error",
    },
    "nl": {
        Reason.REQUIRED: "moet opgegeven zijn",
        Reason.EMPTY: "mag niet leeg zijn",
        Reason.INVALID_FORMAT: "is ongeldig",
        Reason.NOT_ALLOWED: "staat niet in de lijst",
        Reason.ALREADY_EXISTS: "is al in gebruik",
        Reason.NOT_FOUND: "bestaat niet",
        Reason.DELETED: "is verwijderd",
        Reason.TOO_LONG: "is te lang",
        "greater_than_0": "moet groter zijn dan 0",
        "in_the_future": "mag niet in de toekomst liggen",
        "no_such_record": "niet gevonden",
        "malformed": "is geen geldige JSON",
        "too_large": "is te groot",
        "rate_limited": "te veel verzoeken",
        "forbidden": "is niet toegestaan",
        "internal": "interne serverfout",
    },
}


def message(key: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The message for `key` (a `Reason` or a catalog key) in `language`, else in English, else the key itself."""
    return CATALOG.get(language, {}).get(key) or CATALOG[DEFAULT_LANGUAGE].get(key) or str(key)


def pick_language(accept_language: str | None, supported: Iterable[str] | None = None) -> str:
    """The best supported language of an `Accept-Language` header (`nl-NL,nl;q=0.9,en;q=0.8` → `nl`)."""
    languages = set(supported if supported is not None else CATALOG)
    best, best_q = DEFAULT_LANGUAGE, 0.0
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().split("-")[0].lower()
        if primary not in languages:
            continue
        q = _quality(params)
        # Strictly greater: among equal weights the header's first entry wins.
        if q > best_q:
            best, best_q = primary, q
    return best


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0
