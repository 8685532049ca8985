"""Random secrets and their keyed hashes (DESIGN rule 7): microseconds to check, never stored in clear."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_secret(nbytes: int = 24) -> str:
    return secrets.token_urlsafe(nbytes)


def new_hex(nbytes: int) -> str:
    return secrets.token_hex(nbytes)


def keyed_hash(server_key: str, value: str) -> str:
    """HMAC-SHA256 of `value` under the server key, hex."""
    return hmac.new(server_key.encode(), value.encode(), hashlib.sha256).hexdigest()


def matches(server_key: str, value: str, stored_hash: str | None) -> bool:
    """Constant-time check of `value` against its stored keyed hash."""
    return stored_hash is not None and hmac.compare_digest(keyed_hash(server_key, value), stored_hash)
