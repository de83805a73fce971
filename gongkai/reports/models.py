"""Annual reports: the working draft an office edits (prose, figures from other systems, cases
handled outside the platform) and the frozen published versions the portal shows."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction

from gongkai import audit
from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import ScopedQuerySet
from gongkai.audit.models import StatusRow


class Scope(models.TextChoices):
    AGENCY = "agency", "本机关年度报告"
    AGGREGATE = "aggregate", "本级政府汇总年度报告"


class AnnualReportQuerySet(ScopedQuerySet):
    """``for_user``: reports of the agencies in the user's scope (drafts are never public)."""


class PublishedReportQuerySet(ScopedQuerySet):
    agency_field = "report__agency"

    def public(self):
        """What the portal shows: every published version of an active agency's report (a version is
        frozen when published; corrections are later versions, listed with their notes)."""
        return self.filter(report__agency__is_active=True)


class AnnualReport(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="annual_reports")
    year = models.PositiveSmallIntegerField("年度")
    scope = models.CharField("类型", max_length=10, choices=Scope.choices, default=Scope.AGENCY)
    section1 = models.TextField("一、总体情况", blank=True)
    section5 = models.TextField("五、存在的主要问题及改进情况", blank=True)
    section6 = models.TextField("六、其他需要报告的事项", blank=True)
    # Table 二 figures kept in other systems (许可、处罚、强制、收费), with where they came from.
    manual = models.JSONField("表二录入数据", default=dict, blank=True)
    # Cases handled outside the platform, added cell by cell: {"three": {row: [6 ints]}, "four": [12 ints]}
    extra = models.JSONField("平台外补录", default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "年度报告"
        ordering = ["-year", "agency__sort_order"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "scope"], name="annualreport_unique")]

    def __str__(self):
        return f"{self.agency.name}{self.year}年度报告"

    # What the office edits in the workspace; everything else is computed from the platform's records.
    EDITABLE = ("section1", "section5", "section6", "manual", "extra")

    def latest(self):
        return self.published.order_by("-version").first() if self.pk else None

    def versions(self):
        return self.published.order_by("-version") if self.pk else PublishedReport.objects.none()

    def edit(self, *, by, **changes) -> list[str]:
        """Save the office's edits (prose, table 二 figures, cases handled outside the platform); the
        draft is created by its first edit, never by opening the page. Returns the parts changed."""
        unknown = set(changes) - set(self.EDITABLE)
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        with transaction.atomic():
            for name, value in changes.items():
                setattr(self, name, value)
            if self.pk is None:
                self.save()
            else:
                self.save(update_fields=[*changes, "updated_at"])
            audit.record(by, "report.edited", self, {"parts": list(changes)})
        return list(changes)


class PublishedReport(models.Model):
    """A frozen version: later data changes never alter it; a correction is a new version with a note."""

    class Source(models.TextChoices):
        PLATFORM = "platform", "平台生成"
        IMPORTED = "imported", "导入往年报告"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="published")
    version = models.PositiveSmallIntegerField("版本")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PLATFORM)
    source_name = models.CharField("来源文件", max_length=200, blank=True)
    note = models.TextField("更正说明", blank=True)
    snapshot = models.JSONField("报告内容")
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    objects = PublishedReportQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "已发布的年度报告"
        ordering = ["report", "-version"]
        constraints = [models.UniqueConstraint(fields=["report", "version"], name="publishedreport_unique")]

    def __str__(self):
        return f"{self.report} 第{self.version}版"


class ReportStatusChange(StatusRow):
    """A report's status history: each publication (draft → published, published → corrected)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="status_changes")
    version = models.PositiveSmallIntegerField("版本", default=0)

    class Meta:
        ordering = ["report", "at", "id"]


class DeadlineReminder(models.Model):
    """The worker's reminders of the publication deadline, one per agency, report year and day."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.AGENCY)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "scope", "sent_on"], name="reportreminder_once_scope"),
        ]

    def __str__(self):
        return f"{self.agency_id} {self.year} {self.sent_on}"
