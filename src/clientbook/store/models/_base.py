"""Declarative base, naming convention (SQLite batch ALTERs need it) and what every table shares: the tenant key
(`TenantKeyed`, `TenantRecord`), the timestamps (`Timestamped`, `Created`), soft delete, the column types by
annotation (`Mapped[BigInt]`, `Mapped[KeyPart]`…); the `(business_id, …)` constraints and indexes are `_keys`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, cast

from sqlalchemy import JSON, BigInteger, DateTime, MetaData, Sequence, String, TypeDecorator
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from ._keys import business_fk, tenant_unique

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both backends (SQLite hands back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONType = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


# Column types by annotation. `Mapped[BigInt]` is a BIGINT (an id of another record, an amount in hundredths), NOT
# NULL unless written `Mapped[BigInt | None]`; `Mapped[KeyPart]` a BIGINT column of a composite primary key after
# `business_id` (a link table's two ids, a balance's customer and type).
BigInt = Annotated[int, 64]
KeyPart = Annotated[int, mapped_column(BigInteger, primary_key=True)]
# When a row was written, set on insert (`Timestamped.updated_at` also moves on update); who wrote it.
Stamp = Annotated[datetime, mapped_column(default=utcnow)]
Actor = Annotated[str | None, mapped_column(String(120))]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012
        datetime: UTCDateTime(),
        dict[str, Any]: JSONType,
        str: String(),
        BigInt: BigInteger(),
    }


def id_column(sequence: str, **kwargs: Any) -> Mapped[int]:
    """A record id drawn from a sequence (SQLite: `store.ids`)."""
    return mapped_column(BigInteger, Sequence(sequence), primary_key=True, **kwargs)


class TenantKeyed:
    """`business_id` leads the primary key (DESIGN rule 3): the first column of every tenant table."""

    business_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, sort_order=-4)


class Identified:
    """`id`, drawn from the sequence `<table>_id_seq` (the migration's `create_id_sequences("<table>")`)."""

    @declared_attr
    def id(cls) -> Mapped[int]:
        return id_column(f"{cast(Any, cls).__tablename__}_id_seq", sort_order=-3)


class TenantRecord(TenantKeyed, Identified):
    """A tenant's record, keyed `(business_id, id)`: its columns, then those of its other mixins."""


class Timestamped:
    """Who and when: every record carries these (DESIGN: ready for change feeds and audit)."""

    created_at: Mapped[Stamp]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    created_by: Mapped[Actor]
    updated_by: Mapped[Actor]


class Created:
    """When and by whom an append-only row (a ledger entry, a membership) was written."""

    created_at: Mapped[Stamp]
    created_by: Mapped[Actor]


class SoftDeleted:
    deleted_at: Mapped[datetime | None] = mapped_column()


class Vocabulary(TenantRecord, Timestamped):
    """A named entry of a business's vocabulary, a reference record (core/reference.py): `text_id` is the stable key
    an operator and the defaults use; `is_default` marks the one a business gets first. Its columns follow the key,
    before the table's own (a table's column of the same `sort_order` goes first: -2 before `name`, -1 before
    `is_default`)."""

    name: Mapped[str] = mapped_column(String(200), sort_order=-2)
    text_id: Mapped[str] = mapped_column(String(100), sort_order=-2)
    is_default: Mapped[bool] = mapped_column(default=False, sort_order=-1)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (business_fk(), tenant_unique("text_id"))
