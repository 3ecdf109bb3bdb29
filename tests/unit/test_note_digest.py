"""The note digest the page and the browser both compute (FNV-1a over UTF-16 code units)."""

from __future__ import annotations

from assessment.ui.questionnaire import note_digest


def test_the_digest_is_fnv1a_and_tells_notes_apart() -> None:
    assert note_digest("") == "811c9dc5"  # FNV-1a's offset basis: nothing hashed
    assert note_digest("a") == "e40c292c"  # the published 32-bit FNV-1a of "a"
    assert note_digest("a한😀") != note_digest("a한😁")  # a non-BMP character is two units
    assert note_digest("note") != note_digest("note ")
