"""Reference lists: countries, languages and currencies, named in the reader's language through Babel (CLDR)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from string import ascii_lowercase

from babel import Locale, UnknownLocaleError
from babel.numbers import get_currency_name, get_territory_currencies

from .types import Language

# Region codes CLDR lists beside real countries: continents are numeric; these are groupings or placeholders.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
# The languages the API itself speaks (CareCloud `language_list_type=carecloud-api`).
API_LANGUAGES: tuple[str, ...] = tuple(language.value for language in Language)
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str


@dataclass(frozen=True)
class Currency:
    code: str  # ISO 4217
    name: str


@lru_cache(maxsize=64)
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LANGUAGE)


@lru_cache(maxsize=1)
def country_codes() -> tuple[str, ...]:
    english = [str(code) for code in Locale.parse("en").territories]
    return tuple(sorted(code for code in english if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES))


def is_country(code: str) -> bool:
    return code.upper() in country_codes()


@lru_cache(maxsize=64)
def countries(language: str) -> tuple[Country, ...]:
    """Every country with its name in `language` (`DE` is `Německo` in Czech, `Germany` in English)."""
    names = _locale(language).territories
    return tuple(Country(code, names.get(code, code)) for code in country_codes())


@lru_cache(maxsize=1)
def currency_codes() -> tuple[str, ...]:
    """The currencies some country uses today."""
    today = date.today()
    codes = {code for country in country_codes() for code in get_territory_currencies(country, today)}
    return tuple(sorted(codes))


def currency_of_region(region: str) -> str:
    """The currency a region uses today (ISO 4217); EUR for one without its own (Antarctica)."""
    found = get_territory_currencies(region.upper(), date.today())
    return found[0] if found else "EUR"


@lru_cache(maxsize=64)
def currencies(language: str) -> tuple[Currency, ...]:
    locale = _locale(language)
    return tuple(Currency(code, get_currency_name(code, locale=locale)) for code in currency_codes())


def is_language(code: str) -> bool:
    """An ISO 639-1 code CLDR knows."""
    if len(code) != 2 or not code.isalpha():
        return False
    try:
        Locale.parse(code.lower())
    except (UnknownLocaleError, ValueError):
        return False
    return True


@lru_cache(maxsize=1)
def language_codes() -> tuple[str, ...]:
    """Every ISO 639-1 code CLDR knows (what a reader may ask for in Accept-Language)."""
    return tuple(a + b for a in ascii_lowercase for b in ascii_lowercase if is_language(a + b))
