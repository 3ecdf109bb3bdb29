"""A follow-up workshop beside the earlier one: consensus then and now, and whether the spread
narrowed (issue 22, workshops)."""

from __future__ import annotations

from pathlib import Path

from assessment.app import workshops
from assessment.app.workshop_progress import compare_with_earlier
from assessment.domain.content import default_framework
from assessment.domain.models import Answer, Organization
from assessment.store import WorkshopStore

FW = default_framework()


def _workshop(ws: WorkshopStore, choices: list[int]) -> str:
    """A workshop where participant i answers every question with choices[i]."""
    token, _ = ws.create_workshop(Organization(name="Glow"))
    rows = [
        (f"P{i}", "Marketing", {q.id: Answer(choice=c) for q in FW.questions})
        for i, c in enumerate(choices)
    ]
    ws.import_participants(token, rows)
    return token


def test_a_tighter_group_later_is_shown_as_a_narrowed_spread(tmp_path: Path) -> None:
    ws = WorkshopStore(url=f"sqlite:///{tmp_path}/w.db")
    earlier = _workshop(ws, [0, 2, 4, 4])  # spread out
    later = _workshop(ws, [3, 3, 3, 4])  # close together
    view = workshops.open_workshop(ws, later)
    assert view is not None
    now = workshops.load_dashboard(ws, FW, view)
    got = compare_with_earlier(ws, FW, now, f"http://x/facilitate?w={earlier}")
    assert got.value is not None, got.problems
    assert [d.dimension for d in got.value.dimensions] == [d.id for d in FW.dimensions]
    for d in got.value.dimensions:
        s = d.spread
        assert s.stdev_then is not None and s.stdev_now is not None
        assert s.stdev_now < s.stdev_then and s.narrowed is True and not s.small
        assert d.consensus_now is not None


def test_an_unknown_or_the_same_link_is_refused_in_one_sentence(tmp_path: Path) -> None:
    ws = WorkshopStore(url=f"sqlite:///{tmp_path}/w.db")
    token = _workshop(ws, [1, 2, 3])
    view = workshops.open_workshop(ws, token)
    assert view is not None
    now = workshops.load_dashboard(ws, FW, view)
    same = compare_with_earlier(ws, FW, now, token)
    assert same.value is None and "this workshop" in same.problems[0]
    unknown = compare_with_earlier(ws, FW, now, "A" * 43)
    assert unknown.value is None and "no workshop" in unknown.problems[0]


def test_the_workshop_pdf_of_a_follow_up_says_where_the_spread_narrowed(tmp_path: Path) -> None:
    from assessment.domain.evaluation import evaluate
    from assessment.report.workshop_section import build_workshop_report

    from .report_helpers import ParsedPdf, squash

    ws = WorkshopStore(url=f"sqlite:///{tmp_path}/w.db")
    earlier = _workshop(ws, [0, 2, 4, 4])
    view = workshops.open_workshop(ws, _workshop(ws, [3, 3, 3, 4]))
    assert view is not None
    now = workshops.load_dashboard(ws, FW, view)
    progress = compare_with_earlier(ws, FW, now, earlier).value
    assert progress is not None
    ev = evaluate(FW, now.consensus())
    plain = ParsedPdf(build_workshop_report(FW, now.summary, ev))
    pdf = ParsedPdf(build_workshop_report(FW, now.summary, ev, progress=progress))
    assert "Sincetheearlierworkshop" not in squash(plain.text)
    text = squash(pdf.text)
    assert "Sincetheearlierworkshop" in text
    assert text.count("narrowed") >= len(FW.dimensions)


def test_the_facilitators_one_click_pdf_carries_the_comparison(tmp_path: Path) -> None:
    """The page's route (`deliverables.workshop_report`) passes the comparison on, and a PDF
    built without it is not handed out for one with it (the cache tells them apart)."""
    from assessment.app import deliverables

    from .report_helpers import ParsedPdf, squash

    ws = WorkshopStore(url=f"sqlite:///{tmp_path}/w.db")
    earlier = _workshop(ws, [0, 2, 4, 4])
    view = workshops.open_workshop(ws, _workshop(ws, [3, 3, 3, 4]))
    assert view is not None
    now = workshops.load_dashboard(ws, FW, view)
    progress = compare_with_earlier(ws, FW, now, earlier).value
    assert progress is not None
    cache: deliverables.Cache = {}
    plain = deliverables.workshop_report(FW, now.summary, now.consensus(), cache=cache)
    assert plain is not None
    assert "Sincetheearlierworkshop" not in squash(ParsedPdf(plain.data).text)
    held = deliverables.workshop_report(
        FW, now.summary, now.consensus(), cache=cache, build=False, progress=progress
    )
    assert held is None  # the plain one is not handed out for the follow-up's
    made = deliverables.workshop_report(
        FW, now.summary, now.consensus(), cache=cache, progress=progress
    )
    assert made is not None and made.filename == plain.filename
    assert "Sincetheearlierworkshop" in squash(ParsedPdf(made.data).text)
