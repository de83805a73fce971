"""Following a plan through the year: progress from the units, status, targets against actual
figures (live where the platform has the data), the supervision board, the 通报 and the year-end summary."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django_tasks import task as background_task

from gongkai.accounts.models import Role, User, notify_once
from gongkai.accounts.permissions import has
from gongkai.accounts.queue import EARLIER_YEARS, QueueItem
from gongkai.lib import metrics
from gongkai.lib.docx import Para, write
from gongkai.workdays import periods
from gongkai.workplans.indicators import Comparator
from gongkai.workplans.models import (
    GENERIC_UNITS,
    Indicator,
    Progress,
    Share,
    Status,
    Task,
    TaskError,  # noqa: F401 — the name callers catch (tracking.TaskError)
    TaskReminder,
    WorkPlan,
)

AT_RISK_DAYS = periods.TASK_AT_RISK_DAYS  # due within this many days, not done: at risk (workdays/periods.py)
REMIND_DAYS = periods.TASK_REMINDER_DAYS  # calendar days before the due date (workdays/periods.py)


def metric_value(metric: str, agency, year: int) -> tuple[Decimal | None, datetime.date | None, str]:
    """(value, date, how it was computed) for a live metric, registered by the domain that owns it."""
    return metrics.value(metric, agency, year)


@dataclass
class Reading:
    indicator: Indicator
    actual: Decimal | None
    actual_date: datetime.date | None
    note: str
    met: bool | None  # None: no figure yet

    @property
    def target(self) -> str:
        i = self.indicator
        if i.comparator == Comparator.BY_DATE:
            return f"{i.due:%Y-%m-%d}前" if i.due else i.text
        if i.value is None:
            return i.text
        return f"{Comparator.SYMBOLS[i.comparator]}{i.value.normalize():f}{i.unit}"

    @property
    def shown(self) -> str:
        if self.actual_date:
            return f"{self.actual_date:%Y-%m-%d}"
        if self.actual is None:
            return "—"
        return f"{self.actual.quantize(Decimal('0.1')).normalize():f}{self.indicator.unit}"


def _met(indicator: Indicator, actual: Decimal | None, actual_date: datetime.date | None) -> bool | None:
    """Whether a figure reaches its target; None while there is no figure."""
    if indicator.comparator == Comparator.BY_DATE and actual_date and indicator.due:
        return actual_date <= indicator.due
    if actual is not None and indicator.value is not None:
        return actual >= indicator.value if indicator.comparator == Comparator.AT_LEAST else actual <= indicator.value
    return None


def read(indicator: Indicator, agency, year: int) -> Reading:
    if indicator.metric:
        actual, actual_date, note = metric_value(indicator.metric, agency, year)
        note = f"平台计算：{metrics.label(indicator.metric)}。{note}"
    else:
        actual, actual_date = indicator.actual, indicator.actual_date
        note = indicator.evidence or ("待责任单位填报" if actual is None and actual_date is None else "")
    return Reading(indicator, actual, actual_date, note, _met(indicator, actual, actual_date))


# -- verbs -----------------------------------------------------------------------------------------
# The steps on a task are verbs of Task and Indicator (models.py); these names stay for callers.
def report_progress(task: Task, **kwargs) -> Progress:
    return task.report_progress(**kwargs)


def set_status(task: Task, **kwargs) -> None:
    task.set_status(**kwargs)


def set_due(task: Task, **kwargs) -> None:
    task.set_due(**kwargs)


def report_figure(indicator: Indicator, **kwargs) -> None:
    indicator.report_figure(**kwargs)


# -- the board, the 通报 and the summary --------------------------------------------------------------
def board(plan: WorkPlan, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    tasks = list(
        plan.tasks.prefetch_related("units", "indicators", "progress", "shares__agency").select_related("plan")
    )
    counts = dict.fromkeys([*Status.labels, "逾期"], 0)
    late_by_unit: dict[str, int] = {}
    for task in tasks:
        label = task.status_label(today)
        task.label = label  # type: ignore[attr-defined]  # the board's label, read by the template
        shares = list(task.shares.all())
        task.shares_done = sum(1 for s in shares if s.status == Status.DONE)  # type: ignore[attr-defined]
        task.shares_total = len(shares)  # type: ignore[attr-defined]
        counts[label] += 1
        if not task.is_overdue(today):
            continue
        # a late task counts against each body that has not done its share, or each named unit: a
        # group (各单位, 各科室) is never ranked as if it were one unit
        late = [s.agency.short_name or s.agency.name for s in shares if s.status != Status.DONE] if shares else [
            u.name for u in task.units.all() if not (u.is_group or u.name in GENERIC_UNITS or u.name.startswith("各"))
        ]  # fmt: skip
        for name in late:
            late_by_unit[name] = late_by_unit.get(name, 0) + 1
    order = {"逾期": 0, "进行中": 1, "未开始": 2, "已完成": 3}
    tasks.sort(key=lambda t: (order[t.status_label(today)], t.due or datetime.date.max, t.position))
    readings = [read(i, plan.agency, plan.year) for t in tasks for i in t.indicators.all()]
    return {
        "tasks": tasks,
        "counts": counts,
        "late_units": sorted(late_by_unit.items(), key=lambda kv: -kv[1])[:10],
        "readings": readings,
        "below": [r for r in readings if r.met is False],
        "needs_date": [t for t in tasks if t.needs_date],
        "events": sorted({t.due_event for t in tasks if t.due_kind == "relative"}),
        "today": today,
    }


def period_report(plan: WorkPlan, start: datetime.date, end: datetime.date) -> dict:
    tasks = list(plan.tasks.prefetch_related("units"))
    return {
        "done": [t for t in tasks if t.status == Status.DONE and t.done_on and start <= t.done_on <= end],
        "late": [t for t in tasks if t.is_overdue(end)],
        "at_risk": [
            t
            for t in tasks
            if t.status != Status.DONE and t.due and end < t.due <= end + datetime.timedelta(days=AT_RISK_DAYS)
        ],
    }


def bulletin_docx(plan: WorkPlan, start: datetime.date, end: datetime.date) -> bytes:
    """工作情况通报 for a period: completed, late and at-risk tasks, and targets below their bar."""

    part = period_report(plan, start, end)
    below = [r for r in board(plan, end)["readings"] if r.met is False]

    def units(task):
        shares = list(task.shares.all())
        if shares:  # a district task: the bodies that have not done their share
            behind = [s.agency.short_name or s.agency.name for s in shares if s.status != Status.DONE]
            done = len(shares) - len(behind)
            return f"{done}/{len(shares)}个单位已完成" + (f"，未完成：{'、'.join(behind)}" if behind else "")
        return "、".join(u.name for u in task.units.all()) or "—"

    paragraphs = [
        Para(f"{plan.agency.name}政务公开工作情况通报", size=22, font="方正小标宋简体", align="center"),
        Para(f"（{start:%Y年%-m月%-d日}至{end:%Y年%-m月%-d日}）", align="center"),
        Para(f"现将《{plan.title}》{len(plan.tasks.all())}项任务在本期的落实情况通报如下。", indent=True),
        Para(f"一、本期完成的任务（{len(part['done'])}项）", font="黑体"),
        *[Para(f"{t.number}. {t.name}（{units(t)}，{t.done_on:%-m月%-d日}完成）", indent=True) for t in part["done"]],
        Para(f"二、逾期未完成的任务（{len(part['late'])}项）", font="黑体"),
        *[
            Para(f"{t.number}. {t.name}（{units(t)}，应于{t.due:%Y年%-m月%-d日}前完成）", indent=True)
            for t in part["late"]
        ],
        Para(f"三、临近期限尚未完成的任务（{len(part['at_risk'])}项）", font="黑体"),
        *[
            Para(f"{t.number}. {t.name}（{units(t)}，期限{t.due:%Y年%-m月%-d日}）", indent=True)
            for t in part["at_risk"]
        ],
        Para(f"四、未达到目标的量化指标（{len(below)}项）", font="黑体"),
        *[
            Para(f"{r.indicator.task.number}. {r.indicator.text}：目标{r.target}，实际{r.shown}", indent=True)
            for r in below
        ],
        Para("请各责任单位对照通报，抓紧推进逾期和临近期限的任务，并及时在平台报送进展。", indent=True),
        Para(plan.agency.office_name or plan.agency.name, align="right"),
        Para(f"{end:%Y年%-m月%-d日}", align="right"),
    ]
    return write(paragraphs, title=f"{plan.agency.name}政务公开工作情况通报")


def year_end_summary(plan: WorkPlan, today: datetime.date | None = None) -> str:
    """落实情况: one paragraph the annual report's sections 一 and 五 can quote."""
    today = today or timezone.localdate()
    data = board(plan, today)
    total = len(data["tasks"])
    done = data["counts"]["已完成"]
    late = [t for t in data["tasks"] if t.is_overdue(today)]
    readings = [r for r in data["readings"] if r.met is not None]
    met = sum(1 for r in readings if r.met)
    text = f"《{plan.title}》共{total}项任务，已完成{done}项"
    text += (
        f"，逾期未完成{len(late)}项（{'、'.join(t.name[:20] for t in late[:5])}{'等' if len(late) > 5 else ''}）"
        if late
        else "，无逾期任务"
    )
    text += f"；{len(readings)}项有实际数据的量化指标中{met}项达标" if readings else ""
    below = [r for r in readings if not r.met]
    if below:
        text += "，未达标的有：" + "；".join(f"{r.indicator.text}（实际{r.shown}）" for r in below[:5])
    return text + "。"


def share_reading(indicator: Indicator, share: Share) -> Reading:
    """A body's own figure for a per-body target of a district task."""
    figure = next((f for f in share.figures.all() if f.indicator_id == indicator.pk), None)
    actual = figure.actual if figure else None
    actual_date = figure.actual_date if figure else None
    note = figure.evidence if figure else "待本单位填报"
    return Reading(indicator, actual, actual_date, note, _met(indicator, actual, actual_date))


def share_summary(agency, year: int, today: datetime.date | None = None) -> str:
    """落实情况 of the district tasks a body carries, for its annual report (empty when it carries none)."""
    today = today or timezone.localdate()
    shares = list(
        Share.objects.filter(agency=agency, task__plan__year=year, task__plan__superseded=False)
        .select_related("task__plan")
        .order_by("task__plan_id", "task__position")
    )
    if not shares:
        return ""
    done = sum(1 for s in shares if s.status == Status.DONE)
    late = [s for s in shares if s.is_overdue(today)]
    plans = "、".join(dict.fromkeys(f"《{s.task.plan.title}》" for s in shares))
    text = f"承担{plans}分解到本单位的任务{len(shares)}项，已完成{done}项"
    if late:
        names = "、".join(s.task.name[:20] for s in late[:5])
        text += f"，逾期未完成{len(late)}项（{names}{'等' if len(late) > 5 else ''}）"
    return text + "。"


def plan_for_report(agency, year) -> WorkPlan | None:
    return WorkPlan.objects.filter(agency=agency, year=year, superseded=False).order_by("-version").first()


# -- queues and reminders ---------------------------------------------------------------------------
def queue_items(user):
    """A department's open tasks due within 15 days or late; the office sees tasks with no date set."""

    if not getattr(user, "is_agency_staff", False):
        return []
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=AT_RISK_DAYS)
    items = []
    tasks = Task.objects.filter(plan__agency_id=user.agency_id, plan__superseded=False).exclude(status=Status.DONE)
    mine = tasks.filter(units__department_id=user.department_id).distinct() if user.department_id else tasks.none()
    for task in mine.select_related("plan"):
        due = task.due
        if due and due <= horizon:
            kind = "工作要点·逾期" if due < today else "工作要点·即将到期"
            group = EARLIER_YEARS if task.plan.year < today.year else ""
            title = (
                f"{task.plan.year}年 {task.number}. {task.name[:30]}" if group else f"{task.number}. {task.name[:30]}"
            )
            items.append(QueueItem(title, _url(task), kind, due=due, group=group))
    if has(user, "workplan.manage", user.agency):
        # the district's tasks this body carries, due soon or late, until its share is done
        shares = Share.objects.filter(agency_id=user.agency_id, task__plan__superseded=False)
        shares = shares.exclude(status=Status.DONE)
        for share in shares.select_related("task__plan"):
            due = share.task.due
            if due and due <= horizon:
                kind = "区级任务·逾期" if due < today else "区级任务·即将到期"
                url = reverse("workplans:share", args=[share.pk])
                items.append(QueueItem(f"区{share.task.number}. {share.task.name[:30]}", url, kind, due=due))
        for task in tasks.filter(due_kind="unknown", due_on__isnull=True).select_related("plan"):
            group = EARLIER_YEARS if task.plan.year < today.year else ""
            title = f"{task.number}. {task.name[:30]}：时间节点待设置"
            items.append(QueueItem(title, _url(task), "工作要点·待设置", group=group))
    return items


def _url(task: Task) -> str:
    return reverse("workplans:task", args=[task.plan_id, task.pk])


def send_reminders(today: datetime.date) -> int:
    sent = 0
    open_tasks = (
        Task.objects.filter(plan__superseded=False).exclude(status=Status.DONE).select_related("plan", "plan__agency")
    )
    for task in open_tasks.prefetch_related("units"):
        due = task.due
        if due is None or (due - today).days not in REMIND_DAYS:
            continue
        departments = [u.department_id for u in task.units.all() if u.department_id and u.role == "lead"]
        people = User.objects.filter(department_id__in=departments, is_active=True) if departments else (
            User.objects.filter(agency=task.plan.agency, role_grants__role=Role.OFFICER, is_active=True))  # fmt: skip
        sent += notify_once(
            TaskReminder(task=task, due=due, days_before=(due - today).days),
            people.distinct(),
            f"工作要点任务“{task.number}. {task.name[:40]}”将于{due:%Y年%-m月%-d日}到期，请报送进展。",
            _url(task),
            email_subject=f"【工作要点】{task.name[:30]} {due:%-m月%-d日}到期",
        )
    return sent


@background_task()
def remind_due_tasks() -> dict:
    return {"sent": send_reminders(timezone.localdate())}
