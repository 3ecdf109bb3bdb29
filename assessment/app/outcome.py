"""What a use case hands back: a value, or the problems to tell the user (never both)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    value: T | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @classmethod
    def refused(cls, *problems: str) -> Outcome[T]:
        return cls(None, list(problems))
