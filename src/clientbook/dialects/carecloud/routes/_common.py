"""What every CareCloud route shares: reading a body in the request's form, naming fields on the wire, and the
resources we keep no records of."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.params import Depends
from fastapi.routing import APIRoute
from pydantic import BaseModel

from clientbook.context import Context
from clientbook.core.errors import FieldError, ValidationFailed
from clientbook.edge.body import read_json_object
from clientbook.edge.errors import route_class
from clientbook.edge.validation import validate

from ..auth import CallerDep
from ..conventions import ResourceNotFound, listing, page, sort

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


def empty_list(router: APIRouter, path: str, key: str, summary: str, *, dependencies: Sequence[Depends] = ()) -> None:
    """`GET path`: a list of records we keep none of (docs/carecloud.md). Its paging and sort are checked all the
    same, so a bad `count`, `offset` or `sort_field` is refused as on any list."""

    async def list_none(request: Request, caller: CallerDep) -> Any:
        page(request)
        sort(request)
        return listing(key, [], 0)

    router.add_api_route(path, list_none, methods=["GET"], summary=summary, dependencies=list(dependencies))


def empty_resource(
    router: APIRouter,
    item_path: str,
    key: str,
    *,
    list_summary: str,
    get_summary: str,
    list_dependencies: Sequence[Depends] = (),
) -> None:
    """A resource we keep no records of (`/reward-properties/{reward_property_id}`): its list is empty
    (`empty_list`), and any id it is asked for is a 404 naming the resource."""
    list_path, _, last = item_path.rpartition("/")
    resource, name = list_path.rsplit("/", 1)[-1], last.strip("{}")
    empty_list(router, list_path, key, list_summary, dependencies=list_dependencies)

    async def get_none(request: Request, caller: CallerDep) -> Any:
        raise ResourceNotFound(resource, request.path_params[name])

    router.add_api_route(item_path, get_none, methods=["GET"], summary=get_summary)
