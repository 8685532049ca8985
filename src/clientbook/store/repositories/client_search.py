"""Client lists: every filter of every dialect's client search, each one served by an index (migration 0005).

Filters through appointments, tags and branches are `id IN (subquery)` on the covering indexes of those tables; the
text search reads the trigger-maintained search document (SQLite FTS5 trigram table; PostgreSQL pg_trgm GIN index on
lower-cased documents, migration 0035).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, ColumnElement, Select, false, func, intersect, select, text
from sqlalchemy import column as sa_column
from sqlalchemy import table as sa_table

from clientbook.store.models import Appointment, Branch, Client, ClientTag, Tag

from ._base import Repository, rows_in_order

_FTS = sa_table("client_search_fts", sa_column("rowid"), sa_column("document"))
_SEARCH = sa_table("client_search", sa_column("business_id"), sa_column("client_id"), sa_column("document"))
# Totals by status and deletion, kept by triggers on clients (migration client_counts), in slots summed here.
_COUNTS = sa_table(
    "client_counts", sa_column("business_id"), sa_column("status"), sa_column("deleted", Boolean), sa_column("n")
)
# Up to this many deleted clients, a count of live clients in an id set leaves out the deleted ids from a hash of them
# (PostgreSQL's default work_mem of 4 MB holds ~80,000); beyond, it checks each id against its client.
EXCLUDE_DELETED_UP_TO = 20_000

ORDER_COLUMNS: dict[str, Any] = {
    "id": Client.id,
    "full_name": Client.full_name,
    "first_name": Client.first_name,
    "last_name": Client.last_name,
    "email": Client.email_normalized,
    "created_at": Client.created_at,
    "updated_at": Client.updated_at,
    "birth_date": Client.birth_date,
}


@dataclass(frozen=True, kw_only=True)
class ClientQuery:
    """A normalized client filter (the core builds it): None means "no filter", an empty tuple matches nothing."""

    client_ids: tuple[int, ...] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    statuses: tuple[str, ...] | None = None
    tag_keys: tuple[str, ...] | None = None
    tag_ids: tuple[int, ...] | None = None  # tag_keys resolved (the repository does it before querying)
    staff_ids: tuple[int, ...] | None = None
    branch_ids: tuple[int, ...] | None = None
    location_group_ids: tuple[int, ...] | None = None
    group_branch_ids: tuple[int, ...] | None = None  # location_group_ids resolved (the repository does it)
    reason_ids: tuple[int, ...] | None = None
    words: tuple[str, ...] = ()
    email_keys: tuple[str, ...] | None = None
    phones: tuple[str, ...] | None = None
    first_name_key: str | None = None
    last_name_key: str | None = None
    birth_date: date | None = None
    customer_source_ids: tuple[int, ...] | None = None
    external_user_name: str | None = None
    merged_into_id: int | None = None
    include_deleted: bool = False


def _in(column: Any, values: Sequence[Any]) -> ColumnElement[bool]:
    return column.in_(values) if values else false()


def _pg_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class ClientSearchRepository(Repository):
    async def resolve(self, business_id: int, q: ClientQuery) -> ClientQuery:
        """Tag names → tag ids and location groups → their branch ids first: with literal ids the planner knows how
        few tags it looks for (SQLite assumes an IN subquery yields 25 rows and would rather scan client_tags), and
        PostgreSQL reads the live appointments of those branches from their covering index alone, in client order
        (for a location group's subquery it walked every appointment of the business by client, row by row)."""
        if q.tag_keys is not None and q.tag_ids is None:
            tags = select(Tag.id).where(Tag.business_id == business_id, Tag.name_normalized.in_(q.tag_keys))
            q = replace(q, tag_ids=tuple(await self.session.scalars(tags)) if q.tag_keys else ())
        if q.location_group_ids is not None and q.group_branch_ids is None:
            branches = select(Branch.id).where(
                Branch.business_id == business_id, Branch.location_group_id.in_(q.location_group_ids)
            )
            q = replace(q, group_branch_ids=tuple(await self.session.scalars(branches)) if q.location_group_ids else ())
        return q

    @property
    def _sqlite(self) -> bool:
        return self.session.get_bind().dialect.name == "sqlite"

    def _appointments(self, business_id: int, column: Any, values: Any) -> Select[Any] | None:
        """Clients with an undeleted appointment whose `column` is in `values` (index: business, column, client)."""
        if isinstance(values, tuple) and not values:
            return None
        return select(Appointment.client_id).where(
            Appointment.business_id == business_id, column.in_(values), Appointment.deleted_at.is_(None)
        )

    def _tagged(self, business_id: int, tag_ids: Any) -> Select[Any]:
        return select(ClientTag.client_id).where(ClientTag.business_id == business_id, ClientTag.tag_id.in_(tag_ids))

    def _text(self, business_id: int, words: Sequence[str]) -> list[Select[Any]]:
        """Every word occurs in the client's search document (names, contact, custom fields, notes)."""
        if self._sqlite:
            # FTS5 trigram answers LIKE from its index (case-insensitive); no ESCAPE clause, or it would not. One
            # subquery per word: SQLite 3.40's trigram tokenizer crashes the process on one query ANDing three
            # LIKE patterns when one of them is shorter than three characters (e.g. "Last 7 Smith"). The FTS table
            # holds every business's documents (rowid = client id).
            return [select(_FTS.c.rowid).where(_FTS.c.document.like(f"%{w}%")) for w in words]
        # The documents are stored lower-cased (migration 0035): LIKE on the lower-cased word matches what ILIKE
        # did, without lower-casing every candidate document again.
        found = select(_SEARCH.c.client_id).where(
            _SEARCH.c.business_id == business_id,
            *[_SEARCH.c.document.like(func.lower(_pg_pattern(w))) for w in words],
        )
        return [found]

    def id_sets(self, business_id: int, q: ClientQuery) -> list[Select[Any] | None]:
        """The filters that are sets of client ids read from other tables (tags, appointments, the search text);
        None for a set that is empty by its definition."""
        sets: list[Select[Any] | None] = []
        if q.tag_ids is not None:
            sets.append(self._tagged(business_id, q.tag_ids) if q.tag_ids else None)
        elif q.tag_keys is not None:
            named = select(Tag.id).where(Tag.business_id == business_id, Tag.name_normalized.in_(q.tag_keys))
            sets.append(self._tagged(business_id, named) if q.tag_keys else None)
        if q.staff_ids is not None:
            sets.append(self._appointments(business_id, Appointment.staff_id, q.staff_ids))
        if q.branch_ids is not None:
            sets.append(self._appointments(business_id, Appointment.branch_id, q.branch_ids))
        if q.group_branch_ids is not None:
            sets.append(self._appointments(business_id, Appointment.branch_id, q.group_branch_ids))
        elif q.location_group_ids is not None:
            branches = select(Branch.id).where(
                Branch.business_id == business_id, Branch.location_group_id.in_(q.location_group_ids)
            )
            sets.append(
                self._appointments(business_id, Appointment.branch_id, branches) if q.location_group_ids else None
            )
        if q.reason_ids is not None:
            sets.append(self._appointments(business_id, Appointment.reason_id, q.reason_ids))
        if q.words:
            sets.extend(self._text(business_id, q.words))
        return sets

    def conditions(self, business_id: int, q: ClientQuery) -> list[ColumnElement[bool]]:  # noqa: C901
        where: list[ColumnElement[bool]] = [Client.business_id == business_id]
        if not q.include_deleted:
            where.append(Client.deleted_at.is_(None))
        if q.client_ids is not None:
            where.append(_in(Client.id, q.client_ids))
        if q.created_from is not None:
            where.append(Client.created_at >= q.created_from)
        if q.created_to is not None:
            where.append(Client.created_at <= q.created_to)
        if q.statuses is not None:
            where.append(_in(Client.status, q.statuses))
        where.extend(false() if ids is None else Client.id.in_(ids) for ids in self.id_sets(business_id, q))
        if q.email_keys is not None:
            where.append(_in(Client.email_normalized, q.email_keys))
        if q.phones is not None:
            where.append(_in(Client.mobile_phone, q.phones))
        if q.last_name_key is not None:
            where.append(func.lower(Client.last_name) == q.last_name_key)
        if q.first_name_key is not None:
            where.append(func.lower(Client.first_name) == q.first_name_key)
        if q.birth_date is not None:
            where.append(Client.birth_date == q.birth_date)
        if q.customer_source_ids is not None:
            where.append(_in(Client.customer_source_id, q.customer_source_ids))
        if q.external_user_name is not None:
            where.append(Client.external_user_name == q.external_user_name)
        if q.merged_into_id is not None:
            where.append(Client.merged_into_id == q.merged_into_id)
        return where

    def list_statement(
        self,
        business_id: int,
        q: ClientQuery,
        *,
        order: str = "id",
        descending: bool = False,
        offset: int = 0,
        limit: int | None = None,
        columns: Sequence[Any] = (Client,),
    ) -> Select[Any]:
        statement = select(*columns).where(*self.conditions(business_id, q)).order_by(*_ordering(order, descending))
        if offset:
            statement = statement.offset(offset)
        if limit is not None:
            statement = statement.limit(limit)
        return statement

    def count_statement(self, business_id: int, q: ClientQuery) -> Select[Any]:
        return select(func.count()).select_from(Client).where(*self.conditions(business_id, q))

    async def search(
        self,
        business_id: int,
        q: ClientQuery,
        *,
        order: str = "id",
        descending: bool = False,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Client]:
        q = await self.resolve(business_id, q)
        if not offset:
            statement = self.list_statement(business_id, q, order=order, descending=descending, limit=limit)
            return list(await self.session.scalars(statement))
        # A deep page reads only its own rows: the offset walks the ids (an index, where one serves the order and
        # filters), not every whole client row before the page (issue 15.2); `rows_in_order` says why in two steps.
        page = self.list_statement(
            business_id, q, order=order, descending=descending, offset=offset, limit=limit, columns=(Client.id,)
        )
        return await rows_in_order(self.session, Client, business_id, await self.session.scalars(page))

    async def ids(self, business_id: int, q: ClientQuery, *, order: str = "id", descending: bool = False) -> list[int]:
        q = await self.resolve(business_id, q)
        statement = self.list_statement(business_id, q, order=order, descending=descending, columns=(Client.id,))
        return list(await self.session.scalars(statement))

    async def count(self, business_id: int, q: ClientQuery) -> int:
        q = await self.resolve(business_id, q)
        if replace(q, statuses=None, include_deleted=False) == ClientQuery():
            return await self._kept(business_id, q.statuses, deleted=None if q.include_deleted else False)
        if (live := await self._live_in_sets(business_id, q)) is not None:
            return live
        return int(await self.session.scalar(self.count_statement(business_id, q)) or 0)

    async def _kept(self, business_id: int, statuses: tuple[str, ...] | None, *, deleted: bool | None) -> int:
        """The triggers' totals: clients with one of `statuses` (any when None), deleted or not (either when None)."""
        where = [_COUNTS.c.business_id == business_id]
        if statuses is not None:
            where.append(_in(_COUNTS.c.status, statuses))
        if deleted is not None:
            where.append(_COUNTS.c.deleted.is_(deleted))
        return int(await self.session.scalar(select(func.coalesce(func.sum(_COUNTS.c.n), 0)).where(*where)) or 0)

    async def _live_in_sets(self, business_id: int, q: ClientQuery) -> int | None:
        """How many live clients are in every id set of `q` (tags, appointments, text) when nothing else filters:
        the ids the sets have in common, read from their covering indexes alone, but the deleted clients' (hashed
        once). Checking each id against its client's row read one index page per id instead: 100,000 tagged ids
        at 1,000,000 clients touched 300,000 buffers, this 500. None when `q` filters on anything else, or when the
        business has more deleted clients than fit the hash (PostgreSQL would probe the deleted ids once per id)."""
        sets = self.id_sets(business_id, q)
        bare = replace(
            q,
            tag_keys=None,
            tag_ids=None,
            staff_ids=None,
            branch_ids=None,
            location_group_ids=None,
            group_branch_ids=None,
            reason_ids=None,
            words=(),
        )
        if not sets or bare != ClientQuery() or (self._sqlite and q.words):
            return None  # SQLite's text sets hold every business's ids
        chosen = [ids for ids in sets if ids is not None]
        if len(chosen) < len(sets):
            return 0
        # The totals say whether any deleted client is to be left out (with none, the sets alone are the count).
        deleted = await self._kept(business_id, None, deleted=True)
        if deleted > EXCLUDE_DELETED_UP_TO:
            return None
        if len(chosen) > 1:
            common = intersect(*chosen).subquery()
        elif q.words:  # the text set alone: client_search's key is (business_id, client_id), so its ids are distinct
            common = chosen[0].subquery()  # (no DISTINCT: hashing 91,000 ids was a third of that count's CPU)
        else:
            common = chosen[0].distinct().subquery()
        statement = select(func.count()).select_from(common)
        if deleted:
            gone = select(Client.id).where(Client.business_id == business_id, Client.deleted_at.is_not(None))
            statement = statement.where(common.c[0].not_in(gone))
        return int(await self.session.scalar(statement) or 0)

    async def explain(self, statement: Select[Any]) -> Any:
        """The backend's query plan of `statement` (SQLite: EXPLAIN QUERY PLAN rows; PostgreSQL: the JSON plan)."""
        compiled = statement.compile(self.session.bind, compile_kwargs={"literal_binds": True})
        if self._sqlite:
            rows = await self.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
            return [str(row[-1]) for row in rows]
        return await self.session.scalar(text(f"EXPLAIN (FORMAT JSON) {compiled}"))


def _ordering(order: str, descending: bool) -> list[Any]:
    """The list order: the key, then the id (unique, so pages never overlap)."""
    key = ORDER_COLUMNS[order]
    if order == "id":
        return [key.desc() if descending else key.asc()]
    return [key.desc(), Client.id.desc()] if descending else [key.asc(), Client.id.asc()]
