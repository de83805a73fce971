"""Saving a parsed plan (after the office's preview), versions and their differences, unit matching."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Department
from gongkai.lib.errors import Refused
from gongkai.workplans import indicators, parse, timenodes
from gongkai.workplans.models import Indicator, Progress, Task, TaskUnit, UnitAlias, WorkPlan

GENERIC_UNITS = ("各单位", "各科室", "各处室", "各部门", "有关业务部门", "起草部门", "有关部门", "各街镇", "各委办局")


class PlanError(Refused):
    pass


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def match_unit(agency, name: str, departments=None) -> Department | None:
    """A unit named in a plan → one of the agency's departments: a remembered match, the same name,
    or a name one contains the other of (法规处 / 办法规处). Generic words (各科室) match nothing."""
    if name in GENERIC_UNITS or name.startswith("各"):
        return None
    alias = UnitAlias.objects.filter(agency=agency, text=name).select_related("department").first()
    if alias:
        return alias.department
    departments = departments if departments is not None else list(Department.objects.filter(agency=agency))
    for department in departments:
        if department.name == name:
            return department
    close = [d for d in departments if len(name) >= 2 and (d.name in name or name in d.name)]
    return close[0] if len(close) == 1 else None


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


def existing_same_file(agency, year, digest) -> WorkPlan | None:
    return WorkPlan.objects.filter(agency=agency, year=year, source_sha256=digest).first()


def current(agency, year) -> WorkPlan | None:
    return WorkPlan.objects.filter(agency=agency, year=year, superseded=False).order_by("-version").first()


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


def save(agency, year, plan_json: dict, *, by, source_name: str, digest: str, title: str = "") -> WorkPlan:
    if not plan_json["tasks"]:
        raise PlanError("没有任何任务可以保存")
    same = existing_same_file(agency, year, digest)
    if same:
        raise PlanError(f"同一文件已导入为第{same.version}版，未重复创建")
    departments = list(Department.objects.filter(agency=agency))
    with transaction.atomic():
        previous = current(agency, year)
        version = (WorkPlan.objects.filter(agency=agency, year=year).aggregate(v=Max("version"))["v"] or 0) + 1
        plan = WorkPlan.objects.create(
            agency=agency, year=year, version=version,
            title=(title or plan_json["title"] or f"{year}年政务公开工作要点")[:200],
            shape=plan_json["shape"], source_name=source_name[:200], source_sha256=digest,
            event_dates=previous.event_dates if previous else {}, confirmed_at=timezone.now(),
            confirmed_by=by if getattr(by, "pk", None) else None,
        )  # fmt: skip
        carried = {t.name: t for t in previous.tasks.all()} if previous else {}
        for position, item in enumerate(plan_json["tasks"]):
            task = Task.objects.create(
                plan=plan, position=position, number=item["number"][:20], heading=item["heading"][:300],
                name=item["name"][:300], content=item["content"], due_on=item["due"], due_kind=item["time_kind"],
                due_text=item["time_text"][:200], due_event=item.get("time_event", "")[:100],
                due_offset=_offset(item, year)[0], due_offset_unit=_offset(item, year)[1],
                problems=item["problems"], raw=item["raw"],
            )  # fmt: skip
            for unit in item["units"]:
                TaskUnit.objects.create(
                    task=task, name=unit["name"][:100], role=unit["role"],
                    department=match_unit(agency, unit["name"], departments),
                )  # fmt: skip
            for target in item["indicators"]:
                Indicator.objects.create(
                    task=task, text=target["text"][:200], comparator=target["comparator"],
                    value=Decimal(target["value"]) if target["value"] is not None else None, unit=target["unit"],
                    due=target["due"], metric=target["metric"],
                )  # fmt: skip
            if item["name"] in carried:  # a re-import keeps what was reported on the same task
                old = carried[item["name"]]
                task.status, task.done_on = old.status, old.done_on
                task.save(update_fields=["status", "done_on"])
                Progress.objects.filter(task=old).update(task=task)
        if previous:
            WorkPlan.objects.filter(agency=agency, year=year).exclude(pk=plan.pk).update(superseded=True)
        audit.record(by, "workplan.imported", plan, {"version": version, "tasks": len(plan_json["tasks"])})
    return plan


def _offset(item: dict, year: int) -> tuple[int, str]:
    if item["time_kind"] != timenodes.Kind.RELATIVE:
        return 0, ""
    node = timenodes.parse(item["time_text"], year)
    return node.offset, node.offset_unit


def set_event_date(plan: WorkPlan, *, by, event: str, day: datetime.date) -> None:
    with transaction.atomic():
        plan.event_dates = {**plan.event_dates, event: day.isoformat()}
        plan.save(update_fields=["event_dates"])
        audit.record(by, "workplan.event_set", plan, {"event": event, "date": day})


def remember_unit(plan: WorkPlan, *, by, text: str, department: Department) -> int:
    """Match a unit name to a department for this and future plans; returns how many task units it fixed."""
    if department.agency_id != plan.agency_id:
        raise PlanError("处室：必须属于本机关")
    with transaction.atomic():
        UnitAlias.objects.update_or_create(agency=plan.agency, text=text, defaults={"department": department})
        count = TaskUnit.objects.filter(task__plan__agency=plan.agency, name=text).update(department=department)
        audit.record(by, "workplan.unit_matched", plan, {"text": text, "department": department.name})
    return count
