"""Page script run by st.navigation; the page itself lives in assessment.ui.wizard."""

from assessment.ui.wizard import render

render()
