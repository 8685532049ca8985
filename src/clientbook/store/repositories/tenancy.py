from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, Table, bindparam, func, or_, select

from clientbook.store.models import ApiToken, Branch, Business, Credential

from ._base import RecordRepository, Repository


class BusinessRepository(Repository):
    """The tenants themselves: keyed by their id alone."""

    async def get(self, business_id: int) -> Business | None:
        return await self.session.get(Business, business_id)

    async def locked(self, business_id: int) -> Business | None:
        """The business, its row locked until the transaction ends (PostgreSQL; SQLite transactions serialize),
        for a write made once per business under racing first uses. FOR NO KEY UPDATE: rows that merely refer to
        the business (every insert's foreign key check) are not held up by it."""
        query = select(Business).where(Business.id == business_id).with_for_update(key_share=True)
        return await self.session.scalar(query.execution_options(populate_existing=True))

    async def by_account_number(self, account_number: str) -> Business | None:
        return await self.session.scalar(select(Business).where(Business.account_number == account_number))

    async def by_handle(self, handle: str) -> Business | None:
        """The business with this (lowercase) handle; the unique index on handle serves it."""
        return await self.session.scalar(select(Business).where(Business.handle == handle))

    async def by_sms_number(self, number: str) -> Business | None:
        return await self.session.scalar(select(Business).where(Business.sms_number == number))

    async def first(self) -> Business | None:
        return await self.session.scalar(select(Business).order_by(Business.id).limit(1))

    async def all_with_branch_counts(self) -> list[tuple[Business, int]]:
        """Every business (the operator's list, across tenants) with how many live branches it has, oldest first."""
        branches = (
            select(func.count())
            .where(Branch.business_id == Business.id, Branch.deleted_at.is_(None))
            .correlate(Business)
            .scalar_subquery()
        )
        rows = await self.session.execute(select(Business, branches).order_by(Business.id))
        return [(row[0], int(row[1])) for row in rows]


class BranchRepository(RecordRepository[Branch]):
    model = Branch

    async def by_account_number(self, business_id: int, account_number: str) -> Branch | None:
        return await self.session.scalar(
            _BRANCH_BY_NUMBER, {"business_id": business_id, "account_number": account_number}
        )


def _live_with_business(model: type[Credential] | type[ApiToken], key: str) -> Select[Any, Any]:
    """The unrevoked `model` row of a realm whose column `key` is the parameter of that name, with its business."""
    return (
        select(model, Business)
        .join(Business, Business.id == model.business_id)
        .where(getattr(model, key) == bindparam(key), model.realm == bindparam("realm"), model.revoked_at.is_(None))
    )


# Built once: every API request runs one of these, and building a select costs more than running it.
_FIND_CREDENTIAL = _live_with_business(Credential, "key_id")
_FIND_TOKEN = _live_with_business(ApiToken, "token_hash")  # TimeTap's, Webcamconsult's and CareCloud's tokens
# The key pair's owner and, in the same query, the business's live branch with the account number the caller named.
# Table columns, not ORM attributes: a plain Core query, with no ORM result machinery on every API call.
_credentials, _businesses, _branches = (cast(Table, m.__table__) for m in (Credential, Business, Branch))
_FIND_KEY_PAIR = (
    select(
        _credentials.c.secret_hash,
        _credentials.c.previous_secret_hash,
        _credentials.c.previous_expires_at,
        _businesses.c.id,
        _businesses.c.account_number,
        _businesses.c.time_zone,
        _businesses.c.default_region,
        _businesses.c.language,
        _branches.c.id,
    )
    .join_from(_credentials, _businesses, _businesses.c.id == _credentials.c.business_id)
    .outerjoin(
        _branches,
        (_branches.c.business_id == _credentials.c.business_id)
        & (_branches.c.account_number == bindparam("account_number"))
        & _branches.c.deleted_at.is_(None),
    )
    .where(
        _credentials.c.realm == bindparam("realm"),
        _credentials.c.key_id == bindparam("key_id"),
        _credentials.c.revoked_at.is_(None),
    )
)
_BRANCH_BY_NUMBER = select(Branch).where(
    Branch.business_id == bindparam("business_id"), Branch.account_number == bindparam("account_number")
)


class CredentialRepository(RecordRepository[Credential]):
    model = Credential

    async def find(self, realm: str, key_id: str) -> tuple[Credential, Business] | None:
        """The live credential `key_id` of `realm` with its business, in one query."""
        row = (await self.session.execute(_FIND_CREDENTIAL, {"realm": realm, "key_id": key_id})).first()
        return (row[0], row[1]) if row else None

    async def find_key_pair(
        self, realm: str, key_id: str, branch_account_number: str
    ) -> tuple[str | None, str | None, datetime | None, int, str, str, str, str, int | None] | None:
        """The live key `key_id` of `realm`: its secret's hash, and its previous secret's hash with that one's expiry
        (after a rotation); its business's id, account number, time zone, region and language; and the id of the
        business's live branch numbered `branch_account_number`, if any. One query, plain columns: no ORM objects to
        build on the path every API call takes."""
        params = {"realm": realm, "key_id": key_id, "account_number": branch_account_number}
        row = (await self.session.execute(_FIND_KEY_PAIR, params)).first()
        return None if row is None else (row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8])

    async def for_business(self, business_id: int, realm: str) -> builtins.list[Credential]:
        rows = await self.session.scalars(
            select(Credential).where(Credential.business_id == business_id, Credential.realm == realm)
        )
        return builtins.list(rows)

    async def all_of_business(self, business_id: int) -> list[Credential]:
        """Every credential of the business, live or revoked, by realm then age."""
        query = select(Credential).where(Credential.business_id == business_id)
        return list(await self.session.scalars(query.order_by(Credential.realm, Credential.id)))


class TokenRepository(Repository):
    async def find(self, token_hash: str, realm: str) -> tuple[ApiToken, Business] | None:
        row = (await self.session.execute(_FIND_TOKEN, {"token_hash": token_hash, "realm": realm})).first()
        return (row[0], row[1]) if row else None

    async def save_unless_locked(self, record: ApiToken, values: dict[str, Any]) -> bool:
        """Write `values` to the token unless another transaction holds its row (PostgreSQL: FOR UPDATE SKIP
        LOCKED; SQLite transactions serialize): True when written. For writes any one request may make for all,
        such as a sliding expiry: when a minute's first requests on one token all found it due, each waited for the
        one before it to commit its whole request (8 concurrent TimeTap creates: lock waits of 235, 270 ... 770 ms)."""
        mine = select(ApiToken.token_hash).where(ApiToken.token_hash == record.token_hash)
        written = await self.update_where(
            ApiToken, values, ApiToken.token_hash.in_(mine.with_for_update(skip_locked=True))
        )
        return written > 0

    def _live(self, business_id: int, realm: str, kind: str, now: datetime) -> Select[ApiToken]:
        return select(ApiToken).where(
            ApiToken.business_id == business_id,
            ApiToken.realm == realm,
            ApiToken.kind == kind,
            ApiToken.revoked_at.is_(None),
            or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
        )

    async def live(self, business_id: int, realm: str, kind: str, now: datetime) -> list[ApiToken]:
        """The business's unrevoked, unexpired tokens of `realm` and `kind`, oldest first."""
        return list(await self.session.scalars(self._live(business_id, realm, kind, now).order_by(ApiToken.created_at)))

    async def live_counts(self, business_id: int, now: datetime) -> list[tuple[str, str, int]]:
        """(realm, kind, how many) of the business's live tokens."""
        query = (
            select(ApiToken.realm, ApiToken.kind, func.count())
            .where(
                ApiToken.business_id == business_id,
                ApiToken.revoked_at.is_(None),
                or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
            )
            .group_by(ApiToken.realm, ApiToken.kind)
            .order_by(ApiToken.realm, ApiToken.kind)
        )
        return [(row[0], row[1], int(row[2])) for row in await self.session.execute(query)]

    async def expire_others(self, business_id: int, realm: str, kind: str, keep_hash: str, at: datetime) -> int:
        """End the business's other live tokens of `realm` and `kind` at `at` (sooner ones keep their expiry)."""
        return await self.update_where(
            ApiToken,
            {"expires_at": at},
            *self._unrevoked(business_id, ApiToken.realm == realm, ApiToken.kind == kind),
            ApiToken.token_hash != keep_hash,
            or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > at),
            synchronize=False,
        )

    async def revoke_subject(
        self, business_id: int, subject_type: str, subject_id: int, at: datetime, *, kind: str | None = None
    ) -> int:
        """Revoke every live token of the business opened for one subject (a staff member's logins), or only those
        of `kind`; how many."""
        where = self._unrevoked(business_id, ApiToken.subject_type == subject_type, ApiToken.subject_id == subject_id)
        if kind is not None:
            where.append(ApiToken.kind == kind)
        return await self.update_where(ApiToken, {"revoked_at": at}, *where, synchronize=False)

    async def revoke_device(self, business_id: int, realm: str, device_key: str, at: datetime) -> int:
        """Revoke the business's live tokens of `realm` opened for `device_key` (kept in `data`)."""
        device = ApiToken.data["device_key"].as_string() == device_key
        where = self._unrevoked(business_id, ApiToken.realm == realm, device)
        return await self.update_where(ApiToken, {"revoked_at": at}, *where, synchronize=False)

    async def revoke(self, business_id: int, token_hash: str, at: datetime) -> bool:
        where = self._unrevoked(business_id, ApiToken.token_hash == token_hash)
        return bool(await self.update_where(ApiToken, {"revoked_at": at}, *where))

    @staticmethod
    def _unrevoked(business_id: int, *where: ColumnElement[bool]) -> builtins.list[ColumnElement[bool]]:
        return [ApiToken.business_id == business_id, *where, ApiToken.revoked_at.is_(None)]
