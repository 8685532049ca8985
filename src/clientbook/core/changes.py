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


class Changes:
    """Mixin for frozen dataclasses of optional fields."""

    def given(self) -> dict[str, Any]:
        """The fields the caller set, with their values."""
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not UNSET}  # type: ignore[arg-type]

    def is_set(self, name: str) -> bool:
        return getattr(self, name) is not UNSET


def value_or(value: T | Unset, default: T) -> T:
    return default if value is UNSET else value
