"""What every CareCloud route shares: reading a body in the request's form, naming fields on the wire."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel

from clientbook.context import Context
from clientbook.core.errors import FieldError, ValidationFailed
from clientbook.edge.body import read_json_object
from clientbook.edge.validation import validate

M = TypeVar("M", bound=BaseModel)


async def body(request: Request, context: Context, model: type[M], *, wrapper: str | None = None) -> M:
    """The JSON body as `model`; errors name the wire path below the `wrapper` key (`personal_information.email`)."""
    data: Any = await read_json_object(request, context.settings.max_body_bytes)
    try:
        return validate(model, data)
    except ValidationFailed as error:
        if wrapper is None:
            raise
        prefix = f"{wrapper}."
        renamed = [
            FieldError(e.field.removeprefix(prefix), e.reason, e.message.replace(prefix, "", 1), e.value)
            for e in error.errors
        ]
        raise ValidationFailed(renamed) from error


def wire_names(names: Mapping[str, str]) -> Callable[[Request], Awaitable[None]]:
    """A route dependency telling the error renderer how this resource spells core fields."""

    async def set_names(request: Request) -> None:
        request.state.wire_names = names

    return set_names
