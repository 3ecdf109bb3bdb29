"""Page script run by st.navigation; the page itself lives in assessment.ui.method_page."""

from assessment.ui.method_page import render

render()
