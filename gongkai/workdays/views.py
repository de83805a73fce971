"""Staff pages: 工作日历 (the year's calendar and a deadline calculator) and entering a notice."""

import calendar as stdlib_calendar
import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.permissions import require
from gongkai.accounts.views import staff_required
from gongkai.lib.params import int_param
from gongkai.workdays import importer, reminders
from gongkai.workdays.clock import ClockError, compute_clock, provisional_note
from gongkai.workdays.forms import ClockCalculatorForm, NoticeUploadForm
from gongkai.workdays.index import FIRST_YEAR, LAST_YEAR
from gongkai.workdays.models import CalendarYear, DayKind
from gongkai.workdays.store import current_index


def _months(year: int) -> list[dict[str, Any]]:
    index = current_index()
    cal = stdlib_calendar.Calendar(firstweekday=0)
    months = []
    for month in range(1, 13):
        weeks = []
        for week in cal.monthdatescalendar(year, month):
            cells: list[dict[str, Any]] = []
            for day in week:
                info = index.day_info(day)
                cells.append(
                    {
                        "date": day,
                        "in_month": day.month == month,
                        "workday": info.is_workday,
                        "name": info.name,
                        "kind": "" if not info.name else (DayKind.WORKDAY if info.is_workday else DayKind.HOLIDAY),
                    }
                )
            weeks.append(cells)
        months.append({"month": month, "weeks": weeks})
    return months


@staff_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = int_param(request, "year", default=today.year, low=FIRST_YEAR, high=LAST_YEAR, label="年份")
    assert year is not None  # there is a default
    entry = CalendarYear.objects.filter(year=year).first()
    complete = bool(entry and entry.complete)

    form, clock, clock_error = ClockCalculatorForm(request.GET if "received" in request.GET else None), None, ""
    if form.is_bound and form.is_valid():
        try:
            clock = compute_clock(form.events(), today=form.as_of())
        except ClockError as exc:
            clock_error = str(exc)
    missing = reminders.missing_next_year(today)
    context = {
        "next_year_missing": reminders.message(missing) if missing else "",
        "year": year,
        "entry": entry,
        "complete": complete,
        "provisional_note": "" if complete else provisional_note([year]),
        "months": _months(year),
        "years": CalendarYear.objects.order_by("-year"),
        "prev_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
        "holidays": _holiday_list(year),
        "form": form,
        "clock": clock,
        "clock_error": clock_error,
    }
    return render(request, "workdays/calendar.html", context)


def _holiday_list(year: int) -> list[dict[str, Any]]:
    index = current_index()
    start, end = datetime.date(year - 1, 12, 31), datetime.date(year, 12, 31)
    rows: list[dict[str, Any]] = []
    for info in index.exceptions_between(start, end):
        if (
            rows
            and rows[-1]["name"] == info.name
            and not info.is_workday
            and not rows[-1]["workday"]
            and (info.date - rows[-1]["end"]).days == 1
        ):
            rows[-1]["end"] = info.date
        else:
            rows.append({"name": info.name, "start": info.date, "end": info.date, "workday": info.is_workday})
    return rows


@staff_required
def import_notice(request: HttpRequest) -> HttpResponse:
    require(request.user, "calendar.edit")
    form = NoticeUploadForm(request.POST or None, request.FILES or None)
    preview: importer.Preview | None = None
    errors: list[str] = []
    text, fmt = "", "yaml"
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data.get("file"):
                text, fmt = importer.decode_upload(form.cleaned_data["file"])
            else:
                text, fmt = form.cleaned_data["text"], form.cleaned_data["fmt"]
            notice = importer.parse_notice(text, fmt)
        except importer.NoticeError as exc:
            errors = exc.errors
        else:
            if "confirm" in request.POST:
                summary = CalendarYear.enter_notice(
                    year=notice.year,
                    days=notice.days,
                    source=notice.source,
                    published_on=notice.published_on,
                    by=request.user,
                )
                messages.success(
                    request,
                    f"已录入{notice.year}年放假安排：新增{len(summary['added'])}天，"
                    f"修改{len(summary['changed'])}天，删除{len(summary['removed'])}天。相关期限已按新日历重新计算。",
                )
                return redirect(f"{reverse('workdays:calendar')}?year={notice.year}")
            preview = importer.preview(notice)
    context = {"form": form, "preview": preview, "errors": errors, "text": text, "fmt": fmt}
    return render(request, "workdays/import.html", context)
