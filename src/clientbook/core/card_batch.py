"""Cards created in one request (an import of a printed card pool): all or nothing, or every card that can be.

Each card meets the rules of `cards.create`, in order, so a number given twice in one batch is refused the second
time like a number taken before. A refused card writes nothing of its own (its checks run before its insert), so
"every card that can be" needs no savepoint per card."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Card

from . import cards
from .cards import CardFields
from .errors import ClientbookError, Deleted, NotFound, ValidationFailed
from .types import Tenant


@dataclass
class BatchResult:
    created: list[Card] = field(default_factory=list)
    refused: list[ClientbookError] = field(default_factory=list)  # each naming `<items>.<index>.<field>`


def _located(error: ValidationFailed | NotFound | Deleted, where: str) -> ClientbookError:
    """The refusal of one item, its fields named below `where` (`cards.3.number`)."""
    if isinstance(error, ValidationFailed):
        return ValidationFailed([replace(e, field=f"{where}.{e.field}") for e in error.errors])
    field = f"{where}.{error.field}" if error.field else where
    return type(error)(error.message, field=field, id=error.id, **error.data)


async def create_many(
    session: AsyncSession,
    tenant: Tenant,
    items: Sequence[CardFields | ValidationFailed],
    *,
    all_or_nothing: bool = True,
    name: str = "cards",
) -> BatchResult:
    """Create the cards `items` gives, in order. An item may be the dialect's refusal of what it could not read.

    `all_or_nothing`: the first refusal is raised (the caller's transaction then writes nothing); otherwise every
    card that passes is created and the refusals are returned."""
    result = BatchResult()
    for index, item in enumerate(items):
        try:
            if isinstance(item, ValidationFailed):
                raise item
            result.created.append(await cards.create(session, tenant, item))
        except (ValidationFailed, NotFound, Deleted) as error:
            located = _located(error, f"{name}.{index}")
            if all_or_nothing:
                raise located from error
            result.refused.append(located)
    return result
