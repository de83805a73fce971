"""Atom feeds: all documents, per agency, per 主题分类 and per tag — all from public(); and the published
重大行政决策 catalogues with their changes (``Catalogue.objects.public()``) and the drafts put to public
comment (``Consultation.objects.public()``)."""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from gongkai.accounts.models import Agency
from gongkai.decisions.models import Catalogue, Consultation, EntryChange
from gongkai.documents.models import Document, SubjectCategory, Tag

ITEMS = 50


class DocumentsFeed(Feed):
    feed_type = Atom1Feed
    title = "最新公开的政府信息"
    subtitle = "各机关主动公开的政府信息"

    def link(self, obj=None):
        return reverse("portal:library")

    def base(self, obj):
        return Document.objects.public().select_related("agency")

    def items(self, obj=None):
        return self.base(obj).order_by("-published_at")[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [item.agency.name, item.doc_number, item.summary]
        return " · ".join(p for p in parts if p)

    def item_link(self, item):
        return reverse("portal:document", args=[item.uid])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.agency.name


class AgencyFeed(DocumentsFeed):
    def get_object(self, request, code):
        return get_object_or_404(Agency, code=code)

    def title(self, obj):
        return f"{obj.name}公开的政府信息"

    def base(self, obj):
        return super().base(obj).filter(agency=obj)


class SubjectFeed(DocumentsFeed):
    def get_object(self, request, pk):
        return get_object_or_404(SubjectCategory, pk=pk)

    def title(self, obj):
        return f"主题分类：{obj}"

    def base(self, obj):
        return super().base(obj).filter(subject__in=[obj, *obj.children.all()])


class TagFeed(DocumentsFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Tag, pk=pk)

    def title(self, obj):
        return f"标签：{obj}"

    def base(self, obj):
        return super().base(obj).filter(tags=obj)


class DecisionsFeed(Feed):
    """重大行政决策: each published catalogue and each change of a published one, newest first."""

    feed_type = Atom1Feed
    title = "重大行政决策事项目录"
    subtitle = "各机关公布的年度重大行政决策事项目录及其调整"

    def link(self):
        return reverse("portal:home")

    def items(self):
        catalogues = [
            (c.published_at, c, None)
            for c in Catalogue.objects.public().select_related("agency").order_by("-published_at")[:ITEMS]
        ]
        changes = [
            (ch.at, ch.entry.catalogue, ch)
            for ch in EntryChange.objects.filter(entry__catalogue__in=Catalogue.objects.public())
            .select_related("entry__catalogue__agency")
            .order_by("-at")[:ITEMS]
        ]
        return sorted(catalogues + changes, key=lambda item: item[0], reverse=True)[:ITEMS]

    def item_title(self, item):
        _, catalogue, change = item
        if change is None:
            return f"{catalogue.title}公布"
        return f"{catalogue.title}{change.get_kind_display()}：{change.matter}"

    def item_description(self, item):
        _, catalogue, change = item
        if change is None:
            return f"{catalogue.approval}，共{catalogue.entries.filter(outside=False).count()}项"
        return f"理由：{change.reason}"

    def item_link(self, item):
        _, catalogue, _ = item
        return reverse("portal:decisions", args=[catalogue.agency.code, catalogue.year])

    def item_guid(self, item):
        at, catalogue, change = item
        return f"decision-catalogue-{catalogue.pk}" + (f"-change-{change.pk}" if change else "")

    def item_pubdate(self, item):
        return item[0]

    def item_author_name(self, item):
        return item[1].agency.name


class ConsultationsFeed(Feed):
    """公开征求意见: each draft put to public comment (newest first), with its period; a report of how the
    comments were adopted updates its item."""

    feed_type = Atom1Feed
    title = "重大行政决策公开征求意见"
    subtitle = "各机关公开征求意见的决策草案、期限和意见采纳情况"

    def link(self):
        return reverse("portal:consultations")

    def items(self):
        return Consultation.objects.public().select_related("agency").order_by("-starts_on", "-id")[:ITEMS]

    def item_title(self, item):
        suffix = "（意见采纳情况已公布）" if item.state == Consultation.State.REPORTED else ""
        return f"{item.title}公开征求意见{suffix}"

    def item_description(self, item):
        text = f"征求意见期限：{item.starts_on:%Y年%-m月%-d日}至{item.ends_on:%Y年%-m月%-d日}。"
        if item.short_reason:
            text += f"期限缩短的理由：{item.short_reason}"
        return text

    def item_link(self, item):
        return reverse("portal:consultation", args=[item.pk])

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.starts_on, datetime.time(9)))

    def item_updateddate(self, item):
        return item.report_published_at or self.item_pubdate(item)

    def item_author_name(self, item):
        return item.agency.name
