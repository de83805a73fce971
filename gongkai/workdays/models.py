"""The working-day calendar: the State Council's yearly holiday notices, as data.

A ``DayException`` is a date that differs from Monday–Friday: a holiday (放假) or a weekend day
made a working day (调休上班). A ``CalendarYear`` records whether that year's notice has been
entered (``complete``); a year without one is computed as Monday–Friday and marked provisional.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from gongkai import audit
from gongkai.workdays import store


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    complete = models.BooleanField(
        "已录入放假安排", default=False, help_text="国务院办公厅当年部分节假日安排的通知已完整录入"
    )
    source = models.CharField("依据通知", max_length=200, blank=True, help_text="如 国办发明电〔2025〕7号")
    published_on = models.DateField("通知发布日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "日历年度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"

    @classmethod
    def enter_notice(
        cls,
        *,
        year: int,
        days: Iterable[tuple[datetime.date, str, str]],
        source: str,
        published_on: datetime.date | None = None,
        note: str = "",
        by: Any = None,
    ) -> dict[str, Any]:
        """Replace a year's holidays and make-up days with those of its notice and mark it complete.

        ``days`` is an iterable of (date, DayKind, holiday name). Returns the change summary.
        """

        new = {d: (kind, name) for d, kind, name in days}
        wrong_year = sorted(d for d in new if d.year != year)
        if wrong_year:
            raise ValueError(f"日期 {wrong_year[0].isoformat()} 不属于 {year} 年")
        with transaction.atomic():
            old = {e.date: (e.kind, e.name) for e in DayException.objects.filter(date__year=year)}
            added = sorted(d for d in new if d not in old)
            removed = sorted(d for d in old if d not in new)
            changed = sorted(d for d in new if d in old and old[d] != new[d])
            DayException.objects.filter(date__in=removed + changed).delete()
            DayException.objects.bulk_create(
                DayException(date=d, kind=new[d][0], name=new[d][1], source=source) for d in added + changed
            )
            DayException.objects.filter(date__year=year).exclude(source=source).update(source=source)
            entry, _ = cls.objects.get_or_create(year=year)
            entry.complete, entry.source, entry.published_on, entry.note = True, source, published_on, note
            entry.save()
            summary = {
                "year": year,
                "source": source,
                "added": [d.isoformat() for d in added],
                "removed": [d.isoformat() for d in removed],
                "changed": [d.isoformat() for d in changed],
            }
            audit.record(by, "calendar.notice_entered", entry, summary)
            store.changed(years={year})
        return summary

    def mark_incomplete(self, *, by: Any = None, reason: str = "") -> None:
        with transaction.atomic():
            self.complete = False
            self.save(update_fields=["complete", "updated_at"])
            audit.record(by, "calendar.year_marked_incomplete", self, {"reason": reason})
            store.changed(years={self.year})


class DayException(models.Model):
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=8, choices=DayKind.choices)
    name = models.CharField("节日", max_length=60, help_text="如 春节、国庆节")
    source = models.CharField("依据通知", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}{self.get_kind_display()}"

    @property
    def is_workday(self) -> bool:
        return self.kind == DayKind.WORKDAY

    @classmethod
    def set_day(cls, *, date: datetime.date, kind: str, name: str, source: str = "", by: Any = None) -> DayException:
        """Add or correct one day (the admin's single-day edit)."""

        with transaction.atomic():
            day, created = cls.objects.update_or_create(
                date=date, defaults={"kind": kind, "name": name, "source": source}
            )
            audit.record(by, "calendar.day_set", day, {"date": date, "kind": kind, "name": name, "created": created})
            store.changed(years={date.year})
        return day

    def remove(self, *, by: Any = None) -> None:
        with transaction.atomic():
            audit.record(by, "calendar.day_removed", self, {"date": self.date, "kind": self.kind, "name": self.name})
            self.delete()
            store.changed(years={self.date.year})
