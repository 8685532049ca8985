"""API credentials and bearer tokens of a realm (each dialect names its own realm).

Secrets are random, so a keyed hash (HMAC-SHA256 with the server key) protects them at rest and checks them in
microseconds; passwords people choose use argon2id instead (see `passwords`).

Rotation (`clientbook credentials rotate`) keeps a key's id and replaces its secret; the old secret's hash stays
beside the new one, accepted until the grace period ends, so integrations can switch over without downtime. One
previous secret is kept: rotating again within the grace ends the older one at once. Tokens opened with the old
secret (TimeTap sessions, CareCloud bearer tokens) live out their own lifetime.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import ApiToken, Business, Credential, utcnow
from clientbook.store.repositories.tenancy import CredentialRepository, TokenRepository

from . import events, secrets
from .errors import CredentialNotFound
from .types import Tenant

DEFAULT_GRACE = timedelta(hours=24)


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


def secret_matches(
    server_key: str,
    secret: str,
    current_hash: str | None,
    previous_hash: str | None = None,
    previous_expires_at: datetime | None = None,
    *,
    now: datetime | None = None,
) -> bool:
    """`secret` is the key's current secret, or its previous one while the rotation's grace lasts."""
    if secrets.matches(server_key, secret, current_hash):
        return True
    if previous_hash is None or previous_expires_at is None or previous_expires_at <= (now or utcnow()):
        return False
    return secrets.matches(server_key, secret, previous_hash)


def credential_matches(server_key: str, credential: Credential, secret: str, *, now: datetime | None = None) -> bool:
    return secret_matches(
        server_key,
        secret,
        credential.secret_hash,
        credential.previous_secret_hash,
        credential.previous_expires_at,
        now=now,
    )


def in_grace(credential: Credential, now: datetime | None = None) -> bool:
    """The credential's previous secret is still accepted."""
    expires = credential.previous_expires_at
    return credential.previous_secret_hash is not None and expires is not None and expires > (now or utcnow())


async def live_key_of(session: AsyncSession, business_id: int, realm: str) -> Credential | None:
    """The business's live key of `realm` (the oldest, should there be several)."""
    live = [c for c in await CredentialRepository(session).for_business(business_id, realm) if c.revoked_at is None]
    return min(live, key=lambda c: c.id) if live else None


async def rotate_key_pair(
    session: AsyncSession,
    server_key: str,
    tenant: Tenant,
    realm: str,
    *,
    secret: str,
    hashed: Callable[[str], str] | None = None,
    grace: timedelta = DEFAULT_GRACE,
    now: datetime | None = None,
    extra: dict[str, Any] | None = None,
) -> Credential:
    """A new secret for the business's live key of `realm` (the key id stays); the old secret keeps working until
    `now + grace`. `hashed(key_id)` gives the value whose hash is stored, when not the secret itself (TimeTap checks
    a signature); `extra` is merged into the credential's extra values (CareCloud keeps its Basic-auth digest)."""
    credential = await live_key_of(session, tenant.business_id, realm)
    if credential is None:
        raise CredentialNotFound(f"The business has no {realm} credentials", field="dialect", id=realm)
    expires = (now or utcnow()) + grace
    values: dict[str, Any] = {
        "secret_hash": secrets.keyed_hash(server_key, hashed(credential.key_id) if hashed else secret),
        "previous_secret_hash": credential.secret_hash if grace > timedelta(0) else None,
        "previous_expires_at": expires if grace > timedelta(0) else None,
    }
    if extra:
        values["extra"] = {**credential.extra, **extra}
    await CredentialRepository(session).save(credential, values)
    await events.record(
        session,
        tenant,
        "credential",
        credential.id,
        "rotated",
        {"realm": realm, "key_id": credential.key_id, "previous_valid_until": values["previous_expires_at"]},
    )
    return credential


async def rotate_token(
    session: AsyncSession,
    server_key: str,
    tenant: Tenant,
    realm: str,
    kind: str,
    *,
    token: str,
    grace: timedelta = DEFAULT_GRACE,
    now: datetime | None = None,
) -> ApiToken:
    """A new API token of `realm` and `kind` for the business; its other live tokens of that kind expire at
    `now + grace` (or sooner, when they expire sooner already)."""
    repository = TokenRepository(session)
    if not await repository.live(tenant.business_id, realm, kind, now or utcnow()):
        raise CredentialNotFound(f"The business has no {realm} token", field="dialect", id=realm)
    _, record = await issue_token(session, server_key, tenant.business_id, realm, kind, token=token)
    expires = (now or utcnow()) + grace
    ended = await repository.expire_others(tenant.business_id, realm, kind, record.token_hash, expires)
    # A token's key is its hash: the event names the business and the rotation, never any part of a token.
    changes = {"realm": realm, "kind": kind, "previous_tokens": ended, "previous_valid_until": expires}
    await events.record(session, tenant, "api_token", tenant.business_id, "rotated", changes)
    return record


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
    if found is None or not secret_matches(server_key, secret, *found[:3]):
        return None
    return KeyPairOwner(*found[3:])


async def authenticate_key_pair(
    session: AsyncSession, server_key: str, realm: str, key: str, secret: str
) -> Business | None:
    """The business owning `key` when `secret` matches; None otherwise (no hint which half was wrong)."""
    found = await CredentialRepository(session).find(realm, key)
    if found is None or not credential_matches(server_key, found[0], secret):
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
    await TokenRepository(session).add(record)
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
