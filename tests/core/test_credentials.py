from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from clientbook.core import credentials
from clientbook.store.models import ApiToken, Branch, Credential, utcnow

KEY = "test-secret-key"


async def test_a_key_pair_authenticates_and_only_its_keyed_hash_is_stored(context: Any, tenant: Any, read: Any) -> None:
    async with context.db.transaction() as session:
        issued = await credentials.issue_key_pair(session, KEY, tenant["business"]["id"], "testrealm")
    async with context.db.transaction() as session:
        business = await credentials.authenticate_key_pair(session, KEY, "testrealm", issued.key, issued.secret)
        wrong = await credentials.authenticate_key_pair(session, KEY, "testrealm", issued.key, issued.secret + "x")
        other_realm = await credentials.authenticate_key_pair(session, KEY, "elsewhere", issued.key, issued.secret)
    assert business is not None
    assert business.id == tenant["business"]["id"]
    assert wrong is None
    assert other_realm is None
    stored = await read(lambda s: s.scalar(select(Credential).where(Credential.key_id == issued.key)))
    assert issued.secret not in (stored.secret_hash or "")
    assert len(stored.secret_hash) == 64


async def test_tokens_expire_and_can_be_revoked(context: Any, tenant: Any, read: Any) -> None:
    business_id = tenant["business"]["id"]
    async with context.db.transaction() as session:
        token, _ = await credentials.issue_token(
            session, KEY, business_id, "testrealm", "session", ttl=timedelta(minutes=5)
        )
    async with context.db.transaction() as session:
        assert await credentials.find_token(session, KEY, "testrealm", token) is not None
        later = utcnow() + timedelta(minutes=6)
        assert await credentials.find_token(session, KEY, "testrealm", token, now=later) is None
        assert await credentials.revoke_token(session, KEY, business_id, token)
    async with context.db.transaction() as session:
        assert await credentials.find_token(session, KEY, "testrealm", token) is None
    rows = await read(lambda s: s.scalars(select(ApiToken.token_hash).where(ApiToken.business_id == business_id)))
    assert token not in list(rows)


async def test_a_key_pair_names_its_business_and_the_branch_asked_for_in_one_lookup(
    context: Any, make_tenant: Any
) -> None:
    tenant = await make_tenant(branches=("North", "South"))
    elsewhere = await make_tenant(name="Elsewhere")
    north, south = tenant["branches"]
    async with context.db.transaction() as session:
        issued = await credentials.issue_key_pair(session, KEY, tenant["business"]["id"], "branchrealm")
        await session.execute(
            update(Branch).where(Branch.id == south["id"]).values(deleted_at=utcnow())  # a closed branch
        )

    async def owner(branch_number: str, secret: str = issued.secret) -> credentials.KeyPairOwner | None:
        async with context.db.transaction() as session:
            return await credentials.owner_of_key_pair(
                session, KEY, "branchrealm", issued.key, secret, branch_account_number=branch_number
            )

    found = await owner(north["account_number"])
    assert found is not None
    assert (found.business_id, found.account_number, found.branch_id) == (
        tenant["business"]["id"],
        tenant["business"]["account_number"],
        north["id"],
    )
    assert found.tenant(actor="t").business_id == tenant["business"]["id"]
    for closed_or_foreign in (south["account_number"], elsewhere["branches"][0]["account_number"], ""):
        found_other = await owner(closed_or_foreign)
        assert found_other is not None
        assert found_other.branch_id is None
    assert await owner(north["account_number"], secret=issued.secret + "x") is None
