"""Six more organisations, answered as they would answer, judged as their consultant would.

A university with 80 departmental accounts, a regional bus operator whose one communications
officer works office hours, a 12-person restaurant group, a 2,000-person insurer strong on rules
and weak on sharing control, a law firm, and a volunteer running club that answered "Don't know"
to a third of the questions.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from assessment.domain.evaluation import Evaluation
from assessment.domain.planning import gate_caps
from assessment.domain.sector_ids import Sector

SENIOR = {"Head of Marketing", "Head of Product", "CEO / leadership team", "Customer Service Lead"}
NEW = [
    "northgate_university",
    "valley_buses",
    "fig_and_olive",
    "meridian_mutual",
    "carter_blake",
    "riverside_harriers",
]


def first_three(ev: Evaluation) -> list[str]:
    return [a.id for a in ev.plan.actions[:3]]


def confirmed(ev: Evaluation) -> set[str]:
    return {f.id for f in ev.result.confirmed_flags}


def within(ev: Evaluation, days: int) -> set[str]:
    start = ev.plan.start
    assert start is not None
    return {
        a.id
        for a in ev.plan.actions
        if a.due is not None and a.due <= start + dt.timedelta(days=days)
    }


@pytest.mark.parametrize("slug", NEW)
def test_every_new_persona_is_written_with_notes_and_answers_every_question(
    persona, framework, slug
):
    ev = persona(slug)
    answers = ev.responses.answers
    assert set(answers) == {q.id for q in framework.questions}
    noted = [a for a in answers.values() if a.note.strip()]
    assert len(noted) >= 14, slug  # written as the organisation would, with its reasons
    for a in ev.plan.actions:  # every step carries what a client needs to act on it
        assert a.start and a.due and a.kpi_detail and a.risk_if_not_done
        assert a.kpi_detail.baseline and a.kpi_detail.target


def test_university_fixes_shared_departmental_logins_then_purpose_held_back_level(persona):
    """80 accounts, school passwords shared by email with former staff: that is fixed within
    two weeks; then the purpose gate, which does cap the level (3 -> 2), orders purpose work."""
    ev = persona("northgate_university")
    r = ev.result
    assert r.overall.level == 2 and r.overall.uncapped_level == 3 and gate_caps(r)
    assert {"shared_access", "popularity_contest"} <= confirmed(ev)
    assert first_three(ev) == [
        "dedicated_staff.secure_logins",
        "purpose.account_review",
        "purpose.link_objectives",
    ]
    assert ev.plan.actions[0].urgent
    assert ev.plan.actions[0].owner == "Digital Communications Officer"  # education profile
    assert "dedicated_staff.secure_logins" in within(ev, 14)
    # it already has a written purpose: it is told to link it, not to write one
    assert "purpose.write_purpose_statement" not in {a.id for a in ev.plan.actions}
    d = ev.plan.decision
    assert d is not None and "sharing passwords to the accounts" in d.stop
    assert "opening accounts without a business case" in d.stop
    assert len(ev.plan.actions) >= 12  # a large organisation can run a longer plan


def test_bus_operator_gets_cover_and_a_viral_routine_within_two_weeks(persona):
    """One communications officer, 9-5, for buses that run until half past midnight; a
    wheelchair video answered the next morning; an agency that still holds a page role."""
    ev = persona("valley_buses")
    assert ev.result.overall.level == 2 and not gate_caps(ev.result)
    assert {"key_person_dependency", "shared_access", "unprepared_public_service"} <= confirmed(ev)
    assert set(first_three(ev)) == {
        "accountability.viral_complaint_routine",
        "dedicated_staff.name_backup",
        "dedicated_staff.secure_logins",
    }
    assert set(first_three(ev)) <= within(ev, 14)
    # the gate holds but caps nothing: no purpose step jumps the queue
    assert not any("purpose gate" in a.reason for a in ev.plan.actions)
    d = ev.plan.decision
    assert d is not None and d.new_roles == ["a named back-up for the accounts"]
    # fares are regulated: no discount work
    every = ev.plan.actions + ev.plan.backlog
    assert not any("participant_rewards.discount_rules" in a.questions for a in every)


def test_restaurant_group_stops_the_shared_tablet_password_and_answers_its_customers(persona):
    ev = persona("fig_and_olive")
    assert ev.result.overall.level == 1
    assert {
        "shared_access",
        "customers_unanswered",
        "key_person_dependency",
        "inconsistent_offers",
    } <= confirmed(ev)
    urgent = [a.id for a in ev.plan.actions if a.urgent]
    assert set(urgent) == {
        "dedicated_staff.secure_logins",
        "accountability.viral_complaint_routine",
        "dedicated_staff.name_backup",
        "accountability.clear_unanswered",
        "shared_control.answer_criticism_publicly",
    }
    assert first_three(ev)[0] == "dedicated_staff.secure_logins"
    owners = {a.owner for a in ev.plan.actions + ev.plan.backlog}
    assert not owners & SENIOR  # twelve people: nobody is "Head of Marketing"
    assert len(ev.plan.backlog) <= 10
    d = ev.plan.decision
    assert d is not None
    assert {"hiding or deleting critical comments", "improvising discounts in public"} <= set(
        d.stop
    )
    # a restaurant's people are guests, and its owners those twelve people have
    assert "Guests left unanswered" in {f.title for f in ev.result.confirmed_flags}
    assert "leaving guests' messages unanswered" in d.stop
    assert {"Front-of-house manager", "Owner or marketing lead"} <= owners


def test_insurer_strong_on_rules_is_told_to_share_control_and_has_nothing_urgent(persona):
    ev = persona("meridian_mutual")
    assert ev.result.overall.level == 4 and confirmed(ev) == set()
    assert not any(a.urgent for a in ev.plan.actions)
    weakest = min(ev.result.dimensions.values(), key=lambda d: d.score or 0)
    assert weakest.id == "shared_control"
    assert first_three(ev) == [
        "shared_control.ask_and_join",
        "shared_control.employee_guideline",
        "shared_control.guideline_not_approval",
    ]
    # rules already in place are never proposed again
    every = {a.id for a in ev.plan.actions + ev.plan.backlog}
    assert not every & {
        "dedicated_staff.write_service_policy",
        "dedicated_staff.train_and_quiz",
        "dedicated_staff.secure_logins",
        "participant_rewards.discount_rule",
    }
    d = ev.plan.decision
    assert d is not None and d.stop == ["approving every employee post in advance"]
    assert d.urgent == [] and d.new_roles == []


def test_law_firm_secures_the_agency_login_and_names_a_back_up(persona):
    ev = persona("carter_blake")
    assert ev.result.overall.level == 2
    assert {"shared_access", "key_person_dependency", "broadcast_only"} <= confirmed(ev)
    assert set(first_three(ev)) == {
        "accountability.viral_complaint_routine",
        "dedicated_staff.name_backup",
        "dedicated_staff.secure_logins",
    }
    # no support on social, no offers: nothing planned from those "Not applicable" answers
    every = ev.plan.actions + ev.plan.backlog
    assert not any("dedicated_staff.support_specialists" in a.questions for a in every)
    d = ev.plan.decision
    assert d is not None and "a named back-up for the accounts" in d.new_roles


def test_volunteer_club_with_many_dont_knows_stays_provisional_but_acts_on_what_it_knows(
    persona, framework
):
    ev = persona("riverside_harriers")
    answers = ev.responses.answers
    unknown = [q for q, a in answers.items() if a.choice == "dont_know"]
    assert len(unknown) * 3 >= len(framework.questions) - 1  # a third "Don't know"
    assert ev.result.overall.provisional and ev.result.overall.level is None
    assert {"shared_access", "key_person_dependency"} <= confirmed(ev)
    assert set(unknown) <= set(ev.plan.to_check)
    assert first_three(ev) == [
        "dedicated_staff.secure_logins",
        "accountability.viral_complaint_routine",
        "dedicated_staff.name_backup",
    ]
    owners = {a.owner for a in ev.plan.actions}
    assert not owners & SENIOR  # a club committee
    d = ev.plan.decision
    assert d is not None and d.provisional
    assert "Approve the plan" not in d.text  # provisional: only what cannot wait
    assert len(d.urgent) == 3


def test_the_six_decisions_differ(persona):
    texts = {persona(slug).plan.decision.text for slug in NEW}
    assert len(texts) == len(NEW)


def test_the_decision_names_the_owners_the_plan_prints(persona) -> None:
    """The sector's owner titles, not the library's roles: the decision and the step table agree."""
    for slug in ("northgate_university", "valley_buses", "carter_blake"):
        ev = persona(slug)
        d = ev.plan.decision
        assert d is not None
        owners = {s.owner for s in ev.plan.actions}
        assert set(d.people) <= owners, (slug, d.people, owners)
        assert ev.plan.actions[0].owner in d.text


SALES = re.compile(r"\b(sales?|selling|revenue|purchases?|buying|discounts?|specials?)\b", re.I)
CUSTOMER = re.compile(r"\bcustomers?\b", re.I)


def _words(ev: Evaluation) -> str:
    """What the client reads of the plan: steps, their risks, the decision and the flags."""
    steps = ev.plan.actions + ev.plan.backlog
    parts = [f"{s.title} {s.what} {s.kpi} {s.risk_if_not_done} {s.stop or ''}" for s in steps]
    parts += [f.title for f in ev.result.confirmed_flags]
    decision = ev.plan.decision
    text = " ".join(parts + [decision.text if decision else ""])
    # quotations and the name of a source are the source's words, kept as written
    return re.sub(r'"[^"]*"|\u201c[^\u201d]*\u201d|Customers Rock!', "", text)


@pytest.mark.parametrize(
    ("slug", "sector", "people", "note"),
    [
        ("northgate_university", Sector.EDUCATION, "students", "safeguarding"),
        ("valley_buses", Sector.OTHER, "customers", "what_a_sector_changes"),
        ("fig_and_olive", Sector.HOSPITALITY_TRAVEL, "guests", "reviews"),
        ("meridian_mutual", Sector.FINANCIAL_SERVICES, "customers", "financial_promotions"),
        ("carter_blake", Sector.PROFESSIONAL_SERVICES, "clients", "confidentiality"),
        ("riverside_harriers", Sector.MEMBERSHIP_SPORTS, "members", "safeguarding"),
        ("eastbrook_hospitals", Sector.HEALTHCARE, "patients", "confidentiality"),
    ],
)
def test_each_persona_reads_right_for_its_sector(persona, slug, sector, people, note):
    ev = persona(slug)
    assert ev.responses.organization.sector_id == sector  # matched from the file's own words
    assert ev.sector is not None and note in {n.id for n in ev.sector.notes}
    text = _words(ev)
    if people != "customers":
        assert people in text.lower() and not CUSTOMER.search(text), slug
    if sector in (Sector.PROFESSIONAL_SERVICES, Sector.EDUCATION, Sector.HEALTHCARE):
        assert not SALES.search(text), (slug, SALES.findall(text))


def test_law_firm_is_never_sold_to_and_keeps_its_clients_confidential(persona):
    ev = persona("carter_blake")
    steps = {s.id: s for s in ev.plan.actions + ev.plan.backlog}
    if "purpose.track_online_buying" in steps:
        assert "instructions" in steps["purpose.track_online_buying"].title
    titles = {f.id: f.title for f in ev.result.confirmed_flags}
    assert titles["unprepared_public_service"].startswith("Clients handled in public")
    assert ev.sector is not None
    assert "Solicitors Regulation Authority" in {n.source.publisher for n in ev.sector.notes}
    owners = {s.owner for s in ev.plan.actions}
    assert "Client Services Manager" in owners and "Head of Product" not in owners


def test_hospital_covers_its_accounts_and_answers_patients_within_two_weeks(persona, framework):
    """A trust whose one digital officer holds the accounts, ward accounts nobody reviews, and
    messages that wait a week: all three within 14 days; never a case handled in public."""
    ev = persona("eastbrook_hospitals")
    answers = ev.responses.answers
    assert set(answers) == {q.id for q in framework.questions}  # answered as the trust would
    assert all(a.note.strip() for a in answers.values())
    assert ev.result.overall.level == 2
    assert {
        "customers_unanswered",
        "shared_access",
        "key_person_dependency",
        "unprepared_public_service",
    } <= confirmed(ev)
    assert set(first_three(ev)) == {
        "dedicated_staff.name_backup",
        "dedicated_staff.secure_logins",
        "accountability.clear_unanswered",
    }
    assert set(first_three(ev)) <= within(ev, 14)
    every = {a.id for a in ev.plan.actions + ev.plan.backlog}
    assert not every & {
        "accountability.public_accountability",
        "participant_rewards.advocate_programme",
        "purpose.track_online_buying",
    }
    owners = {a.owner for a in ev.plan.actions}
    assert {"Patient Experience lead", "Digital Communications Manager"} <= owners
    d = ev.plan.decision
    assert d is not None and "a named back-up for the accounts" in d.new_roles
    assert "leaving patients' messages unanswered" in d.stop
