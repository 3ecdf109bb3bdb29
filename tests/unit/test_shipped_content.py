"""Checks on the content shipped in `content/`: structure, references and sourced figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessment.content import load_framework
from assessment.models import DIMENSION_IDS, Framework

CONTENT_DIR = Path(__file__).parents[2] / "content"
SEEDS_DIR = Path(__file__).parents[3] / "shared" / "seeds"
NAMED_FLAGS = (
    "autopilot",
    "broadcast_only",
    "link_blasting",
    "contradictory_accounts",
    "popularity_contest",
)


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(CONTENT_DIR)


def test_six_dimensions_in_order(fw: Framework) -> None:
    assert tuple(d.id for d in fw.dimensions) == DIMENSION_IDS


@pytest.mark.parametrize("dimension_id", DIMENSION_IDS)
def test_at_least_six_questions_per_dimension(fw: Framework, dimension_id: str) -> None:
    assert len(fw.questions_for(dimension_id)) >= 6


@pytest.mark.parametrize("dimension_id", DIMENSION_IDS)
def test_at_least_four_actions_per_dimension(fw: Framework, dimension_id: str) -> None:
    assert len([a for a in fw.actions if a.dimension == dimension_id]) >= 4


def test_question_ids_are_prefixed_by_their_dimension(fw: Framework) -> None:
    for q in fw.questions:
        assert q.id.startswith(q.dimension + "."), q.id


def test_option_labels_distinct_within_each_question(fw: Framework) -> None:
    for q in fw.questions:
        labels = [o.label for o in q.options]
        assert len(set(labels)) == len(labels), q.id
        assert [o.score for o in q.options] == [0, 1, 2, 3, 4], q.id


def test_every_source_reference_exists(fw: Framework) -> None:
    known = {s.id for s in fw.sources}
    used = [(f"dimension {d.id}", ev.source) for d in fw.dimensions for ev in d.evidence]
    used += [(f"question {q.id}", q.source) for q in fw.questions if q.source is not None]
    used += [(f"action {a.id}", a.source) for a in fw.actions]
    used += [(f"flag {f.id}", f.source) for f in fw.flags]
    missing = [(where, source) for where, source in used if source not in known]
    assert not missing


def test_named_flags_exist(fw: Framework) -> None:
    flag_ids = {f.id for f in fw.flags}
    for flag_id in NAMED_FLAGS:
        assert flag_id in flag_ids


def test_every_flag_is_fixed_by_an_action(fw: Framework) -> None:
    fixed = {flag for a in fw.actions for flag in a.flags}
    assert {f.id for f in fw.flags} <= fixed


def test_action_titles_are_short(fw: Framework) -> None:
    for a in fw.actions:
        assert len(a.title) < 70, a.id


def _percent_tokens(text: str) -> list[str]:
    return [token.strip(".,;:()\"'[]") for token in text.split() if "%" in token]


def test_evidence_figures_appear_in_seed_texts(fw: Framework) -> None:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS_DIR}")
    seeds = "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS_DIR.glob("*.txt"))
    )
    figures = [
        (d.id, token)
        for d in fw.dimensions
        for ev in d.evidence
        for token in _percent_tokens(ev.claim)
    ]
    assert figures, "expected at least one quoted % figure in the evidence"
    missing = [(dim, token) for dim, token in figures if token not in seeds]
    assert not missing


def _all_texts(fw: Framework) -> list[tuple[str, str]]:
    texts = [(d.id, t) for d in fw.dimensions for t in (d.summary, d.why_it_matters)]
    texts += [(d.id, ev.claim) for d in fw.dimensions for ev in d.evidence]
    texts += [(q.id, t) for q in fw.questions for t in (q.text, q.help)]
    texts += [(q.id, o.label) for q in fw.questions for o in q.options]
    texts += [(f.id, f.explanation) for f in fw.flags]
    texts += [(a.id, t) for a in fw.actions for t in (a.title, a.what, a.kpi)]
    texts += [(lv.name, lv.description) for lv in fw.levels]
    return texts


def test_every_figure_in_any_content_text_appears_in_seed_texts(fw: Framework) -> None:
    """No invented statistics: "N%" and "N percent" anywhere in the content must be in a seed."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS_DIR}")
    seeds = "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS_DIR.glob("*.txt"))
    )
    pattern = re.compile(r"\b\d+ percent\b")
    missing = [
        (where, figure)
        for where, text in _all_texts(fw)
        for figure in _percent_tokens(text) + pattern.findall(text)
        if figure not in seeds
    ]
    assert not missing
