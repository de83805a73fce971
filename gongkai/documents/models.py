"""The document library: government information items, their reviews, versions and relations.

Every state change is a verb on ``Document`` (see ``workflow.py``); nobody sets ``status`` directly.
What the public may see is ``Document.objects.public()`` and nothing else (DESIGN rule 1).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.accounts.models import Agency, Department
from gongkai.accounts.permissions import ScopedQuerySet
from gongkai.documents.law import (
    Attribute,
    Channel,
    DocKind,
    InterpretationForm,
    RelationKind,
    Scope,
    Validity,
    WithholdGround,
)
from gongkai.documents.workflow import WorkflowMixin


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "待审查"
    RETURNED = "returned", "退回"
    APPROVED = "approved", "待发布"
    PUBLISHED = "published", "已发布"
    FILED = "filed", "已登记（不主动公开）"
    WITHDRAWN = "withdrawn", "撤回"


EDITABLE = {Status.DRAFT, Status.RETURNED}


class SubjectCategory(models.Model):
    """主题分类: two levels, top level seeded with the State Council's 22 classes."""

    name = models.CharField("名称", max_length=60)
    parent = models.ForeignKey(
        "self", verbose_name="上级分类", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "主题分类"
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="subject_unique_name")]

    def __str__(self):
        return f"{self.parent.name}\\{self.name}" if self.parent_id else self.name


class TagGroup(models.Model):
    code = models.SlugField("代码", unique=True)
    name = models.CharField("名称", max_length=30)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "需求侧标签组"
        ordering = ["sort_order"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    group = models.ForeignKey(TagGroup, verbose_name="标签组", on_delete=models.CASCADE, related_name="tags")
    name = models.CharField("标签", max_length=30)

    class Meta:
        verbose_name = verbose_name_plural = "需求侧标签"
        ordering = ["group__sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["group", "name"], name="tag_unique_name")]

    def __str__(self):
        return f"{self.group.name}：{self.name}"


def validate_index_pattern(value: str) -> None:
    from django.core.exceptions import ValidationError

    from gongkai.lib.docnumbers import check_index_pattern

    if message := check_index_pattern(value):
        raise ValidationError(message)


class LibrarySettings(models.Model):
    """Per-agency settings of the library."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="library_settings")
    index_pattern = models.CharField(
        "索引号格式",
        max_length=80,
        default="{code}/{year}-{serial:05d}",
        validators=[validate_index_pattern],
        help_text="占位符：{code} 机关代码、{year} 年份、{serial} 流水号，如 SY-310115-{year}-{serial:05d}",
    )
    oa_prereviewed = models.BooleanField(
        "OA 备案视为已审查", default=False, help_text="OA 系统已完成公开属性审查的公文备案后直接进入待发布"
    )
    rereview_months = models.PositiveSmallIntegerField("复审间隔（月）", default=12)

    class Meta:
        verbose_name = verbose_name_plural = "公文库设置"

    def __str__(self):
        return f"{self.agency}的公文库设置"

    @classmethod
    def for_agency(cls, agency: Agency) -> LibrarySettings:
        return cls.objects.get_or_create(agency=agency)[0]


class IndexCounter(models.Model):
    """The last 索引号 serial per agency and year; only ever increases, so numbers are never reused."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="indexcounter_unique")]

    def __str__(self):
        return f"{self.agency_id}/{self.year}: {self.last_serial}"


class DocumentQuerySet(ScopedQuerySet):  # for_user: the agencies in the user's scope
    def public(self, now: datetime.datetime | None = None):
        """What the public may see: published, 主动公开, to all of society, publication time reached.

        Repealed or expired items stay visible (with their 有效性 shown); withdrawn ones do not.
        """
        now = now or timezone.now()
        return self.filter(
            status=Status.PUBLISHED,
            attribute=Attribute.PROACTIVE,
            scope=Scope.PUBLIC,
            published_at__lte=now,
        )

    def policies(self):
        return self.exclude(kind=DocKind.INTERPRETATION)

    def interpretations(self):
        return self.filter(kind=DocKind.INTERPRETATION)


class Document(WorkflowMixin, models.Model):
    uid = models.UUIDField("公开标识", default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, verbose_name="发文机关（牵头）", on_delete=models.PROTECT, related_name="documents"
    )
    co_issuers = models.ManyToManyField(
        Agency, verbose_name="联合发文机关", blank=True, related_name="co_issued_documents"
    )
    department = models.ForeignKey(
        Department, verbose_name="起草处室", null=True, blank=True, on_delete=models.SET_NULL
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafted_documents",
    )
    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("发文字号", max_length=80, blank=True, help_text="如 浦府办〔2023〕18号")
    index_number = models.CharField("索引号", max_length=80, unique=True, editable=False)
    written_on = models.DateField("成文日期", null=True, blank=True)
    changed_on = models.DateField(
        "变更日期", null=True, blank=True, help_text="信息变更时填写；主动公开时限自形成或变更之日起算"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    subject = models.ForeignKey(
        SubjectCategory, verbose_name="主题分类", null=True, blank=True, on_delete=models.PROTECT
    )
    kind = models.CharField("文种", max_length=20, choices=DocKind.choices, default=DocKind.NOTICE)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True, help_text="经过清理的 HTML")

    attribute = models.CharField("公开属性", max_length=12, choices=Attribute.choices, default=Attribute.PROACTIVE)
    withhold_ground = models.CharField("不予公开依据", max_length=24, choices=WithholdGround.choices, blank=True)
    attribute_reason = models.TextField("属性说明", blank=True, help_text="依申请公开、不予公开必须说明理由")
    channels = models.JSONField("公开方式", default=list, blank=True)
    scope = models.CharField("公开范围", max_length=10, choices=Scope.choices, default=Scope.PUBLIC)
    scope_groups = models.CharField("定向公开对象", max_length=200, blank=True)

    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, default=Validity.VALID)
    effective_on = models.DateField("生效日期", null=True, blank=True)
    expires_on = models.DateField("失效日期", null=True, blank=True, help_text="行政规范性文件的有效期至")
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    is_normative = models.BooleanField("行政规范性文件", default=False)

    needs_interpretation = models.BooleanField("需解读", default=False)
    interpretation_exemption = models.CharField("免于同步解读的理由", max_length=200, blank=True)
    interpretation_form = models.CharField("解读形式", max_length=20, choices=InterpretationForm.choices, blank=True)
    interprets = models.ManyToManyField(
        "self", verbose_name="解读的政策", symmetrical=False, blank=True, related_name="interpretations"
    )
    is_followup_interpretation = models.BooleanField("政策施行后解读", default=False)

    tags = models.ManyToManyField(Tag, verbose_name="需求侧标签", blank=True, related_name="documents")

    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False)
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    withdrawn_reason = models.TextField("撤回理由", blank=True, editable=False)
    converted_on = models.DateField("转主动公开日期", null=True, blank=True, editable=False)
    next_rereview_on = models.DateField("下次复审日期", null=True, blank=True)

    source_system = models.CharField("来源系统", max_length=40, blank=True)
    source_id = models.CharField("来源系统编号", max_length=100, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "政府信息"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "doc_number"], condition=~models.Q(doc_number=""), name="document_unique_number"
            ),
            models.UniqueConstraint(
                fields=["agency", "source_system", "source_id"],
                condition=~models.Q(source_id=""),
                name="document_unique_source",
            ),
        ]
        indexes = [
            # public(): the library's listing, newest first
            models.Index(fields=["status", "attribute", "scope", "published_at"], name="document_public"),
            # staff queues per agency and status
            models.Index(fields=["agency", "status"], name="document_agency_status"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_interpretation(self) -> bool:
        return self.kind == DocKind.INTERPRETATION

    @property
    def published_on(self) -> datetime.date | None:
        return timezone.localtime(self.published_at).date() if self.published_at else None

    @property
    def formed_on(self) -> datetime.date | None:
        """The day the information was formed or changed (art. 26)."""
        return self.changed_on or self.written_on

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [labels.get(c, c) for c in self.channels]

    @property
    def current_review(self):
        return self.reviews.filter(version=self.version).first()


class Interpretation(Document):
    """政策解读: a document of kind 政策解读, linked to the policies it explains."""

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "政策解读"


class DocumentVersion(models.Model):
    """A snapshot of an item's content at each version; a pending revision of a published item."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=300)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True)
    attribute = models.CharField("公开属性", max_length=12, choices=Attribute.choices)
    pending = models.BooleanField("待审查的修订", default=False)
    created_by_name = models.CharField("修改人", max_length=150, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "版本"
        ordering = ["document", "version"]
        constraints = [models.UniqueConstraint(fields=["document", "version"], name="version_unique")]

    def __str__(self):
        return f"{self.document} v{self.version}"


class Review(models.Model):
    """审查: one per item and version (一事一审)."""

    class Decision(models.TextChoices):
        APPROVE = "approve", "同意"
        RETURN = "return", "退回"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reviews")
    version = models.PositiveIntegerField("版本")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT
    )
    reviewer_name = models.CharField("审核人姓名", max_length=150, help_text="OA 备案的审查没有平台账号，只记姓名")
    decision = models.CharField("审查结论", max_length=8, choices=Decision.choices)
    attribute = models.CharField("认定的公开属性", max_length=12, choices=Attribute.choices)
    withhold_ground = models.CharField("不予公开依据", max_length=24, choices=WithholdGround.choices, blank=True)
    secret = models.BooleanField("涉密", default=False)
    sensitive = models.BooleanField("敏感", default=False)
    privacy = models.BooleanField("个人隐私", default=False)
    trade_secret = models.BooleanField("商业秘密", default=False)
    opinion = models.TextField("审查意见")
    source = models.CharField("审查来源", max_length=40, blank=True, help_text="OA 备案时为来源系统")
    created_at = models.DateTimeField("审查时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "审查记录"
        ordering = ["document", "version"]
        constraints = [models.UniqueConstraint(fields=["document", "version"], name="review_one_per_version")]

    def __str__(self):
        return f"{self.document} v{self.version} {self.get_decision_display()}"

    @property
    def findings(self) -> list[str]:
        return [label for name, label in FINDINGS if getattr(self, name)]


FINDINGS = [("secret", "涉密"), ("sensitive", "敏感"), ("privacy", "个人隐私"), ("trade_secret", "商业秘密")]


class StatusChange(models.Model):
    """Every status change as a row: history, statistics and queues read it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="status_changes")
    old = models.CharField(max_length=12, choices=Status.choices, blank=True)
    new = models.CharField(max_length=12, choices=Status.choices)
    actor_name = models.CharField(max_length=150, blank=True)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document", "at", "id"]

    def __str__(self):
        return f"{self.document_id}: {self.old} → {self.new}"


class Relation(models.Model):
    """修改 / 废止 / 附件 relations between documents (解读 is ``Document.interprets``)."""

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField("关系", max_length=16, choices=RelationKind.choices)

    class Meta:
        verbose_name = verbose_name_plural = "文件关系"
        constraints = [models.UniqueConstraint(fields=["source", "target", "kind"], name="relation_unique")]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"


class ServiceLink(models.Model):
    """A service item (办事事项) the portal links with a "办" icon (阅办联动)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="service_links")
    name = models.CharField("事项名称", max_length=120)
    url = models.URLField("办理链接")

    class Meta:
        verbose_name = verbose_name_plural = "关联办事事项"

    def __str__(self):
        return self.name


def attachment_path(instance, filename):
    return f"documents/{instance.document.uid}/{uuid.uuid4().hex}/{filename}"


class Attachment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)
    name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=8)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["document", "id"]

    def __str__(self):
        return self.name

    def download(self):
        """The file as a download; 404 when it is missing on disk. Callers check who may have it."""
        from gongkai.lib.files import download

        return download(self.file, self.name, missing="附件文件不存在")


class Rereview(models.Model):
    """定期评估审查 of an item not actively disclosed (art. 18)."""

    class Verdict(models.TextChoices):
        KEEP = "keep", "维持"
        CONVERT = "convert", "转为主动公开"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="rereviews")
    reviewer_name = models.CharField("复审人", max_length=150)
    verdict = models.CharField("结论", max_length=8, choices=Verdict.choices)
    reason = models.TextField("理由")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "复审记录"
        ordering = ["document", "created_at"]

    def __str__(self):
        return f"{self.document} {self.get_verdict_display()}"


class AgencyToken(models.Model):
    """An OA system's credential for the filing API; only the SHA-256 of the token is stored."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=60)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked = models.BooleanField("已停用", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"

    def __str__(self):
        return f"{self.agency} · {self.name}"
