"""Saving a parsed plan (after the office's preview), versions and their differences, unit matching."""

from __future__ import annotations

import contextlib
import datetime
import hashlib

from gongkai.accounts.models import Department
from gongkai.workplans import indicators, parse, timenodes
from gongkai.workplans.models import GENERIC_UNITS, PlanError, WorkPlan, match_unit  # noqa: F401 — re-exported


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def apply_edits(plan_json: dict, data, year: int) -> dict:
    """The preview's corrections (name, units, time node or a date, whether to keep the task) applied to
    the parsed plan; time nodes and targets are read again from the edited text."""

    tasks = []
    for i, task in enumerate(plan_json["tasks"]):
        if data.get(f"t{i}-keep", "on") != "on":
            continue
        name = (data.get(f"t{i}-name") or task["name"]).strip()
        time_text = data.get(f"t{i}-time", task["time_text"]).strip()
        node = timenodes.parse(time_text, year)
        due = (data.get(f"t{i}-due") or "").strip()
        # A date typed by the person wins; the date shown from the earlier reading does not override a new text.
        kept = task.get("manual_due") and time_text == task["time_text"]  # typed earlier, text unchanged
        manual = bool(due and (due != (task["due"] or "") or node.flagged or kept))
        if manual:
            with contextlib.suppress(ValueError):
                node = timenodes.TimeNode(time_text or due, timenodes.Kind.DATE, datetime.date.fromisoformat(due))
        lead = parse.split_units(data.get(f"t{i}-lead", _units(task, "lead")), role="lead")
        others = parse.split_units(data.get(f"t{i}-others", _units(task, "participant")), role="participant")
        parsed = parse.ParsedTask(
            number=task["number"], heading=task["heading"], name=name, content=task["content"],
            units=parse.merge_units(lead, others), time=node,
            targets=indicators.find(f"{name}。{task['content']} {time_text}", year),
            problems=[p for p in task["problems"] if "列" in p] if data.get(f"t{i}-name") is None else [],
            raw=task["raw"],
        )  # fmt: skip
        if node.flagged:
            parsed.problems.append(f"时间节点“{node.text}”无法识别，请设置" if node.text else "时间节点为空，请设置")
        tasks.append({**parsed.to_json(), "manual_due": manual and not parsed.time.flagged})
    return {**plan_json, "tasks": tasks}


def _units(task: dict, role: str) -> str:
    return "、".join(u["name"] for u in task["units"] if u["role"] == role)


def diff(previous: WorkPlan | None, plan_json: dict) -> dict:
    """What a re-import changes, by task name: added, removed, and changed (content, units, time node)."""
    if previous is None:
        return {}
    before = {t.name: t for t in previous.tasks.prefetch_related("units")}
    after = {t["name"]: t for t in plan_json["tasks"]}
    changed = []
    for name in before.keys() & after.keys():
        old, new = before[name], after[name]
        what = []
        if old.content != new["content"]:
            what.append("任务内容")
        if old.due_text != new["time_text"]:
            what.append(f"时间节点（{old.due_text or '空'} → {new['time_text'] or '空'}）")
        if sorted(u.name for u in old.units.all()) != sorted(u["name"] for u in new["units"]):
            what.append("责任单位")
        if what:
            changed.append({"name": name, "what": "、".join(what)})
    return {
        "version": previous.version,
        "added": [n for n in after if n not in before],
        "removed": [n for n in before if n not in after],
        "changed": changed,
    }


# The steps are verbs of WorkPlan; these names forward to them for the command, the demo and callers
# written before the move.
def current(agency, year) -> WorkPlan | None:
    return WorkPlan.current(agency, year)


def existing_same_file(agency, year, digest) -> WorkPlan | None:
    return WorkPlan.objects.filter(agency=agency, year=year, source_sha256=digest).first()


def save(agency, year, plan_json: dict, *, by, source_name: str, digest: str, title: str = "") -> WorkPlan:
    return WorkPlan.confirm_import(agency, year, plan_json, by=by, source_name=source_name, digest=digest, title=title)


def set_event_date(plan: WorkPlan, *, by, event: str, day: datetime.date) -> None:
    plan.set_event_date(by=by, event=event, day=day)


def remember_unit(plan: WorkPlan, *, by, text: str, department: Department) -> int:
    return plan.remember_unit(by=by, text=text, department=department)
