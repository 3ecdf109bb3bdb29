"""Storage adapter: SQLAlchemy over a SQLite file by default, or any URL (e.g. PostgreSQL)."""

from .assessments import AssessmentStore, looks_like_token, new_token
from .db import DATABASE_URL_ENV, StoreError, database_url, make_engine
from .limits import CreationLimiter, TooManyCreations
from .retention import PurgeCounts, purge
from .unit_of_work import unit_of_work
from .workshops import (
    ConsensusRecord,
    FacilitatorView,
    JoiningPaused,
    JoinThrottled,
    ParticipantAccess,
    ParticipantAnswers,
    ParticipantRecord,
    RoomView,
    Rounds,
    UnknownJoinCode,
    UnknownToken,
    WorkshopClosed,
    WorkshopError,
    WorkshopFull,
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
    "unit_of_work",
    "StoreError",
    "database_url",
    "looks_like_token",
    "make_engine",
    "new_token",
    "ConsensusRecord",
    "FacilitatorView",
    "JoiningPaused",
    "JoinThrottled",
    "ParticipantAccess",
    "ParticipantAnswers",
    "ParticipantRecord",
    "RoomView",
    "Rounds",
    "UnknownJoinCode",
    "UnknownToken",
    "WorkshopClosed",
    "WorkshopError",
    "WorkshopFull",
    "WorkshopStore",
    "format_join_code",
    "normalize_join_code",
]
