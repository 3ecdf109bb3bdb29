"""One card per question: where the room sees its disagreement and records its decision.

Shared by the room view (large type, projected) and the facilitator's page. A card shows the
question, every option's full text with its anonymous count, the spread, the notes
participants chose to share, a first round beside the second after a re-vote, and the consensus
right there: the answer, a minority view, a new vote. The distribution comes from the caller:
the room passes the client-safe summary's, the facilitator the private one.

Framework text goes through `content_md`; participants' notes and minority views are user text
and are shown with `st.text` (never as Markdown or HTML).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ..app import workshops as service
from ..app.workshops import AnyView
from ..domain.models import Choice, Framework, Question
from ..domain.workshop import (
    STATUS_LABELS,
    ConsensusStatus,
    QuestionConsensus,
    QuestionDistribution,
    spread_text,
)
from ..readout.vocabulary import CHOICES, choice_short, option_text
from ..readout.workshop import WorkshopReadout
from ..store import StoreError, WorkshopStore
from .text import content_md, md_escape

STATUS_COLORS: dict[ConsensusStatus, str] = {
    ConsensusStatus.AGREED: "green",
    ConsensusStatus.MAJORITY: "blue",
    ConsensusStatus.SPLIT: "orange",
    ConsensusStatus.FEW: "gray",
}
MAX_MINORITY_CHARS = 2_000
# Every half second: an answer reaches the room and the facilitator in about 0.4-0.7 s, with
# 50 participants too (benchmarks/bench_room_live.py); polling every second took up to 1.5 s.
REFRESH_SECONDS = 0.5


def watch_changes(ws: WorkshopStore, view: AnyView, seen: tuple[object, ...]) -> None:
    """Rerun the page when what it shows has changed (someone joined, answered, a decision was
    recorded on the other screen); nothing moves while nothing changes."""

    @st.fragment(run_every=REFRESH_SECONDS)
    def watch() -> None:
        try:
            now = service.version(ws, view)
        except StoreError:
            return  # the next tick tries again; the page says so when it reloads
        if now != seen:
            st.rerun()

    watch()


def people(n: int) -> str:
    return "nobody" if n == 0 else ("1 person" if n == 1 else f"{n} people")


SHORT_LABELS = {  # for the one-line count of every status
    ConsensusStatus.AGREED: STATUS_LABELS[ConsensusStatus.AGREED],
    ConsensusStatus.MAJORITY: STATUS_LABELS[ConsensusStatus.MAJORITY],
    ConsensusStatus.SPLIT: "Split",
    ConsensusStatus.FEW: "Too few answers",
}


def status_tag(status: ConsensusStatus, count: int | None = None) -> str:
    """A status as Markdown with a coloured background (our own words, at the text's size)."""
    text = STATUS_LABELS[status] if count is None else f"{SHORT_LABELS[status]}: {count}"
    return f"**:{STATUS_COLORS[status]}-background[{md_escape(text)}]**"


def status_line(counts: dict[ConsensusStatus, int]) -> None:
    """The four statuses with their counts on one line."""
    st.markdown(" ".join(status_tag(status, n) for status, n in counts.items()))


def status_strip(ro: WorkshopReadout) -> None:
    """The four statuses with their counts (the workshop readout's), side by side, and how many
    answers are recorded: accepting clear majorities changes that count (their status stays
    "Clear majority")."""
    columns = st.columns(len(ro.statuses) + 1)
    for column, line in zip(columns, ro.statuses, strict=False):
        column.metric(line.label, line.count)
    columns[-1].metric(
        "Answers recorded",
        f"{ro.recorded} of {ro.total}",
        help="Answered in the room, or a clear majority accepted; the report uses these.",
    )


def _shown_choices(dist: QuestionDistribution) -> list[Choice]:
    """The five options always; "Don't know" and "Not applicable" only when someone chose them."""
    return [c for c in CHOICES if isinstance(c, int) or dist.count(c) > 0]


def distribution_rows(question: Question, dist: QuestionDistribution) -> None:
    """Each option's full text with its anonymous count and a bar."""
    total = max(dist.answered, 1)
    for choice in _shown_choices(dist):
        n = dist.count(choice)
        count, bar, text = st.columns([0.6, 2.2, 9], vertical_alignment="center")
        count.markdown(f"### {n}")
        bar.progress(n / total)
        label = f"{choice}/4 · " if isinstance(choice, int) else ""
        weight = "**" if n else ""
        text.markdown(f"{weight}{label}{content_md(option_text(question, choice))}{weight}")


def _first_round_line(first: QuestionDistribution) -> str:
    parts = [f"{choice_short(c)}: {first.count(c)}" for c in first.offered]
    verdict = "clear majority" if first.suggestion is not None else "split"
    return f"First round ({verdict}): " + " · ".join(parts)


def _choice_label(dist: QuestionDistribution | None) -> Callable[[Choice], str]:
    def label(choice: Choice) -> str:
        n = dist.count(choice) if dist is not None else 0
        return f"{choice_short(choice)} · chosen by {people(n)}"

    return label


def _on_choice(ws: WorkshopStore, view: AnyView, question_id: str, key: str) -> None:
    choice = st.session_state.get(key)
    if choice is None:
        return
    settled = service.settle(ws, view, question_id, choice)
    if not settled.ok:
        st.session_state[f"{key}.error"] = settled.problems[0]


def _consensus_controls(
    ws: WorkshopStore,
    view: AnyView,
    question: Question,
    dist: QuestionDistribution | None,
    consensus: QuestionConsensus,
    prefix: str,
) -> None:
    qid = question.id
    key = f"{prefix}.cons.{qid}"
    recorded = consensus.answer if consensus.recorded else None
    if st.session_state.get(f"{key}.was") != recorded:  # changed elsewhere (the other screen)
        st.session_state[key] = recorded
        st.session_state[f"{key}.was"] = recorded
    offered = dist.offered if dist is not None else []
    options = list(offered) + [c for c in CHOICES if c not in offered]  # chosen answers first
    if recorded is not None and recorded not in options:
        options.append(recorded)
    if dist is not None and dist.suggestion is not None and not consensus.recorded:
        placeholder = f"Clear majority: {choice_short(dist.suggestion)}"
    else:
        placeholder = "Choose the room's answer"
    st.selectbox(
        "The room's answer",
        options,
        index=None,
        key=key,
        format_func=_choice_label(dist),
        placeholder=placeholder,
        on_change=_on_choice,
        args=(ws, view, qid, key),
    )
    if dist is not None and dist.suggestion is not None and not consensus.recorded:
        if st.button(
            f"Accept {choice_short(dist.suggestion)}",
            key=f"{prefix}.accept.{qid}",
            type="primary",
            icon=":material/check:",
        ):
            _record(ws, view, qid, dist.suggestion)
    elif consensus.recorded and st.button(
        "Take the answer back", key=f"{prefix}.undo.{qid}", icon=":material/undo:"
    ):
        _record(ws, view, qid, None)
    if error := st.session_state.pop(f"{key}.error", None):
        st.error(md_escape(error))
    if consensus.recorded:
        _minority_form(ws, view, consensus, prefix)


def _record(ws: WorkshopStore, view: AnyView, question_id: str, choice: Choice | None) -> None:
    settled = service.settle(ws, view, question_id, choice)
    if settled.ok:
        st.rerun()
    for problem in settled.problems:
        st.error(md_escape(problem))


def _minority_form(
    ws: WorkshopStore, view: AnyView, consensus: QuestionConsensus, prefix: str
) -> None:
    qid = consensus.question_id
    with st.form(f"{prefix}.minority.{qid}", border=False):
        text = st.text_area(
            "Minority view (goes into the report with the answer)",
            value=consensus.minority_view,
            max_chars=MAX_MINORITY_CHARS,
            placeholder="For example: two of the group see no monitoring outside office hours",
            height=80,
        )
        if st.form_submit_button("Save the minority view", icon=":material/save:"):
            saved = service.record_minority_view(ws, view, qid, text)
            if saved.ok:
                st.rerun()
            for problem in saved.problems:
                st.error(md_escape(problem))


def _revote_controls(
    ws: WorkshopStore,
    view: AnyView,
    question_id: str,
    revoted: bool,
    revealed: bool,
    prefix: str,
) -> None:
    if not revoted:
        label, action = "Vote again on this question", service.start_revote
    elif not revealed:
        label, action = "Show the second round", service.reveal_revote
    else:
        return
    if st.button(label, key=f"{prefix}.revote.{question_id}", icon=":material/how_to_vote:"):
        done = action(ws, view, question_id)
        if done.ok:
            st.rerun()
        for problem in done.problems:
            st.error(md_escape(problem))


def question_card(
    ws: WorkshopStore,
    view: AnyView,
    framework: Framework,
    dist: QuestionDistribution | None,
    consensus: QuestionConsensus,
    *,
    prefix: str,
    heading: str,
    first_round: QuestionDistribution | None = None,
    revoted: bool = False,
    second_round_shown: bool = True,
    closed: bool = False,
) -> None:
    """The card: question, options with counts, spread, shared notes, consensus controls.

    `dist` None: too few answers to show any figure (the room view's anonymity rule).
    During a re-vote not yet shown, the first round stands in for the distribution."""
    question = framework.question(consensus.question_id)
    dimension = framework.dimension(question.dimension).name
    with st.container(border=True, key=f"{prefix}_card"):
        st.caption(f"{md_escape(heading)} · {md_escape(dimension)}")
        st.markdown(f"### {content_md(question.text)}")
        left, right = st.columns([7, 3], gap="large")
        shown = dist if second_round_shown or first_round is None else first_round
        with left, st.container(key=f"{prefix}_options"):
            if revoted and not second_round_shown:
                st.info(
                    "Second round in progress: participants can change their answer now. The "
                    "first round is shown until you show the second.",
                    icon=":material/how_to_vote:",
                )
            if shown is None:
                st.write("Fewer than 3 people answered this question: no figures are shown.")
            else:
                distribution_rows(question, shown)
                st.markdown(md_escape(spread_text(shown)))
                if first_round is not None and second_round_shown:
                    st.caption(md_escape(_first_round_line(first_round)))
        with right:
            st.markdown(status_tag(consensus.status))
            if closed:
                st.caption("The workshop is closed; the answer can still be recorded.")
            _consensus_controls(ws, view, question, dist, consensus, prefix)
            _revote_controls(ws, view, question.id, revoted, second_round_shown, prefix)
            if shown is not None and shown.shared_notes:  # beside the options: the card stays short
                st.markdown("**What participants shared**")
                for note in shown.shared_notes:
                    st.text(f"“{note}”")
