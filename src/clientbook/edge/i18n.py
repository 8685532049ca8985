"""Messages in the reader's language, and the one Accept-Language parser every app uses.

One Babel catalog per language, `locale/<language>.po`, read with `babel.messages.pofile.read_po` (no compile step).
The empty message context holds the Rails-style attribute messages (English by default; Dutch follows Rails' `nl`
locale where the seeds show it, seed 002: "is al in gebruik"); a dialect with its own vocabulary uses its own
context ("carecloud title", "carecloud reason"). A new language is a new `.po` file.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache
from pathlib import Path

from babel import negotiate_locale
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "en"
_TAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")

Messages = dict[tuple[str | None, str], str]  # (context, key) → text


@cache
def catalogs() -> dict[str, Messages]:
    """Every language's messages, read once."""
    found: dict[str, Messages] = {}
    for path in sorted(LOCALE_DIR.glob("*.po")):
        with path.open("rb") as file:
            catalog = read_po(file)
        found[path.stem] = {(m.context, str(m.id)): str(m.string) for m in catalog if m.id and m.string}
    return found


def translation(key: str, language: str, context: str | None = None) -> str | None:
    """The text for `key` in `language`, or None when that language's catalog has none."""
    return catalogs().get(language, {}).get((context, key))


def message(key: str, language: str = DEFAULT_LANGUAGE, context: str | None = None) -> str:
    """The text for `key` (a `Reason` or a catalog key) in `language`, else in English, else the key itself."""
    return translation(key, language, context) or translation(key, DEFAULT_LANGUAGE, context) or str(key)


@cache
def languages(context: str | None = None) -> tuple[str, ...]:
    """The languages whose catalog has messages in `context`."""
    return tuple(lang for lang, messages in catalogs().items() if any(c == context for c, _ in messages))


def preferences(accept_language: str | None) -> list[str]:
    """The language tags of an Accept-Language header, best first (by weight, then order), lower case, `-`-separated;
    `*`, malformed tags and weight 0 are left out."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        quality = _quality(params)
        if tag != "*" and _TAG.match(tag) and quality > 0:
            weighted.append((-quality, index, tag.replace("_", "-").lower()))
    return [tag for _q, _i, tag in sorted(weighted)]


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def negotiate(accept_language: str | None, supported: Collection[str], default: str = DEFAULT_LANGUAGE) -> str:
    """The reader's best language among `supported` (primary subtags: `nl-NL,nl;q=0.9,en;q=0.8` → `nl`), else
    `default`."""
    found = negotiate_locale(preferences(accept_language), list(supported), sep="-", aliases={})
    return found.split("-")[0] if found else default


def pick_language(accept_language: str | None, supported: Collection[str] | None = None) -> str:
    """The reader's language among those the attribute messages speak (or `supported`), English by default."""
    return negotiate(accept_language, languages() if supported is None else supported)
