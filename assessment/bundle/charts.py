"""The report's charts as PNG images, for documents that cannot hold vector drawings (DOCX).

The drawing is the PDF's own (assessment/report/charts.py), so both documents show the same
chart. ReportLab 5 rasterises only through pycairo, which needs a C build; instead the drawing is
written as a one-page PDF (fonts embedded) and rasterised by PDFium (pypdfium2, prebuilt wheels).
PDFium is not thread-safe and Streamlit serves each session from its own thread: one lock.
"""

from __future__ import annotations

import io
import threading

from ..domain.evaluation import Evaluation
from ..domain.models import DimensionStatus

DPI = 200  # sharp on screen and in print at the width the DOCX gives it
_PDFIUM = threading.Lock()


def radar_png(evaluation: Evaluation, width: float = 290, height: float = 265) -> bytes:
    """The scorecard's radar chart (current against target per dimension) as PNG bytes."""
    from ..report.charts import RadarPoint, radar_chart

    points = [
        RadarPoint(
            d.name,
            d.score if d.assessed else None,
            d.target_score,
            "not applicable" if d.status == DimensionStatus.NOT_APPLICABLE else "not yet assessed",
        )
        for d in evaluation.result.dimensions.values()
    ]
    return drawing_png(radar_chart(points, width=width, height=height))


def drawing_png(drawing: object, dpi: int = DPI) -> bytes:
    """Any ReportLab Drawing as PNG bytes (white background)."""
    import pypdfium2 as pdfium
    from reportlab.graphics import renderPDF

    pdf = renderPDF.drawToString(drawing)
    out = io.BytesIO()
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            bitmap = document[0].render(scale=dpi / 72)
            bitmap.to_pil().save(out, format="PNG")
        finally:
            document.close()
    return out.getvalue()
