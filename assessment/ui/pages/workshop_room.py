"""Page script run by st.navigation; the page itself lives in assessment.ui.workshop_room."""

from assessment.ui.workshop_room import render

render()
