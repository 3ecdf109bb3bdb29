"""Where a participant's join spends its time, server side: the join form's run (the join use
case, then the rerun that draws the first question), profiled in-process with AppTest on a
SQLite file. Prints the run's wall time and the top functions by cumulative time.

    python benchmarks/profile_join.py [runs]
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
sys.path.insert(0, str(ROOT))  # this checkout's package, not an installed one


def _enable_in_thread(profile: cProfile.Profile) -> Any:
    def start(*_: object) -> None:
        sys.setprofile(None)
        profile.enable()  # replaces this hook with cProfile's own, in this thread only

    return start


def main(runs: int = 3) -> None:
    folder = tempfile.mkdtemp()
    os.environ["READINESS_DATABASE_URL"] = f"sqlite:///{folder}/bench.db"
    from streamlit.testing.v1 import AppTest

    from assessment.domain.models import Organization
    from assessment.store import WorkshopStore

    ws = WorkshopStore(url=os.environ["READINESS_DATABASE_URL"])
    _, code = ws.create_workshop(Organization(name="Bench Co"))
    times = []
    profile = cProfile.Profile()
    for i in range(runs + 1):  # the first warms imports and caches; not counted
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["code"] = code
        at.run()
        at = at.switch_page("assessment/ui/pages/workshop_join.py").run()
        at.text_input[1].input(f"Person {i}")
        button = next(b for b in at.button if b.label == "Join the workshop")
        started = time.perf_counter()
        if i:  # the script runs on its own thread: profile that thread from its first call
            threading.setprofile(_enable_in_thread(profile))
        at = button.click().run()
        if i:
            threading.setprofile(None)  # type: ignore[arg-type]
            times.append((time.perf_counter() - started) * 1000)
        assert not at.exception, at.exception
        assert at.radio, "no question drawn after the join"
    print("join click -> first question drawn (server, in-process), ms:", [round(t) for t in times])
    profile.disable()
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
