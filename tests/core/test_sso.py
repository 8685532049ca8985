"""SSO tokens: a JWT signed with the server key, exp = iat + 180 s, usable once, refused when forged or expired."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import jwt
import pytest

from clientbook.context import Context
from clientbook.core import accounts, sso
from clientbook.core.accounts import SignedIn
from clientbook.core.errors import ContactNotFound, InvalidSsoToken
from clientbook.store.models import Staff, utcnow
from tests.web.factories import make_client, make_login, tenant_of


async def _signed_in(context: Context, tenant: dict[str, Any]) -> SignedIn:
    login = await make_login(context, tenant)
    acting = await tenant_of(context, tenant)
    async with context.db.transaction() as session:
        return await accounts.authenticate(session, acting, login.account_name, login.password)


async def _issue(context: Context, signed_in: SignedIn, **kwargs: Any) -> sso.IssuedToken:
    async with context.db.transaction() as session:
        return await sso.issue(session, context.secret_key, signed_in, **kwargs)


async def _consume(context: Context, token: str) -> SignedIn:
    async with context.db.transaction() as session:
        return await sso.consume(session, context.secret_key, token)


async def test_token_expires_180_seconds_after_it_is_issued(context: Context, tenant: dict[str, Any]) -> None:
    issued = await _issue(context, await _signed_in(context, tenant))
    claims = jwt.decode(issued.token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 180
    assert claims["jti"] == issued.jti
    assert jwt.get_unverified_header(issued.token)["alg"] == "HS256"


async def test_token_signs_in_its_account_once(context: Context, tenant: dict[str, Any]) -> None:
    signed_in = await _signed_in(context, tenant)
    issued = await _issue(context, signed_in)
    again = await _consume(context, issued.token)
    assert again.account.id == signed_in.account.id
    with pytest.raises(InvalidSsoToken):
        await _consume(context, issued.token)


async def test_expired_token_is_refused(context: Context, tenant: dict[str, Any]) -> None:
    issued = await _issue(context, await _signed_in(context, tenant), now=utcnow() - timedelta(seconds=181))
    with pytest.raises(InvalidSsoToken, match="ExpiredSignatureError"):
        await _consume(context, issued.token)


async def test_token_signed_with_another_key_is_refused(context: Context, tenant: dict[str, Any]) -> None:
    issued = await _issue(context, await _signed_in(context, tenant))
    claims = jwt.decode(issued.token, options={"verify_signature": False})
    forged = jwt.encode(claims, sso.signing_key("another-server-key"), algorithm="HS256")
    with pytest.raises(InvalidSsoToken, match="InvalidSignatureError"):
        await _consume(context, forged)


async def test_unsigned_token_is_refused(context: Context, tenant: dict[str, Any]) -> None:
    issued = await _issue(context, await _signed_in(context, tenant))
    claims = jwt.decode(issued.token, options={"verify_signature": False})
    unsigned = jwt.encode(claims, key="", algorithm="none")
    with pytest.raises(InvalidSsoToken):
        await _consume(context, unsigned)


async def test_token_never_issued_is_refused_even_when_signed(context: Context, tenant: dict[str, Any]) -> None:
    issued = await _issue(context, await _signed_in(context, tenant))
    claims = jwt.decode(issued.token, options={"verify_signature": False})
    claims["jti"] = "f" * 32
    resigned = jwt.encode(claims, sso.signing_key(context.secret_key), algorithm="HS256")
    with pytest.raises(InvalidSsoToken, match="already used"):
        await _consume(context, resigned)


async def test_token_of_a_deleted_account_is_refused(context: Context, tenant: dict[str, Any]) -> None:
    signed_in = await _signed_in(context, tenant)
    issued = await _issue(context, signed_in)
    async with context.db.transaction() as session:
        account = await session.get(type(signed_in.account), (signed_in.account.business_id, signed_in.account.id))
        assert account is not None
        account.deleted_at = utcnow()
    with pytest.raises(InvalidSsoToken, match="no longer exists"):
        await _consume(context, issued.token)


async def test_contact_id_naming_a_client_and_a_staff_member_is_the_client(
    context: Context, tenant: dict[str, Any]
) -> None:
    acting = await tenant_of(context, tenant)
    client_id = await make_client(context, tenant)
    async with context.db.transaction() as session:  # a staff member whose id is the client's (separate sequences)
        session.add(Staff(business_id=acting.business_id, id=client_id, first_name="Same", last_name="Id", extra={}))
    async with context.db.transaction() as session:
        assert await sso.find_contact(session, acting, client_id) == sso.Contact("client", client_id)
        explicit = await sso.find_contact(session, acting, client_id, contact_type="staff")
        assert explicit == sso.Contact("staff", client_id)


async def test_contact_id_naming_only_a_staff_member_is_the_staff_member(
    context: Context, tenant: dict[str, Any]
) -> None:
    acting = await tenant_of(context, tenant)
    async with context.db.transaction() as session:
        session.add(Staff(business_id=acting.business_id, id=2**61, first_name="Only", last_name="Staff", extra={}))
    async with context.db.transaction() as session:
        assert await sso.find_contact(session, acting, 2**61) == sso.Contact("staff", 2**61)


async def test_contact_of_another_business_is_not_found(
    context: Context, make_tenant: Any, tenant: dict[str, Any]
) -> None:
    client_id = await make_client(context, tenant)
    other = await tenant_of(context, await make_tenant(name="Other"))
    async with context.db.transaction() as session:
        with pytest.raises(ContactNotFound):
            await sso.find_contact(session, other, client_id)
