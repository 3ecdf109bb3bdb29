"""How an answers file is named in a series: pure, so the files-only commands need no store."""

from __future__ import annotations

import hashlib
import json

from ..domain.models import Responses


def file_ref(responses: Responses) -> str:
    """The reference of an answers file: its own series id, else a fingerprint of its content
    (series link and step statuses left out, so marking steps does not change it). A follow-up
    made from a plain file names it by this, and importing that file here gives it this ref."""
    if responses.series is not None and responses.series.id:
        return responses.series.id
    bare = responses.model_dump(mode="json", exclude={"series", "step_status"})
    text = json.dumps(bare, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


__all__ = ["file_ref"]
