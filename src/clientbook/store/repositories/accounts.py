"""Staff login accounts (web app and single sign-on)."""

from __future__ import annotations

from sqlalchemy import select

from clientbook.store.models import Staff, StaffAccount

from ._base import RecordRepository


class StaffAccountRepository(RecordRepository[StaffAccount]):
    model = StaffAccount

    async def by_name(self, business_id: int, account_name: str) -> StaffAccount | None:
        """The live account named `account_name` (the unique index on (business_id, account_name) serves it)."""
        return await self.session.scalar(
            select(StaffAccount).where(
                StaffAccount.business_id == business_id,
                StaffAccount.account_name == account_name,
                StaffAccount.deleted_at.is_(None),
            )
        )

    async def name_taken(self, business_id: int, account_name: str) -> bool:
        query = select(StaffAccount.id).where(
            StaffAccount.business_id == business_id, StaffAccount.account_name == account_name
        )
        return await self.session.scalar(query.limit(1)) is not None

    async def with_staff(self, business_id: int, account_id: int) -> tuple[StaffAccount, Staff] | None:
        """The live account and its live staff member, in one query."""
        row = (
            await self.session.execute(
                select(StaffAccount, Staff)
                .join(Staff, (Staff.business_id == StaffAccount.business_id) & (Staff.id == StaffAccount.staff_id))
                .where(
                    StaffAccount.business_id == business_id,
                    StaffAccount.id == account_id,
                    StaffAccount.deleted_at.is_(None),
                    Staff.deleted_at.is_(None),
                )
            )
        ).first()
        return (row[0], row[1]) if row else None

    async def all_with_staff(self, business_id: int) -> list[tuple[StaffAccount, Staff]]:
        """Every account of the business, disabled ones too, with its staff member, by account name."""
        rows = await self.session.execute(
            select(StaffAccount, Staff)
            .join(Staff, (Staff.business_id == StaffAccount.business_id) & (Staff.id == StaffAccount.staff_id))
            .where(StaffAccount.business_id == business_id)
            .order_by(StaffAccount.account_name)
        )
        return [(row[0], row[1]) for row in rows]
