"""Page script run by st.navigation; the page itself lives in assessment.ui.workshop_join."""

from assessment.ui.workshop_join import render

render()
