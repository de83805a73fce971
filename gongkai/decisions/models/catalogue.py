"""重大行政决策: each body's yearly catalogue of major administrative decisions (事项目录), approved, then
published by the date the work plans set, changed during the year only as versions with a reason, and the
decisions taken outside it recorded with theirs. Rules and sources: spec §3.2; the date: workdays/periods.py.
"""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import ScopedQuerySet
from gongkai.audit.models import StatusRow, actor_name
from gongkai.decisions.models.process import PROCEDURES, STAGE_BY_CODE, STAGES, DecisionError, Stage, Step
from gongkai.workdays import periods


class CatalogueQuerySet(ScopedQuerySet["Catalogue"]):
    def public(self):
        """What the portal shows: published catalogues only."""
        return self.filter(state=Catalogue.State.PUBLISHED)


class Catalogue(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "编制中"
        APPROVED = "approved", "已同意"
        PUBLISHED = "published", "已公布"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="decision_catalogues")
    year = models.PositiveSmallIntegerField("年度")
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT)
    approved_on = models.DateField("同意日期", null=True, blank=True)
    approval = models.CharField("同意情况", max_length=200, blank=True)  # 经区委、区政府同意
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "重大行政决策事项目录"
        ordering = ["-year", "agency__sort_order"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="decision_catalogue_once")]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.year}年度重大行政决策事项目录"

    @property
    def due(self) -> datetime.date:
        month, day = periods.DECISION_CATALOGUE_DUE
        return datetime.date(self.year, month, day)

    def is_late(self, today: datetime.date) -> bool:
        published = timezone.localtime(self.published_at).date() if self.published_at else None
        return (published or today) > self.due

    # -- verbs --------------------------------------------------------------------------------------
    @classmethod
    def open(cls, agency: Agency, year: int, *, by) -> Catalogue:
        if cls.objects.filter(agency=agency, year=year).exists():
            raise DecisionError(f"年度：{year}年的目录已经建立")
        with transaction.atomic():
            catalogue = cls.objects.create(agency=agency, year=year)
            audit.record(by, "decision.catalogue_opened", catalogue, {"year": year})
        return catalogue

    def _move(self, new: str, *, by, reason: str = "", fields=()) -> None:
        old, self.state = self.state, new
        self.save(update_fields=["state", *fields])
        CatalogueStatusChange.objects.create(catalogue=self, old=old, new=new, actor_name=actor_name(by), reason=reason)
        audit.record(by, f"decision.catalogue_{new}", self, {"reason": reason})

    def add_entry(self, *, by, matter: str, unit: str, timing: str, procedures, reason: str = "") -> Entry:
        """A matter of the catalogue; once the catalogue is published an addition is a change of it,
        with its reason, shown in the change history."""
        procedures = _checked(matter, unit, procedures)
        if self.state == self.State.PUBLISHED and not reason.strip():
            raise DecisionError("调整理由：目录公布后新增事项，必须写明理由")
        with transaction.atomic():
            number = (self.entries.aggregate(n=Max("number"))["n"] or 0) + 1
            entry = Entry.objects.create(
                catalogue=self, number=number, matter=matter.strip(), unit=unit.strip(), timing=timing.strip(),
                procedures=procedures,
            )  # fmt: skip
            if self.state == self.State.PUBLISHED:
                entry._change(by, EntryChange.Kind.ADDED, reason, before={})
            audit.record(by, "decision.entry_added", self, {"matter": entry.matter})
        return entry

    def approve(self, *, by, on: datetime.date, approval: str) -> None:
        """The Party committee's and the government's consent, recorded before publication."""
        if self.state != self.State.DRAFT:
            raise DecisionError(f"目录当前为“{self.get_state_display()}”，不能再次登记同意")
        if not self.entries.filter(outside=False).exists():
            raise DecisionError("事项：目录中还没有事项")
        if not approval.strip():
            raise DecisionError("同意情况：必须填写（如“经区委、区政府同意”）")
        if on > timezone.localdate():
            raise DecisionError("同意日期：不能晚于今天")
        with transaction.atomic():
            self.approved_on, self.approval = on, approval.strip()[:200]
            self._move(self.State.APPROVED, by=by, reason=self.approval, fields=["approved_on", "approval"])

    def publish(self, *, by, at: datetime.datetime | None = None) -> None:
        """Publish on the portal; ``at`` records a publication made earlier elsewhere (e.g. the gazette)."""
        if self.state != self.State.APPROVED:
            raise DecisionError("目录须先登记同意（党委、政府同意）后才能公布")
        if at is not None and (
            at > timezone.now() or (self.approved_on and timezone.localtime(at).date() < self.approved_on)
        ):
            raise DecisionError("公布时间：不能早于同意日期，也不能晚于现在")
        with transaction.atomic():
            self.published_at = at or timezone.now()
            self._move(self.State.PUBLISHED, by=by, fields=["published_at"])

    def record_outside(self, *, by, matter: str, unit: str, reason: str) -> Entry:
        """A major decision taken outside the catalogue (目录外), with the reason it was not in it."""
        if not reason.strip():
            raise DecisionError("目录外理由：必须写明未列入目录的理由")
        _checked(matter, unit, [])
        with transaction.atomic():
            entry = Entry.objects.create(
                catalogue=self, number=0, matter=matter.strip(), unit=unit.strip(), outside=True,
                outside_reason=reason.strip(),
            )  # fmt: skip
            audit.record(by, "decision.outside_recorded", self, {"matter": entry.matter, "reason": reason})
        return entry


class CatalogueStatusChange(StatusRow):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="status_changes")
    LABELS = dict(Catalogue.State.choices)

    class Meta:
        ordering = ["catalogue", "at", "id"]


def _checked(matter: str, unit: str, procedures) -> list[str]:
    if not matter.strip():
        raise DecisionError("决策事项：必须填写")
    if len(matter) > 300:
        raise DecisionError("决策事项：不能超过 300 个字")
    if not unit.strip():
        raise DecisionError("承办单位：必须填写")
    unknown = [p for p in procedures if p not in PROCEDURES]
    if unknown:
        raise DecisionError(f"决策程序：无法识别“{'、'.join(unknown)}”")
    return [p for p in PROCEDURES if p in procedures]


class EntryQuerySet(ScopedQuerySet["Entry"]):
    agency_field = "catalogue__agency"

    def public(self):
        """Entries of published catalogues (the portal's full-process pages and the API)."""
        return self.filter(catalogue__state=Catalogue.State.PUBLISHED)


class Entry(models.Model):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="entries")
    number = models.PositiveSmallIntegerField("序号")  # 0 for a decision outside the catalogue
    matter = models.CharField("决策事项", max_length=300)
    unit = models.CharField("承办单位", max_length=100)
    timing = models.CharField("计划完成时间", max_length=100, blank=True)
    procedures = models.JSONField("适用程序", default=list, blank=True)
    withdrawn = models.BooleanField("已调出目录", default=False)
    outside = models.BooleanField("目录外事项", default=False)
    outside_reason = models.TextField("未列入目录的理由", blank=True)
    version = models.PositiveSmallIntegerField("版本", default=1)
    stage = models.CharField("当前阶段", max_length=16, default="catalogue")

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "决策事项"
        ordering = ["catalogue", "outside", "number", "id"]

    def __str__(self):
        return self.matter

    @property
    def agency_id(self) -> int:
        return self.catalogue.agency_id

    @property
    def procedure_labels(self) -> list[str]:
        return [PROCEDURES[p] for p in self.procedures if p in PROCEDURES]

    @property
    def stage_label(self) -> str:
        return STAGE_BY_CODE[self.stage].label if self.stage in STAGE_BY_CODE else self.stage

    def applies(self, stage: Stage) -> bool:
        """A stage tied to a procedure applies only when the catalogue lists that procedure for the entry
        (a decision outside the catalogue has no list: every stage may apply)."""
        return stage.procedure is None or self.outside or stage.procedure in self.procedures

    def record_step(self, *, by, stage: str, on: datetime.date, note: str = "", documents=()) -> Step:
        """A stage the decision went through, with its date, a note and its documents (library items)."""
        found = STAGE_BY_CODE.get(stage)
        if found is None or stage == "catalogue":
            raise DecisionError(f"阶段：无法识别“{stage}”")
        if not self.applies(found):
            raise DecisionError(
                f"阶段：目录未对本事项列明“{PROCEDURES[found.procedure or '']}”程序，不适用“{found.label}”"
            )
        if self.withdrawn:
            raise DecisionError("事项：已调出目录，不再记录决策过程")
        if on > timezone.localdate():
            raise DecisionError(f"{found.label}日期：不能晚于今天")
        if len(note) > 2000:
            raise DecisionError("说明：不能超过 2000 个字")
        order = [s.code for s in STAGES]
        with transaction.atomic():
            step = Step.objects.create(entry=self, stage=stage, on=on, note=note.strip(), actor_name=actor_name(by))
            if documents:
                step.documents.set(documents)
            if order.index(stage) > order.index(self.stage if self.stage in order else "catalogue"):
                self.stage = stage
                self.save(update_fields=["stage"])
            audit.record(
                by, "decision.step_recorded", self.catalogue, {"entry": self.pk, "stage": stage, "on": str(on)}
            )
        return step

    def _values(self) -> dict:
        return {"matter": self.matter, "unit": self.unit, "timing": self.timing, "procedures": self.procedure_labels}

    def _change(self, by, kind: str, reason: str, *, before: dict) -> None:
        EntryChange.objects.create(
            entry=self, version=self.version, kind=kind, reason=reason.strip(), before=before, after=self._values(),
            actor_name=actor_name(by),
        )  # fmt: skip

    def revise(self, *, by, reason: str, matter: str, unit: str, timing: str, procedures) -> None:
        """A change of a published catalogue's entry: a new version with its reason (before: plain edit)."""
        if self.outside or self.withdrawn:
            raise DecisionError("事项：目录外或已调出的事项不能调整")
        procedures = _checked(matter, unit, procedures)
        published = self.catalogue.state == Catalogue.State.PUBLISHED
        if published and not reason.strip():
            raise DecisionError("调整理由：目录公布后调整事项，必须写明理由")
        with transaction.atomic():
            before = self._values()
            self.matter, self.unit, self.timing = matter.strip(), unit.strip(), timing.strip()
            self.procedures = procedures
            if published:
                self.version += 1
            self.save()
            if published:
                self._change(by, EntryChange.Kind.REVISED, reason, before=before)
            audit.record(by, "decision.entry_revised", self.catalogue, {"entry": self.number, "reason": reason})

    def withdraw(self, *, by, reason: str) -> None:
        """Taken out of a published catalogue (调出), with the reason."""
        if self.catalogue.state != Catalogue.State.PUBLISHED:
            raise DecisionError("目录公布前直接修改事项即可，不需要调出")
        if not reason.strip():
            raise DecisionError("调整理由：调出事项必须写明理由")
        if self.withdrawn or self.outside:
            raise DecisionError("事项：已调出或是目录外事项")
        with transaction.atomic():
            before = self._values()
            self.withdrawn, self.version = True, self.version + 1
            self.save(update_fields=["withdrawn", "version"])
            self._change(by, EntryChange.Kind.WITHDRAWN, reason, before=before)
            audit.record(by, "decision.entry_withdrawn", self.catalogue, {"entry": self.number, "reason": reason})


class EntryChange(models.Model):
    """One change of a published catalogue: added, revised or withdrawn, with its reason (the change
    history the portal shows under the catalogue)."""

    class Kind(models.TextChoices):
        ADDED = "added", "新增"
        REVISED = "revised", "调整"
        WITHDRAWN = "withdrawn", "调出"

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reason = models.TextField("理由")
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.entry_id} v{self.version} {self.kind}"

    @property
    def matter(self) -> str:
        return str(self.after.get("matter") or self.before.get("matter") or "")

    @property
    def was(self) -> str:
        """What a revised entry said before: matter, unit and timing."""
        if self.kind != self.Kind.REVISED:
            return ""
        b = self.before
        return f"{b.get('matter', '')}，{b.get('unit', '')}，{b.get('timing') or '—'}"
