"""Staff login accounts: created with an argon2id hash, authenticated by name and password within one business."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from clientbook.context import Context
from clientbook.core import accounts
from clientbook.core.errors import BusinessNotFound, Duplicate, LoginFailed, StaffNotFound, ValidationFailed
from clientbook.store.models import StaffAccount
from tests.web.factories import PASSWORD, make_login, make_staff, tenant_of


async def _count(context: Context, business_id: int) -> int:
    async with context.db.transaction() as session:
        query = select(func.count()).select_from(StaffAccount).where(StaffAccount.business_id == business_id)
        return int(await session.scalar(query) or 0)


async def test_stores_the_password_as_an_argon2id_hash(context: Context, tenant: dict[str, Any]) -> None:
    login = await make_login(context, tenant)
    async with context.db.transaction() as session:
        stored = await session.get(StaffAccount, (login.business_id, login.account_id))
    assert stored is not None
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash


async def test_authenticates_the_right_password(context: Context, tenant: dict[str, Any]) -> None:
    login = await make_login(context, tenant)
    acting = await tenant_of(context, tenant)
    async with context.db.transaction() as session:
        signed_in = await accounts.authenticate(session, acting, login.account_name, login.password)
    assert signed_in.account.id == login.account_id
    assert signed_in.staff.id == login.staff_id
    assert signed_in.tenant.staff_id == login.staff_id


@pytest.mark.parametrize(("name", "password"), [("frontdesk", "wrong password"), ("nobody", PASSWORD)])
async def test_refuses_a_wrong_password_or_unknown_name_alike(
    context: Context, tenant: dict[str, Any], name: str, password: str
) -> None:
    await make_login(context, tenant)
    acting = await tenant_of(context, tenant)
    async with context.db.transaction() as session:
        with pytest.raises(LoginFailed, match="Target contact account not found or invalid password"):
            await accounts.authenticate(session, acting, name, password)


async def test_an_account_name_belongs_to_one_business_only(
    context: Context, make_tenant: Any, tenant: dict[str, Any]
) -> None:
    login = await make_login(context, tenant)
    other = await tenant_of(context, await make_tenant(name="Other"))
    async with context.db.transaction() as session:
        with pytest.raises(LoginFailed):
            await accounts.authenticate(session, other, login.account_name, login.password)


async def test_refuses_a_taken_account_name_and_writes_nothing(context: Context, tenant: dict[str, Any]) -> None:
    login = await make_login(context, tenant)
    staff_id = await make_staff(context, tenant)
    acting = await tenant_of(context, tenant)
    with pytest.raises(Duplicate) as caught:
        async with context.db.transaction() as session:
            await accounts.create(session, acting, staff_id, login.account_name, PASSWORD)
    assert caught.value.field == "account_name"
    assert await _count(context, login.business_id) == 1


async def test_refuses_another_business_s_staff_member(
    context: Context, make_tenant: Any, tenant: dict[str, Any]
) -> None:
    staff_id = await make_staff(context, tenant)
    other_json = await make_tenant(name="Other")
    other = await tenant_of(context, other_json)
    with pytest.raises(StaffNotFound) as caught:
        async with context.db.transaction() as session:
            await accounts.create(session, other, staff_id, "someone", PASSWORD)
    assert caught.value.field == "staff_id"
    assert await _count(context, other.business_id) == 0


async def test_refuses_a_blank_name_and_a_short_password_naming_both(context: Context, tenant: dict[str, Any]) -> None:
    staff_id = await make_staff(context, tenant)
    acting = await tenant_of(context, tenant)
    with pytest.raises(ValidationFailed) as caught:
        async with context.db.transaction() as session:
            await accounts.create(session, acting, staff_id, "  ", "short")
    assert {e.field for e in caught.value.errors} == {"account_name", "password"}
    assert await _count(context, acting.business_id) == 0


async def test_unknown_business_account_number_is_refused(context: Context) -> None:
    async with context.db.transaction() as session:
        with pytest.raises(BusinessNotFound):
            await accounts.tenant_for(session, "00000000-0000-0000-0000-000000000000")
