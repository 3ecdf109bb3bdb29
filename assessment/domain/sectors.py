"""Sector and size profiles: the plan in the client's words, within its sector's rules. Pure.

A layer over planning, never inside it: `plan()` ranks steps from the answers alone, then
`apply_profile` rewords them for the sector (`content/sectors.yaml`), drops the steps the sector
never takes, gives each step the owner its size band and sector use (`content/roles.yaml`) and
adds the sector's notes, each with its public source. Scores and levels are computed before and
never read the sector, so a re-assessment or a workshop compares across sectors.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError

from .content import DEFAULT_CONTENT_DIR, ContentError, default_framework
from .models import (
    ActionPlan,
    Framework,
    Id,
    Organization,
    PlannedAction,
    Result,
    StepKind,
    Strict,
    Text,
    TriageRule,
)
from .planning import HORIZON_DAYS
from .sector_ids import SECTOR_LABELS, Sector

SECTOR_METHOD = (
    "What the sector changes, and what it never changes. The questions, their options, the "
    "scores, the levels, the gate and the risk flags are the same in every sector, so results"
    " compare across sectors, workshops and re-assessments. The sector (chosen on the start "
    "page, in the answers file or matched from an older file's words) changes only how the "
    "plan speaks, who does the work and how soon: the words for the people served, the text "
    "and measure of some steps, steps never proposed in that sector (each with its reason), "
    "the owner of each step by sector and size (the board owns only board-level steps), a few"
    " answers that cannot wait in that sector (a council's alerts with nobody out of hours), "
    "and short notes on the sector's rules, each naming its public source and the country it "
    "applies to. A sector may also suggest 'Not applicable' for a practice that cannot apply "
    "to it; the user confirms it, and only then does the answer leave the score, as every "
    "'Not applicable' does."
)
"""The method text for the readout and the PDF appendix."""


# --------------------------------------------------------------------------- content models


class People(Strict):
    singular: Text
    plural: Text
    service: Text = "customer service"  # replaces "customer service" in step texts


class StepChange(Strict):
    exclude: bool = False
    reason: Text | None = None  # why the sector never takes the step (required to exclude)
    title: Text | None = None
    what: Text | None = None
    kpi: Text | None = None
    source: Id | None = None
    # a job title for this one step in every band, or band id -> title ("other": the rest)
    owner: Text | dict[str, Text] | None = None

    def owner_for(self, band: str | None) -> str | None:
        """This step's own owner in this size band, if the sector gives one."""
        if isinstance(self.owner, dict):
            return self.owner.get(band or "other", self.owner.get("other"))
        return self.owner


class SectorNote(Strict):
    id: Id
    title: Text
    text: Text
    source: Id


class QuestionGuidance(Strict):
    note: Text | None = None  # one line under the question
    suggest_not_applicable: Text | None = None  # why it cannot apply; the user still confirms


class SectorProfile(Strict):
    sector: Sector
    people: People
    # role -> its title from the second size band up, or band id -> title ("other": the rest)
    roles: dict[str, Text | dict[str, Text]] = Field(default_factory=dict)
    phrases: dict[str, str] = Field(default_factory=dict)  # words in step texts -> this sector's
    steps: dict[Id, StepChange] = Field(default_factory=dict)
    notes: list[SectorNote] = Field(default_factory=list)
    questions: dict[Id, QuestionGuidance] = Field(default_factory=dict)
    # answers that cannot wait in this sector, beyond triage.yaml (same shape)
    urgent: list[TriageRule] = Field(default_factory=list)

    def role_title(self, role: str, band: str | None, smallest: str | None = None) -> str | None:
        """The sector's title for a role in this band (None: the band's own title applies).

        The smallest band takes a sector title only where the sector names that band itself
        (a dental practice's "Practice manager"); "other" and a plain title start at 10 people."""
        titles = self.roles.get(role)
        if band is not None and band == smallest:
            return titles.get(band) if isinstance(titles, dict) else None
        if isinstance(titles, dict):
            return titles.get(band or "other", titles.get("other"))
        return titles

    @cached_property
    def words_key(self) -> tuple[tuple[str, str, str], tuple[tuple[str, str], ...]]:
        """The people words and phrases, hashable: the key of the reworded-text cache."""
        people = (self.people.singular, self.people.plural, self.people.service)
        return people, tuple(self.phrases.items())


class SizeBand(Strict):
    id: Text
    max_people: int | None = Field(default=None, ge=1)  # None: the last, open band


class RoleMap(Strict):
    bands: list[SizeBand] = Field(min_length=1)
    roles: dict[str, dict[str, Text]]  # role in actions.yaml -> band id -> job title
    board_roles: list[Text] = Field(default_factory=list)
    board_level_steps: list[Id] = Field(default_factory=list)
    delegate: dict[Id, Text] = Field(default_factory=dict)  # dimension -> role


class SectorContent(Strict):
    profiles: dict[Sector, SectorProfile]
    roles: RoleMap

    def profile(self, sector: Sector | None) -> SectorProfile:
        return self.profiles[sector or Sector.OTHER]


# --------------------------------------------------------------------------- results


class NoteSource(BaseModel):
    publisher: str
    title: str
    year: int | None
    url: str
    country: str


class SectorNoteView(BaseModel):
    id: str
    title: str
    text: str
    source: NoteSource


class SectorView(BaseModel):
    """What the readout shows about the sector: its name, its words, its notes, what it left out."""

    sector: Sector | None
    label: str | None
    people: People
    band: str | None  # the size band the owners were fitted to
    notes: list[SectorNoteView]
    excluded: dict[str, str]  # step id left out of this plan -> why


# --------------------------------------------------------------------------- loading


def _read(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        problems.append(f"{path}: file is missing")
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: not valid YAML ({str(exc).splitlines()[0]})")
    return None


def _errors(where: str, exc: ValidationError, problems: list[str]) -> None:
    for err in exc.errors(include_url=False, include_input=False):
        field = ".".join(str(p) for p in err["loc"]) or "(item)"
        problems.append(f"{where} field '{field}': {err['msg']}")


def _check_roles(path: Path, roles: RoleMap, fw: Framework, problems: list[str]) -> None:
    band_ids = [b.id for b in roles.bands]
    if any(b.max_people is None for b in roles.bands[:-1]) or roles.bands[-1].max_people:
        problems.append(f"{path} field 'bands': only the last band is open (no max_people)")
    used = {a.owner for a in fw.actions} | set(fw.owners.next_step_owner.values())
    for role in sorted(used - set(roles.roles)):
        problems.append(f"{path} field 'roles': no titles for role '{role}'")
    for role, titles in roles.roles.items():
        for band in band_ids:
            if band not in titles:
                problems.append(f"{path} field 'roles.{role}': no title for band '{band}'")
    action_ids = {a.id for a in fw.actions}
    for step in roles.board_level_steps:
        if step not in action_ids:
            problems.append(f"{path} field 'board_level_steps': unknown action '{step}'")
    for d in fw.dimensions:
        if roles.board_roles and d.id not in roles.delegate:
            problems.append(f"{path} field 'delegate': no role for dimension '{d.id}'")


def _check_profile(where: str, p: SectorProfile, fw: Framework, problems: list[str]) -> None:
    action_ids = {a.id for a in fw.actions}
    question_ids = {q.id for q in fw.questions}
    sources = {s.id: s for s in fw.sources}
    roles = {a.owner for a in fw.actions} | set(fw.owners.next_step_owner.values())
    for role in p.roles:
        if role not in roles:
            problems.append(f"{where} field 'roles': unknown role '{role}'")
    texts = " ".join(
        f"{a.title} {a.what} {a.kpi} {a.kpi_target} {a.risk_if_not_done} {a.stop}"
        for a in fw.actions
    )
    for phrase in p.phrases:
        if phrase not in texts:
            problems.append(f"{where} field 'phrases': '{phrase}' is in no step of actions.yaml")
    for step_id, change in p.steps.items():
        if step_id not in action_ids:
            problems.append(f"{where} field 'steps': unknown action '{step_id}'")
        if change.exclude and change.reason is None:
            problems.append(f"{where} field 'steps.{step_id}.reason': say why it is excluded")
        if change.source is not None and change.source not in sources:
            problems.append(f"{where} field 'steps.{step_id}.source': unknown source")
    seen: set[str] = set()
    for note in p.notes:
        field = f"{where} note '{note.id}' field 'source'"
        if note.id in seen:
            problems.append(f"{where} note '{note.id}' field 'id': duplicate id")
        seen.add(note.id)
        src = sources.get(note.source)
        if src is None:
            problems.append(f"{field}: unknown source '{note.source}'")
        elif not src.url or not src.country:
            problems.append(f"{field}: source '{note.source}' needs a url and a country")
    for qid in p.questions:
        if qid not in question_ids:
            problems.append(f"{where} field 'questions': unknown question '{qid}'")
    by_id = {a.id: a for a in fw.actions}
    for rule in p.urgent:
        field = f"{where} urgent rule '{rule.id}' field"
        action = by_id.get(rule.action)
        if action is None:
            problems.append(f"{field} 'action': unknown action '{rule.action}'")
            continue
        for leaf in rule.when:
            if leaf.question not in action.questions:
                problems.append(f"{field} 'when': '{rule.action}' does not move '{leaf.question}'")
            elif leaf.at_most not in action.rungs:
                problems.append(
                    f"{field} 'when': '{rule.action}' is not written for answer {leaf.at_most}"
                )
            # it starts at once: what it waits for must be done at this answer (a lower rung
            # of the same question), never work that other answers may still propose
            for before in (by_id[a] for a in action.after if a in by_id):
                if leaf.question not in before.questions or leaf.at_most in before.rungs:
                    problems.append(
                        f"{field} 'action': '{rule.action}' waits for '{before.id}' at answer "
                        f"{leaf.at_most}; an urgent step must wait for nothing"
                    )


def load_sector_content(
    directory: str | Path = DEFAULT_CONTENT_DIR, framework: Framework | None = None
) -> SectorContent:
    """Read sectors.yaml and roles.yaml and check them against the framework; raise
    ContentError listing every problem, each naming file, item and field."""
    root = Path(directory)
    fw = framework or default_framework()
    problems: list[str] = []
    roles_path, sectors_path = root / "roles.yaml", root / "sectors.yaml"
    roles: RoleMap | None = None
    raw_roles = _read(roles_path, problems)
    if raw_roles is not None:
        try:
            roles = RoleMap.model_validate(raw_roles)
        except ValidationError as exc:
            _errors(str(roles_path), exc, problems)
    if roles is not None:
        _check_roles(roles_path, roles, fw, problems)
    profiles: dict[Sector, SectorProfile] = {}
    raw = _read(sectors_path, problems)
    items = raw.get("sectors") if isinstance(raw, dict) else None
    if raw is not None and not isinstance(items, list):
        problems.append(f"{sectors_path}: expected a top-level 'sectors:' list")
    for index, item in enumerate(items or [], start=1):
        name = item.get("sector") if isinstance(item, dict) else None
        where = f"{sectors_path}: sector '{name}'" if name else f"{sectors_path}: sector #{index}"
        try:
            profile = SectorProfile.model_validate(item)
        except ValidationError as exc:
            _errors(where, exc, problems)
            continue
        if profile.sector in profiles:
            problems.append(f"{where} field 'sector': duplicate sector")
        profiles[profile.sector] = profile
        _check_profile(where, profile, fw, problems)
        if roles is not None:
            bands = {b.id for b in roles.bands} | {"other"}
            for role, titles in profile.roles.items():
                for band in titles if isinstance(titles, dict) else {}:
                    if band not in bands:
                        problems.append(
                            f"{where} field 'roles.{role}': unknown band '{band}' "
                            f"(one of {', '.join(sorted(bands))})"
                        )
            for step_id, change in profile.steps.items():
                for band in change.owner if isinstance(change.owner, dict) else {}:
                    if band not in bands:
                        problems.append(
                            f"{where} field 'steps.{step_id}.owner': unknown band '{band}' "
                            f"(one of {', '.join(sorted(bands))})"
                        )
    if isinstance(items, list):
        for sector in Sector:
            if sector not in profiles and not any(
                isinstance(i, dict) and i.get("sector") == sector.value for i in items
            ):
                problems.append(f"{sectors_path}: no profile for sector '{sector.value}'")
    if problems or roles is None:
        raise ContentError(problems)
    return SectorContent(profiles=profiles, roles=roles)


@lru_cache(maxsize=1)
def default_sector_content() -> SectorContent:
    """The shipped profiles, loaded once per process (immutable)."""
    return load_sector_content(DEFAULT_CONTENT_DIR, default_framework())


# --------------------------------------------------------------------------- applying


def size_band(roles: RoleMap, size: str | None) -> str | None:
    """The band of the largest number in the size given ("10-49 people" -> "10-49"), or None."""
    numbers = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", size or "")]
    if not numbers:
        return None
    people = max(numbers)
    for band in roles.bands:
        if band.max_people is None or people <= band.max_people:
            return band.id
    return roles.bands[-1].id


def step_owner(
    content: SectorContent,
    profile: SectorProfile,
    band: str | None,
    step_id: str,
    role: str,
    dimension: str,
) -> str:
    """Who owns a step: the sector's owner for that step, else its role fitted to size and sector.

    A board role keeps a step only if the step is board-level; otherwise the dimension's delegate
    takes it. The smallest band keeps its own titles (a founder, not a Head of Communications),
    in the sector's words for the people served ("Whoever answers patients"), unless the sector
    names that band's titles itself.
    """
    change = profile.steps.get(step_id)
    own = change.owner_for(band) if change is not None else None
    if own is not None:
        return own
    roles = content.roles
    if role in roles.board_roles and step_id not in roles.board_level_steps:
        role = roles.delegate.get(dimension, role)
    smallest = roles.bands[0].id
    title = profile.role_title(role, band, smallest)
    if title is not None:
        return title
    if band == smallest:
        return _cached_words(roles.roles.get(role, {}).get(band, role), profile.words_key)
    if band is not None:
        return roles.roles.get(role, {}).get(band, role)
    return role


_CUSTOMER_SERVICE = re.compile(r"\b([Cc])ustomer([- ])service\b")
_CUSTOMERS = re.compile(r"\b([Cc])ustomers\b")
_CUSTOMER = re.compile(r"\b([Cc])ustomer\b")


_KEPT = re.compile(r'("[^"]*"|\u201c[^\u201d]*\u201d|Customers Rock!)')
"""Quotations and the name of a source: the source's words, never reworded."""


def in_their_words(text: str, people: People, phrases: dict[str, str] | None = None) -> str:
    """The step's text in the sector's phrases and its words for the people it serves;
    quotations and source names stay as written."""
    parts = _KEPT.split(text)
    return "".join(
        part if i % 2 else _reworded_part(part, people, phrases or {})
        for i, part in enumerate(parts)
    )


def _reworded_part(text: str, people: People, phrases: dict[str, str]) -> str:
    for phrase, replacement in phrases.items():
        text = text.replace(phrase, replacement)

    def cased(word: str) -> Any:
        return lambda m: (word[:1].upper() + word[1:]) if m.group(1) == "C" else word

    if people.service != "customer service":  # keep the hyphen of "customer-service policy"

        def service(m: re.Match[str]) -> str:
            words = people.service.replace(" ", m.group(2))
            return words[:1].upper() + words[1:] if m.group(1) == "C" else words

        text = _CUSTOMER_SERVICE.sub(service, text)
    text = _CUSTOMERS.sub(cased(people.plural), text)
    return _CUSTOMER.sub(cased(people.singular), text)


@lru_cache(maxsize=8192)
def _cached_words(text: str, key: tuple[tuple[str, str, str], tuple[tuple[str, str], ...]]) -> str:
    """`in_their_words` once per text and sector: the same library texts recur in every plan."""
    (singular, plural, service), phrases = key
    return in_their_words(
        text, People(singular=singular, plural=plural, service=service), dict(phrases)
    )


def _reworded(
    step: PlannedAction,
    framework: Framework,
    content: SectorContent,
    profile: SectorProfile,
    band: str | None,
    rank: int,
    roles: dict[str, str],
    ids: set[str],
) -> PlannedAction:
    change = profile.steps.get(step.id) or StepChange()
    role = roles.get(step.id)
    if role is None:  # a question's own next step
        role = framework.owners.next_step_owner.get(step.dimension, step.owner)
    updates: dict[str, Any] = {
        "rank": rank,
        "owner": step_owner(content, profile, band, step.id, role, step.dimension),
        "after": [p for p in step.after if p in ids],
    }
    key = profile.words_key
    # the reason names the flags it fixes (question topics are quoted, so kept as asked)
    updates["reason"] = _cached_words(step.reason, key)
    if step.kind == StepKind.ACTION:  # next steps quote the question's options: kept as asked
        updates["title"] = change.title or _cached_words(step.title, key)
        updates["what"] = change.what or _cached_words(step.what, key)
        updates["kpi"] = change.kpi or _cached_words(step.kpi, key)
        updates["risk_if_not_done"] = _cached_words(step.risk_if_not_done, key)
        if step.stop is not None:
            updates["stop"] = _cached_words(step.stop, key)
        if step.kpi_detail is not None:
            detail = step.kpi_detail
            authored = framework.action(step.id).kpi_target == detail.target
            updates["kpi_detail"] = detail.model_copy(
                update={
                    "measure": updates["kpi"],
                    # a target quoting a question's option stays as asked
                    "target": _cached_words(detail.target, key) if authored else detail.target,
                }
            )
        if change.source is not None:
            updates["source"] = change.source
    return step.model_copy(update=updates)


def _in_plan(step: PlannedAction) -> PlannedAction:
    """A backlog step moved up into the plan: due at the end of its period, as planned steps
    are (a backlog step has only its earliest start)."""
    if step.due is not None or step.start is None:
        return step
    first, last = HORIZON_DAYS[step.horizon]
    due = step.start + dt.timedelta(days=last - first)
    kpi = step.kpi_detail.model_copy(update={"by": due}) if step.kpi_detail else None
    return step.model_copy(update={"due": due, "kpi_detail": kpi})


def flags_in_their_words(result: Result, profile: SectorProfile) -> Result:
    """The result with its risk flags' headlines and explanations in the sector's words for the
    people served (a hospital's flags speak of patients). Ids, which answers raised them and
    every score stay as they are; quotations and source names are kept as written."""
    key = profile.words_key
    flags = [
        f.model_copy(
            update={
                "title": _cached_words(f.title, key),
                "check": _cached_words(f.check, key),
                "explanation": _cached_words(f.explanation, key),
            }
        )
        for f in result.flags
    ]
    return result.model_copy(update={"flags": flags})


def flag_titles(framework: Framework, sector_id: Sector | None) -> dict[str, str]:
    """Each flag's title in the sector's words (a hospital's "Patients left unanswered"), for
    views that name flags by id, such as the progress page."""
    key = default_sector_content().profile(sector_id).words_key
    return {f.id: _cached_words(f.title, key) for f in framework.flags}


def apply_profile(
    framework: Framework,
    content: SectorContent,
    organization: Organization,
    plan: ActionPlan,
) -> tuple[ActionPlan, SectorView]:
    """The plan as this sector and size should read it, and what the readout says about it.

    Steps the sector never takes leave the plan; the first backlog steps move up so the plan
    keeps its length, and ranks are counted again. Nothing else moves: the order is planning's.
    """
    profile = content.profile(organization.sector_id)
    band = size_band(content.roles, organization.size)
    excluded = {sid: c.reason or "" for sid, c in profile.steps.items() if c.exclude}
    kept = [s for s in plan.actions if s.id not in excluded]
    backlog = [s for s in plan.backlog if s.id not in excluded]
    moved_up = [_in_plan(s) for s in backlog[: len(plan.actions) - len(kept)]]
    steps = kept + moved_up
    later = backlog[len(moved_up) :]
    ids = {s.id for s in steps + later}
    roles = {a.id: a.owner for a in framework.actions}
    out = [
        _reworded(s, framework, content, profile, band, rank, roles, ids)
        for rank, s in enumerate(steps + later, 1)
    ]
    sources = {s.id: s for s in framework.sources}
    notes = []
    # no sector chosen: the plan keeps the general words, and no sector's notes are shown
    for note in profile.notes if organization.sector_id is not None else []:
        src = sources.get(note.source)
        if src is None or not src.url:
            continue  # another framework without this source: the note cannot be shown honestly
        notes.append(
            SectorNoteView(
                id=note.id,
                title=note.title,
                text=note.text,
                source=NoteSource(
                    publisher=src.publisher,
                    title=src.title,
                    year=src.year,
                    url=src.url,
                    country=src.country or "",
                ),
            )
        )
    proposed = {s.id for s in plan.actions + plan.backlog}
    view = SectorView(
        sector=organization.sector_id,
        label=SECTOR_LABELS[organization.sector_id] if organization.sector_id else None,
        people=profile.people,
        band=band,
        notes=notes,
        excluded={sid: why for sid, why in excluded.items() if sid in proposed},
    )
    new_plan = plan.model_copy(update={"actions": out[: len(steps)], "backlog": out[len(steps) :]})
    return new_plan, view


def question_guidance(
    content: SectorContent, sector: Sector | None, question_id: str
) -> QuestionGuidance | None:
    """The sector's one-line note and 'Not applicable' suggestion for a question, if any.

    A suggestion only: the UI shows it and the user confirms; the answer is what the user gives.
    """
    return content.profile(sector).questions.get(question_id)
