"""Work plans (工作要点 / 任务分解表) as tracked tasks with their units, deadlines, targets and progress."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency, AgencyKind, Department
from gongkai.accounts.permissions import ScopedQuerySet, visible_agency_ids
from gongkai.audit.models import StatusRow, actor_name
from gongkai.lib.errors import Refused
from gongkai.lib.stages import stage_bar
from gongkai.workplans import timenodes
from gongkai.workplans.indicators import Comparator
from gongkai.workplans.timenodes import Kind, TimeNode


class PlanError(Refused):
    """An import or plan step the rules refuse."""


GENERIC_UNITS = ("各单位", "各科室", "各处室", "各部门", "有关业务部门", "起草部门", "有关部门", "各街镇", "各委办局")
# In a district plan, the words that assign a task to a set of the bodies under the district, and
# which kinds of body each set holds (None: every body).
AGENCY_GROUPS: dict[str, tuple[str, ...] | None] = {
    "各单位": None,
    "各部门": None,
    "各区级部门": (AgencyKind.BUREAU,),
    "各委办局": (AgencyKind.BUREAU,),
    "各委办": (AgencyKind.BUREAU,),
    "各局": (AgencyKind.BUREAU,),
    "各街镇": (AgencyKind.SUBDISTRICT, AgencyKind.TOWN),
    "各街道": (AgencyKind.SUBDISTRICT,),
    "各镇": (AgencyKind.TOWN,),
    "各街道办事处": (AgencyKind.SUBDISTRICT,),
    "各镇人民政府": (AgencyKind.TOWN,),
}
# A target the plan sets for each body (“各单位不少于2次”) rather than for the district once.
PER_BODY = re.compile(r"(各单位|各部门|各委办局|各街镇|各街道|各镇|各区级部门|每个单位|每家单位|每个部门)")


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

    @property
    def is_district(self) -> bool:
        """A plan of a district (or the city) government: its tasks go to the bodies under it."""
        return self.agency.kind in (AgencyKind.DISTRICT, AgencyKind.CITY)

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
        bodies = list(Agency.objects.filter(pk__in=agency.subtree_ids() - {agency.pk}, is_active=True))
        district = agency.kind in (AgencyKind.DISTRICT, AgencyKind.CITY)
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
                shares: dict[int, tuple[Agency, str, str]] = {}
                for unit in item["units"]:
                    matched = match_agencies(unit["name"], bodies) if district else []
                    TaskUnit.objects.create(
                        task=task, name=unit["name"][:100], role=unit["role"], is_group=unit["name"] in AGENCY_GROUPS,
                        department=None if matched else match_unit(agency, unit["name"], departments),
                    )  # fmt: skip
                    for body in matched:  # a body named as lead keeps the lead role
                        if body.pk not in shares or unit["role"] == Role.LEAD:
                            shares[body.pk] = (body, unit["role"], unit["name"])
                for body, role, via in shares.values():
                    Share.objects.create(task=task, agency=body, role=role, via=via[:100])
                text = f"{item['name']}。{item['content']}"
                for target in item["indicators"]:
                    Indicator.objects.create(
                        task=task, text=target["text"][:200], comparator=target["comparator"],
                        value=Decimal(target["value"]) if target["value"] is not None else None, unit=target["unit"],
                        due=target["due"], metric=target["metric"],
                        per_body=district and bool(shares) and is_per_body(text, target["text"]),
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

    @classmethod
    def take_shares(cls, agency, year: int, shares, *, by) -> WorkPlan:
        """The body's own plan for the year takes the district tasks it carries (its shares): added to the
        plan in force, or to a new plan when it has none; each keeps its link, so progress reported on it
        is reported on the share. A share already taken is not added twice."""
        shares = [s for s in shares if s.agency_id == agency.pk]
        if not shares:
            raise PlanError("任务：请至少选择一项分解到本单位的区级任务")
        with transaction.atomic():
            plan = cls.current(agency, year)
            if plan is None:
                plan = cls.objects.create(
                    agency=agency, year=year, version=1, title=f"{agency.name}{year}年政务公开工作要点"[:200],
                    shape="derived", source_sha256=f"derived-{agency.pk}-{year}", confirmed_at=timezone.now(),
                    confirmed_by=by if getattr(by, "pk", None) else None,
                )  # fmt: skip
            taken = set(plan.tasks.filter(share__isnull=False).values_list("share_id", flat=True))
            position = (plan.tasks.aggregate(p=Max("position"))["p"] or -1) + 1
            added = 0
            for share in shares:
                if share.pk in taken:
                    continue
                source = share.task
                Task.objects.create(
                    plan=plan, position=position, number=f"区{source.number}"[:20],
                    heading=f"区级任务：{source.plan.title}"[:300],
                    name=source.name, content=source.content, due_on=source.due,
                    # a relative time node the district has dated becomes that date here
                    due_kind=Kind.DATE if source.due and source.due_kind == Kind.RELATIVE else source.due_kind,
                    due_text=source.due_text, due_event="" if source.due else source.due_event,
                    status=share.status, done_on=share.done_on, share=share,
                )  # fmt: skip
                position += 1
                added += 1
            audit.record(by, "workplan.shares_taken", plan, {"added": added})
        return plan

    def add_task(self, *, by, name: str, content: str = "", due: datetime.date | None = None) -> Task:
        """The office adds a task of its own to the plan (beside the district tasks it took)."""
        if not name.strip():
            raise PlanError("任务名称：必须填写")
        if due is not None and due.year not in (self.year, self.year + 1):
            raise PlanError(f"截止日期：应在{self.year}年内（或次年年初）")
        with transaction.atomic():
            position = (self.tasks.aggregate(p=Max("position"))["p"] or -1) + 1
            task = Task.objects.create(
                plan=self, position=position, number=str(self.tasks.count() + 1), name=name.strip()[:300],
                content=content.strip(), due_on=due or datetime.date(self.year, 12, 31),
                due_kind=Kind.DATE if due else Kind.YEAR, due_text=f"{due:%Y-%m-%d}" if due else "全年",
            )  # fmt: skip
            audit.record(by, "workplan.task_added", task, {"name": task.name})
        return task

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


def _check_progress(text: str, on: datetime.date) -> None:
    """A progress report's own rules, for a task and for a body's share alike."""
    if not text.strip():
        raise TaskError("进展：必须填写")
    if on > timezone.localdate():
        raise TaskError("日期：不能晚于今天")


def _advance(item: Task | Share, marks_done: bool, on: datetime.date) -> str:
    """A report moves a task or a share on: started by the first, done when it says so. Saves the
    status and returns the one before."""
    old = item.status
    if item.status == Status.NOT_STARTED:
        item.status = Status.IN_PROGRESS
    if marks_done:
        item.status, item.done_on = Status.DONE, on
    item.save(update_fields=["status", "done_on"])
    return old


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
    # a body's own task that carries its share of a district task: its progress is the share's too
    share = models.ForeignKey("Share", null=True, blank=True, on_delete=models.SET_NULL, related_name="derived")

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
        _check_progress(text, on)
        unit = by.department.name if getattr(by, "department", None) else str(by)
        with transaction.atomic():
            item = Progress.objects.create(
                task=self, unit_name=unit, reported_by=by, reported_on=on, text=text.strip(), links=list(links),
                marks_done=marks_done,
            )  # fmt: skip
            old = _advance(self, marks_done, on)
            self._record_status(old, by=by, reason=text)
            facts = {"text": text[:200], "done": marks_done, "links": len(links)}
            audit.record(by, "workplan.progress", self, facts)
            share = self.share
            if share is not None and share.status != Status.DONE:  # progress flows up to the district
                share.report_progress(by=by, text=text, on=on, links=links, marks_done=marks_done)
        return item

    def roll_up(self, *, by, on: datetime.date) -> None:
        """A district task follows its bodies' shares: in progress with the first report, done when
        every share is done (in the caller's transaction)."""
        states = list(self.shares.values_list("status", flat=True))
        old = self.status
        if states and all(s == Status.DONE for s in states):
            self.status, self.done_on = Status.DONE, on
        elif self.status == Status.NOT_STARTED and any(s != Status.NOT_STARTED for s in states):
            self.status = Status.IN_PROGRESS
        if self.status != old:
            self.save(update_fields=["status", "done_on"])
            reason = "各单位均已完成" if self.status == Status.DONE else "单位开始报送进展"
            self._record_status(old, by=by, reason=reason)

    def assign(self, *, by, agency: Agency, role: str = "participant") -> Share:
        """The district office gives a body a share of this task (a unit the import could not match)."""
        if not self.plan.is_district:
            raise TaskError("单位：只有区级工作要点的任务可以分解到单位")
        if agency.pk not in self.plan.agency.subtree_ids() or agency.pk == self.plan.agency_id:
            raise TaskError("单位：必须是本区所属的单位")
        if role not in Role.values:
            raise TaskError("角色：请选择牵头或参与")
        with transaction.atomic():
            share, created = Share.objects.get_or_create(
                task=self, agency=agency, defaults={"role": role, "via": "区政务公开办指定"}
            )
            if not created:
                raise TaskError(f"单位：{agency.name}已承担此项任务")
            audit.record(by, "workplan.assigned", self, {"agency": agency.name, "role": role})
        return share

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
    # “各单位”, “各街镇”: a set of bodies (a district plan's shares), never ranked as one unit
    is_group = models.BooleanField(default=False)

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
    # a district plan's target for each body (“各单位不少于2次”): each body reports its own figure
    per_body = models.BooleanField("各单位分别考核", default=False)
    actual = models.DecimalField("实际值", max_digits=12, decimal_places=2, null=True, blank=True)
    actual_date = models.DateField("实际完成日期", null=True, blank=True)
    evidence = models.TextField("佐证", blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["task", "id"]

    def __str__(self):
        return self.text

    @classmethod
    def target_of(cls, agency, year: int, metric: str):
        """The value a task of the agency's plan for the year sets for a live metric (None when none does):
        what another app's page shows as “工作要点目标”."""
        found = cls.objects.filter(task__plan__agency=agency, task__plan__year=year, metric=metric).first()
        return found.value if found else None

    def check_figure(self, actual, actual_date) -> None:
        if self.metric:
            raise TaskError("该指标由平台根据记录自动计算，不需要填报")
        if self.comparator == Comparator.BY_DATE and actual_date is None:
            raise TaskError(f"“{self.text}”：请填写实际完成日期")
        if self.comparator != Comparator.BY_DATE and (actual is None or actual < 0):
            raise TaskError(f"“{self.text}”：实际值应为不小于 0 的数")

    def report_figure(self, *, by, actual=None, actual_date=None, evidence="") -> None:
        """A figure for a target the platform cannot compute, with its evidence."""
        if self.per_body:
            raise TaskError(f"“{self.text}”是对各单位分别考核的指标，由各单位在本单位的任务中填报")
        self.check_figure(actual, actual_date)
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
    # a body's report on its share of a district task (None: the plan's own office or department)
    share = models.ForeignKey("Share", null=True, blank=True, on_delete=models.CASCADE, related_name="progress")
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
    LABELS = dict(Status.choices)

    class Meta:
        ordering = ["task", "at", "id"]


# -- a district plan's tasks, shared out to the bodies under the district ------------------------------
class ShareQuerySet(ScopedQuerySet["Share"]):
    def for_user(self, user):
        """A body's staff see their shares; the district's office (whose plan it is) and supervisors see all."""
        ids = visible_agency_ids(user)
        if ids is None:
            return self.all()
        return self.filter(models.Q(agency_id__in=ids) | models.Q(task__plan__agency_id__in=ids))


class Share(models.Model):
    """One body's share of a district plan's task: the body reports progress on it (and its figure
    for a per-body target); the district's board counts the bodies done per task."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="shares")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="plan_shares", verbose_name="单位")
    role = models.CharField("角色", max_length=12, choices=Role.choices)
    via = models.CharField("分解依据", max_length=100)  # the plan's words: 各街镇, 区人社局, or 区政务公开办指定
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    done_on = models.DateField("完成日期", null=True, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "任务分解"
        ordering = ["task", "agency__sort_order", "agency_id"]
        constraints = [models.UniqueConstraint(fields=["task", "agency"], name="share_once_per_body")]

    def __str__(self):
        return f"{self.agency}：{self.task}"

    def is_overdue(self, today: datetime.date) -> bool:
        due = self.task.due
        return self.status != Status.DONE and due is not None and due < today

    def status_label(self, today: datetime.date) -> str:
        return OVERDUE_LABEL if self.is_overdue(today) else self.get_status_display()

    def report_progress(self, *, by, text: str, on: datetime.date, links=(), marks_done=False) -> Progress:
        """The body's report on its share; the district task starts with the first report and is done
        when every body's share is done."""
        _check_progress(text, on)
        with transaction.atomic():
            item = Progress.objects.create(
                task=self.task, share=self, unit_name=self.agency.short_name or self.agency.name, reported_by=by,
                reported_on=on, text=text.strip(), links=list(links), marks_done=marks_done,
            )  # fmt: skip
            old = _advance(self, marks_done, on)
            if self.status != old:
                ShareStatusChange.objects.create(
                    share=self, old=old, new=self.status, actor_name=actor_name(by), reason=text
                )
            audit.record(by, "workplan.share_progress", self, {"task": self.task_id, "done": marks_done})
            self.task.roll_up(by=by, on=on)
        return item

    def report_figure(self, indicator: Indicator, *, by, actual=None, actual_date=None, evidence="") -> None:
        """The body's own figure for a per-body target of its district task."""
        if indicator.task_id != self.task_id or not indicator.per_body:
            raise TaskError("指标：不是本任务对各单位分别考核的指标")
        indicator.check_figure(actual, actual_date)
        with transaction.atomic():
            ShareFigure.objects.update_or_create(
                share=self, indicator=indicator,
                defaults={"actual": actual, "actual_date": actual_date, "evidence": evidence.strip(),
                          "reported_at": timezone.now()},
            )  # fmt: skip
            audit.record(by, "workplan.share_figure", self, {"indicator": indicator.text, "actual": actual})


class ShareStatusChange(StatusRow):
    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="status_changes")
    LABELS = dict(Status.choices)

    class Meta:
        ordering = ["share", "at", "id"]


class ShareFigure(models.Model):
    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="figures")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="share_figures")
    actual = models.DecimalField("实际值", max_digits=12, decimal_places=2, null=True, blank=True)
    actual_date = models.DateField("实际完成日期", null=True, blank=True)
    evidence = models.TextField("佐证", blank=True)
    reported_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["share", "indicator"], name="sharefigure_once")]

    def __str__(self):
        return f"{self.share_id} {self.indicator_id}"


def _bare(name: str) -> str:
    """A body's name without the city's and the district's names: 上海市浦东新区人社局 → 人社局."""
    name = re.sub(r"\s+", "", name)
    for prefix in ("上海市",):
        name = name.removeprefix(prefix)
    name = re.sub(r"^\S{0,6}?(新区|区|县)(?=\S{2,})", "", name)
    return name


def match_agencies(name: str, bodies: list[Agency]) -> list[Agency]:
    """The bodies a unit of a district plan names: a group word (各单位, 各委办局, 各街镇 …) → every body
    of those kinds; a name → the body of that name or short name (区人社局 is 浦东新区人社局); else none
    (the district office assigns it on the task's page)."""
    if name in AGENCY_GROUPS:
        kinds = AGENCY_GROUPS[name]
        return [b for b in bodies if kinds is None or b.kind in kinds]
    bare = _bare(name)
    if len(bare) < 2:
        return []
    exact = [b for b in bodies if bare in (_bare(b.name), _bare(b.short_name or ""))]
    return exact[:1] if len(exact) == 1 else []


def is_per_body(text: str, target: str) -> bool:
    """Whether the sentence that sets ``target`` sets it for each body (各单位…不少于2次)."""
    for sentence in re.split(r"[。；;]", text):
        if target in sentence and PER_BODY.search(sentence[: sentence.index(target)]):
            return True
    return False


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
