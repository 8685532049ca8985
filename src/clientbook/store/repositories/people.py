from __future__ import annotations

import builtins
import hashlib
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, exists, func, or_, select, text

from clientbook.store import writes
from clientbook.store.models import Client, CustomerSource, Staff

from ._base import RecordRepository


class StaffRepository(RecordRepository[Staff]):
    model = Staff

    async def email_taken(self, business_id: int, email_key: str, exclude_id: int | None) -> bool:
        query = select(Staff.id).where(
            Staff.business_id == business_id, Staff.email_normalized == email_key, Staff.deleted_at.is_(None)
        )
        if exclude_id is not None:
            query = query.where(Staff.id != exclude_id)
        return await self.session.scalar(query.limit(1)) is not None

    async def by_mobile(self, business_id: int, phone: str) -> builtins.list[Staff]:
        rows = await self.session.scalars(
            select(Staff).where(
                Staff.business_id == business_id, Staff.mobile_phone == phone, Staff.deleted_at.is_(None)
            )
        )
        return list(rows)


_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(:key)")
# Built once: the Wired Client upsert runs these on every create. The parameters are named after the new row's
# columns, so the insert binds them with the row's own values.
_MOBILE_IN_USE = exists().where(
    Client.business_id == bindparam("business_id"),
    Client.mobile_phone == bindparam("mobile_phone"),
    Client.deleted_at.is_(None),
)
_EMAIL_IN_USE = exists().where(
    Client.business_id == bindparam("business_id"),
    Client.email_normalized == bindparam("email_normalized"),
    Client.deleted_at.is_(None),
)
# A new client's customer source that is none of the business's (ClientRules.refuse_unknown_source).
_SOURCE_UNKNOWN = ~exists().where(
    CustomerSource.business_id == bindparam("business_id"),
    CustomerSource.id == bindparam("customer_source_id"),
)


@cache
def _refused_when(mobile: bool, email: bool, source: bool) -> ColumnElement[bool]:
    """The condition under which the INSERT writes nothing: built once per combination, as writes.insert_record caches
    its statement by condition."""
    chosen = [
        c for c, wanted in ((_MOBILE_IN_USE, mobile), (_EMAIL_IN_USE, email), (_SOURCE_UNKNOWN, source)) if wanted
    ]
    return or_(*chosen)


def _taken(column: Any, parameter: str) -> Select[int]:
    """Another live client of the business whose `column` is the `parameter` (any but `exclude_id`)."""
    return (
        select(Client.id)
        .where(
            Client.business_id == bindparam("business_id"),
            column == bindparam(parameter),
            Client.deleted_at.is_(None),
            Client.id != bindparam("exclude_id"),
        )
        .limit(1)
    )


_MOBILE_TAKEN = _taken(Client.mobile_phone, "phone")
_EMAIL_TAKEN = _taken(Client.email_normalized, "email_key")


class ClientRepository(RecordRepository[Client]):
    model = Client

    async def _lock(self, name: str) -> None:
        """Serialize the transactions that lock `name` until each ends.

        PostgreSQL runs concurrent transactions side by side, so two requests could both find a value free; SQLite
        has a single writer (transactions begin IMMEDIATE) and needs nothing.
        """
        if self.session.get_bind().dialect.name == "postgresql":
            key = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)
            await self.session.execute(_ADVISORY_LOCK, {"key": key})

    async def lock_mobile(self, business_id: int, phone: str) -> None:
        """Serialize checks of one business's mobile number until the transaction ends."""
        await self._lock(f"{business_id}:{phone}")

    async def lock_email(self, business_id: int, email_key: str) -> None:
        """Serialize checks of one business's e-mail address (its lower-case key) until the transaction ends."""
        await self._lock(f"{business_id}:email:{email_key}")

    async def email_taken(self, business_id: int, email_key: str, exclude_id: int | None) -> bool:
        """Whether another live client of the business has this e-mail address (compared on its lower-case key)."""
        params = {"business_id": business_id, "email_key": email_key, "exclude_id": exclude_id or 0}
        return await self.session.scalar(_EMAIL_TAKEN, params) is not None

    async def add_unless_contact_taken(
        self, client: Client, *, mobile: bool, email: bool, source: bool = False
    ) -> bool:
        """Insert `client` unless a live client of the business has its mobile number (with `mobile`) or its e-mail
        address (with `email`), or (with `source`) its customer source is none of the business's: checked by the
        INSERT itself (one round trip); False when refused. Take `lock_mobile` and `lock_email` first so that
        concurrent inserts see each other."""
        if not (mobile or email or source):
            await self.add(client)
            return True
        return await writes.insert_record(self.session, client, unless=_refused_when(mobile, email, source))

    async def mobile_taken(self, business_id: int, phone: str, exclude_id: int | None) -> bool:
        """Whether another active (not deleted) client of the business has this E.164 mobile number."""
        params = {"business_id": business_id, "phone": phone, "exclude_id": exclude_id or 0}
        return await self.session.scalar(_MOBILE_TAKEN, params) is not None

    async def by_mobile(self, business_id: int, phone: str) -> builtins.list[Client]:
        rows = await self.session.scalars(
            select(Client).where(
                Client.business_id == business_id, Client.mobile_phone == phone, Client.deleted_at.is_(None)
            )
        )
        return list(rows)

    async def count(self, business_id: int) -> int:
        return int(
            await self.session.scalar(
                select(func.count())
                .select_from(Client)
                .where(Client.business_id == business_id, Client.deleted_at.is_(None))
            )
            or 0
        )
