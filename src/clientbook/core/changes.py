"""Partial-update inputs: a field left UNSET is not touched, a field set to None is cleared (PATCH vs PUT)."""

from __future__ import annotations

from dataclasses import fields
from enum import Enum
from typing import Any, TypeAlias, TypeVar


class _Unset(Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset.UNSET
Unset: TypeAlias = _Unset
T = TypeVar("T")


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


class Changes:
    """Mixin for frozen dataclasses of optional fields."""

    def given(self) -> dict[str, Any]:
        """The fields the caller set, with their values (field names looked up once per class: bulk imports call
        this for every row)."""
        return {name: v for name in _names(type(self)) if (v := getattr(self, name)) is not UNSET}

    def is_set(self, name: str) -> bool:
        return getattr(self, name) is not UNSET


def value_or(value: T | Unset, default: T) -> T:
    return default if value is UNSET else value
