"""The rules a caller asks for beyond the core's own when it writes a client (DESIGN rule 1: a dialect's rule is a
flag): which fields are required, which values must be unique, which code lists and formats values follow, what a
password must be. Pure checks; `clients` runs them, and the uniqueness ones under a lock."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from . import passwords, reference_data
from .errors import FieldError, Reason
from .passwords import PasswordPolicy

# International digits without the "+": a country code (never 0) and the number, 7 to 17 digits in all.
_INTERNATIONAL_DIGITS = re.compile(r"^[1-9][0-9]{5,16}$")


@dataclass(frozen=True, kw_only=True)
class ClientRules:
    required: Collection[str] = ()
    # No two live clients of a business share a mobile number (Wired Client) or an e-mail address, compared
    # case-insensitively (CareCloud).
    refuse_duplicate_mobile: bool = False
    refuse_duplicate_email: bool = False
    # `language` is an ISO 639-1 code, `country` an ISO 3166 alpha-2 code (stored upper-case).
    language_codes: bool = False
    country_codes: bool = False
    # `mobile_phone` is written as its international digits without the "+" (CareCloud's `420601234567`).
    phone_as_digits: bool = False
    # `customer_source_id` must name one of the business's customer sources (CareCloud).
    refuse_unknown_source: bool = False
    # What a client's password must be; None takes any (TimeTap sets logins as its callers choose them).
    password_policy: PasswordPolicy | None = None


def check_password(password: str | None, rules: ClientRules) -> FieldError | None:
    if password is None or rules.password_policy is None:
        return None
    return passwords.problem(password, rules.password_policy)


def check_codes(values: dict[str, Any], rules: ClientRules) -> list[FieldError]:
    """Refuse values off the code lists and formats `rules` asks for, checked as given (before trimming)."""
    errors = []
    language = values.get("language")
    if rules.language_codes and language is not None and not reference_data.is_language(language.strip().lower()):
        errors.append(
            FieldError("language", Reason.NOT_ALLOWED, "language is not an ISO 639-1 language code", language)
        )
    phone = values.get("mobile_phone")
    if rules.phone_as_digits and phone and not _INTERNATIONAL_DIGITS.match(phone.strip()):
        message = "mobile_phone must be digits with the international prefix (420601234567)"
        errors.append(FieldError("mobile_phone", Reason.INVALID_FORMAT, message, phone))
    country = values.get("country")
    if rules.country_codes and country and country.strip() and not reference_data.is_country(country.strip()):
        errors.append(FieldError("country", Reason.NOT_ALLOWED, "country is not an ISO 3166 country code", country))
    return errors


def normalize_codes(values: dict[str, Any], rules: ClientRules) -> None:
    """Put checked, trimmed values in the form the core stores (E.164 with its "+", upper-case countries)."""
    if rules.phone_as_digits and values.get("mobile_phone"):
        values["mobile_phone"] = "+" + values["mobile_phone"]
    if rules.country_codes and values.get("country"):
        values["country"] = values["country"].upper()
