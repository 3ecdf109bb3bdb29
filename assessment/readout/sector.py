"""What a reader is shown of the sector: its name, the word for the people served, its notes each
with its public source, and the steps this plan left out with the reason.

Built once from `Evaluation.sector`; the PDF, the DOCX and the Results page draw it and decide
nothing. Plain text only: renderers escape and lay out.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ..domain.models import Framework
from ..domain.sector_ids import Sector
from ..domain.sectors import (
    SECTOR_METHOD,
    SectorView,
    default_sector_content,
    question_guidance,
)

SECTOR_HEADING = "Your sector"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SectorSource(Frozen):
    publisher: str
    title: str
    year: int | None
    url: str
    country: str

    @property
    def citation(self) -> str:
        """'Publisher, Title (2024), UK. https://...' as the report prints it."""
        year = f" ({self.year})" if self.year else ""
        country = f", {self.country}" if self.country else ""
        return f"{self.publisher}, {self.title}{year}{country}. {self.url}"


class SectorNoteLine(Frozen):
    title: str
    text: str
    source: SectorSource


class LeftOut(Frozen):
    """A step the plan would have proposed that this sector never takes, and why."""

    id: str
    title: str
    reason: str


class SectorReadout(Frozen):
    """The sector as one report shows it. `intro` says whose words and owners the plan uses."""

    label: str  # "Healthcare"
    people: str  # "patients"
    intro: str
    notes: tuple[SectorNoteLine, ...]
    left_out: tuple[LeftOut, ...]
    method: str  # what a sector changes and never changes

    @property
    def sources(self) -> tuple[SectorSource, ...]:
        """The sources this section cites, each once, in the order cited."""
        seen: dict[str, SectorSource] = {}
        for n in self.notes:
            seen.setdefault(n.source.url, n.source)
        return tuple(seen.values())


def sector_readout(framework: Framework, view: SectorView | None) -> SectorReadout | None:
    """The sector section, or None when no sector was chosen (nothing to say about one)."""
    if view is None or view.sector is None or view.label is None:
        return None
    titles = {a.id: a.title for a in framework.actions}
    if view.sector is Sector.OTHER and not view.notes and not view.excluded:
        return None  # "Other" changes nothing a reader would need told
    plural = view.people.plural
    size = f" of {view.band.replace('+', ' or more')} people" if view.band else ""
    intro = (
        f"The plan is written for the sector you chose ({view.label}): it speaks of {plural}, "
        f"and its owners are the job titles such an organisation{size} usually has. Scores and "
        "levels are the same in every sector."
    )
    return SectorReadout(
        label=view.label,
        people=plural,
        intro=intro,
        notes=tuple(
            SectorNoteLine(
                title=n.title,
                text=n.text,
                source=SectorSource(
                    publisher=n.source.publisher,
                    title=n.source.title,
                    year=n.source.year,
                    url=n.source.url,
                    country=n.source.country,
                ),
            )
            for n in view.notes
        ),
        left_out=tuple(
            LeftOut(id=sid, title=titles.get(sid, sid), reason=why)
            for sid, why in sorted(view.excluded.items())
        ),
        method=SECTOR_METHOD,
    )


class QuestionHint(Frozen):
    """What the wizard shows under a question for this sector; the answer stays the user's."""

    note: str  # one line, or ""
    suggestion: str  # why "Not applicable" may fit, and that the user confirms it; or ""


def question_hint(sector: Sector | None, question_id: str) -> QuestionHint | None:
    """The sector's note and "Not applicable" suggestion for a question, or None."""
    found = question_guidance(default_sector_content(), sector, question_id)
    if found is None or not (found.note or found.suggest_not_applicable):
        return None
    suggestion = ""
    if found.suggest_not_applicable:
        suggestion = (
            f'{found.suggest_not_applicable} If that is true of you, choose "Not applicable" '
            "and give your reason: the question then leaves the score. Your answer decides."
        )
    return QuestionHint(note=found.note or "", suggestion=suggestion)
