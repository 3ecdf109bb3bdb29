"""Page script run by st.navigation; the page itself lives in assessment.ui.start."""

from assessment.ui.start import render

render()
