"""Work plans (工作要点 / 任务分解表) as tracked tasks with their units, deadlines, targets and progress."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency, Department
from gongkai.audit.models import StatusRow, actor_name
from gongkai.lib.errors import Refused
from gongkai.lib.stages import stage_bar
from gongkai.workplans import timenodes
from gongkai.workplans.indicators import Comparator
from gongkai.workplans.timenodes import Kind, TimeNode


class PlanError(Refused):
    """An import or plan step the rules refuse."""


GENERIC_UNITS = ("各单位", "各科室", "各处室", "各部门", "有关业务部门", "起草部门", "有关部门", "各街镇", "各委办局")


class TaskError(Refused):
    """A step on a task the rules refuse; the message names the field and the rule."""


class WorkPlan(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="work_plans")
    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    title = models.CharField("标题", max_length=200)
    shape = models.CharField("来源格式", max_length=16)
    source_name = models.CharField("来源文件", max_length=200, blank=True)
    source_sha256 = models.CharField(max_length=64)
    event_dates = models.JSONField("事件日期", default=dict, blank=True)  # 新规出台 → "2020-03-01"
    superseded = models.BooleanField("已被新版本取代", default=False)
    confirmed_at = models.DateTimeField("确认时间")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = verbose_name_plural = "工作要点"
        ordering = ["-year", "agency__sort_order", "-version"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "version"], name="workplan_version")]

    def __str__(self):
        return f"{self.title}（第{self.version}版）"

    # -- verbs ----------------------------------------------------------------------------------------
    @classmethod
    def current(cls, agency, year) -> WorkPlan | None:
        """The version in force of the agency's plan for the year."""
        return cls.objects.filter(agency=agency, year=year, superseded=False).order_by("-version").first()

    @classmethod
    def confirm_import(
        cls, agency, year, plan_json: dict, *, by, source_name: str, digest: str, title: str = ""
    ) -> WorkPlan:
        """Save a parsed plan the office confirmed after the preview as the next version: its tasks, units
        (matched to departments), time nodes and targets; a re-import keeps what was reported on the same
        task, and the earlier version is superseded. One transaction, audited."""
        if not plan_json["tasks"]:
            raise PlanError("没有任何任务可以保存")
        same = cls.objects.filter(agency=agency, year=year, source_sha256=digest).first()
        if same:
            raise PlanError(f"同一文件已导入为第{same.version}版，未重复创建")
        departments = list(Department.objects.filter(agency=agency))
        with transaction.atomic():
            previous = cls.current(agency, year)
            version = (cls.objects.filter(agency=agency, year=year).aggregate(v=Max("version"))["v"] or 0) + 1
            plan = cls.objects.create(
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
                cls.objects.filter(agency=agency, year=year).exclude(pk=plan.pk).update(superseded=True)
            audit.record(by, "workplan.imported", plan, {"version": version, "tasks": len(plan_json["tasks"])})
        return plan

    def set_event_date(self, *, by, event: str, day: datetime.date) -> None:
        """The date an event happened (新规出台), from which relative time nodes count."""
        with transaction.atomic():
            self.event_dates = {**self.event_dates, event: day.isoformat()}
            self.save(update_fields=["event_dates"])
            audit.record(by, "workself.event_set", self, {"event": event, "date": day})

    def remember_unit(self, *, by, text: str, department: Department) -> int:
        """Match a unit name to a department for this and future plans; returns how many task units it fixed."""
        if department.agency_id != self.agency_id:
            raise PlanError("处室：必须属于本机关")
        with transaction.atomic():
            UnitAlias.objects.update_or_create(agency=self.agency, text=text, defaults={"department": department})
            count = TaskUnit.objects.filter(task__plan__agency=self.agency, name=text).update(department=department)
            audit.record(by, "workself.unit_matched", self, {"text": text, "department": department.name})
        return count


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "进行中"
    DONE = "done", "已完成"


OVERDUE_LABEL = "逾期"


class Task(models.Model):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField()
    number = models.CharField("序号", max_length=20)
    heading = models.CharField("所属部分", max_length=300, blank=True)
    name = models.CharField("任务名称", max_length=300)
    content = models.TextField("任务内容", blank=True)
    due_on = models.DateField("截止日期", null=True, blank=True)
    due_kind = models.CharField("时间节点类型", max_length=12)
    due_text = models.CharField("时间节点原文", max_length=200, blank=True)
    due_event = models.CharField("起算事件", max_length=100, blank=True)
    due_offset = models.PositiveSmallIntegerField(default=0)
    due_offset_unit = models.CharField(max_length=8, blank=True)
    problems = models.JSONField("导入时的问题", default=list, blank=True)
    raw = models.TextField("原文", blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        ordering = ["plan", "position"]
        indexes = [models.Index(fields=["plan", "status"], name="task_plan_status")]

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def agency_id(self) -> int:
        """The plan's agency: audit events on a task are scoped to it (DESIGN rule 7)."""
        return self.plan.agency_id

    def time_node(self) -> TimeNode:
        return TimeNode(
            self.due_text, self.due_kind, self.due_on, self.due_event, self.due_offset, self.due_offset_unit
        )

    @property
    def due(self) -> datetime.date | None:
        """The deadline: a date, 31 December, or (after an event) once the office has set the event's date."""
        if self.due_kind == Kind.RELATIVE:
            when = self.plan.event_dates.get(self.due_event)
            return self.time_node().due_after(datetime.date.fromisoformat(when)) if when else None
        return self.due_on

    def stage(self) -> list[tuple[str, str]]:
        """The stage bar: 未开始 → 进行中 → 已完成."""
        names = [str(label) for label in Status.labels]
        steps: dict[str, int] = {Status.NOT_STARTED: 0, Status.IN_PROGRESS: 1}
        return stage_bar(names, steps.get(self.status, 3))

    @property
    def needs_date(self) -> bool:
        return self.due_kind == Kind.UNKNOWN and self.due_on is None

    def is_overdue(self, today: datetime.date) -> bool:
        due = self.due
        return self.status != Status.DONE and due is not None and due < today

    def status_label(self, today: datetime.date) -> str:
        return OVERDUE_LABEL if self.is_overdue(today) else self.get_status_display()

    # -- verbs -----------------------------------------------------------------------------------
    def _record_status(self, old: str, *, by, reason: str) -> None:
        if self.status != old:
            TaskStatusChange.objects.create(
                task=self, old=old, new=self.status, actor_name=actor_name(by), reason=reason
            )

    def report_progress(self, *, by, text: str, on: datetime.date, links=(), marks_done=False) -> Progress:
        """A unit's progress report, with evidence links; a first report starts the task, a report that
        says done finishes it."""
        if not text.strip():
            raise TaskError("进展：必须填写")
        if on > timezone.localdate():
            raise TaskError("日期：不能晚于今天")
        unit = by.department.name if getattr(by, "department", None) else str(by)
        with transaction.atomic():
            item = Progress.objects.create(
                task=self, unit_name=unit, reported_by=by, reported_on=on, text=text.strip(), links=list(links),
                marks_done=marks_done,
            )  # fmt: skip
            old = self.status
            if self.status == Status.NOT_STARTED:
                self.status = Status.IN_PROGRESS
            if marks_done:
                self.status, self.done_on = Status.DONE, on
            self.save(update_fields=["status", "done_on"])
            self._record_status(old, by=by, reason=text)
            facts = {"text": text[:200], "done": marks_done, "links": len(links)}
            audit.record(by, "workplan.progress", self, facts)
        return item

    def set_status(self, *, by, status: str, on: datetime.date | None = None) -> None:
        """The office sets the status itself (e.g. a task done outside the platform)."""
        if status not in Status.values:
            raise TaskError("状态：请选择未开始、进行中或已完成")
        with transaction.atomic():
            old = self.status
            self.status = status
            self.done_on = (on or timezone.localdate()) if status == Status.DONE else None
            self.save(update_fields=["status", "done_on"])
            self._record_status(old, by=by, reason="公开办设定")
            audit.record(by, "workplan.status", self, {"status": status})

    def set_due(self, *, by, due: datetime.date) -> None:
        """The office fixes a due date the plan's time node left open (relative or unreadable)."""
        with transaction.atomic():
            self.due_on, self.due_kind = due, "date"
            self.problems = [p for p in self.problems if "时间节点" not in p]
            self.save(update_fields=["due_on", "due_kind", "problems"])
            audit.record(by, "workplan.due_set", self, {"due": due})


class Role(models.TextChoices):
    LEAD = "lead", "牵头"
    PARTICIPANT = "participant", "参与"


class TaskUnit(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="units")
    name = models.CharField("单位", max_length=100)
    role = models.CharField("角色", max_length=12, choices=Role.choices)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["task", "role", "id"]  # lead before participant

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"


class UnitAlias(models.Model):
    """How an office's plans name its departments: “法制科” → 法规科, “各科室” → …, set once, reused."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    text = models.CharField(max_length=100)
    department = models.ForeignKey(Department, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "text"], name="unitalias_unique")]

    def __str__(self):
        return f"{self.text} → {self.department}"


class Indicator(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="indicators")
    text = models.CharField("原文", max_length=200)
    comparator = models.CharField(max_length=4)
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=12)
    due = models.DateField(null=True, blank=True)
    metric = models.CharField("平台计算", max_length=24, blank=True)
    actual = models.DecimalField("实际值", max_digits=12, decimal_places=2, null=True, blank=True)
    actual_date = models.DateField("实际完成日期", null=True, blank=True)
    evidence = models.TextField("佐证", blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["task", "id"]

    def __str__(self):
        return self.text

    def report_figure(self, *, by, actual=None, actual_date=None, evidence="") -> None:
        """A figure for a target the platform cannot compute, with its evidence."""
        if self.metric:
            raise TaskError("该指标由平台根据记录自动计算，不需要填报")
        if self.comparator == Comparator.BY_DATE and actual_date is None:
            raise TaskError(f"“{self.text}”：请填写实际完成日期")
        if self.comparator != Comparator.BY_DATE and (actual is None or actual < 0):
            raise TaskError(f"“{self.text}”：实际值应为不小于 0 的数")
        with transaction.atomic():
            self.actual, self.actual_date, self.evidence = actual, actual_date, evidence.strip()
            self.reported_at = timezone.now()
            self.save(update_fields=["actual", "actual_date", "evidence", "reported_at"])
            facts = {"indicator": self.text, "actual": actual, "date": actual_date}
            audit.record(by, "workplan.figure", self.task, facts)


class Progress(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress")
    unit_name = models.CharField("报送单位", max_length=100)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    reported_on = models.DateField("日期")
    text = models.TextField("进展")
    links = models.JSONField("佐证链接", default=list, blank=True)
    marks_done = models.BooleanField("报告已完成", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-id"]

    def __str__(self):
        return f"{self.task_id} {self.reported_on}"


class TaskReminder(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE)
    due = models.DateField()
    days_before = models.SmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "due", "days_before"], name="taskreminder_once")]

    def __str__(self):
        return f"{self.task_id} {self.due} {self.days_before}"


class TaskStatusChange(StatusRow):
    """A task's status history (未开始 → 进行中 → 已完成, or set by the office)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="status_changes")

    class Meta:
        ordering = ["task", "at", "id"]

    @property
    def new_label(self) -> str:
        return dict(Status.choices).get(self.new, self.new)


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


def _offset(item: dict, year: int) -> tuple[int, str]:
    if item["time_kind"] != timenodes.Kind.RELATIVE:
        return 0, ""
    node = timenodes.parse(item["time_text"], year)
    return node.offset, node.offset_unit
