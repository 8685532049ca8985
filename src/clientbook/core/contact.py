"""Phone numbers and e-mail addresses: normalized once, in the core, so every dialect finds the same person."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from .errors import FieldError, Reason


def normalize_phone(raw: str, region: str, field: str) -> tuple[str | None, FieldError | None]:
    """E.164 for `raw`, read in `region` when it has no country prefix; an error naming `field` when it is no number."""
    text = raw.strip()
    if not text:
        return None, None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        return None, FieldError(field, Reason.INVALID_FORMAT, f"{field} is not a valid phone number", raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


# An unquoted ASCII local part (RFC 5322 dot-atom) within the 64 characters email_validator allows: with it, an
# address is valid exactly when its domain is, and domains repeat (a bulk import checks each one once).
_SIMPLE_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z")


def _valid(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


@lru_cache(maxsize=4096)
def _valid_domain(domain: str) -> bool:
    return _valid(f"a@{domain}")


def _well_formed(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    if at and len(local) <= 64 and len(text) <= 254 and _SIMPLE_LOCAL.match(local):
        return _valid_domain(domain)
    return _valid(text)


def normalize_email(raw: str, field: str) -> tuple[str | None, FieldError | None]:
    """The address as given (trimmed) if it is well-formed; compare on `raw.lower()`."""
    text = raw.strip()
    if not text:
        return None, None
    if not _well_formed(text):
        return None, FieldError(field, Reason.INVALID_FORMAT, f"{field} is not a valid e-mail address", raw)
    return text, None


def email_key(email: str | None) -> str | None:
    return email.strip().lower() if email else None


def phone_digits(raw: str, region: str) -> str:
    """The digits to look for in stored E.164 numbers: a complete, valid number in any format (read in `region`)
    gives its E.164 digits, so `(416) 555-0101` and `+1 416 555 0101` look for the same; anything shorter (part of
    a number, `555-0101`) gives its own digits, found anywhere in a stored number."""
    digits = "".join(c for c in raw if "0" <= c <= "9")
    try:
        number = phonenumbers.parse(raw.strip(), region)
    except phonenumbers.NumberParseException:
        return digits
    if not phonenumbers.is_valid_number(number):
        return digits
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164).lstrip("+")


def display_phone(number: str | None, region: str) -> str:
    """A stored number as the front desk reads and dials it: national format when it has the business's country
    calling code (`(416) 555-0101` for a North American business, Canadian or US alike), international otherwise
    (`+44 20 7946 0018`); as stored when it does not parse (numbers written before they were normalized)."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return number
    home = phonenumbers.country_code_for_region(region)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if parsed.country_code == home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, style)
