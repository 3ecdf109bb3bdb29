"""Hypothesis strategies for answers built from the shipped framework."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
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

fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
