"""政府公报: issues (期) assembled from published library items — 规章, 规范性文件, 政府文件, 人事任免 — in the
editor's order, with a table of contents whose page numbers come from the rendered PDF; published on the
portal with an archive, a search filter, DOCX and PDF, and an Atom feed."""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import ScopedQuerySet
from gongkai.audit.models import StatusRow, actor_name
from gongkai.documents.law import DocKind
from gongkai.documents.models import Document
from gongkai.lib.errors import Refused

# The sections of an issue, in the order a gazette prints them.
SECTIONS = {
    "rules": "政府规章",
    "normative": "行政规范性文件",
    "documents": "政府文件",
    "personnel": "人事任免",
    "other": "其他",
}


def section_for(doc: Document) -> str:
    if doc.kind == DocKind.ORDER:
        return "rules"
    if doc.is_normative:
        return "normative"
    if "任免" in doc.title or "任职" in doc.title:
        return "personnel"
    return "documents"


class GazetteError(Refused):
    """A step on an issue the rules refuse; the message names the field and the rule."""


class IssueQuerySet(ScopedQuerySet["Issue"]):
    def public(self):
        return self.filter(state=Issue.State.PUBLISHED)


class Issue(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "编辑中"
        PUBLISHED = "published", "已出版"

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="gazette_issues")
    year = models.PositiveSmallIntegerField("年份")
    number = models.PositiveSmallIntegerField("期号")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    published_at = models.DateTimeField("出版时间", null=True, blank=True)
    pages = models.PositiveSmallIntegerField("页数", default=0)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "政府公报"
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "number"], name="gazette_issue_once")]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:gazette_issue", args=[self.agency.code, self.year, self.number])

    @property
    def title(self) -> str:
        return f"{self.agency.name}公报 {self.year}年第{self.number}期"

    @classmethod
    def open(cls, agency, *, by, year: int) -> Issue:
        with transaction.atomic():
            number = (cls.objects.filter(agency=agency, year=year).aggregate(n=Max("number"))["n"] or 0) + 1
            issue = cls.objects.create(agency=agency, year=year, number=number)
            IssueStatusChange.objects.create(issue=issue, old="", new=cls.State.DRAFT, actor_name=actor_name(by))
            audit.record(by, "gazette.opened", issue, {"number": number})
        return issue

    def _editable(self) -> None:
        if self.state != self.State.DRAFT:
            raise GazetteError("本期已经出版，不能再修改")

    def add(self, document: Document, *, by, section: str = "") -> Item:
        self._editable()
        if not Document.objects.public().filter(pk=document.pk).exists():
            raise GazetteError(f"文件：“{document.title}”尚未公开，不能刊登")
        if self.items.filter(document=document).exists():
            raise GazetteError(f"文件：“{document.title}”已在本期")
        section = section or section_for(document)
        if section not in SECTIONS:
            raise GazetteError("栏目：无法识别")
        with transaction.atomic():
            position = (self.items.aggregate(n=Max("position"))["n"] or 0) + 1
            item = Item.objects.create(issue=self, document=document, section=section, position=position)
            audit.record(by, "gazette.item_added", self, {"document": document.pk})
        return item

    def move(self, item: Item, *, by, up: bool) -> None:
        """The editor's order within a section: swap with the neighbour above or below."""
        self._editable()
        siblings = list(self.items.filter(section=item.section).order_by("position"))
        i = next(n for n, s in enumerate(siblings) if s.pk == item.pk)
        j = i - 1 if up else i + 1
        if not 0 <= j < len(siblings):
            return
        a, b = siblings[i], siblings[j]
        with transaction.atomic():
            a.position, b.position = b.position, a.position
            Item.objects.filter(pk=a.pk).update(position=a.position)
            Item.objects.filter(pk=b.pk).update(position=b.position)
            audit.record(by, "gazette.item_moved", self, {"item": a.pk, "up": up})

    def remove(self, item: Item, *, by) -> None:
        self._editable()
        with transaction.atomic():
            item.delete()
            audit.record(by, "gazette.item_removed", self, {"document": item.document_id})

    def ordered(self) -> list[Item]:
        order = list(SECTIONS)
        return sorted(self.items.select_related("document"), key=lambda i: (order.index(i.section), i.position))

    def publish(self, *, by) -> None:
        """出版: pages numbered from the rendered PDF and kept on each item, then public."""
        from gongkai.gazette import render  # noqa: PLC0415 - render imports these models

        self._editable()
        items = self.ordered()
        if not items:
            raise GazetteError("目录：本期还没有文件")
        hidden = [i.document.title for i in items if not Document.objects.public().filter(pk=i.document_id).exists()]
        if hidden:
            raise GazetteError(f"文件：“{hidden[0]}”已不再公开，请移出本期")
        pages, total = render.paginate(self, items)
        with transaction.atomic():
            for item in items:
                Item.objects.filter(pk=item.pk).update(page=pages[item.pk])
            self.pages, self.published_at = total, timezone.now()
            old, self.state = self.state, self.State.PUBLISHED
            self.save(update_fields=["pages", "published_at", "state"])
            IssueStatusChange.objects.create(issue=self, old=old, new=self.state, actor_name=actor_name(by),
                                             reason=f"共 {total} 页")  # fmt: skip
            audit.record(by, "gazette.published", self, {"pages": total})


class IssueStatusChange(StatusRow):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="status_changes")
    LABELS = dict(Issue.State.choices)

    class Meta:
        ordering = ["issue", "at", "id"]


class Item(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="gazette_items")
    section = models.CharField("栏目", max_length=12, choices=list(SECTIONS.items()))
    position = models.PositiveSmallIntegerField()
    page = models.PositiveSmallIntegerField("页码", null=True, blank=True)

    class Meta:
        ordering = ["issue", "position"]
        constraints = [models.UniqueConstraint(fields=["issue", "document"], name="gazette_item_once")]

    def __str__(self):
        return self.document.title
