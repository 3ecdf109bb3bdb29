"""Integration fixtures: the PDFs the product builds, caught with the bytes a download holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from reportlab.platypus.doctemplate import BaseDocTemplate


@pytest.fixture
def built_pdfs(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every PDF built during the test, in order, as its bytes.

    Caught at ReportLab's `build` (outside the product), so a page test sees the bytes its download
    button offers (AppTest exposes none) and how often the page built them, whichever product
    module does the building.
    """
    pdfs: list[bytes] = []
    original = BaseDocTemplate.build

    def build(doc: BaseDocTemplate, *args: Any, **kwargs: Any) -> Any:
        result = original(doc, *args, **kwargs)
        target = doc.filename
        pdfs.append(target.getvalue() if hasattr(target, "getvalue") else Path(target).read_bytes())
        return result

    monkeypatch.setattr(BaseDocTemplate, "build", build)
    return pdfs
