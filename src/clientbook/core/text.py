"""Text every backend stores alike: the one check the edge (JSON bodies, URLs) and the core services share."""

from __future__ import annotations


def unstorable(text: str) -> str | None:
    """Why `text` cannot be stored as given, else None. PostgreSQL refuses NUL and lone surrogates (no UTF-8 encoder
    takes a surrogate half) where SQLite would keep them, so both are refused everywhere, naming the field."""
    if "\x00" in text:
        return "must not contain NUL characters"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "must not contain a lone surrogate (U+D800 to U+DFFF)"
    return None


def is_digits(text: str) -> bool:
    """One or more ASCII digits 0-9: `str.isdigit()` also takes `³` and `①`, which `int()` refuses (a 500 waiting
    to happen wherever the one guards the other)."""
    return text.isascii() and text.isdigit()
