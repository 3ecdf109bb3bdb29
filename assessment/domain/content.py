"""Load the framework from `content/` and check it, with errors that name file, item and field.

Content is data a consultant edits, so a mistake must point at the exact place to fix:
`content/questions/purpose.yaml: question 'purpose.roi' field 'options.2.score': ...`.
"""

from __future__ import annotations

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
    actions: list[Action],
    dim_ids: list[str],
    problems: list[str],
) -> None:
    if owners is None:
        return
    for d in dim_ids:
        if d not in owners.next_step_owner:
            problems.append(f"{path} field 'next_step_owner': no owner for dimension '{d}'")
    roles = {a.owner for a in actions} | set(owners.next_step_owner.values())
    for role in sorted(roles - set(owners.small_roles)):
        problems.append(f"{path} field 'small_roles': no small-organisation role for '{role}'")


def _check_levels(path: Path, levels: list[Level], problems: list[str]) -> None:
    numbers = [lv.level for lv in levels]
    if sorted(numbers) != [1, 2, 3, 4, 5]:
        problems.append(f"{path}: levels must be 1 to 5 once each, got {sorted(numbers)}")
        return
    bounds = [lv.min_score for lv in sorted(levels, key=lambda lv: lv.level)]
    if bounds[0] != 0 or any(a >= b for a, b in zip(bounds, bounds[1:], strict=False)):
        problems.append(f"{path}: level min_score must start at 0 and rise with each level")


def load_framework(directory: str | Path = DEFAULT_CONTENT_DIR) -> Framework:
    """Read and check every content file; raise ContentError listing all problems found."""
    root = Path(directory)
    problems: list[str] = []
    if not root.is_dir():
        raise ContentError([f"{root}: content folder not found"])

    def load(name: str, key: str, kind: str, model: type[M]) -> tuple[Path, list[M]]:
        path = root / name
        return path, _validate_items(path, kind, _read_yaml(path, key, problems), model, problems)

    src_path, sources = load("sources.yaml", "sources", "source", Source)
    lvl_path, levels = load("levels.yaml", "levels", "level", Level)
    dim_path, dimensions = load("dimensions.yaml", "dimensions", "dimension", Dimension)
    flag_path, flags = load("flags.yaml", "flags", "flag", Flag)
    act_path, actions = load("actions.yaml", "actions", "action", Action)
    own_path, owners = _load_owners(root / "owners.yaml", problems)
    ret_path = root / "retired_questions.yaml"
    retired: list[RetiredQuestion] = []
    if ret_path.is_file():  # optional: only once a question id has been renamed or removed
        _, retired = load(ret_path.name, "retired_questions", "retired question", RetiredQuestion)
    tri_path = root / "triage.yaml"
    triage: list[TriageRule] = []
    if tri_path.is_file():  # optional: a framework may have no answer that cannot wait
        _, triage = load(tri_path.name, "triage", "triage rule", TriageRule)
    questions: list[tuple[Path, Question]] = []
    raw_question_ids: set[str] = set()  # invalid questions too: one mistake, one message
    question_files = sorted((root / "questions").glob("*.yaml"))
    if not question_files:
        problems.append(f"{root / 'questions'}: no question files (*.yaml) found")
    for path in question_files:
        raw = _read_yaml(path, "questions", problems)
        raw_question_ids |= {str(item.get("id")) for item in raw if isinstance(item, dict)}
        questions += [(path, q) for q in _validate_items(path, "question", raw, Question, problems)]

    if levels:
        _check_levels(lvl_path, levels, problems)
    dim_ids = [d.id for d in dimensions]
    if dimensions and tuple(dim_ids) != DIMENSION_IDS and not problems:
        problems.append(
            f"{dim_path}: dimensions must be exactly {', '.join(DIMENSION_IDS)} in order"
        )
    for path, kind, ids in [
        (src_path, "source", [s.id for s in sources]),
        (dim_path, "dimension", dim_ids),
        (flag_path, "flag", [f.id for f in flags]),
        (act_path, "action", [a.id for a in actions]),
        (root / "questions", "question", [q.id for _, q in questions]),
        (ret_path, "retired question", [r.id for r in retired]),
        (tri_path, "triage rule", [t.id for t in triage]),
    ]:
        _duplicates(str(path), kind, ids, problems)

    fw_ids = {
        "question": raw_question_ids,
        "dimension": set(dim_ids),
        "flag": {f.id for f in flags},
        "source": {s.id for s in sources},
    }

    def check_source(where: str, source_id: str | None) -> None:
        if source_id is not None and source_id not in fw_ids["source"]:
            problems.append(f"{where} field 'source': unknown source '{source_id}'")

    for d in dimensions:
        for i, ev in enumerate(d.evidence):
            check_source(f"{dim_path}: dimension '{d.id}' evidence #{i + 1}", ev.source)
    for path, q in questions:
        where = f"{path}: question '{q.id}'"
        if q.dimension not in fw_ids["dimension"]:
            problems.append(f"{where} field 'dimension': unknown dimension '{q.dimension}'")
        check_source(where, q.source)
        labels = [o.label for o in q.options]
        if len(set(labels)) != len(labels):
            problems.append(f"{where} field 'options': option labels must be distinct")
    for f in flags:
        check_source(f"{flag_path}: flag '{f.id}'", f.source)
        _check_rule(f"{flag_path}: flag '{f.id}' field 'rule'", f.rule, raw_question_ids, problems)
        for strong in f.unless:
            if strong.question not in raw_question_ids:
                where = f"{flag_path}: flag '{f.id}' field 'unless'"
                problems.append(f"{where}: unknown question '{strong.question}'")
    for a in actions:
        where = f"{act_path}: action '{a.id}'"
        if a.dimension not in fw_ids["dimension"]:
            problems.append(f"{where} field 'dimension': unknown dimension '{a.dimension}'")
        check_source(where, a.source)
    _check_actions(act_path, actions, fw_ids, problems)
    _check_rungs(act_path, actions, problems)
    _check_ladders(act_path, actions, [q for _, q in questions], problems)
    _check_triage(tri_path, triage, actions, raw_question_ids, problems)
    _check_owners(own_path, owners, actions, dim_ids, problems)
    for r in retired:
        where = f"{ret_path}: retired question '{r.id}'"
        if r.id in raw_question_ids:
            problems.append(f"{where} field 'id': is still a current question id")
        if r.replaced_by is not None and r.replaced_by not in raw_question_ids:
            problems.append(f"{where} field 'replaced_by': unknown question '{r.replaced_by}'")
    for d in dimensions:
        if not any(q.dimension == d.id for _, q in questions):
            problems.append(f"{dim_path}: dimension '{d.id}' has no questions")

    if problems or owners is None:
        raise ContentError(problems)
    ordered = sorted(
        (q for _, q in questions), key=lambda q: DIMENSION_IDS.index(q.dimension)
    )  # stable: file order within a dimension
    return Framework(
        dimensions=dimensions,
        questions=ordered,
        actions=actions,
        flags=flags,
        levels=sorted(levels, key=lambda lv: lv.level),
        sources=sources,
        owners=owners,
        retired=retired,
        triage=triage,
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
