"""Clients: the practice's customers, the one record all four dialects read and write."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Client
from clientbook.store.repositories.people import ClientRepository

from . import appointments, customer_sources, events, passwords, staff, tenants
from ._records import (
    apply,
    check_lengths,
    check_required,
    find,
    normalize_contact,
    raise_if,
    save_changes,
    soft_delete,
    strip_strings,
)
from ._records import (
    stream as stream_records,
)
from .appointments import AppointmentChanges
from .changes import UNSET, Changes, Unset
from .client_rules import ClientRules as ClientRules  # re-exported: callers name the rules with the service
from .client_rules import check_codes, check_password, normalize_codes
from .errors import (
    ClientDeleted,
    ClientNotFound,
    Conflict,
    DuplicateEmail,
    DuplicateMobile,
    FieldError,
    Reason,
)
from .types import ClientStatus, ClientType, ContactMethod, Gender, Tenant, Transaction


@dataclass(frozen=True, kw_only=True)
class ClientChanges(Changes):
    branch_id: int | Unset | None = UNSET
    staff_id: int | Unset | None = UNSET
    first_name: str | Unset | None = UNSET
    last_name: str | Unset | None = UNSET
    full_name: str | Unset | None = UNSET
    titles: str | Unset | None = UNSET
    initials: str | Unset | None = UNSET
    surname_prefix: str | Unset | None = UNSET
    salutation: str | Unset | None = UNSET
    post_nominals: str | Unset | None = UNSET
    gender: Gender | Unset | None = UNSET
    birth_date: date | Unset | None = UNSET
    email: str | Unset | None = UNSET
    mobile_phone: str | Unset | None = UNSET
    home_phone: str | Unset | None = UNSET
    business_phone: str | Unset | None = UNSET
    street: str | Unset | None = UNSET
    street2: str | Unset | None = UNSET
    city: str | Unset | None = UNSET
    county: str | Unset | None = UNSET
    region: str | Unset | None = UNSET
    postal_code: str | Unset | None = UNSET
    country: str | Unset | None = UNSET
    company_name: str | Unset | None = UNSET
    language: str | Unset | None = UNSET
    time_zone: str | Unset | None = UNSET
    status: ClientStatus | Unset = UNSET
    client_type: ClientType | Unset = UNSET
    contact_method: ContactMethod | Unset = UNSET
    guardian: bool | Unset = UNSET
    guardian_first_name: str | Unset | None = UNSET
    guardian_last_name: str | Unset | None = UNSET
    reason: str | Unset | None = UNSET
    start_date: date | Unset | None = UNSET
    end_date: date | Unset | None = UNSET
    last_visit_date: date | Unset | None = UNSET
    opted_in_date: date | Unset | None = UNSET
    last_cancelled_date: date | Unset | None = UNSET
    number_of_visits: int | Unset | None = UNSET
    external_user_name: str | Unset | None = UNSET
    reference_code: str | Unset | None = UNSET
    customer_source_id: int | Unset | None = UNSET
    # The password as chosen (None clears it): checked against the rules' policy, stored only as its argon2id hash.
    password: str | Unset | None = UNSET
    extra: dict[str, Any] | Unset = UNSET


def full_name_of(first: str | None, last: str | None) -> str:
    return " ".join(p for p in (first, last) if p)


async def get(
    session: AsyncSession, tenant: Tenant, client_id: int, *, field: str = "id", include_deleted: bool = False
) -> Client:
    """The tenant's client; ClientNotFound for another business's id, ClientDeleted once deleted."""
    repository = ClientRepository(session)
    return await find(
        repository, tenant, client_id, ClientNotFound, ClientDeleted, field=field, include_deleted=include_deleted
    )


async def list(
    session: AsyncSession, tenant: Tenant, *, limit: int | None = None, offset: int = 0
) -> builtins.list[Client]:
    """The tenant's clients that are not deleted, oldest first."""
    return await ClientRepository(session).list(tenant.business_id, limit=limit, offset=offset)


def stream(transaction: Transaction, tenant: Tenant) -> AsyncIterator[builtins.list[Client]]:
    """The tenant's live clients in list order, batch by batch, for lists that must be answered whole."""
    return stream_records(transaction, ClientRepository, tenant)


def _check_values(values: dict[str, Any], errors: builtins.list[FieldError]) -> None:
    birth = values.get("birth_date")
    if birth is not None and birth > date.today():
        errors.append(FieldError("birth_date", Reason.NOT_ALLOWED, "birth_date lies in the future", birth.isoformat()))
    visits = values.get("number_of_visits")
    if visits is not None and visits < 0:
        errors.append(FieldError("number_of_visits", Reason.NOT_ALLOWED, "number_of_visits is negative", visits))
    if values.get("language") is not None:
        values["language"] = values["language"].lower()


def check_values(
    tenant: Tenant,
    current: Client | None,
    changes: ClientChanges,
    rules: ClientRules = ClientRules(),
    refused: Sequence[FieldError] = (),
) -> dict[str, Any]:
    """The rules that need no query: the changes' values, normalized (a password as its hash); ValidationFailed
    naming the fields otherwise: a bad password alone first, then the code lists and what the caller could not
    translate (`refused`) together, then required fields, contact formats, lengths and values together."""
    return check_given(tenant, current, changes.given(), rules, refused)


def check_given(
    tenant: Tenant,
    current: Client | None,
    given: dict[str, Any],
    rules: ClientRules = ClientRules(),
    refused: Sequence[FieldError] = (),
) -> dict[str, Any]:
    """`check_values` of the fields a caller set, held as `ClientChanges.given()` holds them (field → value, None
    clears; `given` becomes the result): a bulk import checks each new row so, without building a 45-field
    `ClientChanges` per row, then checks the ids a batch names in one query each."""
    values = given
    password_given = "password" in values
    password = values.pop("password", None)
    problem = check_password(password, rules)
    raise_if([problem] if problem else [])
    raise_if(check_codes(values, rules) + builtins.list(refused))
    strip_strings(values)
    normalize_codes(values, rules)
    errors = check_required(values, current, rules.required)
    normalize_contact(values, tenant.default_region, errors)
    check_lengths(Client, values, errors)
    _check_values(values, errors)
    raise_if(errors)
    if password_given:
        values["password_hash"] = passwords.hash_password(password) if password else None
    return values


async def _validate(
    session: AsyncSession,
    tenant: Tenant,
    current: Client | None,
    changes: ClientChanges,
    rules: ClientRules,
    refused: Sequence[FieldError] = (),
) -> dict[str, Any]:
    values = check_values(tenant, current, changes, rules, refused)
    source = values.get("customer_source_id")
    if rules.refuse_unknown_source and source is not None and not _source_left_to_insert(rules, current, values):
        await customer_sources.check(session, tenant, source, field="customer_source_id")
    if rules.refuse_duplicate_email and current is not None:  # a create's is checked by its INSERT (_insert)
        await _refuse_taken_email(session, tenant, current, values, changes.email)
    if values.get("staff_id") is not None:
        await staff.get(session, tenant, values["staff_id"], field="staff_id")
    if values.get("branch_id") is not None:
        await tenants.get_branch(session, tenant, values["branch_id"])
    mobile = values.get("mobile_phone")
    if rules.refuse_duplicate_mobile and mobile and current is not None and mobile != current.mobile_phone:
        repository = ClientRepository(session)
        await repository.lock_mobile(tenant.business_id, mobile)
        if await repository.mobile_taken(tenant.business_id, mobile, current.id):
            raise _duplicate(mobile)
    return values


def _source_left_to_insert(rules: ClientRules, current: Client | None, values: dict[str, Any]) -> bool:
    """Whether the new client's INSERT checks its customer source (`_insert`) instead of a query of its own: a create
    naming no staff member and no branch, whose checks would come after the source's (so a refusal names the same
    field first either way). A CareCloud registration is one statement less."""
    if not rules.refuse_unknown_source or current is not None or values.get("customer_source_id") is None:
        return False
    return values.get("staff_id") is None and values.get("branch_id") is None


async def _refuse_taken_email(
    session: AsyncSession, tenant: Tenant, current: Client, values: dict[str, Any], given: object
) -> None:
    """Refuse an e-mail address another live client of the business has, when an update changes it.

    The lock makes concurrent writes of one address take turns until their transactions end (PostgreSQL), so the
    second one sees the first one's row.
    """
    key = values.get("email_normalized")
    if key is None or key == current.email_normalized:
        return
    repository = ClientRepository(session)
    await repository.lock_email(tenant.business_id, key)
    if await repository.email_taken(tenant.business_id, key, current.id):
        raise _taken_email(given)


def _taken_email(given: object) -> DuplicateEmail:
    return DuplicateEmail("email is already taken", field="email", value=given)


def _duplicate(mobile: str) -> DuplicateMobile:
    return DuplicateMobile(f"Existing mobile number {mobile}", field="mobile_phone", mobile_phone=mobile)


async def _insert(
    session: AsyncSession, tenant: Tenant, client: Client, rules: ClientRules, email: object, *, source: bool
) -> None:
    """Insert the new client; with `refuse_duplicate_mobile` or `refuse_duplicate_email`, only if no live client of
    the business has its mobile number or e-mail address (`email`: the address as given, for the refusal); with
    `source`, only if its customer source is one of the business's (refused before either, as `_validate` would).

    The locks make concurrent creates of one number or address take turns until their transactions end
    (PostgreSQL), and the INSERT checks both itself, so a create is one round trip more than the insert, not two.
    """
    repository = ClientRepository(session)
    mobile = client.mobile_phone if rules.refuse_duplicate_mobile else None
    key = client.email_normalized if rules.refuse_duplicate_email else None
    if key:  # the address first, as an update takes them (_validate): two writes never wait on each other
        await repository.lock_email(tenant.business_id, key)
    if mobile:
        await repository.lock_mobile(tenant.business_id, mobile)
    if await repository.add_unless_contact_taken(client, mobile=bool(mobile), email=bool(key), source=source):
        return
    if source and client.customer_source_id is not None:
        await customer_sources.check(session, tenant, client.customer_source_id, field="customer_source_id")
    if key and await repository.email_taken(tenant.business_id, key, None):  # the address is named first
        raise _taken_email(email)
    raise _duplicate(client.mobile_phone or "")


def _derive_full_name(client: Client, values: dict[str, Any]) -> None:
    """`full_name` follows first and last name unless the caller sets it (TimeTap writes fullName)."""
    if values.get("full_name"):
        return
    if "full_name" in values or "first_name" in values or "last_name" in values or not client.full_name:
        values["full_name"] = full_name_of(
            values.get("first_name", client.first_name), values.get("last_name", client.last_name)
        )


async def create(
    session: AsyncSession,
    tenant: Tenant,
    changes: ClientChanges,
    *,
    rules: ClientRules = ClientRules(),
    pending: builtins.list[AppointmentChanges] | None = None,
    refused: Sequence[FieldError] = (),
) -> Client:
    """A new client, and the appointments `pending` lists for them. `refused`: what the caller could not translate,
    reported with the core's own refusals."""
    values = await _validate(session, tenant, None, changes, rules, refused)
    source = _source_left_to_insert(rules, None, values)
    client = Client(
        business_id=tenant.business_id,
        created_by=tenant.actor,
        updated_by=tenant.actor,
        extra={},
        status=ClientStatus.ACTIVE,
        client_type=ClientType.ACTIVE,
        contact_method=ContactMethod.NONE,
        guardian=False,
        full_name="",
    )
    if "branch_id" not in values and tenant.branch_id is not None:
        values["branch_id"] = tenant.branch_id
    _derive_full_name(client, values)
    changed = apply(client, values)
    await _insert(session, tenant, client, rules, changes.email, source=source)
    await events.record(session, tenant, "client", client.id, "created", changed)
    if pending:
        await appointments.add_pending(session, tenant, client.id, pending, prefix="appointments.")
    return client


async def update(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int,
    changes: ClientChanges,
    *,
    rules: ClientRules = ClientRules(),
    pending: builtins.list[AppointmentChanges] | None = None,
    refused: Sequence[FieldError] = (),
) -> Client:
    client = await get(session, tenant, client_id)
    values = await _validate(session, tenant, client, changes, rules, refused)
    _derive_full_name(client, values)
    await save_changes(session, tenant, ClientRepository(session), client, "client", values)
    if pending:
        await appointments.add_pending(session, tenant, client.id, pending, prefix="appointments.")
    return client


async def upsert(
    session: AsyncSession,
    tenant: Tenant,
    client_id: int | None,
    changes: ClientChanges,
    *,
    rules: ClientRules = ClientRules(),
    pending: builtins.list[AppointmentChanges] | None = None,
) -> tuple[Client, bool]:
    """Create when `client_id` is empty, else update that client (unknown ids are refused). True when created."""
    if not client_id:
        return await create(session, tenant, changes, rules=rules, pending=pending), True
    return await update(session, tenant, client_id, changes, rules=rules, pending=pending), False


async def delete(session: AsyncSession, tenant: Tenant, client_id: int) -> None:
    """Soft delete: lists leave the client out; reads that ask for deleted records still find them."""
    client = await get(session, tenant, client_id)
    await soft_delete(session, tenant, ClientRepository(session), client, "client")


async def restore(session: AsyncSession, tenant: Tenant, client_id: int) -> Client:
    """Undo a soft delete (a `restored` change); a live client is left as it is. A client merged into another is
    refused: its appointments, messages and notes moved to the survivor, so undoing a merge is more than this."""
    client = await get(session, tenant, client_id, include_deleted=True)
    if client.merged_into_id is not None:
        message = f"client {client_id} was merged into {client.merged_into_id}"
        raise Conflict(message, field="id", merged_into=client.merged_into_id)
    if client.deleted_at is None:
        return client
    await ClientRepository(session).save(client, {"deleted_at": None, "updated_by": tenant.actor})
    await events.record(session, tenant, "client", client.id, "restored", {"deleted_at": None})
    return client
