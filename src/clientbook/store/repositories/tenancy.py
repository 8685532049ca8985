from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, select, update

from clientbook.store.models import ApiToken, Branch, Business, Credential

from ._base import Repository


class BusinessRepository(Repository):
    async def get(self, business_id: int) -> Business | None:
        return await self.session.get(Business, business_id)

    async def by_account_number(self, account_number: str) -> Business | None:
        return await self.session.scalar(select(Business).where(Business.account_number == account_number))

    async def by_sms_number(self, number: str) -> Business | None:
        return await self.session.scalar(select(Business).where(Business.sms_number == number))

    async def first(self) -> Business | None:
        return await self.session.scalar(select(Business).order_by(Business.id).limit(1))


class BranchRepository(Repository):
    async def get(self, business_id: int, branch_id: int) -> Branch | None:
        return await self.session.get(Branch, (business_id, branch_id))

    async def by_account_number(self, business_id: int, account_number: str) -> Branch | None:
        return await self.session.scalar(
            _BRANCH_BY_NUMBER, {"business_id": business_id, "account_number": account_number}
        )

    async def list(self, business_id: int) -> list[Branch]:
        rows = await self.session.scalars(
            select(Branch).where(Branch.business_id == business_id, Branch.deleted_at.is_(None)).order_by(Branch.id)
        )
        return list(rows)


# Built once: every API request runs this, and building a select costs more than running it.
_FIND_CREDENTIAL = (
    select(Credential, Business)
    .join(Business, Business.id == Credential.business_id)
    .where(
        Credential.realm == bindparam("realm"),
        Credential.key_id == bindparam("key_id"),
        Credential.revoked_at.is_(None),
    )
)
# The key pair's owner and, in the same query, the business's live branch with the account number the caller named.
# Table columns, not ORM attributes: a plain Core query, with no ORM result machinery on every API call.
_credentials, _businesses, _branches = (cast(Table, m.__table__) for m in (Credential, Business, Branch))
_FIND_KEY_PAIR = (
    select(
        _credentials.c.secret_hash,
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


class CredentialRepository(Repository):
    async def find(self, realm: str, key_id: str) -> tuple[Credential, Business] | None:
        """The live credential `key_id` of `realm` with its business, in one query."""
        row = (await self.session.execute(_FIND_CREDENTIAL, {"realm": realm, "key_id": key_id})).first()
        return (row[0], row[1]) if row else None

    async def find_key_pair(
        self, realm: str, key_id: str, branch_account_number: str
    ) -> tuple[str | None, int, str, str, str, str, int | None] | None:
        """The live key `key_id` of `realm`: its secret's hash; its business's id, account number, time zone, region
        and language; and the id of the business's live branch numbered `branch_account_number`, if any. One query,
        plain columns: no ORM objects to build on the path every API call takes."""
        params = {"realm": realm, "key_id": key_id, "account_number": branch_account_number}
        row = (await self.session.execute(_FIND_KEY_PAIR, params)).first()
        return None if row is None else (row[0], row[1], row[2], row[3], row[4], row[5], row[6])

    async def for_business(self, business_id: int, realm: str) -> list[Credential]:
        rows = await self.session.scalars(
            select(Credential).where(Credential.business_id == business_id, Credential.realm == realm)
        )
        return list(rows)


class TokenRepository(Repository):
    async def add_token(self, token: ApiToken) -> None:
        self.session.add(token)
        await self.session.flush()

    async def find(self, token_hash: str, realm: str) -> tuple[ApiToken, Business] | None:
        row = (
            await self.session.execute(
                select(ApiToken, Business)
                .join(Business, Business.id == ApiToken.business_id)
                .where(ApiToken.token_hash == token_hash, ApiToken.realm == realm, ApiToken.revoked_at.is_(None))
            )
        ).first()
        return (row[0], row[1]) if row else None

    async def revoke(self, business_id: int, token_hash: str, at: datetime) -> bool:
        result = await self.session.execute(
            update(ApiToken)
            .where(
                ApiToken.business_id == business_id, ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None)
            )
            .values(revoked_at=at)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
