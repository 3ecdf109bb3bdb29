"""Hypothesis strategies for answers built from the shipped framework."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from hypothesis import example
from hypothesis import strategies as st

from assessment.domain.content import default_framework
from assessment.domain.models import Answer, Organization, Responses, clean_line

FW = default_framework()
QIDS = [q.id for q in FW.questions]
DIMS = [d.id for d in FW.dimensions]

choices = st.one_of(st.integers(0, 4), st.sampled_from(["dont_know", "not_applicable"]))
answers_st = st.dictionaries(
    st.sampled_from(QIDS),
    st.builds(Answer, choice=choices, note=st.text(max_size=50)),
)
organizations = st.builds(
    Organization,
    name=st.text(min_size=1, max_size=40).filter(lambda s: str(clean_line(s)).strip()),
    sector=st.none() | st.text(max_size=20),
    size=st.none() | st.sampled_from(["1-9 people", "10-49 people", "1,000 or more"]),
)
responses_st = st.builds(
    Responses,
    organization=organizations,
    answers=answers_st,
    targets=st.dictionaries(st.sampled_from(DIMS), st.integers(1, 5)),
)
mostly_known = st.builds(
    Responses,
    organization=organizations,
    answers=st.fixed_dictionaries(
        {
            q: st.one_of(
                st.integers(0, 4).map(lambda c: Answer(choice=c)),
                choices.map(lambda c: Answer(choice=c)),
            )
            for q in QIDS
        }
    ),
)
"""Every question answered, mostly with known options: results that are rarely provisional."""


def _all(choice: int | str) -> Responses:
    return Responses(
        organization=Organization(name="Hard case"),
        answers={q: Answer(choice=choice) for q in QIDS},  # type: ignore[arg-type]
    )


HARD_RESPONSES: list[Responses] = [
    Responses(organization=Organization(name="Nothing answered")),
    _all(0),
    _all(4),
    _all("dont_know"),
    _all("not_applicable"),
    Responses(
        organization=Organization(name="Purpose gate", size="1-9 people"),
        answers={q: Answer(choice=0 if q.startswith("purpose.") else 4) for q in QIDS},
        targets={d: 5 for d in DIMS},
    ),
]
"""Answers a few random examples may miss: none, all one option, all unknown, all excluded, and a
gate that holds with every other dimension at the top. Kept as explicit `@example`s."""

T = TypeVar("T", bound=Callable[..., object])


def hard_cases(test: T) -> T:
    """Try a one-argument property on `HARD_RESPONSES` too, whatever the profile."""
    for case in HARD_RESPONSES:
        test = example(case)(test)
    return test
