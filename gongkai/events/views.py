"""Open events and the 专区 in the workspace: plan and publish events, the list of registrations, the door's
check-in page (phone-friendly: camera scan where the browser can, typing the code always), the questionnaire
builder and its results (SVG bars, XLSX), and each 专区's reading room and visitor log."""

from __future__ import annotations

import io
from collections import Counter

from django.contrib import messages
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from openpyxl import Workbook

from gongkai.accounts.permissions import has, require
from gongkai.accounts.views import staff_required
from gongkai.events.forms import CheckInForm, EventForm, QuestionForm, VisitForm
from gongkai.events.models import Event, Question, Registration, Survey, Zone
from gongkai.lib.errors import Refused, show, show_form_errors
from gongkai.lib.files import XLSX_TYPE, attachment
from gongkai.lib.sheets import safe_row


@staff_required
def event_list(request):
    agency = request.user.agency
    form = EventForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "event.manage", agency)
        if form.is_valid():
            try:
                event = Event.plan(agency, by=request.user, **form.cleaned_data)
            except Refused as exc:
                show(exc, form=form)
            else:
                return redirect("events:event", pk=event.pk)
    rows = Event.objects.for_user(request.user).annotate(n=Count("registrations"))
    zones = Zone.objects.for_user(request.user)
    return render(
        request,
        "events/list.html",
        {"rows": rows, "form": form, "zones": zones, "may_manage": has(request.user, "event.manage", agency)},
        status=400 if form.errors else 200,
    )


def _event(user, pk) -> Event:
    found = Event.objects.for_user(user).filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该活动")
    return found


@staff_required
def event(request, pk):
    item = _event(request.user, pk)
    if request.method == "POST":
        require(request.user, "event.manage", item)
        action = request.POST.get("action")
        try:
            if action == "publish":
                item.publish(by=request.user)
            elif action == "cancel":
                n = item.cancel(by=request.user, reason=str(request.POST.get("reason", "")))
                messages.info(request, f"已取消，已通知 {n} 人。")
            elif action == "finish":
                item.finish(by=request.user)
            elif action == "question":
                form = QuestionForm(request.POST)
                if not form.is_valid():
                    show_form_errors(request, form)
                else:
                    d = form.cleaned_data
                    options = [o.strip() for o in (d["options"] or "").splitlines() if o.strip()]
                    Survey.add_question(item, by=request.user, kind=d["kind"], text=d["text"], options=options,
                                        required=d["required"])  # fmt: skip
            else:
                raise Http404("未找到")
        except Refused as exc:
            show(exc, request=request)
        return redirect(request.path)
    regs = list(item.registrations.all())
    counts = Counter(r.state for r in regs)
    survey = Survey.objects.filter(event=item).first()
    context = {
        "item": item,
        "regs": regs,
        "counts": counts,
        "survey": survey,
        "question_form": QuestionForm(),
        "results": results(survey) if survey else [],
        "may_manage": has(request.user, "event.manage", item),
    }
    return render(request, "events/event.html", context)


def results(survey: Survey) -> list[dict]:
    """Each question with its counts (choices, ratings) or its texts, and bars for an SVG chart."""
    out = []
    for q in survey.questions.prefetch_related("answers"):
        values = [a.value for a in q.answers.all()]
        if q.kind == Question.Kind.TEXT:
            out.append({"q": q, "texts": values, "bars": []})
            continue
        labels = q.options if q.kind != Question.Kind.RATING else ["1", "2", "3", "4", "5"]
        tally: Counter[str] = Counter()
        for v in values:
            for item in v if isinstance(v, list) else [v]:
                tally[str(item)] += 1
        top = max(tally.values(), default=0) or 1
        bars = [
            {"label": label, "n": tally[label], "width": round(240 * tally[label] / top), "y": 22 * i}
            for i, label in enumerate(labels)
        ]
        mean = sum(int(v) for v in values) / len(values) if q.kind == Question.Kind.RATING and values else None
        out.append({"q": q, "bars": bars, "height": 22 * len(labels), "n": len(values), "mean": mean})
    return out


@staff_required
def survey_export(request, pk):
    item = _event(request.user, pk)
    survey = Survey.objects.filter(event=item).first()
    if survey is None:
        raise Http404("该活动没有问卷")
    questions = list(survey.questions.all())
    book = Workbook()
    sheet = book.active
    sheet.append(["提交时间", *[q.text for q in questions]])
    for response in survey.responses.prefetch_related("answers"):
        by_q = {a.question_id: a.value for a in response.answers.all()}
        row = [timezone.localtime(response.at).strftime("%Y-%m-%d %H:%M")]
        row += ["、".join(map(str, v)) if isinstance(v := by_q.get(q.pk, ""), list) else v for q in questions]
        sheet.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    return attachment(out.getvalue(), XLSX_TYPE, f"{survey.title}.xlsx")


@staff_required
def check_in(request, pk):
    """At the door, on a phone: the code typed (or read by the camera into the same box)."""
    item = _event(request.user, pk)
    require(request.user, "event.manage", item)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        reg = item.registrations.filter(code=code).first()
        if reg is None:
            messages.error(request, f"签到码：“{code}”不是本活动的报名")
        else:
            try:
                reg.check_in(by=request.user)
                messages.success(request, f"{reg.name}签到成功（{reg.seat} 号）。")
            except Refused as exc:
                messages.error(request, str(exc))
        return redirect(request.path)
    attended = item.registrations.filter(state=Registration.State.ATTENDED).count()
    return render(
        request,
        "events/checkin.html",
        {"item": item, "form": form, "attended": attended, "expected": item.confirmed.count()},
    )


@staff_required
def zone(request, pk):
    item = Zone.objects.for_user(request.user).select_related("agency").filter(pk=pk).first()
    if item is None:
        raise Http404("未找到该专区")
    form = VisitForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "event.manage", item)
        if form.is_valid():
            try:
                item.log_visit(by=request.user, **form.cleaned_data)
                messages.success(request, "已登记。")
            except Refused as exc:
                show(exc, request=request)
        else:
            show_form_errors(request, form)
        return redirect(request.path)
    today = timezone.localdate()
    month = item.visits.filter(on__year=today.year, on__month=today.month)
    by_purpose = month.values("purpose").annotate(n=Sum("people")).order_by("purpose")
    context = {
        "item": item,
        "form": form,
        "visits": item.visits.all()[:30],
        "by_purpose": by_purpose,
        "month_total": month.aggregate(n=Sum("people"))["n"] or 0,
        "reading": item.reading.select_related("document")[:100],
    }
    return render(request, "events/zone.html", context)
