"""Public comment on a decision's draft (公众参与) and the report of how the comments were adopted
(意见采纳情况). Rules: the comment period is generally not less than 30 days and a shorter one is explained
in the call (national 条例 art. 15); hearing notices and participant lists go out 7 days before (art. 16);
the adoption report is due a configurable number of working days after the decision (periods.py,
``COMMENT_ADOPTION``: the platform's setting, not law — spec §3.2, §8.4).

A comment is private until the body publishes it, masked (lib/masking.py). Identical comments (after
spacing and punctuation are set aside) on the same article share one group; the adoption report answers
each group once, with the count of comments in it.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import unicodedata

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx

from gongkai import audit
from gongkai.accounts.models import Agency, User
from gongkai.accounts.permissions import ScopedQuerySet
from gongkai.audit.models import StatusRow, actor_name
from gongkai.decisions.models.process import DecisionError
from gongkai.lib.masking import mask_personal
from gongkai.lib.packages import PackageRefused, inspect_package
from gongkai.workdays import add_workdays, periods, workdays_between

VERIFY_SALT = "decisions.comment.verify"


# -- splitting a draft into its articles ------------------------------------------------------------
_NUM = "一二三四五六七八九十百零〇两0-9０-９"
_ARTICLE = re.compile(rf"^\s*(第[{_NUM}]+条)[\s　]*(.*)$")
_HEADING = re.compile(rf"^\s*第[{_NUM}]+[编章节]\s")
_ITEM = re.compile(r"^\s*([一二三四五六七八九十]+、)\s*(.*)$")


def split_articles(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(preamble, [(label, text), …]): a draft cut at 第X条, or else at its top-level items 一、二、…
    (（一）and 1. stay inside their item). Fewer than two found: ([], the draft is commented on as a whole).
    A chapter heading (第X章) between articles goes with the article it introduces."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    for pattern in (_ARTICLE, _ITEM):
        if sum(1 for line in lines if pattern.match(line)) >= 2:
            break
    else:
        return text.strip(), []
    preamble: list[str] = []
    articles: list[list[str]] = []  # [label, heading + text lines…]
    heading = ""
    for line in lines:
        m = pattern.match(line)
        if m:
            articles.append([m.group(1), (heading + "\n" if heading else "") + m.group(2).strip()])
            heading = ""
        elif pattern is _ARTICLE and _HEADING.match(line):
            heading = line.strip()
        elif articles:
            articles[-1][1] += "\n" + line.strip() if line.strip() else ""
        elif line.strip():
            preamble.append(line.strip())
    return "\n".join(preamble), [(label, body.strip()) for label, body in articles]


def docx_text(data: bytes) -> str:
    """The paragraphs of a .docx draft (the package is inspected before python-docx reads it)."""
    try:
        inspect_package(data, "Word 文件")
        doc = Docx(io.BytesIO(data))
    except PackageRefused as exc:
        raise DecisionError(f"草案文件：{exc}") from None
    except Exception as exc:  # not a Word file
        raise DecisionError(f"草案文件：无法读取 Word 文件（{exc}）") from None
    return "\n".join(p.text for p in doc.paragraphs)


def group_key(article_id: int | None, text: str) -> str:
    """Comments that say the same thing on the same article: spacing, punctuation and width set aside."""
    folded = unicodedata.normalize("NFKC", text).lower()
    core = "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")
    return hashlib.blake2b(f"{article_id or 0}|{core}".encode(), digest_size=16).hexdigest()


class ConsultationQuerySet(ScopedQuerySet["Consultation"]):
    def public(self):
        """What the portal shows: every consultation once announced (open, closed, decided, reported)."""
        return self.exclude(state=Consultation.State.DRAFT)

    def open_on(self, day: datetime.date):
        return self.public().filter(starts_on__lte=day, ends_on__gte=day)


class Consultation(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "准备中"
        ANNOUNCED = "announced", "已发布"  # open between starts_on and ends_on, closed after
        DECIDED = "decided", "已作出决策"
        REPORTED = "reported", "已公布采纳情况"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="consultations")
    entry = models.ForeignKey("decisions.Entry", on_delete=models.CASCADE, related_name="consultations")
    title = models.CharField("草案名称", max_length=200)
    explanation = models.TextField("起草说明", blank=True)
    preamble = models.TextField("草案正文（条文之前）", blank=True)
    whole_only = models.BooleanField("未能分条", default=False)
    starts_on = models.DateField("征求意见开始日期")
    ends_on = models.DateField("征求意见截止日期")
    short_reason = models.TextField("期限少于30日的理由", blank=True)
    other_channels = models.TextField("其他提交方式", blank=True)  # 信函、传真…
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT)
    decided_on = models.DateField("决策日期", null=True, blank=True)
    decided_by = models.CharField("决策会议", max_length=100, blank=True)  # 区政府第N次常务会议
    report_due = models.DateField("采纳情况公布期限", null=True, blank=True)
    report_summary = models.TextField("采纳情况说明", blank=True)
    report_published_at = models.DateTimeField("采纳情况公布时间", null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "征求意见"
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:consultation", args=[self.pk])

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def is_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.state == self.State.ANNOUNCED and self.starts_on <= today <= self.ends_on

    def phase(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.state == self.State.ANNOUNCED:
            return "未开始" if today < self.starts_on else "征求意见中" if today <= self.ends_on else "征求意见已结束"
        return self.get_state_display()

    @property
    def report_on_time(self) -> bool | None:
        if self.report_due is None or self.report_published_at is None:
            return None
        return timezone.localtime(self.report_published_at).date() <= self.report_due

    def report_days_left(self, today: datetime.date | None = None) -> int | None:
        """Working days until the report is due (negative when late), while it is not published."""
        if self.report_due is None or self.report_published_at is not None:
            return None
        today = today or timezone.localdate()
        if today <= self.report_due:
            return workdays_between(today, self.report_due)
        return -workdays_between(self.report_due, today)

    # -- verbs -------------------------------------------------------------------------------------
    @classmethod
    def prepare(cls, entry, *, by, title: str, text: str, explanation: str = "", starts_on: datetime.date,
                ends_on: datetime.date, short_reason: str = "", other_channels: str = "") -> Consultation:  # fmt: skip
        """A draft for public comment, split into its articles; announced separately (``announce``)."""
        if "participation" not in entry.procedures and not entry.outside:
            raise DecisionError("决策事项：目录未对本事项列明“公众参与”程序")
        if not title.strip():
            raise DecisionError("草案名称：必须填写")
        if not text.strip():
            raise DecisionError("草案正文：必须填写或上传 .docx 文件")
        _check_period(starts_on, ends_on, short_reason)
        preamble, articles = split_articles(text)
        with transaction.atomic():
            consultation = cls.objects.create(
                agency_id=entry.catalogue.agency_id, entry=entry, title=title.strip()[:200], preamble=preamble,
                explanation=explanation.strip(), whole_only=not articles, starts_on=starts_on, ends_on=ends_on,
                short_reason=short_reason.strip(), other_channels=other_channels.strip(),
            )  # fmt: skip
            Article.objects.bulk_create(
                Article(consultation=consultation, seq=i, label=label, text=body)
                for i, (label, body) in enumerate(articles, 1)
            )
            audit.record(by, "decision.consultation_prepared", consultation, {"articles": len(articles)})
        return consultation

    def _move(self, new: str, *, by, reason: str = "", fields=()) -> None:
        old, self.state = self.state, new
        self.save(update_fields=["state", *fields])
        ConsultationStatusChange.objects.create(
            consultation=self, old=old, new=new, actor_name=actor_name(by), reason=reason
        )
        audit.record(by, f"decision.consultation_{new}", self, {"reason": reason})

    def announce(self, *, by, on: datetime.date | None = None) -> None:
        """Publish the call on the portal: the draft, its explanation, the period and how to comment. The
        entry's process records the start of public participation. ``on`` records a call published
        earlier elsewhere (the government website before the platform), on its first day at the latest."""
        if self.state != self.State.DRAFT:
            raise DecisionError("征求意见已经发布")
        today = timezone.localdate()
        if on is None and self.ends_on < today:
            raise DecisionError("征求意见截止日期：已经过去，请修改期限后再发布")
        if on is not None and (on > today or on > self.starts_on):
            raise DecisionError("发布日期：不能晚于今天，也不能晚于征求意见开始日期")
        _check_period(self.starts_on, self.ends_on, self.short_reason)
        with transaction.atomic():
            self._move(self.State.ANNOUNCED, by=by)
            note = f"《{self.title}》公开征求意见，{self.starts_on:%Y年%-m月%-d日}至{self.ends_on:%Y年%-m月%-d日}"
            self.entry.record_step(by=by, stage="participation", on=on or min(self.starts_on, today), note=note)

    def record_received(self, *, by, text: str, received_on: datetime.date, article: Article | None = None,
                        name: str = "", email: str = "") -> Comment:  # fmt: skip
        """A comment received by letter, fax or at a forum, entered by the office (to be moderated and
        answered like the others); it must have arrived within the period."""
        if self.state == self.State.DRAFT:
            raise DecisionError("征求意见尚未发布")
        if not self.starts_on <= received_on <= self.ends_on:
            raise DecisionError(f"收到日期：须在征求意见期限内（{self.starts_on:%Y-%m-%d}至{self.ends_on:%Y-%m-%d}）")
        text = text.strip()
        if not text or len(text) > periods.COMMENT_MAX_CHARS:
            raise DecisionError(f"意见内容：必须填写，不超过 {periods.COMMENT_MAX_CHARS} 个字")
        at = timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(12)))
        with transaction.atomic():
            group, _ = CommentGroup.objects.get_or_create(
                consultation=self, key=group_key(article.pk if article else None, text),
                defaults={"article": article, "text": text},
            )  # fmt: skip
            made = Comment.objects.create(consultation=self, article=article, group=group, text=text,
                                          name=name.strip()[:60], email=email.strip()[:254], created_at=at)  # fmt: skip
            audit.record(by, "decision.comment_recorded", self, {"comment": made.pk})
        return made

    def comment(self, *, text: str, article: Article | None = None, user: User | None = None, email: str = "",
                name: str = "", client: str = "") -> Comment:  # fmt: skip
        """A comment from a signed-in person or organisation, or from an e-mail address (held until the
        address is confirmed). Plain text, bounded; rate-limited by the caller (portal view)."""
        if not self.is_open():
            raise DecisionError(f"征求意见期限：{self.starts_on:%Y-%m-%d}至{self.ends_on:%Y-%m-%d}，当前不在期限内")
        text = text.strip()
        if not text:
            raise DecisionError("意见内容：必须填写")
        if len(text) > periods.COMMENT_MAX_CHARS:
            raise DecisionError(f"意见内容：不能超过 {periods.COMMENT_MAX_CHARS} 个字（现为 {len(text)} 个字）")
        if re.search(r"<\s*[a-zA-Z/!]", text):
            raise DecisionError("意见内容：只接受纯文本，不能包含 HTML 标记")
        if article is not None and article.consultation_id != self.pk:
            raise DecisionError("条文：不属于该草案")
        signed_in = user is not None and user.is_authenticated and not getattr(user, "is_agency_staff", False)
        if not signed_in:
            email = email.strip()
            if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", email):
                raise DecisionError("电子邮箱：未登录时必须填写有效的电子邮箱，用于确认意见和接收采纳情况")
        key = group_key(article.pk if article else None, text)
        with transaction.atomic():
            group, _ = CommentGroup.objects.get_or_create(
                consultation=self, key=key, defaults={"article": article, "text": text}
            )
            made = Comment.objects.create(
                consultation=self, article=article, group=group, text=text,
                user=user if signed_in else None,
                name=(user.display_name if signed_in and user else name.strip()[:60]),
                is_organisation=bool(signed_in and user and user.public_kind == "organisation"),
                email=(user.email if signed_in and user else email)[:254],
                state=Comment.State.PENDING if signed_in else Comment.State.UNVERIFIED, client=client[:64],
            )  # fmt: skip
        if not signed_in:
            token = signing.dumps(made.pk, salt=VERIFY_SALT)
            link = f"{settings.GONGKAI_SITE_URL.rstrip('/')}{reverse('portal:comment_verify', args=[token])}"
            send_mail(
                f"【征求意见】请确认您对《{self.title[:40]}》的意见",
                f"请在 {periods.COMMENT_VERIFY_HOURS} 小时内打开以下链接并点击“确认提交”，"
                f"您的意见才会进入审核：\n{link}\n"
                "如非本人提交，请忽略本邮件。",
                None, [made.email],
            )  # fmt: skip
        return made

    def record_decision(self, *, by, on: datetime.date, meeting: str) -> None:
        """The decision was taken (集体讨论决定): the adoption report falls due ``COMMENT_ADOPTION``
        working days later; the entry's process records the meeting."""
        if self.state != self.State.ANNOUNCED:
            raise DecisionError("征求意见尚未发布，或已登记决策")
        if on < self.ends_on:
            raise DecisionError(f"决策日期：不能早于征求意见截止日期（{self.ends_on:%Y-%m-%d}）")
        if on > timezone.localdate():
            raise DecisionError("决策日期：不能晚于今天")
        if not meeting.strip():
            raise DecisionError("决策会议：必须填写（如“区政府第12次常务会议”）")
        with transaction.atomic():
            self.decided_on, self.decided_by = on, meeting.strip()[:100]
            self.report_due = add_workdays(on, periods.COMMENT_ADOPTION.days)
            self._move(
                self.State.DECIDED, by=by, reason=self.decided_by, fields=["decided_on", "decided_by", "report_due"]
            )
            if "collective" in self.entry.procedures or self.entry.outside:
                self.entry.record_step(by=by, stage="collective", on=on, note=f"{self.decided_by}审议通过")

    def answer(self, group: CommentGroup, *, by, outcome: str, reason: str = "") -> None:
        """How one comment (or group of identical ones) was taken up; a reason is required when not."""
        if group.consultation_id != self.pk:
            raise DecisionError("意见：不属于该草案")
        if self.state == self.State.REPORTED:
            raise DecisionError("采纳情况已经公布，不能再修改")
        if outcome not in CommentGroup.Outcome.values:
            raise DecisionError("采纳情况：请选择采纳、部分采纳或不予采纳")
        if outcome != CommentGroup.Outcome.ADOPTED and not reason.strip():
            raise DecisionError(f"理由：{CommentGroup.Outcome(outcome).label}的意见必须说明理由")
        with transaction.atomic():
            group.outcome, group.reason = outcome, reason.strip()[:1000]
            group.save(update_fields=["outcome", "reason"])
            audit.record(by, "decision.comment_answered", self, {"group": group.pk, "outcome": outcome})

    def groups_to_answer(self):
        """Groups holding at least one confirmed comment that was not rejected as out of scope."""
        return (
            self.groups.filter(comments__state__in=Comment.COUNTED)
            .annotate(count=Count("comments", filter=Q(comments__state__in=Comment.COUNTED)))
            .select_related("article")
            .order_by("article__seq", "-count", "id")
        )

    def publish_report(self, *, by, summary: str, at: datetime.datetime | None = None) -> int:
        """Publish how comments were collected and adopted, under the entry; tell every commenter who left
        an address. Returns how many were told. ``at`` records a report published earlier elsewhere."""
        if self.state != self.State.DECIDED:
            raise DecisionError("须先登记决策（集体讨论决定）后公布意见采纳情况")
        if not summary.strip():
            raise DecisionError("采纳情况说明：必须填写（意见收集的总体情况）")
        if self.comments.filter(state=Comment.State.PENDING).exists():
            raise DecisionError("意见审核：还有待审核的意见，请先审核")
        missing = [g for g in self.groups_to_answer() if not g.outcome]
        if missing:
            raise DecisionError(f"采纳情况：还有 {len(missing)} 条（组）意见未填写采纳情况")
        if at is not None and (
            at > timezone.now() or (self.decided_on and timezone.localtime(at).date() < self.decided_on)
        ):
            raise DecisionError("公布时间：不能早于决策日期，也不能晚于现在")
        with transaction.atomic():
            self.report_summary, self.report_published_at = summary.strip(), at or timezone.now()
            self._move(self.State.REPORTED, by=by, fields=["report_summary", "report_published_at"])
            self.entry.record_step(by=by, stage="adoption", on=timezone.localtime(self.report_published_at).date(),
                                   note=f"公布《{self.title}》意见采纳情况")  # fmt: skip
        addresses = sorted(set(self.comments.filter(state__in=Comment.COUNTED).exclude(email="")
                               .values_list("email", flat=True)))  # fmt: skip
        link = f"{settings.GONGKAI_SITE_URL.rstrip('/')}{reverse('portal:decision_entry', args=[self.entry_id])}"
        for address in addresses:
            send_mail(
                f"【征求意见】《{self.title[:40]}》意见采纳情况已公布",
                f"感谢您参与《{self.title}》的征求意见。意见采纳情况已公布，请查看：\n{link}", None, [address],
            )  # fmt: skip
        return len(addresses)

    def announce_hearing(self, *, by, kind: str, held_at: datetime.datetime, place: str, notice: str,
                         participants: str) -> Hearing:  # fmt: skip
        """A hearing or 座谈会, its notice and participant list published at least 7 days before."""
        if self.state == self.State.DRAFT:
            raise DecisionError("须先发布征求意见，再发布听证会或座谈会通知")
        if kind not in Hearing.Kind.values:
            raise DecisionError("形式：请选择听证会或座谈会")
        days = (timezone.localtime(held_at).date() - timezone.localdate()).days
        if days < periods.HEARING_NOTICE_DAYS:
            raise DecisionError(
                f"举行时间：通知和参加人名单须在举行 {periods.HEARING_NOTICE_DAYS} 日前公布（现距举行 {days} 日）"
            )
        if not place.strip() or not notice.strip():
            raise DecisionError("地点和通知内容：必须填写")
        if not participants.strip():
            raise DecisionError("参加人名单：必须在举行前公布")
        with transaction.atomic():
            hearing = Hearing.objects.create(
                consultation=self, kind=kind, held_at=held_at, place=place.strip()[:200], notice=notice.strip(),
                participants=participants.strip(),
            )  # fmt: skip
            audit.record(by, "decision.hearing_announced", self, {"kind": kind, "held_at": held_at.isoformat()})
        return hearing


def _check_period(starts_on: datetime.date, ends_on: datetime.date, short_reason: str) -> None:
    if ends_on < starts_on:
        raise DecisionError("征求意见截止日期：不能早于开始日期")
    days = (ends_on - starts_on).days + 1
    if days < periods.COMMENT_PERIOD_MIN_DAYS and not short_reason.strip():
        raise DecisionError(
            f"期限少于{periods.COMMENT_PERIOD_MIN_DAYS}日的理由：征求意见期限一般不少于{periods.COMMENT_PERIOD_MIN_DAYS}日"
            f"（现为 {days} 日），缩短的须说明理由（{periods.COMMENT_PERIOD_ARTICLE}）"
        )


class ConsultationStatusChange(StatusRow):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="status_changes")
    LABELS = dict(Consultation.State.choices)

    class Meta:
        ordering = ["consultation", "at", "id"]


class Article(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="articles")
    seq = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=20)  # 第三条 / 三、
    text = models.TextField()

    class Meta:
        ordering = ["consultation", "seq"]
        constraints = [models.UniqueConstraint(fields=["consultation", "seq"], name="decision_article_once")]

    def __str__(self):
        return self.label


class CommentGroup(models.Model):
    """Comments identical once spacing and punctuation are set aside, on the same article; the adoption
    report answers the group once."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", "采纳"
        PARTLY = "partly", "部分采纳"
        NOT_ADOPTED = "not_adopted", "不予采纳"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="groups")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=32)
    text = models.TextField()  # the first comment's text (unmasked: staff only)
    outcome = models.CharField("采纳情况", max_length=12, choices=Outcome.choices, blank=True)
    reason = models.TextField("理由", blank=True)

    class Meta:
        ordering = ["consultation", "id"]
        constraints = [models.UniqueConstraint(fields=["consultation", "key"], name="decision_comment_group")]

    def __str__(self):
        return self.text[:40]

    @property
    def masked_text(self) -> str:
        return mask_personal(self.text)[0]


class Comment(models.Model):
    class State(models.TextChoices):
        UNVERIFIED = "unverified", "待确认邮箱"
        PENDING = "pending", "待审核"
        PUBLISHED = "published", "已公开"
        KEPT = "kept", "不公开"  # considered in the report, not shown (the body chooses)
        REJECTED = "rejected", "不予受理"  # out of scope, abusive: neither shown nor counted

    COUNTED = (State.PENDING, State.PUBLISHED, State.KEPT)

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    group = models.ForeignKey(CommentGroup, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField("意见内容")
    masked = models.TextField("公开文本", blank=True)  # set when published
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField("署名", max_length=100, blank=True)
    is_organisation = models.BooleanField(default=False)
    email = models.EmailField("电子邮箱", blank=True)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.PENDING)
    moderation_note = models.CharField("审核说明", max_length=300, blank=True)
    client = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["consultation", "created_at", "id"]
        indexes = [models.Index(fields=["consultation", "state"], name="decision_comment_state")]

    def __str__(self):
        return self.text[:40]

    @property
    def signature(self) -> str:
        """How a published comment is signed: an organisation by its name, a person by surname only."""
        if self.is_organisation and self.name:
            return self.name
        return f"{self.name[:1]}先生/女士" if self.name else "网友"

    @classmethod
    def verify(cls, token: str) -> Comment:
        """Confirm an e-mail address from the link sent to it (by POST: opening the link changes nothing)."""
        try:
            pk = signing.loads(token, salt=VERIFY_SALT, max_age=periods.COMMENT_VERIFY_HOURS * 3600)
        except signing.SignatureExpired:
            raise DecisionError(f"确认链接：已超过 {periods.COMMENT_VERIFY_HOURS} 小时，请重新提交意见") from None
        except signing.BadSignature:
            raise DecisionError("确认链接：无效") from None
        with transaction.atomic():
            comment = cls.objects.select_for_update().filter(pk=pk).first()
            if comment is None:
                raise DecisionError("确认链接：意见不存在")
            if comment.state == cls.State.UNVERIFIED:
                comment.state, comment.verified_at = cls.State.PENDING, timezone.now()
                comment.save(update_fields=["state", "verified_at"])
                audit.record("公众", "decision.comment_verified", comment.consultation, {"comment": comment.pk})
        return comment

    def moderate(self, *, by, decision: str, note: str = "") -> None:
        """The body's choice: publish (masked), keep unpublished but counted, or reject (with a note)."""
        allowed = {"publish": self.State.PUBLISHED, "keep": self.State.KEPT, "reject": self.State.REJECTED}
        if decision not in allowed:
            raise DecisionError("审核：请选择公开、不公开或不予受理")
        if self.state == self.State.UNVERIFIED:
            raise DecisionError("审核：邮箱尚未确认的意见不能审核")
        if self.consultation.state == Consultation.State.REPORTED:
            raise DecisionError("审核：采纳情况已经公布")
        if decision == "reject" and not note.strip():
            raise DecisionError("审核说明：不予受理必须说明理由（如与草案无关、含有违法内容）")
        with transaction.atomic():
            self.state, self.moderation_note, self.moderated_at = allowed[decision], note.strip()[:300], timezone.now()
            self.masked = mask_personal(self.text)[0] if decision == "publish" else ""
            self.save(update_fields=["state", "moderation_note", "moderated_at", "masked"])
            audit.record(
                by, "decision.comment_moderated", self.consultation, {"comment": self.pk, "decision": decision}
            )


class Hearing(models.Model):
    class Kind(models.TextChoices):
        HEARING = "hearing", "听证会"
        FORUM = "forum", "座谈会"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="hearings")
    kind = models.CharField("形式", max_length=8, choices=Kind.choices)
    held_at = models.DateTimeField("举行时间")
    place = models.CharField("地点", max_length=200)
    notice = models.TextField("通知")
    participants = models.TextField("参加人名单")
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_at:%Y-%m-%d}"


class CatalogueReminder(models.Model):
    """Marks a reminder that the year's catalogue is due (or late) as sent (accounts.notify_once)."""

    catalogue = models.ForeignKey("decisions.Catalogue", on_delete=models.CASCADE, related_name="+")
    days_before = models.SmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["catalogue", "days_before"], name="decision_catalogue_reminder")]

    def __str__(self):
        return f"{self.catalogue_id} {self.days_before}"


class AdoptionReminder(models.Model):
    """Marks an adoption-report reminder as sent (accounts.notify_once)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    days_before = models.SmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "days_before"], name="decision_adoption_reminder")
        ]

    def __str__(self):
        return f"{self.consultation_id} {self.days_before}"
