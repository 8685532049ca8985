"""What every CareCloud route shares: reading a body in the request's form, naming fields on the wire."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from fastapi import Request
from fastapi.routing import APIRoute
from pydantic import BaseModel

from clientbook.context import Context
from clientbook.core.errors import FieldError, ValidationFailed
from clientbook.edge.body import read_json_object
from clientbook.edge.errors import route_class
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


def wire_names(names: Mapping[str, str]) -> type[APIRoute]:
    """A router's route class: its refusals name core fields as this resource spells them (`errors.render`)."""
    return route_class(names)
