"""Page script run by st.navigation; the page itself lives in assessment.ui.workshop_facilitator."""

from assessment.ui.workshop_facilitator import render

render()
