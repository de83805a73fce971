"""依申请公开 cases. The deadline is never stored: it is computed from the case's clock events and
the working-day calendar each time (DESIGN rule 5), so a calendar correction moves it."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency, Department
from gongkai.inforequests.law import ApplicantType, Delivery, FormWanted, IdType, Outcome
from gongkai.workdays.clock import Clock, ClockEvent, EventKind, Party, compute_clock


class CaseError(Exception):
    """A step the rules do not allow; the message is shown to the user as is."""


class Status(models.TextChoices):
    OPEN = "open", "办理中"
    REPLIED = "replied", "已答复"
    WITHDRAWN = "withdrawn", "申请人撤回"
    CLOSED = "closed", "已办结"


FINISHED = {Status.REPLIED, Status.WITHDRAWN, Status.CLOSED}


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


class CaseCounter(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="casecounter_unique")]

    def __str__(self):
        return f"{self.agency_id}/{self.year}"


class InfoRequestQuerySet(models.QuerySet):
    def for_user(self, user):
        """Cases staff may open: their agencies' (personal data stays within the agency, DESIGN rule 7)."""
        from gongkai.accounts.permissions import visible_agency_ids

        ids = visible_agency_ids(user)
        return self.all() if ids is None else self.filter(agency_id__in=ids)

    def open(self):
        return self.filter(status=Status.OPEN)


class InfoRequest(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="受理机关", on_delete=models.PROTECT, related_name="requests")
    number = models.CharField("申请编号", max_length=40, unique=True, editable=False)
    query_code_hash = models.CharField(max_length=64, editable=False)
    channel = models.CharField("提交方式", max_length=16)
    received_on = models.DateField("收到申请之日")
    receipt_note = models.CharField("收到日期依据", max_length=200, blank=True)
    applicant_type = models.CharField("申请人类型", max_length=16, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=12, choices=IdType.choices, blank=True)
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=60, blank=True)
    contact_person = models.CharField("联系人", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    information = models.TextField("所需信息的名称或描述")
    document_reference = models.CharField("文件名称或文号", max_length=200, blank=True)
    form_wanted = models.CharField("获取形式", max_length=12, choices=FormWanted.choices)
    delivery = models.CharField("获取方式", max_length=8, choices=Delivery.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="info_requests"
    )
    submission_key = models.CharField(max_length=64, blank=True, editable=False)
    department = models.ForeignKey(
        Department, verbose_name="承办处室", null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.OPEN, editable=False)
    outcome = models.CharField("办理结果", max_length=32, choices=Outcome.choices, blank=True, editable=False)
    reply_text = models.TextField("答复内容", blank=True, editable=False)
    replied_on = models.DateField("答复日期", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InfoRequestQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-id"]
        constraints = [
            # the same form posted twice creates one request
            models.UniqueConstraint(
                fields=["agency", "submission_key"], condition=~models.Q(submission_key=""), name="request_once"
            )
        ]
        indexes = [models.Index(fields=["agency", "status"], name="request_agency_status")]  # staff queues

    def __str__(self):
        return self.number

    # -- intake --------------------------------------------------------------------------------
    @classmethod
    def register(cls, *, agency, by, channel, received_on, receipt_note="", submission_key="", **fields):
        """Create a case with its number and query code; returns (case, query code shown once)."""
        if submission_key:
            existing = cls.objects.filter(agency=agency, submission_key=submission_key).first()
            if existing:
                return existing, None
        code = secrets.token_hex(4).upper()
        with transaction.atomic():
            counter, _ = CaseCounter.objects.select_for_update().get_or_create(agency=agency, year=received_on.year)
            counter.last += 1
            counter.save(update_fields=["last"])
            case = cls(
                agency=agency,
                number=f"{agency.code}-{received_on.year}-{counter.last:05d}",
                query_code_hash=_hash(code),
                channel=channel,
                received_on=received_on,
                receipt_note=receipt_note,
                submission_key=submission_key,
                user=by if getattr(by, "pk", None) and getattr(by, "kind", "") == "public" else None,
                **fields,
            )
            try:
                with transaction.atomic():
                    case.save()
            except IntegrityError:
                existing = cls.objects.filter(agency=agency, submission_key=submission_key).first()
                if existing and submission_key:
                    return existing, None
                raise
            case.add_event(EventKind.RECEIVED, received_on, by=by, channel=channel)
            audit.record(by, "inforequest.registered", case, {"channel": channel, "received_on": received_on})
        return case, code

    def check_code(self, code: str) -> bool:
        return secrets.compare_digest(self.query_code_hash, _hash(code.strip().upper()))

    # -- the clock -----------------------------------------------------------------------------
    def add_event(self, kind, day, *, by, **extra):
        return CaseEvent.objects.create(case=self, kind=kind, date=day, actor_name=str(by or "系统"), **extra)

    def clock(self, today: datetime.date | None = None) -> Clock:
        events = [e.as_clock_event() for e in self.events.all()]
        return compute_clock(events, today=today or timezone.localdate())

    def _step(self, verb, kind, day, *, by, note="", **extra):
        """Add a clock event after checking the clock accepts it; audited in the same transaction."""
        from gongkai.workdays.clock import ClockError

        if self.status in FINISHED:
            raise CaseError(f"该申请已{self.get_status_display()}，不能再{verb}")
        trial = [e.as_clock_event() for e in self.events.all()] + [ClockEvent(kind, day, **extra)]
        try:
            compute_clock(trial, today=day)
        except ClockError as exc:
            raise CaseError(str(exc)) from None
        with transaction.atomic():
            event = self.add_event(kind, day, by=by, note=note, **extra)
            audit.record(by, f"inforequest.{kind}", self, {"date": day, "note": note, **extra})
        return event

    # -- steps ---------------------------------------------------------------------------------
    def assign(self, *, by, department):
        if department.agency_id != self.agency_id:
            raise CaseError("承办处室必须属于受理机关")
        with transaction.atomic():
            self.department = department
            self.save(update_fields=["department"])
            audit.record(by, "inforequest.assigned", self, {"department": department.name})

    def request_correction(self, *, by, on, note):
        return self._step("发出补正告知", EventKind.CORRECTION_REQUESTED, on, by=by, note=note)

    def record_correction(self, *, by, on, note=""):
        return self._step("登记补正", EventKind.CORRECTION_RECEIVED, on, by=by, note=note)

    def start_consultation(self, *, by, on, party=Party.THIRD_PARTY, note=""):
        return self._step("征求意见", EventKind.CONSULTATION_STARTED, on, by=by, note=note, party=party)

    def end_consultation(self, *, by, on, note=""):
        return self._step("结束征求意见", EventKind.CONSULTATION_ENDED, on, by=by, note=note)

    def extend(self, *, by, on, days, note):
        from gongkai.accounts.models import Role

        # 条例 art. 33 ¶2: the extension is approved by the head of the disclosure office.
        if not (getattr(by, "has_role", None) and by.has_role(Role.LEADER, Role.OFFICER)):
            raise CaseError("延期须经政府信息公开工作机构负责人批准（领导或公开办）")
        return self._step("延期", EventKind.EXTENSION_GRANTED, on, by=by, note=note, days=days)

    def reply(self, *, by, on, outcome, text):
        if self.status in FINISHED:
            raise CaseError(f"该申请已{self.get_status_display()}，不能再答复")
        if outcome not in Outcome.values:
            raise CaseError("办理结果：请选择一种法定的答复类型")
        if not text.strip():
            raise CaseError("答复内容：必须填写")
        with transaction.atomic():
            self.status, self.outcome, self.reply_text, self.replied_on = Status.REPLIED, outcome, text, on
            self.save(update_fields=["status", "outcome", "reply_text", "replied_on"])
            audit.record(by, "inforequest.replied", self, {"outcome": outcome, "on": on})

    def close_without_reply(self, *, by, on, outcome, note):
        """Close as （六）1 (not corrected) or （六）2 (fee unpaid) when the applicant's time has run out."""
        if outcome not in (Outcome.OTHER_UNCORRECTED, Outcome.OTHER_UNPAID):
            raise CaseError("只有逾期不补正或逾期未缴费可以不经答复办结")
        if (
            outcome == Outcome.OTHER_UNCORRECTED
            and not self.events.filter(kind=EventKind.CORRECTION_REQUESTED).exists()
        ):
            raise CaseError("没有发出过补正告知，不能按逾期不补正办结")
        return self._finish(Status.CLOSED, by=by, on=on, outcome=outcome, note=note, verb="closed")

    def withdraw(self, *, by, on, note=""):
        return self._finish(Status.WITHDRAWN, by=by, on=on, outcome=Outcome.OTHER, note=note, verb="withdrawn")

    def _finish(self, status, *, by, on, outcome, note, verb):
        if self.status in FINISHED:
            raise CaseError(f"该申请已{self.get_status_display()}")
        with transaction.atomic():
            self.status, self.outcome, self.replied_on = status, outcome, on
            self.save(update_fields=["status", "outcome", "replied_on"])
            audit.record(by, f"inforequest.{verb}", self, {"outcome": outcome, "on": on, "note": note})


EVENT_LABELS = [
    (EventKind.RECEIVED.value, "收到申请"),
    (EventKind.CORRECTION_REQUESTED.value, "发出补正告知"),
    (EventKind.CORRECTION_RECEIVED.value, "收到补正"),
    (EventKind.CONSULTATION_STARTED.value, "开始征求意见"),
    (EventKind.CONSULTATION_ENDED.value, "征求意见结束"),
    (EventKind.EXTENSION_GRANTED.value, "延期答复"),
    (EventKind.FEE_NOTICE_ISSUED.value, "发出收费通知"),
    (EventKind.FEE_PAID.value, "缴费"),
    (EventKind.DELAYED_DEADLINE_SET.value, "确定延迟答复期限"),
]


class CaseEvent(models.Model):
    case = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=EVENT_LABELS)
    date = models.DateField()
    days = models.PositiveSmallIntegerField(default=0)
    party = models.CharField(max_length=12, blank=True)
    due = models.DateField(null=True, blank=True)
    channel = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)
    actor_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.date}"

    def as_clock_event(self) -> ClockEvent:
        return ClockEvent(
            EventKind(self.kind),
            self.date,
            channel=self.channel,
            days=self.days,
            due=self.due,
            party=Party(self.party) if self.party else Party.THIRD_PARTY,
        )
