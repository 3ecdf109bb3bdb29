"""Entry point: `streamlit run streamlit_app.py`. The pages live in assessment/ui/.

Every run: the app's CSS, the page asked for, the shared framework and store, this user's
assessment from the URL id (re-set in the URL, since navigation drops it); then the app's own
menu (none on a workshop participant's page), the page, the assessment's link to keep, and last
the saves the page's changes asked for (`saving.settle`: the page is on screen first).
The list of pages is `assessment.ui.nav.SECTIONS`.
"""

import streamlit as st

from assessment.domain.content import ContentError
from assessment.store import StoreError
from assessment.ui import browser, nav, resume, saving, style
from assessment.ui.state import (
    bootstrap,
    get_framework,
    get_store,
    set_current,
    storage_error,
    store_boot,
)

# Title and favicon before the navigation: otherwise the page's :material/ icon becomes the
# favicon, fetched from Google (refused by the proxy's CSP). The layout (None above: unchanged)
# is set once, after it, from the page (see nav.layout_of).
st.set_page_config(page_title="Social-media readiness", page_icon="💬")
page = st.navigation(nav.navigation_pages(), position="hidden")
st.set_page_config(
    layout=nav.layout_of(nav.url_path_of(page), st.query_params.to_dict()),
    initial_sidebar_state="collapsed" if nav.url_path_of(page) == nav.ROOM else "auto",
)
style.apply()
saving.begin_run()
try:
    framework = get_framework()
except ContentError as exc:
    st.error("The question bank could not be loaded. Please tell the person running this tool.")
    st.caption(str(exc)[:500])
    st.stop()

try:
    boot = bootstrap(framework, get_store())
except StoreError as exc:
    storage_error(exc)
    st.stop()
store_boot(boot)

if boot.bad_id:
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

current = nav.url_path_of(page)
nav.note_landing(current)
participant = nav.is_participant_page(current)
if not participant:
    nav.menu()
    current_id = boot.work.assessment_id if boot.work else None
    browser.helper("app", remember=resume.cookie_value(current_id), reconnect=True)
if boot.work is not None:
    saving.watch(boot.store, boot.work)
try:
    page.run()
except BaseException:  # st.rerun, st.switch_page, st.stop: save, draw nothing more
    saving.settle(show=False)
    raise
if boot.work is not None and not participant and current != "start":
    link = nav.assessment_url(boot.work.assessment_id)
    with st.sidebar:
        browser.link_bar(link, key="rd-link-side")
    browser.link_bar(link, key=style.LINK_INLINE)  # shown while the sidebar is folded away
saving.settle()
