"""Use cases: what each user action does, end to end, with no Streamlit in it.

The Streamlit pages and the CLI are thin callers of these functions. Each takes the store it
needs and plain values, and returns values (an `Outcome` where the user may have to be told
something), so every use case is tested without a browser:

- `assessments`: create, import and resume a self-assessment; record answers and targets with
  retry; evaluate; read an answers file for the CLI.
- `workshops`: create a workshop, join it, remove a participant, open or close it; load the
  facilitator's dashboard once; settle the consensus; import responses; build the workshop
  report (from the database or from a form tool's export).
"""

from .outcome import Outcome

__all__ = ["Outcome"]
