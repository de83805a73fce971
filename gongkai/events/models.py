"""政府开放活动 and the 政务公开专区: topics the public votes on, open events with registration (capacity, a
waitlist that promotes by itself), check-in at the door, questionnaires for the participants; and each body's
专区 with its reading-room catalogue and visitor log.

No overbooking, whatever the database and however many register at once: a confirmed registration holds a
numbered seat (1 … capacity) with a unique constraint per event; two people taking the last seat at the
same moment cannot both get it — the second insert fails and that person goes on the waitlist.
"""

from __future__ import annotations

import datetime
import secrets
import time

from django.core.mail import send_mail
from django.db import IntegrityError, OperationalError, models, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency, User, notify
from gongkai.accounts.permissions import ScopedQuerySet
from gongkai.audit.models import StatusRow, actor_name
from gongkai.documents.models import Document
from gongkai.lib.errors import Refused


class EventError(Refused):
    """A step on a poll, an event, a registration or a survey the rules refuse (field: rule)."""


# -- topic solicitation ------------------------------------------------------------------------------
class PollQuerySet(ScopedQuerySet["Poll"]):
    def public(self):
        return self.all()


class Poll(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="event_polls")
    title = models.CharField("征集主题", max_length=100)
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")

    objects = PollQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-id"]

    def __str__(self):
        return self.title

    def is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def vote(self, topic: Topic, *, user) -> None:
        """One vote per account per poll."""
        if not getattr(user, "is_authenticated", False) or user.is_agency_staff:
            raise EventError("投票：请用公众账号登录后投票")
        if not self.is_open():
            raise EventError(f"投票：投票期为{self.opens_on:%Y-%m-%d}至{self.closes_on:%Y-%m-%d}")
        if topic.poll_id != self.pk:
            raise EventError("主题：不属于本次征集")
        try:
            with transaction.atomic():
                Vote.objects.create(poll=self, topic=topic, user=user)
        except IntegrityError:
            raise EventError("投票：每个账号只能投一票") from None


class Topic(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField("主题", max_length=100)
    description = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        ordering = ["poll", "id"]

    def __str__(self):
        return self.title


class Vote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="one_vote_per_poll")]

    def __str__(self):
        return f"{self.topic_id} {self.user_id}"


# -- events ------------------------------------------------------------------------------------------
class EventQuerySet(ScopedQuerySet["Event"]):
    def public(self):
        return self.exclude(state=Event.State.DRAFT)


class Event(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "筹备中"
        OPEN = "open", "报名中"
        CANCELLED = "cancelled", "已取消"
        HELD = "held", "已举办"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="open_events")
    title = models.CharField("活动", max_length=100)
    kind = models.CharField("形式", max_length=20, default="开放日")  # 开放日、政策解读、体验活动、座谈交流 …
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=200)
    map_url = models.URLField("地图链接", blank=True)
    capacity = models.PositiveIntegerField("名额")
    audience = models.CharField("面向", max_length=100, default="社会公众")
    programme = models.TextField("活动安排", blank=True)
    closes_at = models.DateTimeField("报名截止")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "政府开放活动"
        ordering = ["-starts_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def confirmed(self):
        return self.registrations.filter(state__in=[Registration.State.CONFIRMED, Registration.State.ATTENDED])

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.confirmed.count())

    def accepting(self, now: datetime.datetime | None = None) -> bool:
        return self.state == self.State.OPEN and (now or timezone.now()) <= self.closes_at

    @classmethod
    def plan(
        cls,
        agency,
        *,
        by,
        title: str,
        starts_at,
        ends_at,
        place: str,
        capacity: int,
        closes_at,
        kind: str = "开放日",
        audience: str = "社会公众",
        programme: str = "",
        map_url: str = "",
    ) -> Event:
        if not title.strip() or not place.strip():
            raise EventError("活动和地点：必须填写")
        if ends_at <= starts_at:
            raise EventError("结束时间：须晚于开始时间")
        if closes_at > starts_at:
            raise EventError("报名截止：不能晚于活动开始")
        if not 1 <= capacity <= 5000:
            raise EventError("名额：须在 1—5000 之间")
        with transaction.atomic():
            event = cls.objects.create(
                agency=agency,
                title=title.strip(),
                starts_at=starts_at,
                ends_at=ends_at,
                place=place.strip(),
                capacity=capacity,
                closes_at=closes_at,
                kind=kind,
                audience=audience,
                programme=programme,
                map_url=map_url,
            )
            EventStatusChange.objects.create(event=event, old="", new=cls.State.DRAFT, actor_name=actor_name(by))
            audit.record(by, "event.planned", event, {})
        return event

    def _move(self, new: str, *, by, reason: str = "") -> None:
        old, self.state = self.state, new
        self.save(update_fields=["state"])
        EventStatusChange.objects.create(event=self, old=old, new=new, actor_name=actor_name(by), reason=reason)
        audit.record(by, f"event.{new}", self, {"reason": reason})

    def publish(self, *, by) -> None:
        if self.state != self.State.DRAFT:
            raise EventError("活动已经发布")
        with transaction.atomic():
            self._move(self.State.OPEN, by=by)

    def cancel(self, *, by, reason: str) -> int:
        """Cancel the event; everyone registered is told. Returns how many."""
        if self.state not in (self.State.DRAFT, self.State.OPEN):
            raise EventError("活动已结束或已取消")
        if not reason.strip():
            raise EventError("取消理由：必须填写")
        people = list(self.registrations.exclude(state=Registration.State.CANCELLED))
        with transaction.atomic():
            self._move(self.State.CANCELLED, by=by, reason=reason.strip())
        for r in people:
            r.tell(f"很抱歉，“{self.title}”已取消：{reason.strip()}")
        return len(people)

    def finish(self, *, by) -> None:
        if self.state != self.State.OPEN or timezone.now() < self.starts_at:
            raise EventError("活动尚未开始，不能登记为已举办")
        with transaction.atomic():
            self._move(
                self.State.HELD,
                by=by,
                reason=f"签到 {self.registrations.filter(state=Registration.State.ATTENDED).count()} 人",
            )

    def register(self, *, name: str, phone: str, email: str = "", user=None) -> Registration:
        """A place if one is free (a numbered seat), else the waitlist; one registration per phone or account."""
        if not self.accepting():
            raise EventError("报名：活动不在报名期内")
        name, phone = name.strip(), phone.strip()
        if not name or len(name) > 40:
            raise EventError("姓名：必须填写，不超过 40 个字")
        if not (phone.isdigit() and 7 <= len(phone) <= 15):
            raise EventError("手机号：请填写有效的电话号码（数字）")
        user = (
            user if user is not None and getattr(user, "is_authenticated", False) and not user.is_agency_staff else None
        )
        made = None
        for attempt in range(20):
            try:
                made = self._take_place(name, phone, email, user)
                break
            except IntegrityError:  # someone took that seat (or registered that phone) at the same moment
                continue
            except OperationalError:  # SQLite: another registration is writing; wait a moment and look again
                time.sleep(0.02 * (attempt + 1))
        if made is None:
            raise EventError("报名：报名人数较多，请稍后再试")
        made.tell(made.confirmation_text())
        return made

    def _take_place(self, name: str, phone: str, email: str, user) -> Registration:
        """One attempt: a free seat (the lowest number) or the end of the waitlist, in one transaction."""
        with transaction.atomic():
            active = self.registrations.exclude(state=Registration.State.CANCELLED)
            if active.filter(phone=phone).exists() or (user and active.filter(user=user).exists()):
                raise EventError("报名：该手机号或账号已经报名")
            taken = set(self.registrations.filter(seat__isnull=False).values_list("seat", flat=True))
            free = next((n for n in range(1, self.capacity + 1) if n not in taken), None)
            fields = {"event": self, "name": name, "phone": phone, "email": email.strip()[:254], "user": user}
            if free is None:
                position = (self.registrations.aggregate(n=Max("position"))["n"] or 0) + 1
                made = Registration.objects.create(**fields, state=Registration.State.WAITLISTED, position=position)
            else:
                made = Registration.objects.create(**fields, seat=free)
            audit.record("公众", "event.registered", self, {"registration": made.pk, "state": made.state})
        return made

    def promote(self) -> Registration | None:
        """The first on the waitlist takes a free seat, and is told."""
        taken = set(self.registrations.filter(seat__isnull=False).values_list("seat", flat=True))
        free = next((n for n in range(1, self.capacity + 1) if n not in taken), None)
        first = self.registrations.filter(state=Registration.State.WAITLISTED).order_by("position", "id").first()
        if free is None or first is None:
            return None
        try:
            with transaction.atomic():
                Registration.objects.filter(pk=first.pk, state=Registration.State.WAITLISTED).update(
                    state=Registration.State.CONFIRMED, seat=free, position=None
                )
                audit.record("系统", "event.promoted", self, {"registration": first.pk})
        except IntegrityError:
            return None
        first.refresh_from_db()
        first.tell(f"候补成功：您已获得“{self.title}”的名额。{first.confirmation_text()}")
        return first


class EventStatusChange(StatusRow):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="status_changes")
    LABELS = dict(Event.State.choices)

    class Meta:
        ordering = ["event", "at", "id"]


def _code() -> str:
    return "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))


class Registration(models.Model):
    class State(models.TextChoices):
        CONFIRMED = "confirmed", "报名成功"
        WAITLISTED = "waitlisted", "候补"
        CANCELLED = "cancelled", "已取消"
        ATTENDED = "attended", "已签到"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField("姓名", max_length=40)
    phone = models.CharField("手机号", max_length=15)
    email = models.EmailField(blank=True)
    code = models.CharField("签到码", max_length=8, unique=True, default=_code)
    state = models.CharField(max_length=12, choices=State.choices, default=State.CONFIRMED)
    seat = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(null=True, blank=True)  # on the waitlist
    created_at = models.DateTimeField(default=timezone.now)
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "seat"], condition=models.Q(seat__isnull=False), name="one_person_per_seat"
            ),
            models.UniqueConstraint(
                fields=["event", "phone"], condition=~models.Q(state="cancelled"), name="one_registration_per_phone"
            ),
        ]

    def __str__(self):
        return f"{self.event_id} {self.code}"

    def confirmation_text(self) -> str:
        if self.state == self.State.WAITLISTED:
            return f"您已进入“{self.event.title}”的候补名单（第 {self.position} 位），有名额时将通知您。"
        return (
            f"“{self.event.title}”报名成功。时间：{timezone.localtime(self.event.starts_at):%Y年%-m月%-d日 %H:%M}，"
            f"地点：{self.event.place}。签到码：{self.code}。"
        )

    def tell(self, text: str) -> None:
        if self.user_id:
            notify(self.user, text, f"/events/registrations/{self.code}/")
        if self.email:
            send_mail(f"【政府开放活动】{self.event.title[:40]}", text, None, [self.email])

    def cancel(self) -> None:
        """The participant cancels; the seat goes to the first on the waitlist."""
        if self.state not in (self.State.CONFIRMED, self.State.WAITLISTED):
            raise EventError("取消：该报名已取消或已签到")
        with transaction.atomic():
            Registration.objects.filter(pk=self.pk).update(state=self.State.CANCELLED, seat=None, position=None)
            audit.record("公众", "event.registration_cancelled", self.event, {"registration": self.pk})
        self.refresh_from_db()
        self.event.promote()

    def check_in(self, *, by) -> None:
        if self.state == self.State.ATTENDED:
            raise EventError(f"签到：{self.name}已于{timezone.localtime(self.checked_in_at):%H:%M}签到")
        if self.state != self.State.CONFIRMED:
            raise EventError(f"签到：该报名为“{self.get_state_display()}”，不能签到")
        with transaction.atomic():
            self.state, self.checked_in_at = self.State.ATTENDED, timezone.now()
            self.save(update_fields=["state", "checked_in_at"])
            audit.record(by, "event.checked_in", self.event, {"registration": self.pk})


class EventReminder(models.Model):
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return str(self.registration_id)


# -- questionnaires ----------------------------------------------------------------------------------
class Survey(models.Model):
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="survey")
    title = models.CharField("问卷", max_length=100)
    open = models.BooleanField("开放填写", default=True)

    def __str__(self):
        return self.title

    @classmethod
    def add_question(cls, event: Event, *, by, kind: str, text: str, options: list[str], required: bool) -> Question:
        """A question of the event's questionnaire (the questionnaire is made with the first one)."""
        if kind not in Question.Kind.values:
            raise EventError("题型：请选择单选、多选、评分或文字")
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(options) < 2:
            raise EventError("选项：单选、多选题至少两个选项")
        with transaction.atomic():
            survey, _ = cls.objects.get_or_create(event=event, defaults={"title": f"“{event.title}”满意度调查"})
            position = survey.questions.count() + 1
            question = Question.objects.create(survey=survey, kind=kind, text=text, options=options,
                                               required=required, position=position)  # fmt: skip
            audit.record(by, "event.question_added", event, {"question": question.pk})
        return question

    def answer(self, registration: Registration, answers: dict[int, object]) -> Response:
        """Answers from a participant who checked in, once."""
        if registration.event_id != self.event_id or registration.state != Registration.State.ATTENDED:
            raise EventError("问卷：只有签到参加活动的人可以填写")
        if not self.open:
            raise EventError("问卷：已停止填写")
        rows = []
        for q in self.questions.all():
            value = answers.get(q.pk)
            rows.append((q, q.checked(value)))
        try:
            with transaction.atomic():
                response = Response.objects.create(survey=self, registration=registration)
                Answer.objects.bulk_create(
                    Answer(response=response, question=q, value=v) for q, v in rows if v not in (None, "", [])
                )
        except IntegrityError:
            raise EventError("问卷：您已经填写过") from None
        return response


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "单选"
        MULTIPLE = "multiple", "多选"
        RATING = "rating", "评分（1—5）"
        TEXT = "text", "文字"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.CharField("题目", max_length=200)
    options = models.JSONField("选项", default=list, blank=True)
    required = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["survey", "position", "id"]

    def __str__(self):
        return self.text

    def checked(self, value):
        label = f"第{self.position}题“{self.text[:20]}”"
        if value in (None, "", []):
            if self.required:
                raise EventError(f"{label}：必须回答")
            return None
        if self.kind == self.Kind.SINGLE:
            if value not in self.options:
                raise EventError(f"{label}：请在选项中选择")
            return value
        if self.kind == self.Kind.MULTIPLE:
            values = value if isinstance(value, list) else [value]
            if any(v not in self.options for v in values):
                raise EventError(f"{label}：请在选项中选择")
            return values
        if self.kind == self.Kind.RATING:
            if str(value) not in {"1", "2", "3", "4", "5"}:
                raise EventError(f"{label}：请打 1—5 分")
            return int(value)
        text = str(value).strip()
        if len(text) > 1000:
            raise EventError(f"{label}：不能超过 1000 个字")
        return text


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="response")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return str(self.registration_id)


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField()

    def __str__(self):
        return str(self.value)


# -- 政务公开专区 ----------------------------------------------------------------------------------------
class ZoneQuerySet(ScopedQuerySet["Zone"]):
    def public(self):
        return self.all()


class Zone(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="zones")
    name = models.CharField("名称", max_length=100)
    address = models.CharField("地址", max_length=200)
    hours = models.CharField("开放时间", max_length=100)
    services = models.CharField("服务", max_length=300, default="查阅政府信息、提交政府信息公开申请、留言咨询")

    objects = ZoneQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "政务公开专区"
        ordering = ["agency__sort_order", "name"]

    def __str__(self):
        return self.name

    def log_visit(self, *, by, purpose: str, people: int) -> Visit:
        """A visit at the 专区 window (查阅、申请、咨询、其他)."""
        if purpose not in ("查阅", "申请", "咨询", "其他"):
            raise EventError("事由：请选择查阅、申请、咨询或其他")
        if not 1 <= people <= 200:
            raise EventError("人数：须在 1—200 之间")
        with transaction.atomic():
            visit = Visit.objects.create(zone=self, purpose=purpose, people=people, actor_name=actor_name(by))
            audit.record(by, "event.visit_logged", self, {"purpose": purpose, "people": people})
        return visit


class ReadingItem(models.Model):
    """What the reading room keeps: a library item, printed or on the terminal."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="reading")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    printed = models.BooleanField("纸质", default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["zone", "document"], name="reading_once")]

    def __str__(self):
        return str(self.document_id)


class Visit(models.Model):
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="visits")
    on = models.DateField("日期", default=timezone.localdate)
    people = models.PositiveSmallIntegerField("人数", default=1)
    purpose = models.CharField("事由", max_length=20)  # 查阅、申请、咨询、其他
    actor_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self):
        return f"{self.zone_id} {self.on}"
