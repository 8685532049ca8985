from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select, update

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
_BRANCH_BY_NUMBER = select(Branch).where(
    Branch.business_id == bindparam("business_id"), Branch.account_number == bindparam("account_number")
)


class CredentialRepository(Repository):
    async def find(self, realm: str, key_id: str) -> tuple[Credential, Business] | None:
        """The live credential `key_id` of `realm` with its business, in one query."""
        row = (await self.session.execute(_FIND_CREDENTIAL, {"realm": realm, "key_id": key_id})).first()
        return (row[0], row[1]) if row else None

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
