"""A follow-up's progress section, right after the executive summary: what the readout's
`progress` holds (`readout.progress`), as headings, sentences and lists."""

from __future__ import annotations

from .kit import DocxKit


class ProgressSections(DocxKit):
    def progress_section(self) -> None:
        """A follow-up: what moved since the one before (`readout.progress`), after the summary."""
        view = self.readout.progress
        if view is None:
            return
        since = view.since[0].lower() + view.since[1:]
        self.heading(f"Progress {since}").paragraph_format.page_break_before = True
        self.runs(
            [
                ("Level: ", True),
                (
                    f"{view.level_then} \u2192 {view.level_now}; overall score "
                    f"{view.score_then} \u2192 {view.score_now}.",
                    False,
                ),
            ]
        )
        for line in view.story:
            self.para(line)
        self.runs([(f"Decision: {view.decision_kind}. ", True), (view.decision, False)])
        self.heading("The biggest moves", 2)
        for m in view.moves:
            self.bullet(f"{m.name}: {m.then} \u2192 {m.now} ({m.moved}). " + "; ".join(m.causes))
        if not view.moves:
            self.para("No dimension moved by more than one answer by one option.")
        self.heading("Steps done and whether they show", 2)
        for step in view.done_not_showing + view.done_showing:
            when = f" ({step.date})" if step.date else ""
            self.bullet(f"{step.title}: {step.status}{when}")
        if not (view.done_not_showing or view.done_showing):
            self.para("No step of the last plan is marked done.")
        if view.fell:
            self.heading("What fell", 2)
            for line in view.fell:
                self.bullet(line)
        if view.flags_raised or view.flags_cleared:
            self.heading("Risk flags", 2)
            for flag in view.flags_raised:
                self.bullet(f"Raised: {flag}")
            for flag in view.flags_cleared:
                self.bullet(f"Cleared: {flag}")
        if view.trend:
            self.heading("Overall score over the series", 2)
            for point in view.trend:
                score = "provisional" if point.score is None else f"{point.score:.0f}"
                level = f", level {point.level}" if point.level else ""
                self.bullet(f"{point.date}: {score}{level}")
        self.small(view.confidence)
