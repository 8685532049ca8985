"""Random secrets and their keyed hashes (DESIGN rule 7): microseconds to check, never stored in clear."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Any


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


def _fernet(server_key: str, purpose: str) -> Any:
    from cryptography.fernet import Fernet

    key = hmac.new(server_key.encode(), f"clientbook-seal:{purpose}".encode(), hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(server_key: str, purpose: str, value: str) -> str:
    """`value` encrypted under a key derived from the server key, for secrets that must be read back (a webhook's
    signing secret): a database dump alone does not reveal them."""
    return str(_fernet(server_key, purpose).encrypt(value.encode()).decode())


def unseal(server_key: str, purpose: str, sealed: str) -> str:
    return str(_fernet(server_key, purpose).decrypt(sealed.encode()).decode())


def seal_bytes(server_key: str, purpose: str, value: bytes) -> bytes:
    return bytes(_fernet(server_key, purpose).encrypt(value))


def unseal_bytes(server_key: str, purpose: str, sealed: bytes) -> bytes:
    return bytes(_fernet(server_key, purpose).decrypt(sealed))
