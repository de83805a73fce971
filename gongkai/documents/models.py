"""The document library: government information items, their reviews, versions and relations.

Every state change is a verb on ``Document`` (its error type and date rules are in ``workflow.py``);
nobody sets ``status`` directly.
What the public may see is ``Document.objects.public()`` and nothing else (DESIGN rule 1).
"""

from __future__ import annotations

import datetime
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency, Department
from gongkai.accounts.permissions import ScopedQuerySet, has
from gongkai.audit.models import StatusRow
from gongkai.documents.importer import read_zip, stage_entry
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
from gongkai.documents.workflow import DocumentError, _name, rereview_due
from gongkai.lib.docnumbers import check_index_pattern
from gongkai.lib.files import download
from gongkai.lib.stages import stage_bar
from gongkai.workdays import add_workdays
from gongkai.workdays.periods import ACTIVE_DISCLOSURE


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


def public_q(prefix: str = "", now: datetime.datetime | None = None) -> models.Q:
    """The condition of ``DocumentQuerySet.public()``, for a document reached through a relation
    (``prefix="target__"``): a join, where ``__in=public()`` would scan every public document."""
    return models.Q(
        **{
            f"{prefix}status": Status.PUBLISHED,
            f"{prefix}attribute": Attribute.PROACTIVE,
            f"{prefix}scope": Scope.PUBLIC,
            f"{prefix}published_at__lte": now or timezone.now(),
        }
    )


class DocumentQuerySet(ScopedQuerySet):  # for_user: the agencies in the user's scope
    def public(self, now: datetime.datetime | None = None):
        """What the public may see: published, 主动公开, to all of society, publication time reached.

        Repealed or expired items stay visible (with their 有效性 shown); withdrawn ones do not.
        """
        return self.filter(public_q(now=now))

    def policies(self):
        return self.exclude(kind=DocKind.INTERPRETATION)

    def linkable(self, user):
        """What another app may attach (a decision's step, a FAQ, a campaign, a gazette issue): the user's
        own scope, and anything public."""
        return self.filter(models.Q(pk__in=self.model.objects.for_user(user).values("pk")) | public_q())

    def by_reference(self, text: str):
        """The item an officer names by its 发文字号 or its full title (None when neither matches)."""
        text = text.strip()
        return (self.filter(doc_number=text).first() or self.filter(title=text).first()) if text else None

    def interpretations(self):
        return self.filter(kind=DocKind.INTERPRETATION)


class Document(models.Model):
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

    # -- helpers ---------------------------------------------------------------------------------
    def _change(self, new, *, by, verb, reason="", data=None, fields=()):
        old = self.status
        self.status = new
        self.save(update_fields=["status", "updated_at", *fields])
        StatusChange.objects.create(document=self, old=old, new=new, actor_name=_name(by), reason=reason)
        audit.record(by, f"document.{verb}", self, {"from": old, "to": new, "version": self.version, **(data or {})})

    def _require_status(self, *allowed, action: str):
        if self.status not in allowed:
            names = "、".join(Status(s).label for s in allowed)
            raise DocumentError(f"当前状态为“{self.get_status_display()}”，不能{action}（仅{names}状态可以）")

    def _require(self, user, action: str, message: str):
        if not has(user, action, self):
            raise DocumentError(message)

    def snapshot(self, *, by, pending=False):
        return DocumentVersion.objects.update_or_create(
            document=self,
            version=self.version,
            defaults={
                "title": self.title,
                "summary": self.summary,
                "body": self.body,
                "attribute": self.attribute,
                "pending": pending,
                "created_by_name": _name(by),
            },
        )[0]

    def check_complete(self) -> list[str]:
        """What must be filled in before review, as Chinese messages naming the field."""
        problems = []
        if not self.title.strip():
            problems.append("标题：必须填写")
        if self.attribute != Attribute.PROACTIVE and not self.attribute_reason.strip():
            problems.append(f"属性说明：{self.get_attribute_display()}必须说明理由")
        if self.attribute == Attribute.WITHHELD and not self.withhold_ground:
            problems.append("不予公开依据：不予公开必须选择第十四、十五、十六条中的依据")
        if self.attribute != Attribute.WITHHELD and self.withhold_ground:
            problems.append("不予公开依据：只有不予公开的信息才填写")
        if self.scope == "targeted" and not self.scope_groups.strip():
            problems.append("定向公开对象：定向公开必须写明对象")
        if self.is_normative and not self.expires_on:
            problems.append("失效日期：行政规范性文件必须写明有效期")
        if self.is_interpretation and not self.interprets.exists():
            problems.append("解读的政策：政策解读必须关联至少一份政策文件")
        if self.is_interpretation and not self.interpretation_form:
            problems.append("解读形式：必须选择")
        return problems

    # -- verbs -----------------------------------------------------------------------------------
    def update_draft(self, *, by, **changes):
        self._require_status(*EDITABLE, action="修改")
        self._require(by, "document.draft", "只有本机关的起草人或公开办可以修改草稿")
        diff = {k: v for k, v in changes.items() if getattr(self, k) != v}
        with transaction.atomic():
            for name, value in diff.items():
                setattr(self, name, value)
            self.save()
            audit.record(by, "document.draft_updated", self, {"fields": sorted(diff)})
        return diff

    def submit(self, *, by):
        self._require_status(*EDITABLE, action="提交审查")
        self._require(by, "document.draft", "只有本机关的起草人或公开办可以提交审查")
        if problems := self.check_complete():
            raise DocumentError("提交前请补全：" + "；".join(problems))
        with transaction.atomic():
            if self.status == Status.RETURNED:
                self.version += 1  # 一事一审: a returned version is spent; the resubmission is a new one
            self.snapshot(by=by)
            self._change(Status.IN_REVIEW, by=by, verb="submitted", fields=["version"])

    def review(
        self,
        *,
        by,
        decision: str,
        attribute: str,
        opinion: str,
        withhold_ground: str = "",
        secret=False,
        sensitive=False,
        privacy=False,
        trade_secret=False,
        source: str = "",
    ):
        """Record the 审查 of the current version (or of a pending revision) and move on."""
        revision = self.pending_revision
        if revision is None:
            self._require_status(Status.IN_REVIEW, action="审查")
        version = revision.version if revision else self.version
        if not source:
            self._require(by, "document.review", "只有本机关的审核人可以审查")
            if by.pk and by.pk == self.drafter_id:
                raise DocumentError("审核人不能审查自己起草的信息（审起分离）")
        if Review.objects.filter(document=self, version=version).exists():
            raise DocumentError(f"第{version}版已经审查过（一事一审），修改后须重新提交")
        if not opinion.strip():
            raise DocumentError("审查意见：必须填写")
        if attribute == Attribute.WITHHELD and not withhold_ground:
            raise DocumentError("不予公开依据：认定不予公开必须选择依据")
        if decision == Review.Decision.APPROVE and attribute == Attribute.PROACTIVE and secret:
            raise DocumentError("审查发现涉密内容，不能认定为主动公开")
        if revision and decision == Review.Decision.APPROVE and attribute != Attribute.PROACTIVE:
            raise DocumentError("已发布信息的修订只能按主动公开审查；如需不再公开，请撤回")
        with transaction.atomic():
            review = Review.objects.create(
                document=self,
                version=version,
                reviewer=by if getattr(by, "pk", None) else None,
                reviewer_name=_name(by),
                decision=decision,
                attribute=attribute,
                withhold_ground=withhold_ground if attribute == Attribute.WITHHELD else "",
                secret=secret,
                sensitive=sensitive,
                privacy=privacy,
                trade_secret=trade_secret,
                opinion=opinion,
                source=source,
            )
            data = {"decision": decision, "attribute": attribute, "findings": review.findings}
            if revision is not None:
                audit.record(by, "document.revision_reviewed", self, {"version": version, **data})
                if decision == Review.Decision.RETURN:
                    revision.delete()
                return review
            if decision == Review.Decision.RETURN:
                self._change(Status.RETURNED, by=by, verb="returned", reason=opinion, data=data)
                return review
            self.attribute, self.withhold_ground = attribute, review.withhold_ground
            fields = ["attribute", "withhold_ground"]
            if attribute == Attribute.PROACTIVE:
                self._change(Status.APPROVED, by=by, verb="approved", data=data, fields=fields)
            else:
                self.next_rereview_on = rereview_due(timezone.localdate(), self.settings.rereview_months)
                self._change(Status.FILED, by=by, verb="filed", data=data, fields=[*fields, "next_rereview_on"])
        return review

    def accept_external_review(
        self, *, system: str, reviewer_name: str, opinion: str, attribute: str, withhold_ground: str = ""
    ):
        """A filing from an OA system that already reviewed the 公开属性 (agency setting
        ``oa_prereviewed``): record that review as this version's and move on as a review would."""
        self._require_status(*EDITABLE, action="登记外部审查")
        if problems := self.check_complete():
            raise DocumentError("备案数据不完整：" + "；".join(problems))
        with transaction.atomic():
            self.snapshot(by=system)
            self._change(Status.IN_REVIEW, by=system, verb="submitted", data={"source": system})
            return self.review(
                by=reviewer_name,
                decision="approve",
                attribute=attribute,
                withhold_ground=withhold_ground,
                opinion=opinion,
                source=system,
            )

    @property
    def settings(self):
        return LibrarySettings.for_agency(self.agency)

    @property
    def pending_revision(self):
        if not self.pk:
            return None
        return self.versions.filter(pending=True).first()

    def current_review_of_pending(self):
        revision = self.pending_revision
        return revision and self.reviews.filter(version=revision.version).first()

    def _approved(self, version) -> bool:
        return self.reviews.filter(version=version, decision="approve").exists()

    def publish(self, *, by, at: datetime.datetime | None = None):
        """Publish an approved item (and, 三同步, its approved interpretations in the same transaction)."""
        self._require(by, "document.publish", "只有本机关的公开办可以发布")
        revision = self.pending_revision
        if self.status == Status.PUBLISHED and revision is not None:
            return self._publish_revision(revision, by=by)
        self._require_status(Status.APPROVED, action="发布")
        if not self._approved(self.version):
            raise DocumentError("当前版本没有通过审查，不能发布（先审查、后公开）")
        at = at or timezone.now()
        with transaction.atomic():
            companions = []
            if self.is_interpretation:
                unpublished = [p for p in self.interprets.all() if p.status != Status.PUBLISHED]
                if unpublished and not all(p.status == Status.APPROVED for p in unpublished):
                    raise DocumentError(f"所解读的政策“{unpublished[0].title}”尚未通过审查，解读不能先于政策发布")
                companions = unpublished
            elif self.needs_interpretation and not self.interpretation_exemption:
                ready = [i for i in self.interpretations.all() if i.status in (Status.APPROVED, Status.PUBLISHED)]
                if not ready:
                    raise DocumentError(
                        "该政策需要解读：解读材料通过审查后与政策同时发布（三同步），或填写免于同步解读的理由"
                    )
                companions = [i for i in ready if i.status == Status.APPROVED]
            self._publish_one(by=by, at=at)
            for other in companions:
                if not other._approved(other.version):
                    raise DocumentError(f"“{other.title}”当前版本没有通过审查，不能同时发布")
                other._publish_one(by=by, at=at, data={"with": str(self.uid)})

    def _publish_one(self, *, by, at, data=None):
        self.published_at = at
        self._change(Status.PUBLISHED, by=by, verb="published", data=data, fields=["published_at"])
        for relation in self.relations_out.select_related("target"):
            target = relation.target
            if relation.kind == RelationKind.REPEALS:
                target.set_validity(Validity.REPEALED, on=timezone.localtime(at).date(), by=by, because=self)
            elif relation.kind == RelationKind.AMENDS and target.validity == Validity.VALID:
                target.set_validity(Validity.AMENDED, on=timezone.localtime(at).date(), by=by, because=self)

    def _publish_revision(self, revision, *, by):
        if not self._approved(revision.version):
            raise DocumentError(f"第{revision.version}版修订没有通过审查，不能发布（先审查、后公开）")
        with transaction.atomic():
            self.title, self.summary, self.body = revision.title, revision.summary, revision.body
            self.version = revision.version
            self.save(update_fields=["title", "summary", "body", "version", "updated_at"])
            revision.pending = False
            revision.save(update_fields=["pending"])
            audit.record(by, "document.revision_published", self, {"version": self.version})

    def revise(self, *, by, title=None, summary=None, body=None):
        """Change a published item's content: a new version, reviewed before it replaces the public one."""
        self._require_status(Status.PUBLISHED, action="修订")
        self._require(by, "document.draft", "只有本机关的起草人或公开办可以修订")
        if self.pending_revision is not None:
            raise DocumentError("已有一份待审查的修订，请先完成审查")
        with transaction.atomic():
            revision = DocumentVersion.objects.create(
                document=self,
                version=self.version + 1,
                title=title if title is not None else self.title,
                summary=summary if summary is not None else self.summary,
                body=body if body is not None else self.body,
                attribute=self.attribute,
                pending=True,
                created_by_name=_name(by),
            )
            audit.record(by, "document.revised", self, {"version": revision.version})
        return revision

    def withdraw(self, *, by, reason: str):
        self._require_status(Status.PUBLISHED, action="撤回")
        self._require(by, "document.publish", "只有本机关的公开办可以撤回")
        if not reason.strip():
            raise DocumentError("撤回理由：必须填写")
        with transaction.atomic():
            self.withdrawn_reason = reason
            self._change(Status.WITHDRAWN, by=by, verb="withdrawn", reason=reason, fields=["withdrawn_reason"])

    def set_validity(self, validity: str, *, on: datetime.date, by, because=None):
        """失效 / 废止 / 已修改, with its date; publishing a repealing document calls this."""
        if validity == self.validity:
            return
        with transaction.atomic():
            old = self.validity
            self.validity = validity
            fields = ["validity"]
            if validity == Validity.REPEALED:
                self.repealed_on, fields = on, [*fields, "repealed_on"]
            elif validity == Validity.EXPIRED:
                self.expires_on, fields = on, [*fields, "expires_on"]
            self.save(update_fields=[*fields, "updated_at"])
            data = {"from": old, "to": validity, "on": on}
            if because is not None:
                data["by_document"] = str(because.uid)
            audit.record(by, "document.validity_changed", self, data)

    def rereview(self, *, by, verdict: str, reason: str):
        """Art. 18 re-review of an item not actively disclosed; converting publishes it."""
        self._require_status(Status.FILED, action="复审")
        self._require(by, "document.publish", "只有本机关的公开办可以复审")
        if not reason.strip():
            raise DocumentError("复审理由：必须填写")
        with transaction.atomic():
            Rereview.objects.create(document=self, reviewer_name=_name(by), verdict=verdict, reason=reason)
            if verdict == Rereview.Verdict.KEEP:
                self.next_rereview_on = rereview_due(timezone.localdate(), self.settings.rereview_months)
                self.save(update_fields=["next_rereview_on", "updated_at"])
                audit.record(by, "document.rereview_kept", self, {"reason": reason})
                return
            old_attribute = self.attribute
            self.attribute, self.withhold_ground = Attribute.PROACTIVE, ""
            self.converted_on = timezone.localdate()
            self.next_rereview_on = None
            self.published_at = timezone.now()
            self._change(
                Status.PUBLISHED,
                by=by,
                verb="converted",
                reason=reason,
                data={"from_attribute": old_attribute},
                fields=["attribute", "withhold_ground", "converted_on", "next_rereview_on", "published_at"],
            )

    # -- derived facts ---------------------------------------------------------------------------
    def stage(self) -> list[tuple[str, str]]:
        """The stage bar: 起草 → 审查 → 发布 (or 登记不公开), each done, current or still to come."""
        if self.status == Status.FILED:
            names, at = ["起草", "审查", "登记（不主动公开）"], 3
        else:
            names = ["起草", "审查", "发布"]
            steps: dict[str, int] = {Status.DRAFT: 0, Status.RETURNED: 0, Status.IN_REVIEW: 1, Status.APPROVED: 2}
            at = steps.get(self.status, 3)
        return stage_bar(names, at)

    def next_step(self) -> str:
        """Who acts next, as the drafter, the reviewer and the office read it on the item's page."""
        office = self.agency.office_name or f"{self.agency.name}政府信息公开工作机构"
        if self.status == Status.DRAFT:
            return "下一步：起草人补全后提交审查"
        if self.status == Status.IN_REVIEW:
            return "下一步：本机关审核人审查公开属性（审起分离：起草人不能审查自己起草的信息）"
        if self.status == Status.RETURNED:
            return "下一步：起草人按审查意见修改后重新提交"
        if self.status == Status.APPROVED:
            return f"下一步：由公开办（{office}）发布；已列入公开办的“我的待办”"
        if self.status == Status.FILED:
            due = f"，{self.next_rereview_on:%Y年%-m月%-d日}前复审" if self.next_rereview_on else ""
            return f"已认定为{self.get_attribute_display()}，不主动公开{due}"
        if self.pending_revision is not None:
            return "下一步：修订待审核人审查，通过后由公开办发布"
        return ""

    def disclosure_due(self):
        """The art. 26 deadline: 20 working days after the item was formed or changed."""
        formed = self.formed_on
        return add_workdays(formed, ACTIVE_DISCLOSURE.days) if formed else None

    def is_late(self) -> bool:
        due = self.disclosure_due()
        published = self.published_on
        return bool(
            due
            and published
            and self.attribute == Attribute.PROACTIVE
            and self.kind != DocKind.NEWS
            and published > due
        )


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


class ImportJobQuerySet(ScopedQuerySet["ImportJob"]):
    """``for_user``: the jobs of the agencies in the user's scope; pages further show a job only to the
    person who started it (what it holds are their uploads)."""


class ImportJob(models.Model):
    """A batch of .docx files from a zip, imported by the worker: first read for a preview, then — for
    the files the drafter ticks — saved as drafts. The page shows its progress and can cancel it until it
    finishes; the request that starts it returns at once. Uploads wait in a staging folder, removed when
    the job ends."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        READING = "reading", "正在识别"
        PREVIEWED = "previewed", "待确认"
        SAVING = "saving", "正在保存"
        SAVED = "saved", "已保存"
        CANCELLED = "cancelled", "已取消"
        FAILED = "failed", "出错"

    RUNNING = (State.QUEUED, State.READING, State.SAVING)

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField("文件名", max_length=255)
    token = models.CharField(max_length=32, unique=True)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    previews = models.JSONField(default=list, blank=True)  # per file: name, problem, recognised fields
    chosen = models.JSONField(default=list, blank=True)  # indexes ticked for saving
    report = models.JSONField(default=list, blank=True)  # per file: saved (uid, title, index number) or why not
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "公文批量导入"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename}（{self.get_state_display()}）"

    @property
    def folder(self):
        return Path(settings.MEDIA_ROOT) / "import-staging" / str(self.created_by_id) / self.token

    @property
    def running(self) -> bool:
        return self.state in self.RUNNING

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def _move(self, new: str, *, by, reason: str = "", fields=()):
        old = self.state
        self.state = new
        self.save(update_fields=["state", "updated_at", *fields])
        ImportJobStatusChange.objects.create(job=self, old=old, new=new, actor_name=_name(by), reason=reason)

    # -- verbs ----------------------------------------------------------------------------------
    @classmethod
    def start(cls, *, agency, by, filename: str, data: bytes) -> ImportJob:
        """Stage the zip and queue the reading; the worker does the rest (documents/tasks.py)."""
        if not has(by, "document.draft", agency):
            raise DocumentError("只有本机关的起草人或公开办可以导入公文")
        job = cls(agency=agency, created_by=by, filename=filename[:255], token=uuid.uuid4().hex)
        job.folder.mkdir(parents=True)
        (job.folder / "upload.zip").write_bytes(data)
        with transaction.atomic():
            job.save()
            ImportJobStatusChange.objects.create(job=job, new=job.state, actor_name=_name(by))
            audit.record(by, "document.import_started", job, {"file": job.filename})
            transaction.on_commit(lambda: _enqueue("read_import", job.pk))
        return job

    def cancel(self, *, by):
        if self.created_by_id != getattr(by, "pk", None):
            raise DocumentError("只有发起导入的人可以取消")
        if not self.running:
            raise DocumentError(f"导入当前为“{self.get_state_display()}”，不能再取消")
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=self.pk)
            locked.cancel_requested = True
            locked.save(update_fields=["cancel_requested", "updated_at"])
            if locked.state == self.State.QUEUED:  # the worker has not taken it: stop here
                locked._move(self.State.CANCELLED, by=by, reason="排队时取消")
            audit.record(by, "document.import_cancelled", self, {"done": locked.done, "total": locked.total})
        self.refresh_from_db()

    def confirm(self, *, by, chosen: list[str]):
        if self.created_by_id != getattr(by, "pk", None):
            raise DocumentError("只有发起导入的人可以确认保存")
        if self.state != self.State.PREVIEWED:
            raise DocumentError(f"导入当前为“{self.get_state_display()}”，不能确认保存（识别完成后才可以）")
        valid = {str(p["index"]) for p in self.previews if p.get("fields")}
        picked = sorted(set(chosen) & valid, key=int)
        if not picked:
            raise DocumentError("保存：至少勾选一个识别成功的文件")
        with transaction.atomic():
            self.chosen, self.total, self.done = picked, len(picked), 0
            self._move(self.State.SAVING, by=by, fields=["chosen", "total", "done"])
            audit.record(by, "document.import_confirmed", self, {"files": len(picked)})
            transaction.on_commit(lambda: _enqueue("save_import", self.pk))

    # -- the worker's side ------------------------------------------------------------------------
    def _cancelled(self) -> bool:
        return ImportJob.objects.filter(pk=self.pk, cancel_requested=True).exists()

    def _stop(self, *, reason: str = "") -> None:
        self._move(self.State.CANCELLED, by=None, reason=reason or "导入人取消")
        shutil.rmtree(self.folder, ignore_errors=True)

    def read(self) -> None:
        """Read every .docx of the zip (lib/packages.py limits apply), one by one, saving progress."""
        if self._cancelled():
            return self._stop()
        entries, error = read_zip(self.folder / "upload.zip")
        if error:
            self.error = error
            return self._move(self.State.FAILED, by=None, reason=error, fields=["error"])
        self.total, self.done, self.previews = len(entries), 0, []
        self._move(self.State.READING, by=None, fields=["total", "done", "previews"])
        for index, entry in enumerate(entries):
            if self._cancelled():
                return self._stop()
            item, parsed = stage_entry(index, entry, self.folder)
            if parsed is not None:
                item["warnings"] = parsed.warnings
                if parsed.paragraphs or parsed.title:
                    item["fields"] = {
                        "title": parsed.title, "doc_number": parsed.doc_number,
                        "written_on": parsed.written_on.isoformat() if parsed.written_on else "",
                        "addressee": parsed.addressee, "paragraphs": len(parsed.paragraphs),
                        "attachment_note": parsed.attachment_note, "hint": parsed.hint_label,
                    }  # fmt: skip
            self.previews.append(item)
            self.done = index + 1
            self.save(update_fields=["previews", "done", "updated_at"])
        self._move(self.State.PREVIEWED, by=None)

    def save_chosen(self) -> None:
        """Save the ticked files as drafts, each in its own transaction; a refused one is reported."""
        from gongkai.documents.library import draft_from_docx  # noqa: PLC0415 — library imports this module

        names = {str(p["index"]): p["name"] for p in self.previews}
        by = self.created_by
        self.report = [
            {"name": p["name"], "skipped": True} for p in self.previews if str(p["index"]) not in self.chosen
        ]
        for n, index in enumerate(self.chosen):
            if self._cancelled():
                self.report.append({"name": "其余文件", "error": "已取消，未保存"})
                self.save(update_fields=["report", "updated_at"])
                return self._stop(reason=f"保存了 {n} 个后取消")
            name = names[index]
            try:
                doc = draft_from_docx(
                    agency=self.agency, by=by, name=name, data=(self.folder / f"{index}.docx").read_bytes()
                )
            except DocumentError as exc:
                self.report.append({"name": name, "error": str(exc)})
            else:
                self.report.append(
                    {"name": name, "uid": str(doc.uid), "title": doc.title, "index_number": doc.index_number}
                )
            self.done = n + 1
            self.save(update_fields=["report", "done", "updated_at"])
        self._move(self.State.SAVED, by=None)
        shutil.rmtree(self.folder, ignore_errors=True)


def _enqueue(name: str, job_id: int) -> None:
    from gongkai.documents import tasks  # noqa: PLC0415 — tasks import this module

    getattr(tasks, name).enqueue(job_id)


class ImportJobStatusChange(StatusRow):
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="status_changes")

    class Meta:
        ordering = ["job", "at", "id"]
