"""Entry point: `streamlit run streamlit_app.py`. The pages live in assessment/ui/."""

import streamlit as st

st.title("Social-media strategy readiness")
st.write("The guided assessment is on its way.")
