"""Annual reports: the working draft an office edits (prose, figures from other systems, cases
handled outside the platform) and the frozen published versions the portal shows."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import ScopedQuerySet
from gongkai.audit.models import StatusRow, actor_name
from gongkai.lib.errors import Refused
from gongkai.reports import law
from gongkai.reports.tables import CheckResult, ReportData, check, compute, parse_manual, sum_drafts, total

# What a drafted section still asks the office to write; a report cannot be published with it.
TO_FILL = "（请补充）"


class ReportError(Refused):
    """A report step refused; the message lists what to fix."""


class Scope(models.TextChoices):
    AGENCY = "agency", "本机关年度报告"
    AGGREGATE = "aggregate", "本级政府汇总年度报告"


class AnnualReportQuerySet(ScopedQuerySet):
    """``for_user``: reports of the agencies in the user's scope (drafts are never public)."""


class PublishedReportQuerySet(ScopedQuerySet["PublishedReport"]):
    agency_field = "report__agency"

    def public(self):
        """What the portal shows: every published version of an active agency's report (a version is
        frozen when published; corrections are later versions, listed with their notes)."""
        return self.filter(report__agency__is_active=True)

    def latest_of(self, agency_ids, year: int, scope: str = "agency") -> list[PublishedReport]:
        """The latest published version of each agency's report, in one query."""
        candidates = self.filter(report__agency_id__in=agency_ids, report__year=year, report__scope=scope)
        latest: dict[int, PublishedReport] = {}
        for published in candidates.select_related("report").order_by("version"):
            latest[published.report.agency_id] = published
        return list(latest.values())

    def latest_for(self, agency, year: int, scope: str = "agency") -> PublishedReport | None:
        return self.filter(report__agency=agency, report__year=year, report__scope=scope).order_by("-version").first()


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

    def edit_section(self, *, by, number: str, text: str) -> None:
        """Section 一, 五 or 六 (the prose the office writes)."""
        fields = {"一": "section1", "五": "section5", "六": "section6"}
        if number not in fields:
            raise ReportError(f"章节：只能编辑第一、五、六部分，收到“{number}”")
        self.edit(by=by, **{fields[number]: text})

    def set_figures(self, *, by, manual: dict) -> None:
        """Table 二 figures kept in other systems (许可、处罚、强制、收费), with their sources."""
        self.edit(by=by, manual=manual)

    # -- the figures and their checks ---------------------------------------------------------
    def members(self) -> list[Agency]:
        """The agencies an aggregate sums: the government itself and every agency below it."""
        ids = self.agency.subtree_ids()
        return list(Agency.objects.filter(id__in=ids, is_active=True).order_by("sort_order", "name"))

    def agency_ids(self) -> list[int]:
        return [a.id for a in self.members()] if self.scope == Scope.AGGREGATE else [self.agency_id]

    def data(self) -> ReportData:
        """The tables as they stand now. An aggregate sums each member's latest published version, or
        its current draft when it has not published."""
        if self.scope == Scope.AGENCY:
            return compute([self.agency_id], self.year, manual=self.manual, extra=self.extra)
        agencies = self.members()
        published = {
            p.report.agency_id: p for p in PublishedReport.objects.latest_of([a.id for a in agencies], self.year)
        }
        unpublished = [a.id for a in agencies if a.id not in published]
        drafts = {
            r.agency_id: (r.manual, r.extra)
            for r in AnnualReport.objects.filter(agency_id__in=unpublished, year=self.year, scope=Scope.AGENCY)
        }
        parts = [ReportData.from_dict(p.snapshot["data"]) for p in published.values()]
        if unpublished:
            manual, extra = sum_drafts(drafts.values())
            parts.append(compute(unpublished, self.year, manual=manual, extra=extra))
        return total(parts, self.year)

    def last_year_data(self) -> ReportData | None:
        published = PublishedReport.objects.latest_for(self.agency, self.year - 1, self.scope)
        return ReportData.from_dict(published.snapshot["data"]) if published else None

    def verify(self, data: ReportData | None = None) -> CheckResult:
        """Every check of the national format, the office's figures and the prose; errors block publication."""
        data = data or self.data()
        result = check(data, self.last_year_data())
        _values, _sources, manual_errors = parse_manual(self.manual)
        result.errors[:0] = manual_errors
        for number, field in (("一", "section1"), ("五", "section5"), ("六", "section6")):
            text = getattr(self, field).strip()
            heading = dict(law.SECTIONS)[number]
            if not text:
                result.errors.append(f"{heading}：不能为空")
            elif TO_FILL in text:
                result.errors.append(f"{heading}：还有“{TO_FILL}”的内容没有填写")
        return result

    @property
    def title(self) -> str:
        return law.REPORT_TITLE.format(name=self.agency.name, year=self.year)

    def snapshot(self, data: ReportData | dict, warnings=(), *, sections: dict | None = None) -> dict:
        """The frozen content of a published version (the one place a snapshot is built)."""
        if sections is None:
            sections = {"一": self.section1, "五": self.section5, "六": self.section6}
        return {
            "format": law.FORMAT,
            "title": self.title,
            "agency": {"code": self.agency.code, "name": self.agency.name},
            "year": self.year,
            "scope": self.scope,
            "sections": sections,
            "data": data if isinstance(data, dict) else data.to_dict(),
            "warnings": list(warnings),
        }

    def draft_snapshot(self) -> dict:
        """The report as it stands, for a DOCX or XLSX of the draft before publication; marked 草稿."""
        data = self.data()
        snapshot = self.snapshot(data, self.verify(data).warnings)
        snapshot["title"] = f"{snapshot['title']}（草稿）"
        snapshot["draft"] = True
        return snapshot

    # -- publication ------------------------------------------------------------------------------
    def publish(self, *, by, note: str = "", at=None) -> PublishedReport:
        """Freeze the report as its next version after every check passes; a later version is a
        correction and says what it corrected. Status row and audit event in the same transaction."""
        data = self.data()
        result = self.verify(data)
        if not result.ok:
            raise ReportError("；".join(result.errors))
        with transaction.atomic():
            if self.pk is None:
                self.save()
            version = (self.published.aggregate(v=Max("version"))["v"] or 0) + 1
            if version > 1 and not note.strip():
                raise ReportError("更正说明：已发布过的报告再次发布时，必须说明更正了什么")
            published = PublishedReport.objects.create(
                report=self,
                version=version,
                note=note.strip(),
                snapshot=self.snapshot(data, result.warnings),
                published_at=at or timezone.now(),
                published_by=by if getattr(by, "pk", None) else None,
            )
            ReportStatusChange.objects.create(
                report=self,
                version=version,
                old="draft" if version == 1 else "published",
                new="published" if version == 1 else "corrected",
                actor_name=actor_name(by),
                reason=note.strip(),
            )
            audit.record(by, "report.published", self, {"version": version, "year": self.year})
        return published

    @classmethod
    def import_published(cls, agency, year: int, *, data: dict, notes, source_name: str, by) -> PublishedReport:
        """An earlier year's report published outside the platform, read from its file after the
        office's preview: kept as a version of that year's report (its figures only), marked imported."""
        with transaction.atomic():
            report, _ = cls.objects.get_or_create(agency=agency, year=year, scope=Scope.AGENCY)
            version = (report.published.aggregate(v=Max("version"))["v"] or 0) + 1
            published = PublishedReport.objects.create(
                report=report,
                version=version,
                source=PublishedReport.Source.IMPORTED,
                source_name=source_name,
                note="导入往年已发布的报告",
                snapshot=report.snapshot(data, notes, sections={"一": "", "五": "", "六": ""}),
                published_at=timezone.now(),
                published_by=by if getattr(by, "pk", None) else None,
            )
            ReportStatusChange.objects.create(
                report=report,
                version=version,
                old="draft",
                new="imported",
                actor_name=actor_name(by),
                reason=source_name,
            )
            audit.record(by, "report.imported", report, {"year": year, "file": source_name})
        return published

    def correct(self, *, by, note: str) -> PublishedReport:
        """A corrected version of a published report (更正): the note says what changed."""
        if self.latest() is None:
            raise ReportError("更正：报告尚未发布，请直接发布")
        return self.publish(by=by, note=note)


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
