"""Admin for the calendar. Saves go through the model verbs, so each edit is audited and every
process's working-day index is refreshed."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from gongkai.workdays.models import CalendarYear, DayException


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[CalendarYear]):
    list_display = ["year", "complete", "source", "published_on", "updated_at"]
    list_filter = ["complete"]
    actions = ["mark_complete", "mark_incomplete"]

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: forms.ModelForm[Any], change: bool) -> None:
        days = [(d.date, d.kind, d.name) for d in DayException.objects.filter(date__year=obj.year)]
        if obj.complete:
            CalendarYear.enter_notice(
                year=obj.year,
                days=days,
                source=obj.source,
                published_on=obj.published_on,
                note=obj.note,
                by=request.user,
            )
        else:
            obj.save()
            obj.mark_incomplete(by=request.user, reason="管理后台修改")

    @admin.action(description="标记为已录入（当年的放假安排已完整录入）")
    def mark_complete(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for entry in queryset:
            days = [(d.date, d.kind, d.name) for d in DayException.objects.filter(date__year=entry.year)]
            CalendarYear.enter_notice(
                year=entry.year, days=days, source=entry.source, published_on=entry.published_on, by=request.user
            )

    @admin.action(description="标记为未录入（按周一至周五暂定计算）")
    def mark_incomplete(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for entry in queryset:
            entry.mark_incomplete(by=request.user, reason="管理后台批量操作")

    def has_delete_permission(self, request: HttpRequest, obj: CalendarYear | None = None) -> bool:
        return False


@admin.register(DayException)
class DayExceptionAdmin(admin.ModelAdmin[DayException]):
    list_display = ["date", "kind", "name", "source"]
    list_filter = ["kind", "name"]
    date_hierarchy = "date"
    search_fields = ["name", "source"]

    def save_model(self, request: HttpRequest, obj: DayException, form: forms.ModelForm[Any], change: bool) -> None:
        if change and "date" in form.changed_data:
            DayException.objects.get(pk=obj.pk).remove(by=request.user)
        saved = DayException.set_day(date=obj.date, kind=obj.kind, name=obj.name, source=obj.source, by=request.user)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: DayException) -> None:
        obj.remove(by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[DayException]) -> None:
        for obj in queryset:
            obj.remove(by=request.user)
