"""Page script run by st.navigation; the page itself lives in assessment.ui.results."""

from assessment.ui.results import render

render()
