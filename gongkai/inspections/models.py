"""Website and 政务新媒体 inspection (spec §4): each body's sites with their columns and expected identifiers,
its 新媒体 accounts, the wording list, and inspection runs with their findings (single-veto items first, then
deductions), a score and a verdict."""

from __future__ import annotations

import datetime
import re
import urllib.parse

from django.db import models, transaction
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import ScopedQuerySet
from gongkai.audit.models import StatusRow, actor_name
from gongkai.documents.law import Validity
from gongkai.documents.models import Document
from gongkai.inspections import crawl as crawler
from gongkai.inspections import indicators
from gongkai.lib import metrics
from gongkai.lib.errors import Refused


class InspectionError(Refused):
    """A step the rules refuse; the message names the field and the rule."""


class Site(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField("网站名称", max_length=100)
    url = models.URLField("首页地址")
    identifier = models.CharField("网站标识码", max_length=20, blank=True)
    icp = models.CharField("ICP备案号", max_length=40, blank=True)
    police = models.CharField("公安机关备案号", max_length=40, blank=True)
    local = models.BooleanField("本平台门户", default=False)  # read in-process, no HTTP

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "网站"
        ordering = ["agency__sort_order", "name"]

    def __str__(self):
        return self.name

    def latest_run(self):
        return self.runs.filter(state=Run.State.DONE).order_by("-finished_at").first()

    @classmethod
    def register(cls, agency, *, by, **fields) -> Site:
        with transaction.atomic():
            site = cls.objects.create(agency=agency, **fields)
            audit.record(by, "inspection.site_registered", site, {"url": site.url})
        return site

    def add_column(self, *, by, name: str, path: str, kind: str) -> Column:
        if kind not in indicators.COLUMN_KINDS:
            raise InspectionError("类别：无法识别")
        with transaction.atomic():
            column = Column.objects.create(site=self, name=name, path=path, kind=kind)
            audit.record(by, "inspection.column_added", self, {"column": name, "kind": kind})
        return column

    def add_account(self, *, by, **fields) -> MediaAccount:
        """A 政务新媒体 account of the site's body, checked with the site."""
        with transaction.atomic():
            account = MediaAccount.objects.create(agency=self.agency, **fields)
            audit.record(by, "inspection.account_added", self, {"account": str(account)})
        return account


class Column(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="columns")
    name = models.CharField("栏目", max_length=60)
    path = models.CharField("地址", max_length=300)
    kind = models.CharField("类别", max_length=12, choices=[(k, v[0]) for k, v in indicators.COLUMN_KINDS.items()])

    class Meta:
        ordering = ["site", "id"]

    def __str__(self):
        return self.name


class MediaAccount(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="media_accounts")
    platform = models.CharField("平台", max_length=20)  # 微信公众号、微博、抖音 …
    name = models.CharField("账号名称", max_length=60)
    last_update = models.DateField("最近更新日期", null=True, blank=True)
    feed_url = models.URLField("订阅源（可不填）", blank=True)
    has_interaction = models.BooleanField("提供互动功能", default=True)

    class Meta:
        ordering = ["agency", "platform", "name"]

    def __str__(self):
        return f"{self.platform}·{self.name}"


class Wording(models.Model):
    wrong = models.CharField("错误表述", max_length=60, unique=True)
    right = models.CharField("正确表述", max_length=60)

    class Meta:
        ordering = ["wrong"]

    def __str__(self):
        return f"{self.wrong} → {self.right}"

    @classmethod
    def define(cls, *, by, wrong: str, right: str) -> Wording:
        with transaction.atomic():
            wording, _ = cls.objects.update_or_create(wrong=wrong, defaults={"right": right})
            audit.record(by, "inspection.wording_set", wording, {"wrong": wrong, "right": right})
        return wording

    def remove(self, *, by) -> None:
        with transaction.atomic():
            audit.record(by, "inspection.wording_removed", self, {"wrong": self.wrong})
            self.delete()


class RunQuerySet(ScopedQuerySet["Run"]):
    agency_field = "site__agency"


class Run(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "待检查"
        RUNNING = "running", "检查中"
        DONE = "done", "已完成"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="runs")
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    trigger = models.CharField("方式", max_length=10, default="manual")  # manual / scheduled
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pages = models.PositiveIntegerField("检查页面数", default=0)
    external_checked = models.PositiveIntegerField("检查外链数", default=0)
    vetoed = models.BooleanField("单项否决", default=False)
    score = models.PositiveSmallIntegerField("得分", default=100)

    objects = RunQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return f"{self.site} {self.started_at:%Y-%m-%d}" if self.started_at else str(self.site)

    @property
    def agency_id(self) -> int:
        return self.site.agency_id

    @property
    def passed(self) -> bool:
        return not self.vetoed and self.score >= indicators.PASS_SCORE

    @classmethod
    def request(cls, site: Site, *, by, trigger: str = "manual") -> Run:
        if site.runs.filter(state__in=[cls.State.QUEUED, cls.State.RUNNING]).exists():
            raise InspectionError("检查：该网站已有一次检查在进行")
        with transaction.atomic():
            run = cls.objects.create(site=site, trigger=trigger)
            RunStatusChange.objects.create(run=run, old="", new=cls.State.QUEUED, actor_name=actor_name(by))
            audit.record(by, "inspection.requested", site, {"trigger": trigger})
        return run

    def _move(self, new: str, *, by="系统", reason: str = "", fields=()) -> None:
        old, self.state = self.state, new
        self.save(update_fields=["state", *fields])
        RunStatusChange.objects.create(run=self, old=old, new=new, actor_name=actor_name(by), reason=reason)

    def perform(
        self,
        *,
        fetcher=None,
        today: datetime.date | None = None,
        external: bool = True,
        max_pages: int = indicators.MAX_PAGES,
    ) -> None:
        """Crawl the site and check every rule; findings replace any earlier ones of this run."""
        if self.state == self.State.DONE:
            raise InspectionError("检查：已完成")
        self.started_at = timezone.now()
        self._move(self.State.RUNNING, fields=["started_at"])
        site = self.site
        fetcher = fetcher or (crawler.LocalFetcher() if site.local else crawler.HttpFetcher())
        today = today or timezone.localdate()
        result = crawler.crawl(site.url, fetcher, external=external, max_pages=max_pages)
        findings = check(site, result, fetcher, today)
        with transaction.atomic():
            self.findings.all().delete()
            Finding.objects.bulk_create(Finding(run=self, **f) for f in findings)
            rules = [indicators.RULES[f["rule"]] for f in findings]
            self.vetoed = any(r.veto for r in rules)
            self.score = max(0, 100 - sum(r.points for r in rules))
            self.pages, self.external_checked, self.finished_at = (
                len(result.pages),
                result.external_checked,
                timezone.now(),
            )
            verdict = "不合格（单项否决）" if self.vetoed else "合格" if self.passed else "不合格"
            self._move(
                self.State.DONE,
                reason=f"{verdict}，{self.score} 分",
                fields=["vetoed", "score", "pages", "external_checked", "finished_at"],
            )
            audit.record("系统", "inspection.finished", site, {"score": self.score, "vetoed": self.vetoed})


def _f(rule: str, detail: str, url: str = "") -> dict:
    return {"rule": rule, "detail": detail[:500], "url": url[:500]}


def check(site: Site, result: crawler.Crawl, fetcher, today: datetime.date) -> list[dict]:
    """Every rule of indicators.RULES against one crawl."""
    found: list[dict] = []
    home = result.pages.get(site.url) or fetcher.get(site.url)
    latest = crawler.latest_date(home.text, today)
    if latest is None or (today - latest).days > indicators.HOME_STALE_DAYS:
        found.append(
            _f(
                "home_stale",
                f"首页最新信息日期：{latest or '无'}（超过 {indicators.HOME_STALE_DAYS} 天未更新）",
                site.url,
            )
        )
    stale_key = stale_any = empty = 0
    for column in site.columns.all():
        url = urllib.parse.urljoin(site.url, column.path)
        page = result.pages.get(url) or fetcher.get(url)
        label, limit = indicators.COLUMN_KINDS[column.kind]
        newest = crawler.latest_date(page.text, today) if page.ok else None
        if newest is None:
            empty += 1
            found.append(_f("column_empty", f"“{column.name}”（{label}）没有带日期的信息", url))
            continue
        if limit is not None and (today - newest).days > limit:
            stale_any += 1
            stale_key += column.kind in ("news", "notice", "policy")
            found.append(_f("column_stale", f"“{column.name}”（{label}）最新 {newest}，超过 {limit} 天未更新", url))
    if stale_key >= indicators.STALE_KEY_COLUMNS_VETO or stale_any >= indicators.STALE_COLUMNS_VETO:
        found.append(
            _f("columns_stale", f"未按时更新的栏目 {stale_any} 个（其中动态、通知公告、政策文件类 {stale_key} 个）")
        )
    if empty >= indicators.EMPTY_COLUMNS_VETO:
        found.append(_f("columns_empty", f"空白栏目 {empty} 个"))
    for link, on in result.broken_internal[:50]:
        found.append(_f("broken_internal", f"{link}（出现在 {on}）", link))
    for link, on in result.broken_external[:50]:
        found.append(_f("broken_external", f"{link}（出现在 {on}）", link))
    unanswered = _unanswered(site.agency, today)
    if unanswered:
        found.append(_f("interaction_unanswered", unanswered))
    expired = Document.objects.public().filter(
        agency=site.agency, is_normative=True, validity=Validity.VALID, expires_on__lt=today
    )
    for doc in expired[:50]:
        found.append(
            _f("expired_valid", f"《{doc.title}》有效期至 {doc.expires_on}，仍标为有效", f"/documents/{doc.uid}/")
        )
    for wording in Wording.objects.all():
        pattern = re.compile(re.escape(wording.wrong) + r"(?!门)")
        for page in result.pages.values():
            if pattern.search(page.text):
                found.append(_f("wording", f"“{wording.wrong}”应为“{wording.right}”", page.url))
                break
    missing = [
        label
        for label, value in (("网站标识码", site.identifier), ("ICP备案号", site.icp), ("公安机关备案号", site.police))
        if not value or value not in home.text
    ]
    if missing:
        found.append(_f("footer", f"首页未见{'、'.join(missing)}", site.url))
    for account in MediaAccount.objects.filter(agency=site.agency):
        updated = account.last_update
        if account.feed_url:
            feed = fetcher.get(account.feed_url)
            updated = crawler.latest_date(feed.text, today) or updated
        if updated is None or (today - updated).days > indicators.MEDIA_STALE_DAYS:
            found.append(_f("media_stale", f"{account}：最近更新 {updated or '无记录'}"))
        if not account.has_interaction:
            found.append(_f("media_interaction", f"{account}：未提供互动功能"))
    return found


def _unanswered(agency, today: datetime.date) -> str:
    """The interactions app's count of messages unanswered for 3 months (read through lib/metrics)."""
    if "messages_unanswered" not in metrics.METRICS:
        return ""
    value, _, how = metrics.value("messages_unanswered", agency, today.year)
    return how if value else ""


class RunStatusChange(StatusRow):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="status_changes")
    LABELS = dict(Run.State.choices)

    class Meta:
        ordering = ["run", "at", "id"]


class Finding(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="findings")
    rule = models.CharField(max_length=30)
    detail = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["run", "id"]

    def __str__(self):
        return self.detail

    @property
    def spec(self) -> indicators.Rule:
        return indicators.RULES[self.rule]
