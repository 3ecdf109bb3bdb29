"""A unit of work: the writes of one use case in one transaction, committed together or not at all.

Why: a use case that counts a creation against the hourly limit and then creates must not count
a creation that failed (the user would lose one of their 20 for nothing, and a database that is
briefly away would use a class's allowance up). Every store method that writes takes the
unit's connection, so the count and the creation commit (or roll back) as one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

from .db import writing


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Connection]:
    """One write transaction (BEGIN IMMEDIATE on SQLite); database errors become StoreError,
    and an exception of any kind rolls back every write made through the connection."""
    with writing(engine) as conn:
        yield conn
