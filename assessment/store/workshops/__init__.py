"""Workshops: one facilitator, many participants, each answering into their own assessment.

The store is one class, `WorkshopStore`, put together from one module per concern:
- `access`: the tokens and what each opens (facilitator, room), creating a workshop, the errors;
- `controls`: open/close, pausing joining, the participant cap, blind rounds, the fingerprint;
- `joining`: joining with a code and the throttle on guessing codes;
- `participants`: a participant's own access and answers, the facilitator's list, imports;
- `consensus`: the room's answers, how each was reached, minority views and re-votes.
"""

from __future__ import annotations

from .access import (
    DEFAULT_MAX_PARTICIPANTS,
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    FacilitatorView,
    JoiningPaused,
    JoinThrottled,
    RoomView,
    UnknownJoinCode,
    UnknownToken,
    WorkshopClosed,
    WorkshopError,
    WorkshopFull,
    format_join_code,
    new_join_code,
    normalize_join_code,
)
from .consensus import ConsensusMixin, ConsensusRecord, Rounds, clean_text
from .controls import (
    MAX_PARTICIPANTS_LIMIT,
    PAUSED_BY_FACILITATOR,
    PAUSED_FOR_GUESSING,
    ControlsMixin,
)
from .joining import (
    JOIN_BURST_SECONDS,
    JOIN_WINDOW_SECONDS,
    JOINS_PER_CLIENT,
    SLOW_AFTER_FAILURES,
    SLOW_INTERVAL_SECONDS,
    SUSPECT_AFTER_FAILURES,
    SUSPECT_INTERVAL_SECONDS,
    JoiningMixin,
)
from .participants import ParticipantAccess, ParticipantAnswers, ParticipantRecord, clean_label


class WorkshopStore(JoiningMixin, ControlsMixin, ConsensusMixin):
    """Workshops on the same engine (and tables) as AssessmentStore; safe to share."""


__all__ = [
    "DEFAULT_MAX_PARTICIPANTS",
    "JOIN_BURST_SECONDS",
    "JOIN_CODE_ALPHABET",
    "JOIN_CODE_LENGTH",
    "JOIN_WINDOW_SECONDS",
    "JOINS_PER_CLIENT",
    "MAX_PARTICIPANTS_LIMIT",
    "PAUSED_BY_FACILITATOR",
    "PAUSED_FOR_GUESSING",
    "SLOW_AFTER_FAILURES",
    "SLOW_INTERVAL_SECONDS",
    "SUSPECT_AFTER_FAILURES",
    "SUSPECT_INTERVAL_SECONDS",
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
    "clean_label",
    "clean_text",
    "format_join_code",
    "new_join_code",
    "normalize_join_code",
]
