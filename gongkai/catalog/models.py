"""政务公开标准目录: each body's catalogue of disclosure items, in the exact columns of the national
guidelines (spec §5.2: 一级/二级事项, 公开内容（要素）, 公开依据, 公开时限, 公开主体, 公开渠道和载体,
公开对象, 公开方式, 公开层级),
with the library documents that are each entry's content (suggested, confirmed by the officer), and a flag
when an entry's 更新周期 has passed without new content."""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import ScopedQuerySet
from gongkai.documents.models import Document
from gongkai.lib.errors import Refused

# The 26 pilot areas of the grassroots standard guidelines (spec §5.1, M — reconstructed), and 其他 for a
# body's own items.
AREAS = [
    "城乡规划",
    "重大建设项目",
    "公共资源交易",
    "财政预决算",
    "安全生产",
    "税收管理",
    "征地补偿",
    "国有土地上房屋征收与补偿",
    "农村危房改造",
    "扶贫",
    "救灾",
    "社会救助",
    "养老服务",
    "户籍管理",
    "涉农补贴",
    "就业",
    "社会保险",
    "医疗卫生",
    "食品药品监管",
    "城市综合执法",
    "义务教育",
    "环境保护",
    "公共文化服务",
    "公共法律服务",
    "市政服务",
    "保障性住房",
    "其他",
]

# 公开渠道和载体: the values the guidelines list (spec §5.2, an open list).
CHANNELS = [
    "政府网站",
    "两微一端",
    "广播电视",
    "公开查阅点",
    "便民服务站",
    "政府公报",
    "发布会/听证会",
    "纸质媒体",
    "政务服务中心",
    "入户/现场",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
    "其他",
]

# 更新周期 (the platform's column: how often an entry is expected to have new content) → calendar days, with a
# grace of 20 working days' worth (30 calendar days) before the entry is flagged (本平台设定). 实时/不定期 entries
# publish when something happens and are never flagged.
CYCLES = {"year": ("每年", 365), "quarter": ("每季度", 92), "month": ("每月", 31), "event": ("实时/不定期", None)}
GRACE_DAYS = 30


def cycle_from(limit_text: str) -> str:
    """A first guess of the 更新周期 from the 公开时限 wording (the officer can change it)."""
    for words, cycle in (
        (("每年", "年度", "年初", "年底"), "year"),
        (("每季度", "季度"), "quarter"),
        (("每月", "月度"), "month"),
    ):
        if any(w in limit_text for w in words):
            return cycle
    return "event"


class CatalogError(Refused):
    """A step on the catalogue the rules refuse; the message names the field (and the row) and the rule."""


class EntryQuerySet(ScopedQuerySet["Entry"]):
    def public(self):
        return self.filter(active=True)


class Entry(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="catalog_entries")
    area = models.CharField("试点领域", max_length=30, default="其他")
    seq = models.PositiveIntegerField("序号")
    level1 = models.CharField("一级事项", max_length=100)
    level2 = models.CharField("二级事项", max_length=200)
    content = models.TextField("公开内容（要素）")
    basis = models.TextField("公开依据", blank=True)
    time_limit = models.CharField("公开时限", max_length=200)
    body = models.CharField("公开主体", max_length=100)
    channels = models.JSONField("公开渠道和载体", default=list)
    to_all = models.BooleanField("全社会", default=False)
    to_specific = models.BooleanField("特定群众", default=False)
    proactive = models.BooleanField("主动", default=False)
    on_request = models.BooleanField("依申请公开", default=False)
    level_county = models.BooleanField("县级", default=False)
    level_town = models.BooleanField("乡级", default=False)
    cycle = models.CharField("更新周期", max_length=8, choices=[(k, v[0]) for k, v in CYCLES.items()], default="event")
    documents = models.ManyToManyField(Document, through="Link", related_name="catalog_entries")
    active = models.BooleanField(default=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "政务公开标准目录"
        ordering = ["agency", "seq", "id"]

    def __str__(self):
        return f"{self.level1}·{self.level2}"

    def latest_content(self) -> datetime.datetime | None:
        """When the newest confirmed public document of the entry was published."""
        public = Document.objects.public().filter(pk__in=self.links.filter(confirmed=True).values("document_id"))
        return public.aggregate(at=Max("published_at"))["at"]

    def is_stale(self, today: datetime.date | None = None) -> bool:
        return self.stale_given(self.latest_content(), today)

    def stale_given(self, latest: datetime.datetime | None, today: datetime.date | None = None) -> bool:
        """Past its 更新周期 (+ grace) without new content, given the newest content's time (read once)."""
        days = CYCLES[self.cycle][1]
        if days is None:
            return False
        today = today or timezone.localdate()
        return latest is None or (today - timezone.localtime(latest).date()).days > days + GRACE_DAYS

    def link(self, document: Document, *, by) -> Link:
        """The officer confirms a document as this entry's content."""
        if document.agency_id != self.agency_id and not document.co_issuers.filter(pk=self.agency_id).exists():
            raise CatalogError("文件：只能关联本机关发布的文件")
        with transaction.atomic():
            link, _ = Link.objects.update_or_create(
                entry=self, document=document, defaults={"confirmed": True, "by": str(by)[:150]}
            )
            audit.record(by, "catalog.linked", self, {"document": document.pk})
        return link

    def unlink(self, document: Document, *, by) -> None:
        with transaction.atomic():
            Link.objects.filter(entry=self, document=document).delete()
            audit.record(by, "catalog.unlinked", self, {"document": document.pk})


class Link(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="links")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    confirmed = models.BooleanField(default=False)
    by = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "document"], name="catalog_link_once")]

    def __str__(self):
        return f"{self.entry_id} {self.document_id}"


def replace_catalogue(agency, rows: list[dict], *, by) -> int:
    """Save an imported catalogue (checked rows from ``sheet.read``): entries not in the file are retired
    (kept with their links, off the portal), the ones whose 一级/二级事项 match are updated, links kept."""
    with transaction.atomic():
        existing = {(e.level1, e.level2): e for e in Entry.objects.filter(agency=agency)}
        seen = set()
        for row in rows:
            key = (row["level1"], row["level2"])
            entry = existing.get(key) or Entry(agency=agency)
            for field, value in row.items():
                setattr(entry, field, value)
            entry.active = True
            entry.save()
            seen.add(entry.pk)
        Entry.objects.filter(agency=agency).exclude(pk__in=seen).update(active=False)
        audit.record(by, "catalog.imported", agency, {"entries": len(rows)})
    return len(rows)
