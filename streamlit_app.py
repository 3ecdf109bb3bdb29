"""Entry point: `streamlit run streamlit_app.py`. The pages live in assessment/ui/.

Every run: load the shared framework and store, find this user's assessment from the URL id
(re-set in the URL, since navigation drops it), retry any save that failed, then show the page.
The list of pages is `assessment.ui.nav.SECTIONS`.
"""

import streamlit as st

from assessment.content import ContentError
from assessment.store import StoreError
from assessment.ui import nav
from assessment.ui.state import (
    bootstrap,
    get_framework,
    get_store,
    set_current,
    storage_error,
    store_boot,
)

st.set_page_config(
    page_title="Social-media readiness",
    page_icon="💬",  # an emoji favicon is drawn locally; a :material/ one is fetched from Google
    layout="centered",
)

pages = nav.navigation_pages()
try:
    framework = get_framework()
except ContentError as exc:
    st.navigation(pages, position="hidden")
    st.error("The question bank could not be loaded. Please tell the person running this tool.")
    st.caption(str(exc)[:500])
    st.stop()

try:
    boot = bootstrap(framework, get_store())
except StoreError as exc:
    st.navigation(pages, position="hidden")
    storage_error(exc)
    st.stop()
store_boot(boot)

if boot.bad_id:
    st.navigation(pages, position="hidden")
    st.title("Assessment not found")
    st.error(
        "This link does not lead to an assessment: it may be mistyped or cut short. "
        "Check the link you kept, or start again.",
        icon=":material/link_off:",
    )
    if st.button("Go to the start page", type="primary"):
        set_current(None)
        nav.go("start")
    st.stop()

st.navigation(pages).run()
