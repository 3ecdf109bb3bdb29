"""Method page: the framework, the scoring rules and the sources, from `method.describe_method`."""

from __future__ import annotations

import streamlit as st

from ..readout.method import describe_method
from .state import current_boot
from .text import md_escape


def render() -> None:
    framework = current_boot().framework
    st.title("Method")
    st.caption("The same description appears in the PDF report's appendix.")
    for section in describe_method(framework):
        st.header(md_escape(section.title), anchor=False)
        for paragraph in section.paragraphs:
            st.markdown(md_escape(paragraph))

    st.header("The six dimensions", anchor=False)
    for dimension in framework.dimensions:
        with st.expander(f"{md_escape(dimension.name)} (weight {dimension.weight:g})"):
            st.markdown(md_escape(dimension.summary))
            st.markdown(f"**Why it matters.** {md_escape(dimension.why_it_matters)}")
            for item in dimension.evidence:
                cited = framework.source(item.source).short_name
                st.markdown(f"- {md_escape(item.claim)} ({md_escape(cited)})")

    st.header("Sources", anchor=False)
    for source in framework.sources:
        year = f", {source.year}" if source.year else ""
        st.markdown(
            f"- **{md_escape(source.short_name)}**: {md_escape(source.title)}. "
            f"{md_escape(source.publisher)}{md_escape(year)}."
        )
