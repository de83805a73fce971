"""Public representatives at decision meetings (列席): a call for applicants, selection by category with
its rules recorded, invitations, attendance per meeting, the representatives' opinions and the replies,
and the year's count against the work plan's target (the district government: at least 4 meetings a
year with 市民代表, 小微企业 and 民营企业 representatives — a work-plan requirement, not law)."""

from __future__ import annotations

import datetime

from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import ScopedQuerySet
from gongkai.audit.models import StatusRow, actor_name
from gongkai.decisions.models.process import DecisionError
from gongkai.lib.masking import mask_name, mask_personal

# The categories Shanghai's work plans name for 列席 (spec §3.2; the plans: “邀请市民代表、小微企业和民营企业
# 代表列席区政府常务会议”).
CATEGORIES = {
    "citizen": "市民代表",
    "small": "小微企业代表",
    "private": "民营企业代表",
    "expert": "专家学者",
    "other": "其他利益相关方",
}


class MeetingQuerySet(ScopedQuerySet["Meeting"]):
    def public(self):
        return self.all()

    def held_in(self, agency, year: int):
        """Meetings of the year at which at least one public representative attended."""
        return self.filter(agency=agency, state=Meeting.State.HELD, held_on__year=year,
                           representatives__state=Representative.State.ATTENDED).distinct()  # fmt: skip


class Meeting(models.Model):
    class State(models.TextChoices):
        CALLING = "calling", "征集中"
        SELECTED = "selected", "已确定列席人员"
        HELD = "held", "已举行"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="decision_meetings")
    entry = models.ForeignKey("decisions.Entry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField("会议", max_length=200)  # 区政府第N次常务会议
    held_on = models.DateField("会议日期")
    apply_by = models.DateField("报名截止日期")
    call_text = models.TextField("征集公告")
    seats = models.JSONField("各类别名额", default=dict)
    rules = models.TextField("遴选规则", blank=True)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.CALLING)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "公众代表列席"
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:meeting", args=[self.pk])

    @property
    def seat_labels(self) -> list[tuple[str, int]]:
        return [(CATEGORIES[c], n) for c, n in self.seats.items() if c in CATEGORIES and n]

    def accepting(self, today: datetime.date | None = None) -> bool:
        return self.state == self.State.CALLING and (today or timezone.localdate()) <= self.apply_by

    @classmethod
    def call(cls, agency, *, by, title: str, held_on: datetime.date, apply_by: datetime.date, call_text: str,
             seats: dict[str, int], entry=None) -> Meeting:  # fmt: skip
        """Publish a call for public representatives to attend a decision meeting."""
        if not title.strip() or not call_text.strip():
            raise DecisionError("会议名称和征集公告：必须填写")
        if apply_by > held_on:
            raise DecisionError("报名截止日期：不能晚于会议日期")
        seats = {c: int(n) for c, n in seats.items() if int(n or 0) > 0}
        unknown = [c for c in seats if c not in CATEGORIES]
        if unknown or not seats:
            raise DecisionError("各类别名额：至少为一个类别（市民代表、小微企业代表、民营企业代表等）设定名额")
        with transaction.atomic():
            meeting = cls.objects.create(agency=agency, entry=entry, title=title.strip(), held_on=held_on,
                                         apply_by=apply_by, call_text=call_text.strip(), seats=seats)  # fmt: skip
            MeetingStatusChange.objects.create(
                meeting=meeting, old="", new=cls.State.CALLING, actor_name=actor_name(by)
            )
            audit.record(by, "decision.meeting_called", meeting, {"held_on": str(held_on)})
        return meeting

    def _move(self, new: str, *, by, reason: str = "", fields=()) -> None:
        old, self.state = self.state, new
        self.save(update_fields=["state", *fields])
        MeetingStatusChange.objects.create(meeting=self, old=old, new=new, actor_name=actor_name(by), reason=reason)
        audit.record(by, f"decision.meeting_{new}", self, {"reason": reason})

    def apply(self, *, name: str, category: str, contact: str, intro: str = "") -> Representative:
        """An application from the public (the portal form): name, category, how to reach them (private)."""
        if not self.accepting():
            raise DecisionError(f"报名：报名已于{self.apply_by:%Y年%-m月%-d日}截止")
        if category not in self.seats:
            raise DecisionError("类别：本次会议不征集该类别的代表")
        if not name.strip() or len(name.strip()) > 60:
            raise DecisionError("姓名：必须填写，不超过 60 个字")
        if not contact.strip() or len(contact) > 100:
            raise DecisionError("联系方式：必须填写手机号或电子邮箱（不公开）")
        if len(intro) > 1000:
            raise DecisionError("个人简介：不能超过 1000 个字")
        with transaction.atomic():
            rep = Representative.objects.create(
                meeting=self, name=name.strip(), category=category, contact=contact.strip(), intro=intro.strip()
            )
            audit.record("公众", "decision.meeting_applied", self, {"representative": rep.pk, "category": category})
        return rep

    def nominate(self, *, by, name: str, category: str, contact: str, note: str = "") -> Representative:
        """A representative put forward other than through the portal (recommended by a 街道, a chamber of
        commerce, a people's congress deputy), entered by the office before selection."""
        if self.state != self.State.CALLING:
            raise DecisionError("列席人员已经确定，不能再添加")
        if category not in self.seats:
            raise DecisionError("类别：本次会议不征集该类别的代表")
        if not name.strip() or not contact.strip():
            raise DecisionError("姓名和联系方式：必须填写")
        with transaction.atomic():
            rep = Representative.objects.create(meeting=self, name=name.strip()[:60], category=category,
                                                contact=contact.strip()[:100], intro=note.strip())  # fmt: skip
            audit.record(by, "decision.meeting_nominated", self, {"representative": rep.pk, "category": category})
        return rep

    def select(self, *, by, chosen, rules: str) -> int:
        """Select representatives within each category's seats, recording the rules used; the chosen are
        invited (by e-mail when they left one). Returns how many were invited."""
        if self.state != self.State.CALLING:
            raise DecisionError("列席人员已经确定")
        if not rules.strip():
            raise DecisionError("遴选规则：必须写明（如“按报名先后、兼顾行业和区域，随机抽取”）")
        chosen_ids = {int(pk) for pk in chosen}
        reps = list(self.representatives.all())
        picked = [r for r in reps if r.pk in chosen_ids]
        if not picked:
            raise DecisionError("列席人员：至少选定一人")
        for category, seats in self.seats.items():
            n = sum(1 for r in picked if r.category == category)
            if n > seats:
                raise DecisionError(f"列席人员：{CATEGORIES[category]}名额为 {seats} 人，选定了 {n} 人")
        now = timezone.now()
        with transaction.atomic():
            for r in reps:
                r.state = Representative.State.INVITED if r in picked else Representative.State.NOT_SELECTED
                r.invited_at = now if r in picked else None
                r.save(update_fields=["state", "invited_at"])
            self.rules = rules.strip()
            self._move(self.State.SELECTED, by=by, reason=self.rules, fields=["rules"])
        for r in picked:
            if "@" in r.contact:
                send_mail(f"【列席邀请】{self.title}",
                          f"{r.name}：您已被选为{CATEGORIES[r.category]}，邀请您于{self.held_on:%Y年%-m月%-d日}列席{self.title}。",
                          None, [r.contact])  # fmt: skip
        return len(picked)

    def record_attendance(self, *, by, attended) -> None:
        """Who of the invited attended; the meeting counts toward the year's target if anyone did."""
        if self.state != self.State.SELECTED:
            raise DecisionError("须先确定列席人员")
        if self.held_on > timezone.localdate():
            raise DecisionError(f"会议日期：会议（{self.held_on:%Y-%m-%d}）尚未举行")
        ids = {int(pk) for pk in attended}
        with transaction.atomic():
            for r in self.representatives.filter(state=Representative.State.INVITED):
                r.state = Representative.State.ATTENDED if r.pk in ids else Representative.State.ABSENT
                r.save(update_fields=["state"])
            self._move(self.State.HELD, by=by, reason=f"列席 {len(ids)} 人")


class MeetingStatusChange(StatusRow):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="status_changes")
    LABELS = dict(Meeting.State.choices)

    class Meta:
        ordering = ["meeting", "at", "id"]


class Representative(models.Model):
    class State(models.TextChoices):
        APPLIED = "applied", "已报名"
        INVITED = "invited", "已邀请"
        NOT_SELECTED = "not_selected", "未入选"
        ATTENDED = "attended", "已列席"
        ABSENT = "absent", "未出席"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="representatives")
    name = models.CharField("姓名", max_length=60)
    category = models.CharField("类别", max_length=12, choices=list(CATEGORIES.items()))
    contact = models.CharField("联系方式", max_length=100)  # never public
    intro = models.TextField("个人简介", blank=True)  # never public
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.APPLIED)
    invited_at = models.DateTimeField(null=True, blank=True)
    opinion = models.TextField("列席意见", blank=True)
    reply = models.TextField("答复", blank=True)
    applied_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "category", "applied_at", "id"]

    def __str__(self):
        return self.name

    @property
    def public_name(self) -> str:
        return mask_name(self.name)

    @property
    def public_opinion(self) -> str:
        return mask_personal(self.opinion)[0]

    def record_opinion(self, *, by, opinion: str, reply: str) -> None:
        """What the representative said at the meeting and the body's reply (both published)."""
        if self.state != self.State.ATTENDED:
            raise DecisionError("列席意见：只能为已列席的代表登记")
        if not opinion.strip() or not reply.strip():
            raise DecisionError("列席意见和答复：都必须填写")
        with transaction.atomic():
            self.opinion, self.reply = opinion.strip(), reply.strip()
            self.save(update_fields=["opinion", "reply"])
            audit.record(by, "decision.meeting_opinion", self.meeting, {"representative": self.pk})
