"""Sector profiles: the plan in the client's words and within its rules; scores never move."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from assessment.domain.content import DEFAULT_CONTENT_DIR, ContentError, default_framework
from assessment.domain.evaluation import evaluate
from assessment.domain.models import Organization, StepKind
from assessment.domain.scoring import score
from assessment.domain.sector_ids import Sector
from assessment.domain.sectors import (
    SECTOR_METHOD,
    People,
    default_sector_content,
    in_their_words,
    load_sector_content,
    question_guidance,
    size_band,
    step_owner,
)
from tests.builders import responses
from tests.strategies import responses_st

FW = default_framework()
CONTENT = default_sector_content()
SIZE, BAND = "50-249 people", "50-249"
WITH_NOTES = set(Sector)
"""Every sector has notes: its rules with their public sources; "Other" what a sector changes."""


def _ids(ev) -> set[str]:  # type: ignore[no-untyped-def]
    return {s.id for s in ev.plan.actions + ev.plan.backlog}


def test_every_sector_has_a_profile_and_every_note_a_public_source() -> None:
    sources = {s.id: s for s in FW.sources}
    assert set(CONTENT.profiles) == set(Sector)
    for sector, profile in CONTENT.profiles.items():
        assert profile.notes, sector
        for note in profile.notes:
            src = sources[note.source]
            assert src.url and src.url.startswith("https://"), (sector, note.id)
            assert src.publisher and src.title and src.country, (sector, note.id)


@pytest.mark.parametrize("sector", list(Sector))
def test_each_sector_keeps_its_promises_on_the_same_answers(sector: Sector) -> None:
    profile = CONTENT.profile(sector)
    ev = evaluate(FW, responses(0, size=SIZE, sector_id=sector))
    baseline = evaluate(FW, responses(0, size=SIZE, sector_id=Sector.OTHER))
    # excluded steps: proposed without the sector, absent with it; the plan keeps its length.
    # Checked over the full candidate list: with no size given the backlog is not cut, so every
    # step a profile excludes is a candidate (a sized backlog may have cut it already).
    # Over answers 0 to 3, so the steps written for a higher rung are candidates too.
    excluded = {sid for sid, c in profile.steps.items() if c.exclude}
    fulls = [evaluate(FW, responses(n, sector_id=sector)) for n in range(4)]
    others = [_ids(evaluate(FW, responses(n, sector_id=Sector.OTHER))) for n in range(4)]
    assert excluded <= set().union(*others)
    assert not excluded & set().union(*(_ids(full) for full in fulls))
    left_out = set().union(*(set(full.sector.excluded) for full in fulls if full.sector))
    assert left_out == excluded
    assert not excluded & _ids(ev)
    assert len(ev.plan.actions) == len(baseline.plan.actions)
    assert set(ev.sector.excluded) <= excluded if ev.sector else not excluded
    # steps reworded for the sector carry the sector's text
    for step in ev.plan.actions + ev.plan.backlog:
        change = profile.steps.get(step.id)
        if change is not None and change.title is not None:
            assert step.title == change.title
        if change is not None and change.kpi is not None:
            assert step.kpi == change.kpi
    # owners: from the sector's titles, a step's own owner, or the band's titles
    band_titles = {titles[BAND] for titles in CONTENT.roles.roles.values()}
    allowed = {profile.role_title(r, BAND) for r in profile.roles} - {None} | band_titles
    allowed |= {o for c in profile.steps.values() if (o := c.owner_for(BAND))}
    board = {CONTENT.roles.roles[r][BAND] for r in CONTENT.roles.board_roles}
    board |= {profile.role_title(r, BAND) for r in CONTENT.roles.board_roles} - {None}
    for step in ev.plan.actions + ev.plan.backlog:
        assert step.owner in allowed, (step.id, step.owner)
        if step.owner in board:
            assert step.id in CONTENT.roles.board_level_steps, (step.id, step.owner)
    # notes: every note of the profile, with its source
    assert ev.sector is not None and ev.sector.sector == sector
    assert [n.id for n in ev.sector.notes] == [n.id for n in profile.notes]
    assert all(n.source.url and n.source.country for n in ev.sector.notes)
    assert bool(ev.sector.notes) == (sector in WITH_NOTES)


@given(responses_st, st.sampled_from(list(Sector)), st.sampled_from(list(Sector)))
def test_score_and_level_never_depend_on_the_sector(resp, one, other) -> None:  # type: ignore[no-untyped-def]
    org = resp.organization
    a = resp.model_copy(update={"organization": org.model_copy(update={"sector_id": one})})
    b = resp.model_copy(update={"organization": org.model_copy(update={"sector_id": other})})
    assert score(FW, a).model_dump() == score(FW, b).model_dump()
    ea, eb = evaluate(FW, a).result, evaluate(FW, b).result
    # only the flags' words follow the sector: which flags, and every figure, do not
    words = {"flags": {"__all__": {"title", "check", "explanation"}}}
    assert ea.model_dump(exclude=words) == eb.model_dump(exclude=words)


def test_a_council_is_not_sold_to_and_its_alerts_never_wait() -> None:
    ev = evaluate(FW, responses(0, size="250-999 people", sector_id=Sector.LOCAL_GOVERNMENT))
    text = " ".join(f"{s.title} {s.what} {s.kpi}" for s in ev.plan.actions + ev.plan.backlog)
    assert "discount" not in text.lower() and "sales they generate" not in text
    reply = next(
        s for s in ev.plan.actions + ev.plan.backlog if s.id.endswith("reply_before_posting")
    )
    assert "never hold back an alert" in reply.title
    assert "channel shift" in text
    assert "Contact Centre Manager" in {s.owner for s in ev.plan.actions + ev.plan.backlog}


def test_a_hospital_never_handles_cases_in_public() -> None:
    ev = evaluate(FW, responses(0, size="1,000 or more", sector_id=Sector.HEALTHCARE))
    steps = {s.id: s for s in ev.plan.actions + ev.plan.backlog}
    assert "accountability.public_accountability" not in steps
    assert "customer records" not in steps["dedicated_staff.support_specialists"].what
    assert "neither confirms nor denies" in steps["shared_control.answer_criticism_publicly"].what
    assert steps["dedicated_staff.write_service_policy"].owner == "Information Governance lead"
    assert "Patient Experience lead" in {s.owner for s in steps.values()}


def test_small_organisations_keep_their_own_owners_whatever_the_sector() -> None:
    """A 1-9 hotel keeps the small titles, in its words for the people it serves."""
    ev = evaluate(FW, responses(0, size="1-9 people", sector_id=Sector.HOSPITALITY_TRAVEL))
    small = {titles["1-9"] for titles in CONTENT.roles.roles.values()}
    owners = {s.owner for s in ev.plan.actions + ev.plan.backlog}
    assert owners <= {t.replace("customers", "guests") for t in small}
    assert "Whoever answers guests" in owners


def test_a_small_practice_has_a_practice_manager_not_a_governance_lead() -> None:
    """Healthcare names its smallest band's titles itself: a dental or GP practice of six has an
    owner or partners and a practice manager, no board and no Information Governance lead."""
    ev = evaluate(FW, responses(0, size="6 people", sector_id=Sector.HEALTHCARE))
    steps = {s.id: s for s in ev.plan.actions + ev.plan.backlog}
    owners = {s.owner for s in steps.values()}
    assert steps["dedicated_staff.write_service_policy"].owner == "Practice manager"
    assert "Practice owner or partners" in owners
    senior = {"Information Governance lead", "Chief Executive and board", "Owner / founder"}
    assert not owners & senior
    assert not any("ustomer" in o for o in owners), owners


def test_the_board_owns_only_board_level_steps() -> None:
    ev = evaluate(FW, responses(0, size="250-999 people"))
    board = CONTENT.roles.roles["CEO / leadership team"]["250-999"]
    owned = {s.id for s in ev.plan.actions + ev.plan.backlog if s.owner == board}
    assert owned and owned <= set(CONTENT.roles.board_level_steps)
    staff = [s for s in ev.plan.actions + ev.plan.backlog if s.dimension == "dedicated_staff"]
    assert any(s.owner != board for s in staff)


def test_words_for_the_people_served() -> None:
    people = People(singular="resident", plural="residents", service="resident service")
    assert in_their_words("Customers ask; a customer's customer service", people) == (
        "Residents ask; a resident's resident service"
    )
    assert in_their_words("a customer-service policy", people) == "a resident-service policy"
    quoted = 'Customers Rock! says "ask customers" to customers'
    assert in_their_words(quoted, people) == 'Customers Rock! says "ask customers" to residents'
    assert in_their_words("customerservice", people) == "customerservice"


@pytest.mark.parametrize("answer", [0, 2, 3])
def test_public_bodies_and_health_get_no_sales_or_discount_advice(answer: int) -> None:
    """On every rung's steps (answers 0, 2, 3), with and without a size."""
    words = re.compile(
        r"\b(sales?|discounts?|specials?|revenue|purchases?|buying|leads|promotions?)\b",
        re.IGNORECASE,
    )
    for sector in (Sector.LOCAL_GOVERNMENT, Sector.CENTRAL_GOVERNMENT, Sector.HEALTHCARE):
        for size in (SIZE, None):
            ev = evaluate(FW, responses(answer, size=size, sector_id=sector))
            for s in ev.plan.actions + ev.plan.backlog:
                if s.kind == StepKind.ACTION:
                    text = f"{s.title} {s.what} {s.kpi} {s.risk_if_not_done}"
                    assert not words.search(text), (sector, s.id, words.findall(text))


def test_size_bands() -> None:
    roles = CONTENT.roles
    assert [size_band(roles, s) for s in ["1-9 people", "10-49", "300", "1,000 or more", None]] == [
        "1-9",
        "10-49",
        "250-999",
        "1000+",
        None,
    ]


def test_question_guidance_suggests_not_applicable_without_answering() -> None:
    tip = question_guidance(CONTENT, Sector.LOCAL_GOVERNMENT, "participant_rewards.discount_rules")
    assert tip is not None and tip.suggest_not_applicable
    assert (
        question_guidance(CONTENT, Sector.RETAIL_ECOMMERCE, "participant_rewards.discount_rules")
        is None
    )
    org = Organization(name="C", sector_id=Sector.LOCAL_GOVERNMENT)
    resp = responses(2, sector_id=org.sector_id)
    assert (
        resp.answers["participant_rewards.discount_rules"].choice == 2
    )  # nothing answered for them


def test_method_says_what_never_changes() -> None:
    assert "scores" in SECTOR_METHOD and "levels" in SECTOR_METHOD and "never" in SECTOR_METHOD


def _broken(tmp_path: Path, edit) -> list[str]:  # type: ignore[no-untyped-def]
    folder = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, folder)
    data = yaml.safe_load((folder / "sectors.yaml").read_text(encoding="utf-8"))
    edit(data)
    (folder / "sectors.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_sector_content(folder, FW)
    return exc.value.problems


def test_content_errors_name_file_item_and_field(tmp_path: Path) -> None:
    def edit(data) -> None:  # type: ignore[no-untyped-def]
        health = next(s for s in data["sectors"] if s["sector"] == "healthcare")
        health["steps"]["no.such_step"] = {"title": "x"}
        health["steps"]["participant_rewards.vote_and_rate"] = {"exclude": True}
        health["notes"][0]["source"] = "nowhere"
        health["notes"].append(
            {"id": "seeded", "title": "t", "text": "t", "source": "crm_magazine_2011"}
        )
        data["sectors"] = [s for s in data["sectors"] if s["sector"] != "b2b"]

    problems = _broken(tmp_path, edit)
    where = "sectors.yaml: sector 'healthcare'"
    expected = [
        f"{where} field 'steps': unknown action 'no.such_step'",
        f"{where} field 'steps.participant_rewards.vote_and_rate.reason': say why",
        f"{where} note 'confidentiality' field 'source': unknown source 'nowhere'",
        f"{where} note 'seeded' field 'source': source 'crm_magazine_2011' needs a url",
        "sectors.yaml: no profile for sector 'b2b'",
    ]
    for message in expected:
        assert any(message in p for p in problems), (message, problems)


@pytest.mark.parametrize(
    ("persona", "sector"),
    [
        ("corner_bakery", Sector.RETAIL_ECOMMERCE),
        ("glow_cosmetics", Sector.CONSUMER_BRANDS),
        ("harbour_bank", Sector.FINANCIAL_SERVICES),
        ("northwind_b2b", Sector.B2B),
        ("river_trust", Sector.CHARITY),
    ],
)
def test_each_persona_reads_in_its_sector(persona: str, sector: Sector) -> None:
    from assessment.domain.models import Responses

    path = Path(__file__).parents[1] / "personas" / f"{persona}.json"
    resp = Responses.model_validate_json(path.read_text(encoding="utf-8"))
    ev = evaluate(FW, resp)
    assert resp.organization.sector_id == sector and ev.sector is not None
    assert [n.id for n in ev.sector.notes] == [n.id for n in CONTENT.profile(sector).notes]
    excluded = {sid for sid, c in CONTENT.profile(sector).steps.items() if c.exclude}
    assert not excluded & _ids(ev)


def _persona(slug: str):  # type: ignore[no-untyped-def]
    from assessment.domain.models import Responses

    path = Path(__file__).parents[1] / "personas" / f"{slug}.json"
    return evaluate(FW, Responses.model_validate_json(path.read_text(encoding="utf-8")))


CUSTOMER = re.compile(r"\bcustomers?\b", re.IGNORECASE)


def _unquoted(text: str) -> str:
    """The text without quotations and source names (the source's words stay as written)."""
    return re.sub(r'"[^"]*"|\u201c[^\u201d]*\u201d|Customers Rock!', "", text)


def test_the_hospital_flags_say_patients_never_customers() -> None:
    from assessment.readout.build import build_readout

    ev = _persona("eastbrook_hospitals")
    assert ev.responses.organization.sector_id == Sector.HEALTHCARE
    flags = ev.result.confirmed_flags
    assert {"customers_unanswered", "unprepared_public_service"} <= {f.id for f in flags}
    for f in ev.result.flags:
        for text in (f.title, f.check, _unquoted(f.explanation)):
            assert not CUSTOMER.search(text), (f.id, text)
    titles = {f.id: f.title for f in flags}
    assert titles["customers_unanswered"] == "Patients left unanswered"
    assert "Patients" in titles["unprepared_public_service"]
    # what the steps and the decision say about the flags they fix
    ro = build_readout(FW, ev)
    fixes = {t for card in ro.steps + ro.backlog for t in card.fixes}
    assert "Patients left unanswered" in fixes and not any(CUSTOMER.search(t) for t in fixes)
    assert all(not CUSTOMER.search(line.headline) for line in ro.confirmed_flags)
    decision = ev.plan.decision
    assert decision is not None and not CUSTOMER.search(decision.text)
    for step in ev.plan.actions:
        assert not CUSTOMER.search(_unquoted(step.reason)), step.id
        assert not CUSTOMER.search(step.risk_if_not_done), step.id


def test_a_flag_keeps_its_sources_words_and_other_sectors_keep_customers() -> None:
    hospital = evaluate(FW, responses(0, sector_id=Sector.HEALTHCARE))
    shop = evaluate(FW, responses(0, sector_id=Sector.RETAIL_ECOMMERCE))
    quote = "you need to give your customers something more interesting"
    broadcast = next(f for f in hospital.result.flags if f.id == "broadcast_only")
    assert quote in broadcast.explanation and "at patients" in broadcast.explanation
    assert next(f for f in shop.result.flags if f.id == "customers_unanswered").title == (
        "Customers left unanswered"
    )


SALES = re.compile(r"\b(sales?|selling|revenue|purchases?|buying|promotions?)\b", re.IGNORECASE)
DISCOUNT = re.compile(r"\b(discounts?|specials?)\b", re.IGNORECASE)
WHAT_THEY_COUNT = {
    Sector.PROFESSIONAL_SERVICES: ("enquiries", "instructions"),
    Sector.EDUCATION: ("enquiries", "applications"),
    Sector.MEMBERSHIP_SPORTS: ("joins", "renewals"),
    Sector.CHARITY: ("donations", "sign-ups"),
}


def _every_step_text(sector: Sector, answer: int) -> dict[str, str]:
    """Each action step's words, on every question answered `answer` (no size: full backlog)."""
    ev = evaluate(FW, responses(answer, sector_id=sector))
    return {
        s.id: " ".join(
            [s.title, s.what, s.kpi, s.kpi_detail.target if s.kpi_detail else ""]
            + [s.risk_if_not_done, s.stop or ""]
        )
        for s in ev.plan.actions + ev.plan.backlog
        if s.kind == StepKind.ACTION
    }


@pytest.mark.parametrize("sector", list(WHAT_THEY_COUNT))
@pytest.mark.parametrize("answer", [0, 2, 3])
def test_no_sales_advice_where_nothing_is_sold(sector: Sector, answer: int) -> None:
    """A law firm, a university, a club and a charity get no sales or e-commerce step on the
    answers that give a shop one; the firm and the university no discount step either."""
    shop = _every_step_text(Sector.OTHER, answer)
    assert any(SALES.search(t) for t in shop.values())  # the same answers: a shop is sold to
    texts = _every_step_text(sector, answer)
    for step_id, text in texts.items():
        assert not SALES.search(text), (sector, step_id, text)
        if sector in (Sector.PROFESSIONAL_SERVICES, Sector.EDUCATION):
            assert not DISCOUNT.search(text), (sector, step_id, text)
    # what the organisation counts instead, where a shop counts sales (the bottom-rung steps)
    counted = " ".join(texts.values())
    assert answer != 0 or all(word in counted for word in WHAT_THEY_COUNT[sector]), sector


def test_a_law_firm_tracks_enquiries_and_never_names_a_client_without_consent() -> None:
    ev = evaluate(FW, responses(0, sector_id=Sector.PROFESSIONAL_SERVICES))
    steps = {s.id: s for s in ev.plan.actions + ev.plan.backlog}
    assert steps["purpose.track_online_buying"].title == (
        "Track enquiries and instructions that arrive via social media"
    )
    assert "written consent" in steps["participant_rewards.advocate_programme"].what
    assert ev.sector is not None and "participant_rewards.offer_log" in ev.sector.excluded
    tip = question_guidance(
        CONTENT, Sector.PROFESSIONAL_SERVICES, "participant_rewards.discount_rules"
    )
    assert tip is not None and tip.suggest_not_applicable


def test_one_size_rule_for_owners_the_bands_of_roles_yaml() -> None:
    """The bands are 1-9, 10-49, 50-249, 250-999 and 1,000+; owners.yaml has no size knob of its
    own, so planning and the profile can no longer disagree on who is 'small'."""
    assert [(b.id, b.max_people) for b in CONTENT.roles.bands] == [
        ("1-9", 9),
        ("10-49", 49),
        ("50-249", 249),
        ("250-999", 999),
        ("1000+", None),
    ]
    assert set(type(FW.owners).model_fields) == {"next_step_owner"}
    owners = yaml.safe_load((DEFAULT_CONTENT_DIR / "owners.yaml").read_text(encoding="utf-8"))
    assert set(owners) == {"next_step_owner"}


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ("9 people", {"Owner / founder", "The person who posts for the business"}),
        ("12 people", {"Front-of-house manager", "Owner or managing director"}),
        ("40 people", {"Front-of-house manager", "General Manager"}),
        ("300 people", {"Guest Experience Manager", "Managing Director"}),
    ],
)
def test_a_restaurant_group_gets_the_owners_its_size_has(size: str, expected: set[str]) -> None:
    ev = evaluate(FW, responses(0, size=size, sector_id=Sector.HOSPITALITY_TRAVEL))
    owners = {s.owner for s in ev.plan.actions + ev.plan.backlog}
    assert expected & owners, (size, owners)
    band = size_band(CONTENT.roles, size)
    assert band is not None
    titles = {t[band] for t in CONTENT.roles.roles.values()}
    if band == "1-9":  # the small titles speak of guests, not customers
        titles = {t.replace("customers", "guests") for t in titles}
    profile = CONTENT.profile(Sector.HOSPITALITY_TRAVEL)
    sector_titles = {profile.role_title(role, band) for role in profile.roles} - {None}
    allowed = titles | (sector_titles if band != "1-9" else set())
    assert owners <= allowed, (size, owners - allowed)
    # nobody senior in a restaurant group of 12, and never the generic 'Head of ...'
    if size == "12 people":
        assert not {o for o in owners if o.startswith(("Head of", "Director", "CEO"))}
        assert "Guest Experience Manager" not in owners


def test_a_volunteer_club_of_fifteen_has_a_committee_not_a_board() -> None:
    ev = evaluate(FW, responses(0, size="15 volunteers", sector_id=Sector.MEMBERSHIP_SPORTS))
    owners = {s.owner for s in ev.plan.actions + ev.plan.backlog}
    assert "Membership secretary" in owners
    assert not owners & {"Chief Executive and board", "Membership Services Manager"}
    club = CONTENT.profile(Sector.MEMBERSHIP_SPORTS)
    review = "accountability.leadership_review"  # a board-level step: the committee owns it
    assert step_owner(
        CONTENT, club, "10-49", review, "CEO / leadership team", "accountability"
    ) == ("Chair and committee")


def test_a_band_by_band_title_names_a_known_band(tmp_path: Path) -> None:
    def edit(data) -> None:  # type: ignore[no-untyped-def]
        hotel = next(s for s in data["sectors"] if s["sector"] == "hospitality_travel")
        hotel["roles"]["Head of Product"] = {"10-50": "General Manager"}

    problems = _broken(tmp_path, edit)
    assert any(
        "sector 'hospitality_travel' field 'roles.Head of Product': unknown band '10-50'" in p
        for p in problems
    ), problems


def test_plan_sizes_count_people_in_the_same_bands_as_owners() -> None:
    """Planning sizes the plan by headcount (PLAN_SIZES); its limits are the bands' upper
    bounds, so a 12-person group gets a 10-49 plan and 10-49 owners, never a mix."""
    from assessment.domain.planning import PLAN_SIZES

    limits = [limit for limit, _, _ in PLAN_SIZES]
    assert limits == [b.max_people for b in CONTENT.roles.bands if b.max_people is not None]


def test_a_councils_alerts_with_nobody_out_of_hours_cannot_wait() -> None:
    """Cover in office hours only (answer 2) is urgent for a council, whose emergency and
    severe-weather alerts cannot wait; the same answers elsewhere keep it in the ranking."""
    council = evaluate(FW, responses(2, size="1000+", sector_id=Sector.LOCAL_GOVERNMENT))
    step = next(s for s in council.plan.actions if s.id == "dedicated_staff.full_cover")
    assert step.urgent and step.due is not None and council.plan.start is not None
    assert (step.due - council.plan.start).days <= 14
    assert "alert" in step.what and "emergencies" in step.title
    assert council.plan.decision is not None
    assert "cover for evenings, weekends and sudden absence" in council.plan.decision.new_roles
    other = evaluate(FW, responses(2, size="1000+", sector_id=Sector.OTHER))
    assert not any(s.urgent for s in other.plan.actions if s.id == "dedicated_staff.full_cover")
    # an answer the step is not written for is left to triage.yaml (name a back-up first)
    low = evaluate(FW, responses(1, size="1000+", sector_id=Sector.LOCAL_GOVERNMENT))
    assert "dedicated_staff.name_backup" in {s.id for s in low.plan.actions if s.urgent}
    assert "dedicated_staff.full_cover" not in {s.id for s in low.plan.actions if s.urgent}


def test_a_sector_urgent_rule_is_written_for_its_answer_and_waits_for_nothing(
    tmp_path: Path,
) -> None:
    def edit(data) -> None:  # type: ignore[no-untyped-def]
        council = next(s for s in data["sectors"] if s["sector"] == "local_government")
        council["urgent"] = [
            {
                "id": "too_low",
                "when": [{"question": "dedicated_staff.cover", "at_most": 1}],
                "action": "dedicated_staff.full_cover",
                "why": "x",
            },
            {
                "id": "waits",
                "when": [{"question": "dedicated_staff.staff_training", "at_most": 2}],
                "action": "dedicated_staff.quiz_after_briefing",
                "why": "x",
            },
            {
                "id": "elsewhere",
                "when": [{"question": "listening.listen_first", "at_most": 0}],
                "action": "dedicated_staff.full_cover",
                "why": "x",
            },
        ]

    problems = _broken(tmp_path, edit)
    where = "sectors.yaml: sector 'local_government' urgent rule"
    expected = [
        f"{where} 'too_low' field 'when': 'dedicated_staff.full_cover' is not written for answer 1",
        f"{where} 'waits' field 'action': 'dedicated_staff.quiz_after_briefing' waits for "
        "'dedicated_staff.refresh_policy' at answer 2",
        f"{where} 'elsewhere' field 'when': 'dedicated_staff.full_cover' does not move "
        "'listening.listen_first'",
    ]
    for message in expected:
        assert any(message in p for p in problems), (message, problems)
