"""Admin pages (issue 17): staff accounts (create, disable, reset a password) and the business's unmatched inbound
SMS (assign to a client, discard), for admin accounts only, with CSRF, and blind to other businesses."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select

from clientbook.context import Context
from clientbook.core import accounts, messages
from clientbook.core.errors import LoginFailed
from clientbook.store.models import Message, StaffAccount
from tests.phones import unique_mobile
from tests.web.conftest import csrf_of, sign_in
from tests.web.factories import Login, make_client, make_login, make_staff, tenant_of

STRANGER = "+14165550888"


@pytest.fixture
async def admin(http: httpx.AsyncClient, context: Context, tenant: dict[str, Any]) -> Login:
    login = await make_login(context, tenant, account_name="boss", admin=True)
    await sign_in(http, context, tenant, login)
    return login


async def account_rows(context: Context, business_id: int) -> list[StaffAccount]:
    async with context.db.transaction() as session:
        rows = await session.scalars(
            select(StaffAccount).where(StaffAccount.business_id == business_id).order_by(StaffAccount.id)
        )
        return list(rows)


async def texting_tenant(make_tenant: Any, name: str) -> tuple[dict[str, Any], str]:
    """A business with its own SMS number (unique per call), and that number."""
    number = unique_mobile()
    return await make_tenant(name=name, sms_number=number), number


async def unmatched_from_stranger(context: Context, number: str, body: str) -> Message:
    """An SMS to the business's own `number` from a number none of its contacts has."""
    async with context.db.transaction() as session:
        message = await messages.receive(
            session,
            from_number=STRANGER,
            to_number=number,
            body=body,
            provider_message_id=None,
        )
        assert message is not None
        assert message.client_id is None
        return message


async def stored_message(context: Context, business_id: int, message_id: int) -> Message:
    async with context.db.transaction() as session:
        found = await session.get(Message, (business_id, message_id))
        assert found is not None
        return found


class TestOnlyAdmins:
    @pytest.mark.parametrize("path", ["/admin/accounts", "/admin/inbox"])
    async def test_a_staff_member_without_the_admin_role_is_refused(
        self, http: httpx.AsyncClient, signed_in: Login, path: str
    ) -> None:
        page = await http.get(path)
        assert page.status_code == 403
        assert "Only an admin" in page.text

    async def test_a_non_admin_cannot_create_an_account(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], signed_in: Login
    ) -> None:
        page = await http.get("/clients")
        response = await http.post(
            "/admin/accounts",
            data={
                "csrf_token": csrf_of(page.text),
                "staff_id": signed_in.staff_id,
                "account_name": "x",
                "password": "p" * 9,
            },
        )
        assert response.status_code == 403
        assert len(await account_rows(context, signed_in.business_id)) == 1

    async def test_a_non_admin_changes_no_account_and_no_message(
        self, http: httpx.AsyncClient, context: Context, make_tenant: Any
    ) -> None:
        """Every admin form, posted with a valid session and CSRF token of a staff member without the role."""
        tenant, number = await texting_tenant(make_tenant, "Flat Practice")
        clerk = await make_login(context, tenant, account_name="clerk")
        await sign_in(http, context, tenant, clerk)
        other = await make_login(context, tenant, account_name="colleague")
        message = await unmatched_from_stranger(context, number, "Who is this?")
        client_id = await make_client(context, tenant)
        csrf = csrf_of((await http.get("/clients")).text)
        before = [(a.password_hash, a.deleted_at) for a in await account_rows(context, clerk.business_id)]
        for path, data in (
            (f"/admin/accounts/{other.account_id}/disable", {}),
            (f"/admin/accounts/{other.account_id}/password", {"password": "chosen by the clerk"}),
            (f"/admin/inbox/{message.id}/assign", {"client_id": str(client_id)}),
            (f"/admin/inbox/{message.id}/discard", {}),
        ):
            response = await http.post(path, data={"csrf_token": csrf, **data})
            assert response.status_code == 403, path
            assert "Only an admin" in response.text, path
        assert (await http.get(f"/admin/inbox/{message.id}")).status_code == 403
        after = [(a.password_hash, a.deleted_at) for a in await account_rows(context, clerk.business_id)]
        assert after == before
        stored = await stored_message(context, clerk.business_id, message.id)
        assert (stored.client_id, stored.status, stored.read_at) == (None, "received", None)
        assert 'href="/admin/accounts"' not in (await http.get("/clients")).text

    async def test_the_admin_link_shows_for_admins_only(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], admin: Login
    ) -> None:
        assert 'href="/admin/accounts"' in (await http.get("/clients")).text


class TestAccounts:
    async def test_an_admin_creates_an_account_that_can_sign_in(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], admin: Login
    ) -> None:
        staff_id = await make_staff(context, tenant, "Jo", "Nurse")
        page = await http.get("/admin/accounts")
        response = await http.post(
            "/admin/accounts",
            data={
                "csrf_token": csrf_of(page.text),
                "staff_id": staff_id,
                "account_name": "jo",
                "password": "long enough",
            },
        )
        assert response.status_code == 303
        created = [a for a in await account_rows(context, admin.business_id) if a.account_name == "jo"]
        assert [(a.staff_id, a.is_admin) for a in created] == [(staff_id, False)]
        acting = await tenant_of(context, tenant)
        async with context.db.transaction() as session:
            assert (await accounts.authenticate(session, acting, "jo", "long enough")).staff.id == staff_id
        assert "jo" in (await http.get("/admin/accounts")).text

    async def test_a_short_password_or_a_taken_name_is_refused_and_writes_nothing(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], admin: Login
    ) -> None:
        page = await http.get("/admin/accounts")
        for name, password in (("new", "short"), ("boss", "long enough")):
            response = await http.post(
                "/admin/accounts",
                data={
                    "csrf_token": csrf_of(page.text),
                    "staff_id": admin.staff_id,
                    "account_name": name,
                    "password": password,
                },
            )
            assert response.status_code == 400
            assert 'role="alert"' in response.text
        assert len(await account_rows(context, admin.business_id)) == 1

    async def test_disabling_an_account_ends_its_sessions(
        self, http: httpx.AsyncClient, app: Any, context: Context, tenant: dict[str, Any], admin: Login
    ) -> None:
        other = await make_login(context, tenant, account_name="temp")
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as second:
            await sign_in(second, context, tenant, other)
            assert (await second.get("/clients")).status_code == 200
            page = await http.get("/admin/accounts")
            response = await http.post(
                f"/admin/accounts/{other.account_id}/disable", data={"csrf_token": csrf_of(page.text)}
            )
            assert response.status_code == 303
            assert (await second.get("/clients")).status_code == 303  # back to the login page
        assert "disabled" in (await http.get("/admin/accounts")).text

    async def test_an_admin_cannot_disable_their_own_account(
        self, http: httpx.AsyncClient, context: Context, admin: Login
    ) -> None:
        page = await http.get("/admin/accounts")
        response = await http.post(
            f"/admin/accounts/{admin.account_id}/disable", data={"csrf_token": csrf_of(page.text)}
        )
        assert response.status_code == 409
        assert all(a.deleted_at is None for a in await account_rows(context, admin.business_id))

    async def test_resetting_a_password_lets_the_new_one_in(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], admin: Login
    ) -> None:
        other = await make_login(context, tenant, account_name="forgetful")
        page = await http.get("/admin/accounts")
        response = await http.post(
            f"/admin/accounts/{other.account_id}/password",
            data={"csrf_token": csrf_of(page.text), "password": "brand new secret"},
        )
        assert response.status_code == 303
        acting = await tenant_of(context, tenant)
        async with context.db.transaction() as session:
            assert (await accounts.authenticate(session, acting, "forgetful", "brand new secret")).account.id
            with pytest.raises(LoginFailed):
                await accounts.authenticate(session, acting, "forgetful", other.password)

    async def test_forms_without_the_csrf_token_are_refused(
        self, http: httpx.AsyncClient, context: Context, tenant: dict[str, Any], admin: Login
    ) -> None:
        other = await make_login(context, tenant, account_name="victim")
        before = [(a.password_hash, a.deleted_at) for a in await account_rows(context, admin.business_id)]
        for path, data in (
            (f"/admin/accounts/{other.account_id}/disable", {}),
            (f"/admin/accounts/{other.account_id}/password", {"password": "attacker chosen"}),
            ("/admin/accounts", {"staff_id": str(admin.staff_id), "account_name": "evil", "password": "long enough"}),
        ):
            assert (await http.post(path, data=data)).status_code == 403, path
        after = [(a.password_hash, a.deleted_at) for a in await account_rows(context, admin.business_id)]
        assert after == before

    async def test_another_business_s_accounts_and_staff_are_not_found_and_nothing_changes(
        self, http: httpx.AsyncClient, context: Context, make_tenant: Any, admin: Login
    ) -> None:
        other = await make_tenant(name="Other Practice")
        foreign = await make_login(context, other, account_name="foreign")
        page = await http.get("/admin/accounts")
        assert "foreign" not in page.text
        csrf = csrf_of(page.text)
        for path, data in (
            (f"/admin/accounts/{foreign.account_id}/disable", {"csrf_token": csrf}),
            (f"/admin/accounts/{foreign.account_id}/password", {"csrf_token": csrf, "password": "long enough"}),
            (
                "/admin/accounts",
                {"csrf_token": csrf, "staff_id": foreign.staff_id, "account_name": "x", "password": "long enough"},
            ),
        ):
            assert (await http.post(path, data=data)).status_code == 404, path
        rows = await account_rows(context, foreign.business_id)
        assert [(a.account_name, a.deleted_at) for a in rows] == [("foreign", None)]
        acting = await tenant_of(context, other)
        async with context.db.transaction() as session:
            assert await accounts.authenticate(session, acting, "foreign", foreign.password)
        assert len(await account_rows(context, admin.business_id)) == 1


class TestUnmatched:
    async def test_an_admin_assigns_an_unmatched_sms_to_a_client(
        self, http: httpx.AsyncClient, context: Context, make_tenant: Any
    ) -> None:
        tenant, number = await texting_tenant(make_tenant, "Texting Practice")
        admin = await make_login(context, tenant, account_name="boss", admin=True)
        await sign_in(http, context, tenant, admin)
        message = await unmatched_from_stranger(context, number, "This is Ada on my new phone")
        client_id = await make_client(context, tenant, "Ada", "Lovelace")
        inbox = await http.get("/admin/inbox")
        assert "This is Ada on my new phone" in inbox.text
        assert "1 unmatched message" in inbox.text
        choose = await http.get(f"/admin/inbox/{message.id}", params={"q": "lovelace"})
        assert "Assign to Ada Lovelace" in choose.text
        response = await http.post(
            f"/admin/inbox/{message.id}/assign", data={"csrf_token": csrf_of(choose.text), "client_id": client_id}
        )
        assert response.status_code == 303
        stored = await stored_message(context, admin.business_id, message.id)
        assert (stored.client_id, stored.read_at) == (client_id, None)
        assert "0 unmatched messages" in (await http.get("/admin/inbox")).text
        assert "This is Ada on my new phone" in (await http.get(f"/clients/{client_id}")).text

    async def test_an_admin_discards_an_unmatched_sms(
        self, http: httpx.AsyncClient, context: Context, make_tenant: Any
    ) -> None:
        tenant, number = await texting_tenant(make_tenant, "Texting Practice")
        admin = await make_login(context, tenant, account_name="boss", admin=True)
        await sign_in(http, context, tenant, admin)
        message = await unmatched_from_stranger(context, number, "Win a prize!!!")
        inbox = await http.get("/admin/inbox")
        response = await http.post(f"/admin/inbox/{message.id}/discard", data={"csrf_token": csrf_of(inbox.text)})
        assert response.status_code == 303
        stored = await stored_message(context, admin.business_id, message.id)
        assert (stored.status, stored.client_id) == ("discarded", None)
        assert stored.read_at is not None
        assert "Win a prize" not in (await http.get("/admin/inbox")).text
        again = await http.post(f"/admin/inbox/{message.id}/discard", data={"csrf_token": csrf_of(inbox.text)})
        assert again.status_code == 404

    async def test_another_business_s_messages_and_clients_are_not_found_and_nothing_changes(
        self, http: httpx.AsyncClient, context: Context, make_tenant: Any
    ) -> None:
        tenant, _number = await texting_tenant(make_tenant, "Own Practice")
        other, other_number = await texting_tenant(make_tenant, "Other Practice")
        admin = await make_login(context, tenant, account_name="boss", admin=True)
        await sign_in(http, context, tenant, admin)
        foreign = await unmatched_from_stranger(context, other_number, "For the other practice")
        foreign_client = await make_client(context, other, "Foreign", "Client")
        own_message = await unmatched_from_stranger(context, _number, "For us")
        inbox = await http.get("/admin/inbox")
        assert "For the other practice" not in inbox.text
        csrf = csrf_of(inbox.text)
        assert (await http.get(f"/admin/inbox/{foreign.id}")).status_code == 404
        for path, data in (
            (f"/admin/inbox/{foreign.id}/assign", {"csrf_token": csrf, "client_id": foreign_client}),
            (f"/admin/inbox/{foreign.id}/discard", {"csrf_token": csrf}),
            (f"/admin/inbox/{own_message.id}/assign", {"csrf_token": csrf, "client_id": foreign_client}),
        ):
            assert (await http.post(path, data=data)).status_code == 404, path
        for business_id, message_id in ((other["business"]["id"], foreign.id), (admin.business_id, own_message.id)):
            stored = await stored_message(context, business_id, message_id)
            assert (stored.client_id, stored.status, stored.read_at) == (None, "received", None)

    async def test_assigning_or_discarding_without_the_csrf_token_is_refused(
        self, http: httpx.AsyncClient, context: Context, make_tenant: Any
    ) -> None:
        tenant, number = await texting_tenant(make_tenant, "Texting Practice")
        admin = await make_login(context, tenant, account_name="boss", admin=True)
        await sign_in(http, context, tenant, admin)
        message = await unmatched_from_stranger(context, number, "Hello?")
        client_id = await make_client(context, tenant)
        response = await http.post(f"/admin/inbox/{message.id}/assign", data={"client_id": client_id})
        assert response.status_code == 403
        discard = await http.post(f"/admin/inbox/{message.id}/discard", data={"csrf_token": "forged"})
        assert discard.status_code == 403
        stored = await stored_message(context, admin.business_id, message.id)
        assert (stored.client_id, stored.status) == (None, "received")
