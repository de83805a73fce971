"""精准推送: profiles (画像) of persons and enterprises, subscriptions, the deliveries a published policy
makes (one per person per policy), relay partners (associations, parks, 居村) and campaigns.

A profile's tags are the library's demand-side tags (documents.Tag): a policy tagged 高校毕业生 reaches
graduates. An enterprise's 行业 and 规模 tags follow from its GB/T 4754 门类 and its size (industries.py).
Profiles are personal data: never public, masked in exports. Consent to pushes is explicit and revocable;
without it nothing is delivered, whatever the subscriptions.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency, PublicKind, User
from gongkai.accounts.permissions import ScopedQuerySet
from gongkai.audit.models import StatusRow, actor_name
from gongkai.documents.models import Document, SubjectCategory, Tag
from gongkai.lib.errors import Refused
from gongkai.subscriptions import industries


class PushError(Refused):
    """A step on a profile, a subscription, a partner or a campaign the rules refuse."""


class Channel(models.TextChoices):
    INBOX = "inbox", "站内信"
    EMAIL = "email", "电子邮件"
    FEED = "feed", "订阅源（Atom）"


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "即时"
    DAILY = "daily", "每日汇总"


class Profile(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "个人"
        ENTERPRISE = "enterprise", "企业"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="push_profile")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    tags = models.ManyToManyField(Tag, through="ProfileTag", related_name="+", blank=True)
    district = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    street = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    industry = models.CharField("行业门类", max_length=1, blank=True)
    division = models.CharField("行业大类", max_length=2, blank=True)
    size = models.CharField("企业规模", max_length=8, blank=True)
    channel = models.CharField("接收方式", max_length=8, choices=Channel.choices, default=Channel.INBOX)
    frequency = models.CharField("频率", max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    consent = models.BooleanField("同意接收推送", default=False)
    consent_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "推送画像"
        indexes = [models.Index(fields=["consent", "district"], name="profile_consent_district")]

    def __str__(self):
        return f"{self.user_id} {self.kind}"

    @classmethod
    def describe(
        cls,
        user,
        *,
        tags,
        district=None,
        street=None,
        industry: str = "",
        division: str = "",
        size: str = "",
        channel: str = Channel.INBOX,
        frequency: str = Frequency.IMMEDIATE,
        consent: bool,
    ) -> Profile:
        """A public user's own description of themselves, and whether they want pushes."""
        if getattr(user, "is_agency_staff", False) or not getattr(user, "pk", None):
            raise PushError("画像：只有公众用户可以设置")
        kind = cls.Kind.ENTERPRISE if user.public_kind == PublicKind.ORGANISATION else cls.Kind.PERSON
        if division:
            section = industries.section_of(division)
            if section is None:
                raise PushError(f"行业大类：“{division}”不是 GB/T 4754 的大类代码（01—97）")
            if industry and industry != section:
                raise PushError(f"行业大类：{division} 属于门类 {section}，与所选门类 {industry} 不符")
            industry = section
        if industry and industry not in industries.SECTIONS:
            raise PushError(f"行业门类：“{industry}”不是 GB/T 4754 的门类（A—T）")
        if size and size not in industries.SIZES:
            raise PushError("企业规模：请选择微型、小型、中型或大型")
        if kind == cls.Kind.PERSON and (industry or size):
            raise PushError("行业和规模：只适用于企业")
        if street is not None and district is not None and street.parent_id != district.pk:
            raise PushError("街镇：不在所选的区内")
        chosen = {t.pk: t for t in tags}
        for tag in Tag.objects.filter(name__in=[n for n, sec in industries.TAG_SECTIONS.items() if industry in sec]):
            chosen[tag.pk] = tag
        for tag in Tag.objects.filter(name__in=[n for n, s in industries.SIZE_TAGS.items() if size in s]):
            chosen[tag.pk] = tag
        audience = Tag.objects.filter(group__code="audience", name="企业" if kind == cls.Kind.ENTERPRISE else "个人")
        for tag in audience:
            chosen[tag.pk] = tag
        now = timezone.now()
        with transaction.atomic():
            profile, _ = cls.objects.select_for_update().get_or_create(user=user, defaults={"kind": kind})
            was = profile.consent
            profile.kind, profile.district, profile.street = kind, district, street
            profile.industry, profile.division, profile.size = industry, division, size
            profile.channel, profile.frequency, profile.updated_at = channel, frequency, now
            profile.consent = consent
            if consent and not was:
                profile.consent_at, profile.withdrawn_at = now, None
            if was and not consent:
                profile.withdrawn_at = now
            profile.save()
            ProfileTag.objects.filter(profile=profile).delete()
            ProfileTag.objects.bulk_create(ProfileTag(profile=profile, tag=t) for t in chosen.values())
            if was != consent:
                audit.record(user, "push.consent_given" if consent else "push.consent_withdrawn", profile, {})
                if not consent:  # nothing waiting goes out any more
                    Delivery.objects.filter(user=user, state=Delivery.State.QUEUED).update(
                        state=Delivery.State.CANCELLED
                    )
        return profile


class ProfileTag(models.Model):
    """The inverted index from a tag to the profiles that carry it."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tag", "profile"], name="profile_tag_once")]

    def __str__(self):
        return f"{self.profile_id} {self.tag_id}"


class Subscription(models.Model):
    class Kind(models.TextChoices):
        TAG = "tag", "标签"
        AGENCY = "agency", "机关"
        SUBJECT = "subject", "主题分类"
        NORMATIVE = "normative", "行政规范性文件"
        SEARCH = "search", "检索词"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="push_subscriptions")
    kind = models.CharField("订阅", max_length=10, choices=Kind.choices)
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    subject = models.ForeignKey(SubjectCategory, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    query = models.CharField("检索词", max_length=100, blank=True)
    slots = models.PositiveSmallIntegerField(default=0)  # words of the query, each to be found
    channel = models.CharField("接收方式", max_length=8, choices=Channel.choices, default=Channel.INBOX)
    frequency = models.CharField("频率", max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    feed_token = models.CharField(max_length=40, unique=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "推送订阅"
        indexes = [
            models.Index(fields=["kind", "tag"], name="subscription_tag"),
            models.Index(fields=["kind", "agency"], name="subscription_agency"),
            models.Index(fields=["kind", "subject"], name="subscription_subject"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        targets: dict[str, object] = {
            self.Kind.TAG: self.tag,
            self.Kind.AGENCY: self.agency,
            self.Kind.SUBJECT: self.subject,
            self.Kind.SEARCH: f"“{self.query}”",
        }
        target = targets.get(self.kind)
        return f"{self.get_kind_display()}：{target}" if target else self.get_kind_display()

    @classmethod
    def add(
        cls,
        user,
        *,
        kind: str,
        tag=None,
        agency=None,
        subject=None,
        query: str = "",
        channel: str = Channel.INBOX,
        frequency: str = Frequency.IMMEDIATE,
    ) -> Subscription:
        from gongkai.subscriptions.matching import query_slots  # noqa: PLC0415 - matching imports these models

        if getattr(user, "is_agency_staff", False) or not getattr(user, "pk", None):
            raise PushError("订阅：只有公众用户可以订阅")
        profile = Profile.objects.filter(user=user).first()
        if profile is None or not profile.consent:
            raise PushError("同意接收推送：订阅前请先在“我的画像”中同意接收推送")
        needed: dict[str, object] = {cls.Kind.TAG: tag, cls.Kind.AGENCY: agency, cls.Kind.SUBJECT: subject}
        if kind in needed and needed[kind] is None:
            raise PushError(f"{cls.Kind(kind).label}：请选择要订阅的{cls.Kind(kind).label}")
        slots = query_slots(query) if kind == cls.Kind.SEARCH else []
        if kind == cls.Kind.SEARCH and not slots:
            raise PushError("检索词：请填写要订阅的检索词（如“社保补贴”）")
        if len(slots) > 6:
            raise PushError("检索词：最多 6 个词")
        if kind not in cls.Kind.values:
            raise PushError("订阅：类别无法识别")
        with transaction.atomic():
            made = cls.objects.create(
                user=user,
                kind=kind,
                tag=tag if kind == cls.Kind.TAG else None,
                agency=agency if kind == cls.Kind.AGENCY else None,
                subject=subject if kind == cls.Kind.SUBJECT else None,
                query=query.strip()[:100],
                slots=len(slots),
                channel=channel,
                frequency=frequency,
                feed_token=secrets.token_urlsafe(24),
            )
            SearchTerm.objects.bulk_create(
                SearchTerm(subscription=made, slot=i, term=term) for i, terms in enumerate(slots) for term in terms
            )
            audit.record(user, "push.subscribed", made, {"kind": kind})
        return made

    def cancel(self, *, by) -> None:
        with transaction.atomic():
            self.active = False
            self.save(update_fields=["active"])
            audit.record(by, "push.unsubscribed", self, {})


class SearchTerm(models.Model):
    """The inverted index of saved searches: each word of the query (slot) with its equivalents (社保 =
    社会保险) as search tokens; a document matches when every slot has a term among its tokens."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="terms")
    slot = models.PositiveSmallIntegerField()
    term = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["term"], name="search_term")]

    def __str__(self):
        return self.term


class Matched(models.Model):
    """A document whose recipients were found and queued (the worker does each once)."""

    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="+")
    recipients = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.document_id} {self.recipients}"


class Campaign(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SENT = "sent", "已发送"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="push_campaigns")
    title = models.CharField("名称", max_length=100)
    documents = models.ManyToManyField(Document, related_name="+", verbose_name="政策")
    tags = models.ManyToManyField(Tag, related_name="+", verbose_name="对象标签", blank=True)
    district = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField("对象", max_length=12, blank=True)  # person / enterprise / "" both
    state = models.CharField("状态", max_length=8, choices=State.choices, default=State.DRAFT)
    sent_at = models.DateTimeField(null=True, blank=True)
    audience = models.PositiveIntegerField("发送人数", default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "推送活动"
        ordering = ["-id"]

    def __str__(self):
        return self.title

    @classmethod
    def prepare(cls, agency, *, by, title: str, documents, tags, district=None, kind: str = "") -> Campaign:
        """A campaign: a set of public policies for a segment (tags, region, persons or enterprises)."""
        if not title.strip():
            raise PushError("名称：必须填写")
        docs = list(documents)
        if not docs:
            raise PushError("政策：至少选择一件")
        hidden = [d.title for d in docs if not Document.objects.public().filter(pk=d.pk).exists()]
        if hidden:
            raise PushError(f"政策：“{hidden[0]}”尚未公开，不能推送")
        if not list(tags):
            raise PushError("对象标签：至少选择一个（如 高校毕业生、小微企业）")
        if kind not in ("", "person", "enterprise"):
            raise PushError("对象：请选择个人、企业或全部")
        with transaction.atomic():
            campaign = cls.objects.create(agency=agency, title=title.strip()[:100], district=district, kind=kind)
            campaign.documents.set(docs)
            campaign.tags.set(tags)
            CampaignStatusChange.objects.create(
                campaign=campaign, old="", new=cls.State.DRAFT, actor_name=actor_name(by)
            )
            audit.record(by, "push.campaign_prepared", campaign, {"documents": len(docs)})
        return campaign

    def segment(self) -> dict:
        from gongkai.subscriptions import matching  # noqa: PLC0415 - matching imports these models

        return matching.audience(
            tag_ids=self.tags.values_list("pk", flat=True), district_id=self.district_id, kind=self.kind
        )

    def send(self, *, by) -> int:
        """Queue the campaign: each policy to each person of the segment, once per campaign."""
        from gongkai.subscriptions import matching  # noqa: PLC0415 - as above

        if self.state != self.State.DRAFT:
            raise PushError("推送活动已经发送")
        targets = self.segment()
        if not targets:
            raise PushError("对象：没有符合条件且同意接收推送的用户")
        with transaction.atomic():
            for doc in self.documents.all():
                matching.queue(doc, targets, campaign=self)
            self.audience, self.sent_at = len(targets), timezone.now()
            campaign_status(self, self.State.SENT, by=by, reason=f"{len(targets)} 人")
        return len(targets)

    def stats(self) -> dict[str, int]:
        rows = self.deliveries.all()
        return {
            "queued": rows.filter(state=Delivery.State.QUEUED).count(),
            "sent": rows.filter(state=Delivery.State.SENT).count(),
            "opened": rows.filter(opened_at__isnull=False).count(),
            "clicked": rows.filter(clicked_at__isnull=False).count(),
            "failed": rows.filter(state=Delivery.State.FAILED).count(),
        }


class CampaignStatusChange(StatusRow):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="status_changes")
    LABELS = dict(Campaign.State.choices)

    class Meta:
        ordering = ["campaign", "at", "id"]


class Delivery(models.Model):
    """One policy to one person (once, whatever the number of rules that matched), or one campaign's."""

    class State(models.TextChoices):
        QUEUED = "queued", "待发送"
        SENT = "sent", "已送达"
        FAILED = "failed", "发送失败"
        CANCELLED = "cancelled", "已取消"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="push_deliveries")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField("推送原因", max_length=200, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.INBOX)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "推送记录"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "document"], condition=models.Q(campaign__isnull=True), name="delivery_once_per_policy"
            ),
            models.UniqueConstraint(
                fields=["user", "document", "campaign"],
                condition=models.Q(campaign__isnull=False),
                name="delivery_once_per_campaign",
            ),
        ]
        indexes = [models.Index(fields=["state", "frequency", "next_try"], name="delivery_due")]

    def __str__(self):
        return f"{self.user_id} {self.document_id}"

    def link(self) -> str:
        return reverse("portal:push_open", args=[self.pk])


class PartnerQuerySet(ScopedQuerySet["Partner"]):
    def public(self):
        return self.filter(active=True)


class Partner(models.Model):
    """An association, park or 居村 that relays policies to its members: a webhook (HMAC-signed) or a feed."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", "行业协会"
        PARK = "park", "园区"
        VILLAGE = "village", "居村"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="push_partners")
    name = models.CharField("名称", max_length=100)
    slug = models.SlugField("代码", max_length=40, unique=True)
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    tags = models.ManyToManyField(Tag, related_name="+", verbose_name="关注的标签", blank=True)
    webhook_url = models.URLField("接收地址（webhook）", blank=True)
    secret = models.CharField(max_length=64)
    feed_token = models.CharField(max_length=40, unique=True)
    members = models.PositiveIntegerField("会员或居民数", default=0)
    active = models.BooleanField(default=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "推送接力单位"
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def register(
        cls, agency, *, by, name: str, slug: str, kind: str, tags=(), webhook_url: str = "", members: int = 0
    ) -> tuple[Partner, str]:
        """A relay partner; returns it and its signing secret (shown once)."""
        if not name.strip():
            raise PushError("名称：必须填写")
        if kind not in cls.Kind.values:
            raise PushError("类别：请选择行业协会、园区或居村")
        if cls.objects.filter(slug=slug).exists():
            raise PushError(f"代码：“{slug}”已被使用")
        if webhook_url and not webhook_url.startswith(("https://", "http://")):
            raise PushError("接收地址：须以 https:// 或 http:// 开头")
        secret = secrets.token_hex(32)
        with transaction.atomic():
            partner = cls.objects.create(
                agency=agency,
                name=name.strip(),
                slug=slug,
                kind=kind,
                webhook_url=webhook_url,
                secret=secret,
                feed_token=secrets.token_urlsafe(24),
                members=members,
            )
            partner.tags.set(tags)
            audit.record(by, "push.partner_registered", partner, {"webhook": bool(webhook_url)})
        return partner, secret

    def sign(self, timestamp: str, nonce: str, body: bytes) -> str:
        """HMAC-SHA256 over “timestamp.nonce.body” with the partner's secret (docs/subscriptions.md)."""
        message = timestamp.encode() + b"." + nonce.encode() + b"." + body
        return hmac.new(self.secret.encode(), message, hashlib.sha256).hexdigest()


class Relay(models.Model):
    """One policy relayed to one partner: its webhook attempts, and the onward reach the partner reports."""

    class State(models.TextChoices):
        QUEUED = "queued", "待发送"
        SENT = "sent", "已送达"
        FAILED = "failed", "发送失败"

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="relays")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=40, unique=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField("最近一次结果", max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reach = models.PositiveIntegerField("转发触达", null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["partner", "document"], name="relay_once")]

    def __str__(self):
        return f"{self.partner_id} {self.document_id}"


class SeenNonce(models.Model):
    """Nonces of reports received from partners: a signed report replayed is refused."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "nonce"], name="nonce_once")]

    def __str__(self):
        return self.nonce


def campaign_status(campaign: Campaign, new: str, *, by, reason: str = "") -> None:
    old, campaign.state = campaign.state, new
    campaign.save()
    CampaignStatusChange.objects.create(campaign=campaign, old=old, new=new, actor_name=actor_name(by), reason=reason)
    audit.record(by, f"push.campaign_{new}", campaign, {"reason": reason})
