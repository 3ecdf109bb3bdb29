"""Checks on the content shipped in `content/`: structure, references and sourced figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessment.domain.content import load_framework
from assessment.domain.models import DIMENSION_IDS, Framework

CONTENT_DIR = Path(__file__).parents[2] / "content"
SEEDS_DIR = Path(__file__).parents[3] / "shared" / "seeds"
NAMED_FLAGS = (
    "autopilot",
    "broadcast_only",
    "link_blasting",
    "contradictory_accounts",
    "popularity_contest",
)


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(CONTENT_DIR)


def test_six_dimensions_in_order(fw: Framework) -> None:
    assert tuple(d.id for d in fw.dimensions) == DIMENSION_IDS


@pytest.mark.parametrize("dimension_id", DIMENSION_IDS)
def test_at_least_six_questions_per_dimension(fw: Framework, dimension_id: str) -> None:
    assert len(fw.questions_for(dimension_id)) >= 6


@pytest.mark.parametrize("dimension_id", DIMENSION_IDS)
def test_at_least_four_actions_per_dimension(fw: Framework, dimension_id: str) -> None:
    assert len([a for a in fw.actions if a.dimension == dimension_id]) >= 4


def test_question_ids_are_prefixed_by_their_dimension(fw: Framework) -> None:
    for q in fw.questions:
        assert q.id.startswith(q.dimension + "."), q.id


def test_option_labels_distinct_within_each_question(fw: Framework) -> None:
    for q in fw.questions:
        labels = [o.label for o in q.options]
        assert len(set(labels)) == len(labels), q.id
        assert [o.score for o in q.options] == [0, 1, 2, 3, 4], q.id


def test_option_labels_are_short(fw: Framework) -> None:
    long = [(q.id, o.score) for q in fw.questions for o in q.options if len(o.label) > 160]
    assert not long


def test_every_question_has_a_short_distinct_topic(fw: Framework) -> None:
    """The topic titles the plan's next step for a question: a 2-5 word noun phrase."""
    for q in fw.questions:
        assert q.topic is not None, q.id
        assert 2 <= len(q.topic.split()) <= 5, q.id
        assert not q.topic.endswith((".", "?")), q.id
    topics = [q.topic for q in fw.questions]
    assert len(set(topics)) == len(topics)


def test_every_source_reference_exists(fw: Framework) -> None:
    known = {s.id for s in fw.sources}
    used = [(f"dimension {d.id}", ev.source) for d in fw.dimensions for ev in d.evidence]
    used += [(f"question {q.id}", q.source) for q in fw.questions if q.source is not None]
    used += [(f"action {a.id}", a.source) for a in fw.actions]
    used += [(f"flag {f.id}", f.source) for f in fw.flags]
    missing = [(where, source) for where, source in used if source not in known]
    assert not missing


def test_named_flags_exist(fw: Framework) -> None:
    flag_ids = {f.id for f in fw.flags}
    for flag_id in NAMED_FLAGS:
        assert flag_id in flag_ids


def test_every_flag_is_fixed_by_an_action(fw: Framework) -> None:
    fixed = {flag for a in fw.actions for flag in a.flags}
    assert {f.id for f in fw.flags} <= fixed


def test_action_titles_are_short(fw: Framework) -> None:
    for a in fw.actions:
        assert len(a.title) < 70, a.id


def _percent_tokens(text: str) -> list[str]:
    return [token.strip(".,;:()\"'[]") for token in text.split() if "%" in token]


def test_evidence_figures_appear_in_seed_texts(fw: Framework) -> None:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS_DIR}")
    seeds = "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS_DIR.glob("*.txt"))
    )
    figures = [
        (d.id, token)
        for d in fw.dimensions
        for ev in d.evidence
        for token in _percent_tokens(ev.claim)
    ]
    assert figures, "expected at least one quoted % figure in the evidence"
    missing = [(dim, token) for dim, token in figures if token not in seeds]
    assert not missing


def _all_texts(fw: Framework) -> list[tuple[str, str]]:
    texts = [(d.id, t) for d in fw.dimensions for t in (d.summary, d.why_it_matters)]
    texts += [(d.id, ev.claim) for d in fw.dimensions for ev in d.evidence]
    texts += [(q.id, t) for q in fw.questions for t in (q.text, q.help)]
    texts += [(q.id, o.label) for q in fw.questions for o in q.options]
    texts += [(f.id, f.explanation) for f in fw.flags]
    texts += [(a.id, t) for a in fw.actions for t in (a.title, a.what, a.kpi)]
    texts += [(lv.name, lv.description) for lv in fw.levels]
    return texts


def test_every_figure_in_any_content_text_appears_in_seed_texts(fw: Framework) -> None:
    """No invented statistics: "N%" and "N percent" anywhere in the content must be in a seed."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS_DIR}")
    seeds = "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS_DIR.glob("*.txt"))
    )
    pattern = re.compile(r"\b\d+ percent\b")
    missing = [
        (where, figure)
        for where, text in _all_texts(fw)
        for figure in _percent_tokens(text) + pattern.findall(text)
        if figure not in seeds
    ]
    assert not missing


# --------------------------------------------------------------------------- attribution
#
# A quotation or figure is only as good as its attribution. For every quoted sentence (text in
# double quotes, four words or more), every run of eight or more words copied from a seed, and
# every figure ("N%", "N percent") in the content:
# - a quotation must appear in the seed the item cites (whitespace, case and quote characters
#   normalised; "..." and "[...]" split it into fragments that must each appear);
# - the party the content names for it (the nearest named party before it in the same sentence,
#   or else the first after it) must be named in the same seed paragraph as the quotation or
#   figure. A bulleted line counts as part of the paragraph that introduces the list.
# "The article", "the author" and the seed texts' own names attribute a passage to the text
# itself, which needs no check beyond the quotation being in it.

PARTIES: dict[str, tuple[str, ...]] = {
    # party as content names it -> names that identify it in a seed paragraph
    "Gartner": ("Gartner",),
    "Non-linear Creations": ("Non-linear Creations",),
    "Cone": ("Cone",),
    "Groundswell": ("Groundswell",),
    "Keim": ("Keim",),
    "Lithium": ("Lithium", "Keim"),
    "inboxQ": ("inboxQ", "Fahrner"),
    "Fahrner": ("Fahrner",),
    "CrowdFactory": ("CrowdFactory", "Dholakia"),
    "Dholakia": ("Dholakia",),
    "Morace": ("Morace",),
    "Jive": ("Jive", "Morace"),
    "StrongMail": ("StrongMail",),
    "Greenberg": ("Greenberg",),
    "Wall Street Journal": ("Wall Street Journal",),
    "Forrester": ("Forrester",),
    "Comcast": ("Comcast", "Eliason"),
}
SELF_REFERENCES = ("the article", "the author", "its author", "the same text", "the text")
SOURCE_NAMES = {  # a seed named in the sentence: its passages may also come from that seed
    "crm magazine": "crm_magazine_2011",
    "customers rock": "customers_rock_cone_2008",
    "results from social strategies": "results_social_strategies",
    "viral consumer trust": "viral_consumer_trust",
}
QUOTE_RE = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")
FIGURE_RE = re.compile(r"\b\d+(?:\.\d+)?(?:%| percent\b)")
MIN_QUOTE_WORDS = 4
MIN_COPIED_WORDS = 8


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("—", " - ").replace("–", " - ")
    return re.sub(r"\s+", " ", text).strip().lower()


def _seed_texts(fw: Framework) -> dict[str, str]:
    texts = {}
    for s in fw.sources:
        if s.file and (SEEDS_DIR / s.file).is_file():
            texts[s.id] = (SEEDS_DIR / s.file).read_text(encoding="utf-8", errors="replace")
    return texts


def _paragraphs(seed: str) -> list[str]:
    """Normalised paragraphs; a bulleted line is joined to the paragraph introducing its list."""
    paragraphs: list[str] = []
    for line in seed.splitlines():
        if not line.strip():
            continue
        if line.strip().startswith(("•", "-", "*")) and paragraphs:
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return [_norm(p) for p in paragraphs]


def _fragments(quote: str) -> list[str]:
    parts = re.split(r"\.\.\.|…|\[[^\]]*\]", quote)
    return [_norm(p).strip(" .,;:!?'\"") for p in parts if len(_norm(p).split()) >= 2]


def _sentences(text: str) -> list[str]:
    """Sentences of a content text, never split inside a quotation."""
    spans = [m.span() for m in QUOTE_RE.finditer(text)]
    cuts = [0]
    for m in re.finditer(r"[.!?](?=\s+[A-Z\"“])", text):
        if not any(a <= m.start() < b for a, b in spans):
            cuts.append(m.end())
    cuts.append(len(text))
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def _named(sentence: str, names: list[str]) -> list[tuple[int, str]]:
    """(position, name) for each of `names` found in a sentence, in order."""
    low = sentence.lower()
    found: list[tuple[int, str]] = []
    for name in names:
        found += [(m.start(), name) for m in re.finditer(r"\b" + re.escape(name.lower()), low)]
    return sorted(found)


def _attributed(sentence: str, start: int, end: int) -> str | None:
    """The party a sentence gives a passage: the nearest named before it, else the first after.

    "The article" and a seed's own name count as names (the text's own voice), so a party named
    earlier in the sentence does not claim what the text itself says.
    """
    named = _named(sentence, [*PARTIES, *SELF_REFERENCES, *SOURCE_NAMES])
    before = [name for pos, name in named if pos < start]
    after = [name for pos, name in named if pos >= end]
    return before[-1] if before else (after[0] if after else None)


def _copied_runs(sentence: str, seed_norm: str) -> list[tuple[int, str]]:
    """Longest runs of MIN_COPIED_WORDS+ words of the sentence found verbatim in the seed."""
    words = list(re.finditer(r"[\w'’%-]+", sentence))
    runs, i = [], 0
    while i + MIN_COPIED_WORDS <= len(words):
        j = i + MIN_COPIED_WORDS
        if _norm(" ".join(w.group() for w in words[i:j])) not in seed_norm:
            i += 1
            continue
        while j < len(words) and _norm(" ".join(w.group() for w in words[i : j + 1])) in seed_norm:
            j += 1
        runs.append((words[i].start(), " ".join(w.group() for w in words[i:j])))
        i = j
    return runs


def _cited_texts(fw: Framework) -> list[tuple[str, str, str | None]]:
    """(where, text, source id or None for 'any seed') for every text the product shows."""
    items: list[tuple[str, str, str | None]] = []
    for d in fw.dimensions:
        items += [(f"dimension {d.id}", t, None) for t in (d.summary, d.why_it_matters)]
        items += [(f"dimension {d.id} evidence", ev.claim, ev.source) for ev in d.evidence]
    for q in fw.questions:
        items += [(f"question {q.id}", t, q.source) for t in (q.text, q.help)]
        items += [(f"question {q.id} option {o.score}", o.label, q.source) for o in q.options]
    items += [(f"flag {f.id}", f.explanation, f.source) for f in fw.flags]
    items += [(f"action {a.id}", t, a.source) for a in fw.actions for t in (a.title, a.what)]
    items += [(f"level {lv.level}", lv.description, None) for lv in fw.levels]
    return items


def attribution_problems(fw: Framework, seeds: dict[str, str]) -> list[str]:
    """Every misquotation or misattribution in the content, as readable messages."""
    paragraphs = {sid: _paragraphs(text) for sid, text in seeds.items()}
    problems: list[str] = []
    for where, text, source in _cited_texts(fw):
        for sentence in _sentences(text):
            for start, end, kind, passage in _passages(sentence, seeds, source):
                name = _attributed(sentence, start, end)
                sids = [source] if source in seeds else list(seeds)
                sids += [SOURCE_NAMES[n] for _, n in _named(sentence, list(SOURCE_NAMES))]
                seed_norm = " ".join(_norm(seeds[sid]) for sid in sids)
                needles = _fragments(passage) if kind == "quotation" else [_norm(passage)]
                if not needles or any(n not in seed_norm for n in needles):
                    problems.append(f"{where}: {kind} not in the cited seed: {passage[:60]!r}")
                    continue
                if name not in PARTIES:
                    continue
                needle = max(needles, key=len)
                hits = [p for sid in sids for p in paragraphs[sid] if needle in p]
                if not any(n.lower() in p for p in hits for n in PARTIES[name]):
                    problems.append(f"{where}: {kind} {passage[:40]!r} is not {name}'s in the seed")
    return problems


def _passages(
    sentence: str, seeds: dict[str, str], source: str | None
) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, text) of each quotation, copied run and figure in a sentence."""
    found = []
    for m in QUOTE_RE.finditer(sentence):
        if len(m.group(1).split()) >= MIN_QUOTE_WORDS:  # shorter: a term, not a quotation
            found.append((m.start(), m.end(), "quotation", m.group(1)))
    all_seeds = " ".join(_norm(t) for t in seeds.values())
    for start, run in _copied_runs(sentence, all_seeds):
        if not any(a <= start < b for a, b, _, _ in found):  # not inside a quotation
            found.append((start, start + len(run), "copied words", run))
    for m in FIGURE_RE.finditer(sentence):
        found.append((m.start(), m.end(), "figure", m.group()))
    return found


def test_quotations_and_figures_are_attributed_as_in_the_seeds(fw: Framework) -> None:
    seeds = _seed_texts(fw)
    if len(seeds) < sum(1 for s in fw.sources if s.file):  # sector notes cite no seed
        pytest.skip(f"seed texts not found at {SEEDS_DIR}")
    assert attribution_problems(fw, seeds) == []


def test_attribution_check_catches_a_misattributed_quotation(fw: Framework) -> None:
    """The check itself: Keim's words given to inboxQ, the author's advice given to Gartner."""
    seeds = _seed_texts(fw)
    if len(seeds) < sum(1 for s in fw.sources if s.file):  # sector notes cite no seed
        pytest.skip(f"seed texts not found at {SEEDS_DIR}")
    flag = fw.flags[0].model_copy(
        update={
            "source": "crm_magazine_2011",
            "explanation": "inboxQ's CEO: \"Blasting messages through a social channel is not "
            'social marketing."',
        }
    )
    question = fw.questions[0].model_copy(
        update={
            "source": "gartner_four_steps",
            "help": "Gartner advises not to bother unless you know it will pay off by driving "
            "truly valuable traffic to your website.",
        }
    )
    wrong = fw.model_copy(update={"flags": [flag], "questions": [question], "dimensions": []})
    problems = attribution_problems(wrong, seeds)
    assert any("not inboxQ's" in p for p in problems)
    assert any("not Gartner's" in p for p in problems)


# Claims an audit of the seeds found unsupported, and framings a figure must keep.
UNSUPPORTED = {
    r"depends? on it\b|every other (step|practice) depends": "no seed says every step depends "
    "on purpose",
    r"stop (sending )?contradict": "the seed blames the popularity metric, not separate measuring",
    r"(?<!they'll )\bgo away\b": "Keim: it 'may seem to work ... or they'll go away'",
    r"light monitoring|light training for (staff|employees)": "Morace: light training for "
    "customers, monitoring of employees",
}
FRAMINGS = {  # figure -> words every text quoting it must also contain (any of each tuple)
    "60%": (("Fortune 1000",), ("forecast", "posit")),
    "300 percent": (("CrowdFactory",), ("own customers", "with our customers")),
    "50 percent": (("Jive",), ("own customer", "vendor")),
}


def test_no_unsupported_claims_in_content_or_method(fw: Framework) -> None:
    from assessment.readout.method import method_text

    texts = [(where, text) for where, text, _ in _cited_texts(fw)]
    texts += [(f"action {a.id} kpi", a.kpi) for a in fw.actions]
    texts.append(("method", method_text(fw)))
    found = [
        (where, why)
        for where, text in texts
        for pattern, why in UNSUPPORTED.items()
        if re.search(pattern, _norm(text))
    ]
    assert not found


def test_figures_keep_their_framing(fw: Framework) -> None:
    missing = [
        (where, figure, words)
        for where, text, _ in _cited_texts(fw)
        for figure, required in FRAMINGS.items()
        if figure in text
        for words in required
        if not any(w.lower() in text.lower() for w in words)
    ]
    assert not missing
