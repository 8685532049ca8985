"""`null` in any field of any dialect's request model is a refusal or an absence, never a TypeError (a 500): issue 14
item 6 found `"customer_id": null` on CareCloud failing inside pydantic, where a length limit on `str | None` with a
before-validator was applied to None."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from types import ModuleType

import pytest
from pydantic import BaseModel, ValidationError

from clientbook.dialects.registry import DIALECTS


def _fields(module: ModuleType) -> Iterator[tuple[type[BaseModel], str]]:
    for _, model in inspect.getmembers(module, inspect.isclass):
        if issubclass(model, BaseModel) and model.__module__ == module.__name__:
            for name in model.model_fields:
                yield model, name


def _wire_modules() -> Iterator[ModuleType]:
    """Every dialect's wire models: `wire.py` and, as CareCloud grew, its `wire_<resource>.py` modules."""
    for dialect in DIALECTS:
        package = importlib.import_module(f"clientbook.dialects.{dialect.name}")
        for found in pkgutil.iter_modules(package.__path__):
            if found.name == "wire" or found.name.startswith("wire_"):
                yield importlib.import_module(f"{package.__name__}.{found.name}")


MODULES = list(_wire_modules())
FIELDS = [pair for module in MODULES for pair in _fields(module)]


def test_every_dialect_s_wire_modules_are_checked() -> None:
    names = {module.__name__.removeprefix("clientbook.dialects.") for module in MODULES}
    assert {f"{dialect.name}.wire" for dialect in DIALECTS} <= names
    assert "carecloud.wire_bookings" in names  # the resources added since item 6 was fixed


IDS = [f"{m.__module__.split('.')[2]}.{m.__name__}.{n}" for m, n in FIELDS]


@pytest.mark.parametrize(("model", "name"), FIELDS, ids=IDS)
def test_null_in_a_field_is_accepted_or_refused_as_invalid(model: type[BaseModel], name: str) -> None:
    alias = model.model_fields[name].alias or name
    # Refused (or another field is required) is fine: the dialect answers 400/422 naming it. A TypeError is not.
    with contextlib.suppress(ValidationError):
        model.model_validate({alias: None})
