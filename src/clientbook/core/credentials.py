"""API credentials and bearer tokens of a realm (each dialect names its own realm).

Secrets are random, so a keyed hash (HMAC-SHA256 with the server key) protects them at rest and checks them in
microseconds; passwords people choose use argon2id instead (see `passwords`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import ApiToken, Business, Credential, utcnow
from clientbook.store.repositories.tenancy import CredentialRepository, TokenRepository

from . import secrets
from .types import Tenant


@dataclass(frozen=True)
class IssuedKey:
    key: str
    secret: str


async def issue_key_pair(
    session: AsyncSession,
    server_key: str,
    business_id: int,
    realm: str,
    *,
    key: str | None = None,
    secret: str | None = None,
    secret_to_hash: str | None = None,
    extra: dict[str, Any] | None = None,
) -> IssuedKey:
    """A new key pair for `realm`; the secret is returned once and only its keyed hash is stored.

    `secret_to_hash` stores the hash of a value derived from the secret instead (TimeTap checks a signature).
    """
    key = key or str(uuid.uuid4())
    secret = secret or str(uuid.uuid4())
    credential = Credential(
        business_id=business_id,
        realm=realm,
        key_id=key,
        secret_hash=secrets.keyed_hash(server_key, secret_to_hash or secret),
        extra=extra or {},
    )
    await CredentialRepository(session).add(credential)
    return IssuedKey(key, secret)


async def find_key(session: AsyncSession, realm: str, key: str) -> tuple[Credential, Business] | None:
    return await CredentialRepository(session).find(realm, key)


@dataclass(frozen=True, slots=True)
class KeyPairOwner:
    """The business a key pair belongs to, and its live branch with the account number the caller named, if any."""

    business_id: int
    account_number: str
    time_zone: str
    default_region: str
    language: str
    branch_id: int | None

    def tenant(self, actor: str) -> Tenant:
        return Tenant(self.business_id, self.time_zone, self.default_region, self.language, actor=actor)


async def owner_of_key_pair(
    session: AsyncSession, server_key: str, realm: str, key: str, secret: str, *, branch_account_number: str = ""
) -> KeyPairOwner | None:
    """Who owns `key` when `secret` matches, None otherwise (no hint which half was wrong); the branch named by
    `branch_account_number` is looked up in the same query, so a branch-scoped call costs one round trip."""
    found = await CredentialRepository(session).find_key_pair(realm, key, branch_account_number)
    if found is None or not secrets.matches(server_key, secret, found[0]):
        return None
    return KeyPairOwner(*found[1:])


async def authenticate_key_pair(
    session: AsyncSession, server_key: str, realm: str, key: str, secret: str
) -> Business | None:
    """The business owning `key` when `secret` matches; None otherwise (no hint which half was wrong)."""
    found = await CredentialRepository(session).find(realm, key)
    if found is None or not secrets.matches(server_key, secret, found[0].secret_hash):
        return None
    return found[1]


async def issue_token(
    session: AsyncSession,
    server_key: str,
    business_id: int,
    realm: str,
    kind: str,
    *,
    token: str | None = None,
    ttl: timedelta | None = None,
    subject_type: str | None = None,
    subject_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> tuple[str, ApiToken]:
    """A bearer token (returned in clear once; stored as its keyed hash)."""
    token = token or secrets.new_hex(32)
    now = utcnow()
    record = ApiToken(
        token_hash=secrets.keyed_hash(server_key, token),
        business_id=business_id,
        realm=realm,
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        data=data or {},
        created_at=now,
        expires_at=now + ttl if ttl else None,
    )
    await TokenRepository(session).add_token(record)
    return token, record


async def find_token(
    session: AsyncSession, server_key: str, realm: str, token: str, *, now: datetime | None = None
) -> tuple[ApiToken, Business] | None:
    """The live (unrevoked, unexpired) token with its business."""
    found = await TokenRepository(session).find(secrets.keyed_hash(server_key, token), realm)
    if found is None:
        return None
    record, business = found
    if record.expires_at is not None and record.expires_at <= (now or utcnow()):
        return None
    return record, business


async def revoke_token(session: AsyncSession, server_key: str, business_id: int, token: str) -> bool:
    return await TokenRepository(session).revoke(business_id, secrets.keyed_hash(server_key, token), utcnow())
