"""政民互动 messages: a channel (data: its time limit, who handles it, whether replies are published), a
message from the public with its contact details kept private, a tracking number and query code as for
依申请公开, handling (accept, assign, transfer to another agency with its acceptance, draft, review,
reply, close), 督办, the citizen's rating, conversion or referral with a reason, and 选登 (publication of
chosen messages and replies, masked, only with the citizen's consent, never what they marked private).
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets

from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency, Department, User
from gongkai.accounts.permissions import ScopedQuerySet
from gongkai.audit.models import StatusRow, actor_name
from gongkai.lib.errors import Refused
from gongkai.lib.masking import mask_personal
from gongkai.workdays import OutOfCalendar, add_workdays, periods


class InteractionError(Refused):
    """A step on a message, an answer or an incident the rules refuse; the message names the field and the rule."""


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


class Channel(models.Model):
    """A way the public writes to an agency (政策留言板, 领导信箱, 在线咨询 …): data an administrator edits.
    Time limits are the platform's settings per channel (本平台设定; no statute fixes them — spec §4.1 only
    flags messages unanswered for 3 months)."""

    class HandledBy(models.TextChoices):
        OFFICE = "office", "公开办（受理后分办）"
        DRAFTING = "drafting", "政策起草处室（直接送达）"

    code = models.SlugField("代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=40)
    limit_workdays = models.PositiveSmallIntegerField("办理时限（工作日）")
    handled_by = models.CharField("办理", max_length=10, choices=HandledBy.choices, default=HandledBy.OFFICE)
    publish_replies = models.BooleanField("选登答复", default=True)
    description = models.CharField("说明", max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "互动渠道"
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name


class MessageCounter(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="message_counter_once")]

    def __str__(self):
        return f"{self.agency_id} {self.year} {self.last}"


class MessageQuerySet(ScopedQuerySet["Message"]):
    def public(self):
        """选登: what the body chose to publish, with the citizen's consent."""
        return self.filter(published_at__isnull=False, consent=True)

    def open(self):
        return self.filter(state__in=Message.OPEN)

    def overdue(self, today: datetime.date | None = None):
        return self.open().filter(due__lt=today or timezone.localdate())

    def unanswered_since(self, day: datetime.date):
        """Received before ``day`` and still without a reply (spec §4.1: a message unanswered for more
        than 3 months is an inspection veto item)."""
        return self.filter(state__in=Message.OPEN, received_on__lt=day)


class Message(models.Model):
    class State(models.TextChoices):
        RECEIVED = "received", "待受理"
        ACCEPTED = "accepted", "办理中"
        TRANSFERRING = "transferring", "转办待接收"
        DRAFTED = "drafted", "答复待审核"
        REPLIED = "replied", "已答复"
        CLOSED = "closed", "已办结"
        CONVERTED = "converted", "已转为其他渠道"

    class Conversion(models.TextChoices):
        DISCLOSURE = "disclosure", "属于政府信息公开申请"
        COMPLAINT = "complaint", "属于信访投诉"
        OTHER = "other", "其他渠道办理"

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASIC = "basic", "基本满意"
        UNSATISFIED = "unsatisfied", "不满意"

    OPEN = (State.RECEIVED, State.ACCEPTED, State.TRANSFERRING, State.DRAFTED)

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="messages")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="messages")
    number = models.CharField("留言编号", max_length=30, unique=True)
    query_code_hash = models.CharField(max_length=64, editable=False)
    subject = models.CharField("标题", max_length=100)
    text = models.TextField("留言内容")
    private_text = models.TextField("不公开的内容", blank=True)  # never published, never masked into view
    consent = models.BooleanField("同意选登", default=False)
    name = models.CharField("姓名", max_length=60, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="messages")  # fmt: skip
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.RECEIVED)
    received_on = models.DateField("收到日期")
    due = models.DateField("办理期限")
    source = models.CharField("来源", max_length=30, default="portal")  # portal, 12345, gov.cn …
    source_id = models.CharField("来源编号", max_length=100, blank=True)
    transfer_to = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    transfer_reason = models.CharField("转办理由", max_length=300, blank=True)
    conversion = models.CharField("转出类别", max_length=12, choices=Conversion.choices, blank=True)
    conversion_reason = models.TextField("转出理由", blank=True)
    reply = models.TextField("答复内容", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    return_note = models.CharField("退回意见", max_length=300, blank=True)
    supervised = models.BooleanField("督办", default=False)
    supervise_note = models.CharField("督办意见", max_length=300, blank=True)
    rating = models.CharField("满意度", max_length=12, choices=Rating.choices, blank=True)
    rating_note = models.CharField("评价说明", max_length=300, blank=True)
    public_text = models.TextField("选登留言", blank=True)
    public_reply = models.TextField("选登答复", blank=True)
    published_at = models.DateTimeField("选登时间", null=True, blank=True)
    kb_seen = models.BooleanField("提交前看过知识库答案", default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "互动留言"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], condition=~models.Q(source_id=""), name="message_source_once"
            ),  # fmt: skip
        ]
        indexes = [models.Index(fields=["agency", "state"], name="message_agency_state")]

    def __str__(self):
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("interactions:message", args=[self.number])

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.state in self.OPEN and self.due < (today or timezone.localdate())

    def check_code(self, code: str) -> bool:
        return secrets.compare_digest(self.query_code_hash, _hash(code.strip().upper()))

    # -- intake ------------------------------------------------------------------------------------
    @classmethod
    def submit(cls, agency, channel: Channel, *, subject: str, text: str, private_text: str = "", name: str = "",
               phone: str = "", email: str = "", user=None, consent: bool = False, document=None,
               received_on: datetime.date | None = None, source: str = "portal", source_id: str = "",
               source_due: datetime.date | None = None,
               kb_seen: bool = False) -> tuple[Message, str | None]:  # fmt: skip
        """A message, numbered, with a query code shown once (None when ``source_id`` was seen before:
        the same message forwarded twice is one). A message on a policy page goes straight to the policy's
        drafting department."""
        if source_id:
            existing = cls.objects.filter(source=source, source_id=source_id).first()
            if existing is not None:
                return existing, None
        _check_text(subject, text, private_text)
        if not channel.active:
            raise InteractionError(f"渠道：“{channel.name}”已停用")
        signed_in = user is not None and getattr(user, "is_authenticated", False) and not user.is_agency_staff
        if not signed_in and not (phone.strip() or email.strip()) and source == "portal":
            raise InteractionError("联系方式：未登录时请留下电话或电子邮箱，用于答复（不公开）")
        received_on = received_on or timezone.localdate()
        try:
            due = source_due or add_workdays(received_on, channel.limit_workdays)
        except OutOfCalendar:
            raise InteractionError(f"收到日期：{received_on:%Y-%m-%d} 不在工作日历覆盖的年份内") from None
        code = secrets.token_hex(6).upper()
        department_id = drafting_department(document) if channel.handled_by == Channel.HandledBy.DRAFTING else None
        routed = department_id is not None
        try:
            with transaction.atomic():
                counters = MessageCounter.objects.select_for_update()
                counter, _ = counters.get_or_create(agency=agency, year=received_on.year)
                counter.last += 1
                counter.save(update_fields=["last"])
                message = cls.objects.create(
                    agency=agency, channel=channel, number=f"LY-{agency.code}-{received_on.year}-{counter.last:05d}",
                    query_code_hash=_hash(code), subject=subject.strip(), text=text.strip(),
                    private_text=private_text.strip(), consent=consent,
                    name=(user.display_name if signed_in else name)[:60],
                    phone=(phone or (user.phone if signed_in else ""))[:30],
                    email=(email or (user.email if signed_in else ""))[:254], user=user if signed_in else None,
                    document=document, department_id=department_id,
                    state=cls.State.ACCEPTED if routed else cls.State.RECEIVED, received_on=received_on, due=due,
                    source=source, source_id=source_id, kb_seen=kb_seen,
                )  # fmt: skip
                MessageStatusChange.objects.create(message=message, old="", new=message.state, actor_name=
                                                   "系统（按政策起草处室分办）" if routed else "留言人")  # fmt: skip
                audit.record("公众" if source == "portal" else source, "interaction.submitted", message,
                             {"channel": channel.code, "source": source})  # fmt: skip
        except IntegrityError:  # the same source id posted twice at once
            existing = cls.objects.filter(source=source, source_id=source_id).first()
            if existing is None:
                raise
            return existing, None
        return message, code

    # -- handling -----------------------------------------------------------------------------------
    def _move(self, new: str, *, by, reason: str = "", fields=()) -> None:
        old, self.state = self.state, new
        self.save(update_fields=["state", *fields])
        MessageStatusChange.objects.create(message=self, old=old, new=new, actor_name=actor_name(by), reason=reason)
        audit.record(by, f"interaction.{new}", self, {"reason": reason})

    def _expect(self, *states: str, doing: str) -> None:
        if self.state not in states:
            raise InteractionError(f"{doing}：留言当前为“{self.get_state_display()}”，不能{doing}")

    def accept(self, *, by, department: Department | None = None) -> None:
        self._expect(self.State.RECEIVED, doing="受理")
        with transaction.atomic():
            self.department = department
            self._move(self.State.ACCEPTED, by=by, reason=department.name if department else "", fields=["department"])

    def assign(self, *, by, department: Department) -> None:
        """分办 to a department of the agency (which drafts the reply)."""
        self._expect(self.State.ACCEPTED, self.State.DRAFTED, doing="分办")
        if department.agency_id != self.agency_id:
            raise InteractionError("承办处室：只能分办给本机关的处室；其他机关请用“转办”")
        with transaction.atomic():
            self.department = department
            self.save(update_fields=["department"])
            MessageStatusChange.objects.create(message=self, old=self.state, new=self.state, actor_name=actor_name(by),
                                               reason=f"分办至{department.name}")  # fmt: skip
            audit.record(by, "interaction.assigned", self, {"department": department.name})

    def transfer(self, *, by, to: Agency, reason: str) -> None:
        """转办 to the agency responsible; it becomes theirs when they accept it."""
        self._expect(self.State.RECEIVED, self.State.ACCEPTED, doing="转办")
        if to.pk == self.agency_id:
            raise InteractionError("转办机关：不能转给本机关")
        if not reason.strip():
            raise InteractionError("转办理由：必须填写（如“属于区教育局职责”）")
        with transaction.atomic():
            self.transfer_to, self.transfer_reason = to, reason.strip()[:300]
            self._move(self.State.TRANSFERRING, by=by, reason=f"转至{to.name}：{reason.strip()}",
                       fields=["transfer_to", "transfer_reason"])  # fmt: skip

    def answer_transfer(self, *, by, accept: bool, reason: str = "") -> None:
        """The receiving agency accepts (the message becomes theirs, its deadline unchanged) or declines."""
        self._expect(self.State.TRANSFERRING, doing="接收转办")
        if not accept and not reason.strip():
            raise InteractionError("退回理由：不接收转办必须说明理由")
        with transaction.atomic():
            if accept and self.transfer_to is not None:
                self.agency, self.department = self.transfer_to, None
                self._move(self.State.RECEIVED, by=by, reason=f"{self.agency.name}接收转办",
                           fields=["agency", "department"])  # fmt: skip
            else:
                self.transfer_to = None
                self._move(self.State.ACCEPTED, by=by, reason=f"对方未接收：{reason.strip()}", fields=["transfer_to"])

    def convert(self, *, by, kind: str, reason: str) -> None:
        """Not a message for this channel: a disclosure request, a complaint (信访) — told to the citizen
        with the reason and the way to go, and counted as such."""
        self._expect(self.State.RECEIVED, self.State.ACCEPTED, doing="转出")
        if kind not in self.Conversion.values:
            raise InteractionError("转出类别：请选择政府信息公开申请、信访投诉或其他渠道")
        if not reason.strip():
            raise InteractionError("转出理由：必须填写，并告知留言人办理渠道")
        with transaction.atomic():
            self.conversion, self.conversion_reason = kind, reason.strip()
            self.replied_on = timezone.localdate()
            self._move(self.State.CONVERTED, by=by, reason=reason.strip(),
                       fields=["conversion", "conversion_reason", "replied_on"])  # fmt: skip
        self._tell(f"您的留言 {self.number} 已转出办理：{self.get_conversion_display()}。{reason.strip()}")

    def draft(self, *, by, text: str) -> None:
        self._expect(self.State.ACCEPTED, doing="起草答复")
        if not text.strip():
            raise InteractionError("答复内容：必须填写")
        if len(text) > 5000:
            raise InteractionError("答复内容：不能超过 5000 个字")
        with transaction.atomic():
            self.reply, self.return_note = text.strip(), ""
            self._move(self.State.DRAFTED, by=by, fields=["reply", "return_note"])

    def review(self, *, by, approve: bool, note: str = "", reply: str | None = None) -> None:
        """The office approves the reply (it goes to the citizen) or returns it with a note."""
        self._expect(self.State.DRAFTED, doing="审核")
        if not approve and not note.strip():
            raise InteractionError("退回意见：退回修改必须写明意见")
        with transaction.atomic():
            if approve:
                if reply is not None and reply.strip():
                    self.reply = reply.strip()
                self.replied_on = timezone.localdate()
                self._move(self.State.REPLIED, by=by, reason=note.strip(), fields=["reply", "replied_on"])
            else:
                self.return_note = note.strip()[:300]
                self._move(self.State.ACCEPTED, by=by, reason=f"退回：{note.strip()}", fields=["return_note"])
        if approve:
            self._tell(f"您的留言 {self.number} 已答复，请凭留言编号和查询码查看并评价。")

    def _tell(self, text: str) -> None:
        if self.email:
            send_mail(f"【{self.channel.name}】{self.subject[:40]}", text, None, [self.email])

    def rate(self, *, rating: str, note: str = "") -> None:
        """The citizen's rating once replied; the message is then closed."""
        self._expect(self.State.REPLIED, doing="评价")
        if rating not in self.Rating.values:
            raise InteractionError("满意度：请选择满意、基本满意或不满意")
        if len(note) > 300:
            raise InteractionError("评价说明：不能超过 300 个字")
        with transaction.atomic():
            self.rating, self.rating_note = rating, note.strip()
            self._move(
                self.State.CLOSED, by="留言人", reason=self.get_rating_display(), fields=["rating", "rating_note"]
            )

    def close(self, *, by) -> None:
        """Closed by the office once replied (the citizen did not rate within the period)."""
        self._expect(self.State.REPLIED, doing="办结")
        self._move(self.State.CLOSED, by=by)

    def supervise(self, *, by, note: str) -> None:
        """督办: flagged by the office head or the district office, the handlers told."""
        if self.state not in self.OPEN:
            raise InteractionError("督办：只能督办未办结的留言")
        if not note.strip():
            raise InteractionError("督办意见：必须填写")
        with transaction.atomic():
            self.supervised, self.supervise_note = True, note.strip()[:300]
            self.save(update_fields=["supervised", "supervise_note"])
            MessageStatusChange.objects.create(message=self, old=self.state, new=self.state, actor_name=actor_name(by),
                                               reason=f"督办：{note.strip()}")  # fmt: skip
            audit.record(by, "interaction.supervised", self, {"note": note})

    # -- 选登 ------------------------------------------------------------------------------------------
    def publication_preview(self, text: str | None = None, reply: str | None = None) -> tuple[str, str, int]:
        """What 选登 would show: the message and the reply masked (the private part never included), and
        how many pieces of personal data were taken out."""
        shown, a = mask_personal((text if text is not None else self.text).strip())
        answer, b = mask_personal((reply if reply is not None else self.reply).strip())
        return shown, answer, a + b

    def publish(self, *, by, text: str | None = None, reply: str | None = None) -> None:
        if not self.consent:
            raise InteractionError("选登：留言人未同意公开，不能选登")
        if self.state not in (self.State.REPLIED, self.State.CLOSED):
            raise InteractionError("选登：只能选登已答复的留言")
        if not self.channel.publish_replies:
            raise InteractionError(f"选登：“{self.channel.name}”渠道不选登答复")
        if self.private_text and text and self.private_text in text:
            raise InteractionError("选登留言：不能包含留言人标明不公开的内容")
        shown, answer, _ = self.publication_preview(text, reply)
        with transaction.atomic():
            self.public_text, self.public_reply, self.published_at = shown, answer, timezone.now()
            self.save(update_fields=["public_text", "public_reply", "published_at"])
            audit.record(by, "interaction.published", self, {})

    def unpublish(self, *, by) -> None:
        with transaction.atomic():
            self.public_text, self.public_reply, self.published_at = "", "", None
            self.save(update_fields=["public_text", "public_reply", "published_at"])
            audit.record(by, "interaction.unpublished", self, {})


def drafting_department(document) -> int | None:
    """The department that drafted a policy: the one recorded on it, else its drafter's."""
    if document is None:
        return None
    if document.department_id:
        return document.department_id
    drafter = document.drafter
    return drafter.department_id if drafter is not None and drafter.department_id else None


_UNREADABLE = re.compile("[\x00\ud800-\udfff]")


def _check_text(subject: str, text: str, private_text: str) -> None:
    for label, value in (("标题", subject), ("留言内容", text), ("不公开的内容", private_text)):
        if _UNREADABLE.search(value):
            raise InteractionError(f"{label}：含有无法识别的字符")
    if not subject.strip():
        raise InteractionError("标题：必须填写")
    if len(subject) > 100:
        raise InteractionError("标题：不能超过 100 个字")
    if not text.strip():
        raise InteractionError("留言内容：必须填写")
    if len(text) > periods.MESSAGE_MAX_CHARS:
        raise InteractionError(f"留言内容：不能超过 {periods.MESSAGE_MAX_CHARS} 个字（现为 {len(text)} 个字）")
    if len(private_text) > 1000:
        raise InteractionError("不公开的内容：不能超过 1000 个字")


class MessageStatusChange(StatusRow):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="status_changes")
    LABELS = dict(Message.State.choices)

    class Meta:
        ordering = ["message", "at", "id"]


class MessageReminder(models.Model):
    """Marks a deadline reminder as sent (accounts.notify_once)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="+")
    days_before = models.SmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "days_before"], name="message_reminder_once")]

    def __str__(self):
        return f"{self.message_id} {self.days_before}"
