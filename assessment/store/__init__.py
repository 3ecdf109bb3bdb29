"""Storage adapter: SQLAlchemy over a SQLite file by default, or any URL (e.g. PostgreSQL)."""

from .assessments import AssessmentStore, looks_like_token, new_token
from .db import DATABASE_URL_ENV, StoreError, database_url, make_engine
from .limits import CreationLimiter, TooManyCreations
from .retention import PurgeCounts, purge
from .workshops import (
    FacilitatorView,
    JoinThrottled,
    ParticipantAccess,
    ParticipantAnswers,
    ParticipantRecord,
    UnknownJoinCode,
    UnknownToken,
    WorkshopClosed,
    WorkshopError,
    WorkshopStore,
    format_join_code,
    normalize_join_code,
)

__all__ = [
    "DATABASE_URL_ENV",
    "AssessmentStore",
    "CreationLimiter",
    "PurgeCounts",
    "TooManyCreations",
    "purge",
    "StoreError",
    "database_url",
    "looks_like_token",
    "make_engine",
    "new_token",
    "FacilitatorView",
    "JoinThrottled",
    "ParticipantAccess",
    "ParticipantAnswers",
    "ParticipantRecord",
    "UnknownJoinCode",
    "UnknownToken",
    "WorkshopClosed",
    "WorkshopError",
    "WorkshopStore",
    "format_join_code",
    "normalize_join_code",
]
