"""Page script run by st.navigation; the page itself lives in assessment.ui.report_page."""

from assessment.ui.report_page import render

render()
