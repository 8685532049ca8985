"""The plans PostgreSQL makes for a connection's statements, handed to a test by auto_explain."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# Every statement's plan as a notice to the client, nested ones (a trigger's) too.
LOG_EVERY_PLAN = [
    "LOAD 'auto_explain'",
    "SET auto_explain.log_min_duration = 0",
    "SET auto_explain.log_nested_statements = on",
    "SET auto_explain.log_level = notice",
    "SET client_min_messages = notice",
]


async def collect_plans(session: AsyncSession, plans: list[str], *settings: str) -> None:
    """From now on, append the plan of every statement of the session's connection to `plans`, under `settings`
    (set for the connection's life) besides LOG_EVERY_PLAN's."""
    raw = await (await session.connection()).get_raw_connection()
    cast(Any, raw.driver_connection).add_log_listener(lambda _connection, message: plans.append(message.message))
    for setting in [*LOG_EVERY_PLAN, *settings]:
        await session.execute(text(setting))
