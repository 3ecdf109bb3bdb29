"""Download file names made from the organisation's name: safe on every system."""

from __future__ import annotations

from assessment.ui.report_page import file_stem


def test_download_names_are_safe() -> None:
    assert file_stem("Harbour & Co <Ltd>") == "harbour-co-ltd"
    assert file_stem("../../etc/passwd") == "etc-passwd"
    assert file_stem("東京") == "assessment"
