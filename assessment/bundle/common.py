"""What every export shares: the assessment date, the plan as dated rows, safe text, file names.

Pure: no python-docx, openpyxl or icalendar here, so the rules (which dates, which rows, what
text is allowed) are tested once and every format applies them alike.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..domain.evaluation import Evaluation
from ..domain.models import Framework, Horizon, PlannedAction
from ..readout import build
from ..readout.model import StepCard


class ExportError(ValueError):
    """This export cannot be made from these answers; the message says why (e.g. no plan)."""


PLAN = build.PLAN
BACKLOG = build.BACKLOG

# XML 1.0 holds tab, line feed, carriage return and the code points below; anything else (C0
# controls, lone surrogates from a JSON "\ud800" escape, U+FFFE/U+FFFF) makes a .docx or .xlsx
# that Word and Excel refuse to open. C1 controls are legal but invisible: dropped as well.
_NOT_XML = re.compile(
    "[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]",
)
_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def clean_text(text: str | None) -> str:
    """User or content text as plain characters every format can hold (see `_NOT_XML`).

    Line ends become "\\n"; nothing else is changed, so the text stays the user's own words.
    """
    if not text:
        return ""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


MAX_NOTE_LINES = 40


def note_paragraphs(note: str, max_lines: int = MAX_NOTE_LINES) -> list[str]:
    """A note in full, compactly: paragraphs (with their line breaks) for its first `max_lines`
    lines, then the rest run together with " / " between lines. Runs of blank lines collapse, so
    20,000 line breaks, or 6,000 three-letter lines, never make hundreds of near-empty pages."""
    text = clean_text(note).strip()
    if not text:
        return []
    blocks = _BLANK_RUNS.sub("\n\n", text).split("\n\n")
    paragraphs = [p.strip("\n") for p in blocks if p.strip()]
    out: list[str] = []
    used = 0
    for n, paragraph in enumerate(paragraphs):
        lines = paragraph.split("\n")
        room = max_lines - used
        if len(lines) > room:
            if room > 0:
                out.append("\n".join(lines[:room]))
            rest = lines[room:] + "\n".join(paragraphs[n + 1 :]).split("\n")
            out.append(" / ".join(line.strip() for line in rest if line.strip()))
            break
        out.append(paragraph)
        used += len(lines)
    return out


assessment_date = build.assessment_start
question_numbers = build.question_numbers


@dataclass(frozen=True)
class PlanRow:
    """One step of the plan or backlog as the readout words and dates it (`StepCard`), with the
    planned step it came from (for the fields only the files show: KPI source, prerequisites).

    A planned step has a start and a due date from its horizon; a backlog step only the earliest
    day it could start (it is beyond the plan, so a due date would be invented).
    """

    card: StepCard
    step: PlannedAction

    @property
    def section(self) -> str:  # PLAN or BACKLOG
        return self.card.section

    @property
    def dimension(self) -> str:
        return self.card.dimension

    @property
    def start(self) -> dt.date:
        return self.card.start

    @property
    def due(self) -> dt.date | None:
        return self.card.due

    @property
    def horizon(self) -> str:
        return self.card.period

    @property
    def effort(self) -> str:
        return self.card.effort

    @property
    def impact(self) -> str:
        return self.card.impact

    @property
    def priority(self) -> str:
        """Tracker priority: the plan's first period High, the rest of the plan Medium,
        the backlog Low (the plan's rank stays in its own column)."""
        if self.section == BACKLOG:
            return "Low"
        return "High" if self.step.horizon == Horizon.D30 else "Medium"


def plan_rows(
    framework: Framework,
    evaluation: Evaluation,
    today: dt.date | None = None,
    start: dt.date | None = None,
) -> list[PlanRow]:
    """The plan then the backlog, in rank order, as the readout dates them (from `start`, a day
    the user chose, else the assessment date)."""
    readout = build.build_readout(framework, evaluation, today, start)
    steps = {a.id: a for a in evaluation.plan.actions + evaluation.plan.backlog}
    return [PlanRow(card, steps[card.id]) for card in readout.steps + readout.backlog]


def file_stem(evaluation: Evaluation, today: dt.date | None = None) -> str:
    """ "corner-bakery-readiness-2026-11-02": the one naming rule (`readout.build.file_stem`)."""
    start = assessment_date(evaluation, today)
    return build.file_stem(evaluation.responses.organization.name, start)
