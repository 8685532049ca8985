"""`null` in any field of any dialect's request model is a refusal or an absence, never a TypeError (a 500): issue 14
item 6 found `"customer_id": null` on CareCloud failing inside pydantic, where a length limit on `str | None` with a
before-validator was applied to None."""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Iterator
from types import ModuleType

import pytest
from pydantic import BaseModel, ValidationError

from clientbook.dialects.carecloud import wire as carecloud
from clientbook.dialects.timetap import wire as timetap
from clientbook.dialects.webcamconsult import wire as webcamconsult
from clientbook.dialects.wiredclient import wire as wiredclient


def _fields(module: ModuleType) -> Iterator[tuple[type[BaseModel], str]]:
    for _, model in inspect.getmembers(module, inspect.isclass):
        if issubclass(model, BaseModel) and model.__module__ == module.__name__:
            for name in model.model_fields:
                yield model, name


FIELDS = [pair for module in (carecloud, timetap, webcamconsult, wiredclient) for pair in _fields(module)]


IDS = [f"{m.__module__.split('.')[2]}.{m.__name__}.{n}" for m, n in FIELDS]


@pytest.mark.parametrize(("model", "name"), FIELDS, ids=IDS)
def test_null_in_a_field_is_accepted_or_refused_as_invalid(model: type[BaseModel], name: str) -> None:
    alias = model.model_fields[name].alias or name
    # Refused (or another field is required) is fine: the dialect answers 400/422 naming it. A TypeError is not.
    with contextlib.suppress(ValidationError):
        model.model_validate({alias: None})
