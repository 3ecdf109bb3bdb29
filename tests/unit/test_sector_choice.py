"""Sector as a choice: the list, old free text matched where it clearly names a sector."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from assessment.domain.content import default_framework
from assessment.domain.models import Organization, Responses
from assessment.domain.sector_ids import SECTOR_LABELS, Sector, match_sector
from assessment.files.answers_file import dump_answers, read_answers


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("Retail (bakery, two shops)", Sector.RETAIL_ECOMMERCE),
        ("Consumer brand (beauty)", Sector.CONSUMER_BRANDS),
        ("Retail banking (regulated)", Sector.FINANCIAL_SERVICES),
        ("B2B software", Sector.B2B),
        ("Charity (environment)", Sector.CHARITY),
        ("Leeds City Council", Sector.LOCAL_GOVERNMENT),
        ("NHS foundation trust (hospital)", Sector.HEALTHCARE),
        ("Hotel group, 40 people", Sector.HOSPITALITY_TRAVEL),
        ("University", Sector.EDUCATION),
        ("Rugby club", Sector.MEMBERSHIP_SPORTS),
        ("Law firm", Sector.PROFESSIONAL_SERVICES),
        ("Department for Transport (central government)", Sector.CENTRAL_GOVERNMENT),
        ("Healthcare", Sector.HEALTHCARE),
        ("retail_ecommerce", Sector.RETAIL_ECOMMERCE),
        ("Mining", Sector.OTHER),
        ("<b>bold</b> & x<y", Sector.OTHER),
    ],
)
def test_free_text_is_matched_only_where_it_names_a_sector(text: str, sector: Sector) -> None:
    assert match_sector(text) == sector
    assert Organization(name="A", sector=text).sector_id == sector


def test_every_sector_the_issue_lists_is_offered_with_other_last() -> None:
    assert len(SECTOR_LABELS) == 13 and list(SECTOR_LABELS)[-1] == Sector.OTHER
    assert set(SECTOR_LABELS) == set(Sector)


def test_old_text_is_kept_as_the_detail_and_no_sector_means_none() -> None:
    org = Organization(name="A", sector="Mining and quarrying")
    assert (org.sector_id, org.sector) == (Sector.OTHER, "Mining and quarrying")
    assert Organization(name="A").sector_id is None
    assert Organization(name="A", sector="   ").sector_id is None


def test_a_chosen_sector_wins_over_the_words() -> None:
    org = Organization(name="A", sector="Retail", sector_id="healthcare")
    assert org.sector_id == Sector.HEALTHCARE


def test_an_unknown_choice_is_refused_naming_the_choices() -> None:
    with pytest.raises(ValidationError) as exc:
        Organization(name="A", sector_id="retail banking")
    message = exc.value.errors(include_url=False)[0]["msg"]
    assert "local_government" in message and "'retail banking'" in message


def test_answers_file_round_trip_keeps_the_choice_and_old_files_still_load() -> None:
    fw = default_framework()
    responses = Responses(organization=Organization(name="A", sector_id=Sector.EDUCATION))
    text = dump_answers(responses)
    assert json.loads(text)["organization"]["sector_id"] == "education"
    assert read_answers(text.encode(), fw).responses.organization.sector_id == Sector.EDUCATION
    old = {"schema_version": 1, "organization": {"name": "B", "sector": "County council"}}
    loaded = read_answers(json.dumps(old).encode(), fw).responses
    assert loaded.organization.sector_id == Sector.LOCAL_GOVERNMENT


def test_the_start_form_saves_the_chosen_sector_and_its_label(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from assessment.app import assessments as service
    from assessment.app.assessments import NewAssessment
    from assessment.store import AssessmentStore

    store = AssessmentStore(url=f"sqlite:///{tmp_path / 'app.db'}")
    chosen = service.create(store, NewAssessment("Trust", sector_id=Sector.HEALTHCARE))
    other = service.create(
        store, NewAssessment("Mine", "Mining and quarrying", sector_id=Sector.OTHER)
    )
    assert chosen.value is not None and other.value is not None
    org = store.load(chosen.value.assessment_id).organization  # type: ignore[union-attr]
    assert (org.sector_id, org.sector) == (Sector.HEALTHCARE, "Healthcare")
    org = store.load(other.value.assessment_id).organization  # type: ignore[union-attr]
    assert (org.sector_id, org.sector) == (Sector.OTHER, "Mining and quarrying")


def test_cli_template_takes_a_sector_and_refuses_one_not_listed(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from assessment.cli import main

    out = tmp_path / "answers.json"
    assert main(["template", "--sector", "education", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["organization"]["sector_id"] == "education"
    capsys.readouterr()
    assert main(["template", "--sector", "hospital"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "invalid choice: 'hospital'" in err[0]
