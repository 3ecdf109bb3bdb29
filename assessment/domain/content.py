"""Load the framework from `content/` and check it, with errors that name file, item and field.

Content is data a consultant edits, so a mistake must point at the exact place to fix:
`content/questions/purpose.yaml: question 'purpose.roi' field 'options.2.score': ...`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .models import (
    DIMENSION_IDS,
    Action,
    Dimension,
    Flag,
    Framework,
    Horizon,
    Level,
    Owners,
    Question,
    RetiredQuestion,
    Rule,
    Source,
    TriageRule,
)
from .rules import question_leaves

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"

M = TypeVar("M", bound=BaseModel)
_HORIZONS = list(Horizon)  # in order: 30, 60, 90, later


class ContentError(ValueError):
    """The content folder is broken; `problems` lists every message, each naming file/item/field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def _read_yaml(path: Path, key: str, problems: list[str]) -> list[Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        problems.append(f"{path}: file is missing")
        return []
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: not valid YAML ({str(exc).splitlines()[0]})")
        return []
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        problems.append(f"{path}: expected a top-level '{key}:' list")
        return []
    return data[key]


def _validate_items(
    path: Path, kind: str, items: list[Any], model: type[M], problems: list[str]
) -> list[M]:
    valid: list[M] = []
    for index, item in enumerate(items, start=1):
        item_id = item.get("id", item.get("level")) if isinstance(item, dict) else None
        where = f"{path}: {kind} '{item_id}'" if item_id is not None else f"{path}: {kind} #{index}"
        try:
            valid.append(model.model_validate(item))
        except ValidationError as exc:
            for err in exc.errors(include_url=False, include_input=False):
                field = ".".join(str(p) for p in err["loc"]) or "(item)"
                problems.append(f"{where} field '{field}': {err['msg']}")
    return valid


def _duplicates(path: str, kind: str, ids: list[str], problems: list[str]) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            problems.append(f"{path}: {kind} '{item_id}' field 'id': duplicate id")
        seen.add(item_id)


def _check_rule(where: str, rule: Rule, question_ids: set[str], problems: list[str]) -> None:
    for leaf in question_leaves(rule):
        if leaf.question not in question_ids:
            problems.append(f"{where}: unknown question '{leaf.question}'")


def _check_actions(
    path: Path, actions: list[Action], fw_ids: dict[str, set[str]], problems: list[str]
) -> None:
    action_ids = {a.id for a in actions}
    for a in actions:
        where = f"{path}: action '{a.id}'"
        for field, known, kind in [
            ("questions", fw_ids["question"], "question"),
            ("flags", fw_ids["flag"], "flag"),
            ("after", action_ids, "action"),
        ]:
            for ref in getattr(a, field):
                if ref not in known:
                    problems.append(f"{where} field '{field}': unknown {kind} '{ref}'")
    fixed = {f for a in actions for f in a.flags}
    for flag_id in sorted(fw_ids["flag"] - fixed):
        problems.append(f"{path}: no action fixes flag '{flag_id}' (add it to an action's flags)")
    cycle = _prerequisite_cycle(actions)
    if cycle:
        problems.append(f"{path}: actions wait for each other in a circle: {' -> '.join(cycle)}")


def _check_rungs(path: Path, actions: list[Action], problems: list[str]) -> None:
    """A step's text fits a range of answers, from_rung..up_to, all below raises_to."""
    for a in actions:
        top = a.raises_to - 1 if a.up_to is None else a.up_to
        if not a.from_rung <= top < a.raises_to:
            problems.append(
                f"{path}: action '{a.id}' field 'from_rung': the answers it is written for "
                f"({a.from_rung} to {top}) must run upwards and stay below raises_to "
                f"({a.raises_to})"
            )


def _check_ladders(
    path: Path, actions: list[Action], questions: list[Question], problems: list[str]
) -> None:
    """Every answer below the top has a step written for it, and every step says what doing
    nothing costs: the plan never falls back on a generated step."""
    for q in questions:
        for rung in range(4):
            if not any(q.id in a.questions and rung in a.rungs for a in actions):
                problems.append(
                    f"{path}: question '{q.id}': no action is written for answer {rung} "
                    "(add one with from_rung/up_to covering it)"
                )
        ladder = [a for a in actions if q.id in a.questions]
        for low in ladder:
            for high in ladder:
                if max(low.rungs) < min(high.rungs) and _HORIZONS.index(
                    low.horizon
                ) > _HORIZONS.index(high.horizon):
                    problems.append(
                        f"{path}: action '{high.id}' field 'horizon': starts before "
                        f"'{low.id}', the step for lower answers to '{q.id}' (a lower answer "
                        "must never wait longer)"
                    )
    for a in actions:
        if a.risk_if_not_done is None:
            problems.append(
                f"{path}: action '{a.id}' field 'risk_if_not_done': missing (one line: what "
                "doing nothing costs)"
            )


def _check_triage(
    path: Path,
    rules: list[TriageRule],
    actions: list[Action],
    question_ids: set[str],
    problems: list[str],
) -> None:
    """A triage rule names a known question and an action written for every answer it catches,
    that waits for nothing (it must start at once)."""
    by_id = {a.id: a for a in actions}
    for t in rules:
        where = f"{path}: triage rule '{t.id}'"
        action = by_id.get(t.action)
        if action is None:
            problems.append(f"{where} field 'action': unknown action '{t.action}'")
            continue
        if action.after:
            problems.append(
                f"{where} field 'action': '{t.action}' waits for {', '.join(action.after)}; "
                "an urgent step must wait for nothing"
            )
        for i, leaf in enumerate(t.when):
            if leaf.question not in question_ids:
                problems.append(f"{where} field 'when.{i}': unknown question '{leaf.question}'")
            elif leaf.question not in action.questions:
                problems.append(
                    f"{where} field 'when.{i}': action '{t.action}' does not move '{leaf.question}'"
                )
            elif not all(r in action.rungs for r in range(leaf.at_most + 1)):
                problems.append(
                    f"{where} field 'when.{i}': action '{t.action}' is written for answers "
                    f"{action.from_rung}-{action.raises_to - 1}, not for 0-{leaf.at_most}"
                )


def _prerequisite_cycle(actions: list[Action]) -> list[str]:
    """One circle of `after:` references, or [] when the prerequisites can be ordered."""
    after = {a.id: [p for p in a.after if p != a.id] for a in actions}
    after.update({a.id: [a.id] for a in actions if a.id in a.after})
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> list[str]:
        state[node] = 1
        for nxt in after.get(node, []):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt]
            if state.get(nxt) is None and (found := visit(nxt, [*path, nxt])):
                return found
        state[node] = 2
        return []

    for a in actions:
        if a.id not in state and (found := visit(a.id, [a.id])):
            return found
    return []


def _check_owners(
    path: Path,
    owners: Owners | None,
    dim_ids: list[str],
    problems: list[str],
) -> None:
    if owners is None:
        return
    for d in dim_ids:
        if d not in owners.next_step_owner:
            problems.append(f"{path} field 'next_step_owner': no owner for dimension '{d}'")


def _check_levels(path: Path, levels: list[Level], problems: list[str]) -> None:
    numbers = [lv.level for lv in levels]
    if sorted(numbers) != [1, 2, 3, 4, 5]:
        problems.append(f"{path}: levels must be 1 to 5 once each, got {sorted(numbers)}")
        return
    bounds = [lv.min_score for lv in sorted(levels, key=lambda lv: lv.level)]
    if bounds[0] != 0 or any(a >= b for a, b in zip(bounds, bounds[1:], strict=False)):
        problems.append(f"{path}: level min_score must start at 0 and rise with each level")


@dataclass
class _Loaded:
    """Every content file read and validated item by item, with where each came from."""

    root: Path
    files: dict[str, Path]  # kind -> its file ("question": the questions folder)
    sources: list[Source]
    levels: list[Level]
    dimensions: list[Dimension]
    flags: list[Flag]
    actions: list[Action]
    owners: Owners | None
    retired: list[RetiredQuestion]
    questions: list[tuple[Path, Question]]
    raw_question_ids: set[str]  # invalid questions too: one mistake, one message
    triage: list[TriageRule]


def load_framework(directory: str | Path = DEFAULT_CONTENT_DIR) -> Framework:
    """Read and check every content file; raise ContentError listing all problems found.

    Three steps: load (each file, item by item), cross-check (ids, references, rules, owners)
    and order (questions by dimension, levels by number)."""
    root = Path(directory)
    if not root.is_dir():
        raise ContentError([f"{root}: content folder not found"])
    problems: list[str] = []
    loaded = _load(root, problems)
    _cross_check(loaded, problems)
    if problems or loaded.owners is None:
        raise ContentError(problems)
    return _order(loaded, loaded.owners)


def _load(root: Path, problems: list[str]) -> _Loaded:
    """Each content file read and its items validated; problems named by file, item and field."""

    def load(name: str, key: str, kind: str, model: type[M]) -> list[M]:
        path = root / name
        return _validate_items(path, kind, _read_yaml(path, key, problems), model, problems)

    files = {
        "source": root / "sources.yaml",
        "level": root / "levels.yaml",
        "dimension": root / "dimensions.yaml",
        "flag": root / "flags.yaml",
        "action": root / "actions.yaml",
        "owners": root / "owners.yaml",
        "retired question": root / "retired_questions.yaml",
        "triage rule": root / "triage.yaml",
        "question": root / "questions",
    }
    sources = load("sources.yaml", "sources", "source", Source)
    levels = load("levels.yaml", "levels", "level", Level)
    dimensions = load("dimensions.yaml", "dimensions", "dimension", Dimension)
    flags = load("flags.yaml", "flags", "flag", Flag)
    actions = load("actions.yaml", "actions", "action", Action)
    _, owners = _load_owners(files["owners"], problems)
    retired: list[RetiredQuestion] = []
    if files["retired question"].is_file():  # optional: once a question id has been renamed
        retired = load(
            "retired_questions.yaml", "retired_questions", "retired question", RetiredQuestion
        )
    triage: list[TriageRule] = []
    if files["triage rule"].is_file():  # optional: a framework may have no answer that cannot wait
        triage = load("triage.yaml", "triage", "triage rule", TriageRule)
    questions: list[tuple[Path, Question]] = []
    raw_question_ids: set[str] = set()
    question_files = sorted(files["question"].glob("*.yaml"))
    if not question_files:
        problems.append(f"{files['question']}: no question files (*.yaml) found")
    for path in question_files:
        raw = _read_yaml(path, "questions", problems)
        raw_question_ids |= {str(item.get("id")) for item in raw if isinstance(item, dict)}
        questions += [(path, q) for q in _validate_items(path, "question", raw, Question, problems)]
    return _Loaded(
        root,
        files,
        sources,
        levels,
        dimensions,
        flags,
        actions,
        owners,
        retired,
        questions,
        raw_question_ids,
        triage,
    )


def _cross_check(c: _Loaded, problems: list[str]) -> None:
    """What no single file can check: unique ids, references between files, flag rules,
    prerequisites, owners, retired ids, and a question for every dimension."""
    if c.levels:
        _check_levels(c.files["level"], c.levels, problems)
    dim_path, dim_ids = c.files["dimension"], [d.id for d in c.dimensions]
    if c.dimensions and tuple(dim_ids) != DIMENSION_IDS and not problems:
        problems.append(
            f"{dim_path}: dimensions must be exactly {', '.join(DIMENSION_IDS)} in order"
        )
    for kind, ids in [
        ("source", [s.id for s in c.sources]),
        ("dimension", dim_ids),
        ("flag", [f.id for f in c.flags]),
        ("action", [a.id for a in c.actions]),
        ("question", [q.id for _, q in c.questions]),
        ("retired question", [r.id for r in c.retired]),
        ("triage rule", [t.id for t in c.triage]),
    ]:
        _duplicates(str(c.files[kind]), kind, ids, problems)
    fw_ids = {
        "question": c.raw_question_ids,
        "dimension": set(dim_ids),
        "flag": {f.id for f in c.flags},
        "source": {s.id for s in c.sources},
    }

    def check_source(where: str, source_id: str | None) -> None:
        if source_id is not None and source_id not in fw_ids["source"]:
            problems.append(f"{where} field 'source': unknown source '{source_id}'")

    for d in c.dimensions:
        for i, ev in enumerate(d.evidence):
            check_source(f"{dim_path}: dimension '{d.id}' evidence #{i + 1}", ev.source)
    for path, q in c.questions:
        where = f"{path}: question '{q.id}'"
        if q.dimension not in fw_ids["dimension"]:
            problems.append(f"{where} field 'dimension': unknown dimension '{q.dimension}'")
        check_source(where, q.source)
        labels = [o.label for o in q.options]
        if len(set(labels)) != len(labels):
            problems.append(f"{where} field 'options': option labels must be distinct")
    flag_path = c.files["flag"]
    for f in c.flags:
        check_source(f"{flag_path}: flag '{f.id}'", f.source)
        _check_rule(
            f"{flag_path}: flag '{f.id}' field 'rule'", f.rule, c.raw_question_ids, problems
        )
        for strong in f.unless:
            if strong.question not in c.raw_question_ids:
                where = f"{flag_path}: flag '{f.id}' field 'unless'"
                problems.append(f"{where}: unknown question '{strong.question}'")
    act_path = c.files["action"]
    for a in c.actions:
        where = f"{act_path}: action '{a.id}'"
        if a.dimension not in fw_ids["dimension"]:
            problems.append(f"{where} field 'dimension': unknown dimension '{a.dimension}'")
        check_source(where, a.source)
    _check_actions(act_path, c.actions, fw_ids, problems)
    _check_rungs(act_path, c.actions, problems)
    _check_ladders(act_path, c.actions, [q for _, q in c.questions], problems)
    _check_triage(c.files["triage rule"], c.triage, c.actions, c.raw_question_ids, problems)
    _check_owners(c.files["owners"], c.owners, dim_ids, problems)
    for r in c.retired:
        where = f"{c.files['retired question']}: retired question '{r.id}'"
        if r.id in c.raw_question_ids:
            problems.append(f"{where} field 'id': is still a current question id")
        if r.replaced_by is not None and r.replaced_by not in c.raw_question_ids:
            problems.append(f"{where} field 'replaced_by': unknown question '{r.replaced_by}'")
    for d in c.dimensions:
        if not any(q.dimension == d.id for _, q in c.questions):
            problems.append(f"{dim_path}: dimension '{d.id}' has no questions")


def _order(c: _Loaded, owners: Owners) -> Framework:
    """The checked content in reading order: questions by dimension (file order within one),
    levels by number."""
    ordered = sorted((q for _, q in c.questions), key=lambda q: DIMENSION_IDS.index(q.dimension))
    return Framework(
        dimensions=c.dimensions,
        questions=ordered,
        actions=c.actions,
        flags=c.flags,
        levels=sorted(c.levels, key=lambda lv: lv.level),
        sources=c.sources,
        owners=owners,
        retired=c.retired,
        triage=c.triage,
    )


def _load_owners(path: Path, problems: list[str]) -> tuple[Path, Owners | None]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        problems.append(f"{path}: file is missing")
        return path, None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: not valid YAML ({str(exc).splitlines()[0]})")
        return path, None
    try:
        return path, Owners.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False, include_input=False):
            field = ".".join(str(p) for p in err["loc"]) or "(file)"
            problems.append(f"{path} field '{field}': {err['msg']}")
        return path, None


@lru_cache(maxsize=4)
def default_framework() -> Framework:
    """The shipped framework, loaded once per process (it is immutable)."""
    return load_framework(DEFAULT_CONTENT_DIR)
