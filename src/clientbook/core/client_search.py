"""Client lists, counts and id lists with the filters every dialect needs (TimeTap reports, CareCloud customers).

Counts are true totals. Every filter is index-backed (migration 0005): lists stay fast at 100,000 clients.
Semantics: a filter left None does not filter; an empty sequence matches nothing; the values of one list filter are
alternatives (OR); different filters all apply (AND).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Client
from clientbook.store.repositories.client_search import ORDER_COLUMNS, ClientQuery, ClientSearchRepository

from .contact import email_key, normalize_phone, phone_digits
from .errors import Reason, ValidationFailed
from .text import unstorable
from .types import Tenant

MAX_SEARCH_WORDS = 8
MIN_WORD = 3  # the text indexes are trigram indexes: a shorter word could only be found by scanning
MAX_PAGE = 100
# A query made of digits and phone punctuation only is a phone number (whole or partial), in any format.
_PHONE_LIKE = re.compile(r"[0-9\s()+.\-/]+")
ORDER_FIELDS = tuple(ORDER_COLUMNS)


@dataclass(frozen=True, kw_only=True)
class ClientFilter:
    client_ids: Sequence[int] | None = None
    created_from: datetime | None = None  # inclusive
    created_to: datetime | None = None  # inclusive
    statuses: Sequence[str] | None = None
    tags: Sequence[str] | None = None  # tag names, case-insensitive
    staff_ids: Sequence[int] | None = None  # clients with an appointment with one of these staff
    branch_ids: Sequence[int] | None = None  # … at one of these branches
    location_group_ids: Sequence[int] | None = None  # … at a branch of one of these location groups
    reason_ids: Sequence[int] | None = None  # … for one of these reasons
    search_term: str | None = None  # every word in names, e-mail, phones, company, custom field values or notes
    emails: Sequence[str] | None = None  # case-insensitive equality
    phone: str | None = None  # the mobile number, compared in E.164 (read in the tenant's region)
    first_name: str | None = None  # case-insensitive equality
    last_name: str | None = None  # case-insensitive equality
    birth_date: date | None = None
    customer_source_ids: Sequence[int] | None = None
    external_user_name: str | None = None
    merged_into_id: int | None = None
    include_deleted: bool = False


@dataclass(frozen=True)
class Order:
    field: str = "id"
    descending: bool = False


def _tuple(values: Sequence[Any] | None) -> tuple[Any, ...] | None:
    return None if values is None else tuple(values)


def search_words(term: str | None) -> tuple[str, ...]:
    """The words of a search term (at most MAX_SEARCH_WORDS; every one must match)."""
    if not term:
        return ()
    return tuple(dict.fromkeys(term.split()))[:MAX_SEARCH_WORDS]


def _phones(tenant: Tenant, phone: str | None) -> tuple[str, ...] | None:
    if phone is None:
        return None
    number, _error = normalize_phone(phone, tenant.default_region, "phone")
    return (number,) if number else ()  # not a phone number: nobody has it


def _lower(value: str | None) -> str | None:
    return value.strip().lower() if value is not None else None


def to_query(tenant: Tenant, f: ClientFilter) -> ClientQuery:
    """The repository's normalized form of `f`."""
    return ClientQuery(
        client_ids=_tuple(f.client_ids),
        created_from=f.created_from,
        created_to=f.created_to,
        statuses=_tuple(f.statuses),
        tag_keys=None if f.tags is None else tuple({t.strip().lower() for t in f.tags if t.strip()}),
        staff_ids=_tuple(f.staff_ids),
        branch_ids=_tuple(f.branch_ids),
        location_group_ids=_tuple(f.location_group_ids),
        reason_ids=_tuple(f.reason_ids),
        words=search_words(f.search_term),
        email_keys=None if f.emails is None else tuple(k for e in f.emails if (k := email_key(e))),
        phones=_phones(tenant, f.phone),
        first_name_key=_lower(f.first_name),
        last_name_key=_lower(f.last_name),
        birth_date=f.birth_date,
        customer_source_ids=_tuple(f.customer_source_ids),
        external_user_name=f.external_user_name,
        merged_into_id=f.merged_into_id,
        include_deleted=f.include_deleted,
    )


def check_order(order: Order) -> None:
    if order.field not in ORDER_COLUMNS:
        raise ValidationFailed.single(
            "order", Reason.NOT_ALLOWED, f"order must be one of {', '.join(ORDER_FIELDS)}", order.field
        )


def _check_page(offset: int, limit: int | None) -> None:
    if offset < 0:
        raise ValidationFailed.single("offset", Reason.NOT_ALLOWED, "offset must not be negative", offset)
    if limit is not None and limit < 0:
        raise ValidationFailed.single("limit", Reason.NOT_ALLOWED, "limit must not be negative", limit)


async def search(
    session: AsyncSession,
    tenant: Tenant,
    filter: ClientFilter,
    *,
    order: Order = Order(),
    offset: int = 0,
    limit: int | None = None,
) -> list[Client]:
    """The tenant's clients matching `filter`, ordered by `order` (ties by id), paged by offset/limit."""
    check_order(order)
    _check_page(offset, limit)
    return await ClientSearchRepository(session).search(
        tenant.business_id,
        to_query(tenant, filter),
        order=order.field,
        descending=order.descending,
        offset=offset,
        limit=limit,
    )


async def count(session: AsyncSession, tenant: Tenant, filter: ClientFilter) -> int:
    """How many clients match `filter` (a true total, not a page size)."""
    return await ClientSearchRepository(session).count(tenant.business_id, to_query(tenant, filter))


async def ids(session: AsyncSession, tenant: Tenant, filter: ClientFilter, *, order: Order = Order()) -> list[int]:
    """The ids of every client matching `filter`, in `order`."""
    check_order(order)
    return await ClientSearchRepository(session).ids(
        tenant.business_id, to_query(tenant, filter), order=order.field, descending=order.descending
    )


@dataclass(frozen=True)
class SearchPage:
    """One page of a front-desk search, with the true total and the words that were looked for."""

    clients: list[Client]
    total: int
    offset: int
    limit: int
    words: tuple[str, ...]
    too_short: bool  # the query had only words under MIN_WORD characters: nothing was looked up

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.clients) < self.total


def front_desk_words(tenant: Tenant, query: str) -> tuple[str, ...]:
    """The index-served words of what a receptionist typed.

    A phone number in any format (`(416) 555-0101`, `4165550101`, `+1 416 555 0101`) becomes the digits of its E.164
    form read in the business's region, so every spelling finds the stored number; a partial number (`555-0101`)
    becomes its digits, found anywhere in the client's phone numbers. Anything else is words of names, e-mail,
    company, custom fields and notes; words under MIN_WORD characters are left out (the trigram indexes cannot
    serve them).
    """
    text = query.strip()
    digits = re.sub(r"[^0-9]", "", text)
    if _PHONE_LIKE.fullmatch(text) and len(digits) >= MIN_WORD:
        return (phone_digits(text, tenant.default_region),)
    return tuple(w for w in search_words(text) if len(w) >= MIN_WORD)


async def front_desk(
    session: AsyncSession, tenant: Tenant, query: str, *, offset: int = 0, limit: int = 25
) -> SearchPage:
    """The web app's client search: live clients whose name, e-mail, phone (any format) or other text matches
    `query`, by name; every client by name when `query` is blank. Paged, with the true total."""
    _check_page(offset, limit)
    if (problem := unstorable(query)) is not None:
        raise ValidationFailed.single("q", Reason.INVALID_FORMAT, f"q {problem}")
    limit = min(limit, MAX_PAGE)
    words = front_desk_words(tenant, query)
    if query.strip() and not words:
        return SearchPage([], 0, offset, limit, (), too_short=True)
    f = ClientFilter(search_term=" ".join(words) or None)
    found = await search(session, tenant, f, order=Order("full_name"), offset=offset, limit=limit)
    total = await count(session, tenant, f)
    return SearchPage(found, total, offset, limit, words, too_short=False)
