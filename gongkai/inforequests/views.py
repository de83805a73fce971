"""依申请公开: the public application form and status page, and the staff case pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.permissions import require
from gongkai.accounts.queue import QueueItem
from gongkai.accounts.views import staff_required
from gongkai.inforequests.forms import (
    APPLICANT_FIELDS,
    ApplicationForm,
    RegistrationForm,
    ReplyForm,
    StatusLookupForm,
    StepForm,
)
from gongkai.inforequests.models import CaseError, InfoRequest, Status
from gongkai.workdays import add_workdays
from gongkai.workdays import periods as law
from gongkai.workdays.clock import Party

SOON = 5  # working days: "due soon" in the queues


def _receipt_note(channel: str) -> str:
    rule = law.RECEIPT_RULES[channel]
    return f"{rule.label}：{rule.rule}（{law.RECEIPT_ARTICLE}）"


# -- public -----------------------------------------------------------------------------------


def apply(request, code):
    agency = get_object_or_404(Agency.objects.active(), code=code)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in APPLICANT_FIELDS}
        today = timezone.localdate()
        # Submitted online and acknowledged by the platform at once: both sides confirm that day (art. 31).
        case, query_code = InfoRequest.register(
            agency=agency,
            by=request.user if request.user.is_authenticated else None,
            channel="online",
            received_on=today,
            receipt_note=_receipt_note("online"),
            submission_key=form.cleaned_data["submission_key"],
            **fields,
        )
        return render(request, "inforequests/applied.html", {"case": case, "query_code": query_code})
    return render(request, "inforequests/apply.html", {"agency": agency, "form": form})


def status(request):
    """The applicant's page: the number and the query code together, nothing without both."""
    form = StatusLookupForm(request.POST or None)
    case = None
    if request.method == "POST" and form.is_valid():
        found = InfoRequest.objects.filter(number=form.cleaned_data["number"].strip()).first()
        if found is not None and found.check_code(form.cleaned_data["code"]):
            case = found
        else:
            form.add_error(None, "申请编号或查询码不正确。")
    context = {"form": form, "case": case, "clock": case.clock() if case and case.status == Status.OPEN else None}
    return render(request, "inforequests/status.html", context)


# -- staff ------------------------------------------------------------------------------------


def get_case_for_user(user, number) -> InfoRequest:
    case = InfoRequest.objects.for_user(user).select_related("agency", "department").filter(number=number).first()
    if case is None:
        raise Http404("未找到该申请")
    return case


def _require_handler(user, case):
    require(user, "inforequest.handle", case)


@staff_required
def case_list(request):
    today = timezone.localdate()
    cases = list(InfoRequest.objects.for_user(request.user).select_related("agency").prefetch_related("events"))
    rows = []
    for case in cases:
        clock = case.clock(today) if case.status == Status.OPEN else None
        rows.append({"case": case, "clock": clock})
    view = request.GET.get("view", "open")
    soon_limit = add_workdays(today, SOON)
    filters = {
        "open": lambda r: r["clock"] is not None,
        "soon": lambda r: r["clock"] and r["clock"].due and not r["clock"].overdue and r["clock"].due <= soon_limit,
        "overdue": lambda r: r["clock"] and r["clock"].overdue,
        "paused": lambda r: r["clock"] and r["clock"].paused,
        "all": lambda r: True,
    }
    rows = [r for r in rows if filters.get(view, filters["open"])(r)]
    rows.sort(key=lambda r: (r["clock"] is None, r["clock"].due if r["clock"] and r["clock"].due else today))
    return render(request, "inforequests/list.html", {"rows": rows, "view": view})


@staff_required
def case_register(request):
    agency = request.user.agency
    require(request.user, "inforequest.handle", agency)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in APPLICANT_FIELDS}
        channel = form.cleaned_data["channel"]
        case, query_code = InfoRequest.register(
            agency=agency,
            by=request.user,
            channel=channel,
            received_on=form.cleaned_data["received_on"],
            receipt_note=_receipt_note(channel),
            submission_key=form.cleaned_data["submission_key"],
            **fields,
        )
        if query_code:
            messages.success(request, f"已登记 {case.number}。请告知申请人查询码：{query_code}（只显示这一次）")
        return redirect("inforequests:detail", number=case.number)
    return render(request, "inforequests/register.html", {"form": form})


@staff_required
def case_detail(request, number):
    case = get_case_for_user(request.user, number)
    context = {
        "case": case,
        "clock": case.clock() if case.status == Status.OPEN else None,
        "events": case.events.all(),
        "step_form": StepForm(initial={"on": timezone.localdate()}),
        "reply_form": ReplyForm(initial={"on": timezone.localdate()}),
        "may_handle": request.user.has_role(Role.OFFICER, Role.LEADER) and request.user.agency_id == case.agency_id,
    }
    return render(request, "inforequests/detail.html", context)


@staff_required
@require_POST
def case_step(request, number):
    case = get_case_for_user(request.user, number)
    _require_handler(request.user, case)
    form = StepForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
        return redirect("inforequests:detail", number=case.number)
    data = form.cleaned_data
    step, on, note = data["step"], data["on"], data["note"]
    try:
        if step == "request_correction":
            case.request_correction(by=request.user, on=on, note=note)
        elif step == "record_correction":
            case.record_correction(by=request.user, on=on, note=note)
        elif step == "start_consultation":
            case.start_consultation(by=request.user, on=on, party=Party(data["party"] or Party.THIRD_PARTY), note=note)
        elif step == "end_consultation":
            case.end_consultation(by=request.user, on=on, note=note)
        elif step == "extend":
            case.extend(by=request.user, on=on, days=data["days"], note=note)
    except CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已记录。")
    return redirect("inforequests:detail", number=case.number)


@staff_required
@require_POST
def case_reply(request, number):
    case = get_case_for_user(request.user, number)
    _require_handler(request.user, case)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            case.reply(
                by=request.user,
                on=form.cleaned_data["on"],
                outcome=form.cleaned_data["outcome"],
                text=form.cleaned_data["text"],
            )
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已答复。")
    else:
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
    return redirect("inforequests:detail", number=case.number)


def queue_items(user):
    """Open cases of the officer's agency that are due within 5 working days or overdue."""
    if not user.has_role(Role.OFFICER, Role.LEADER):
        return []
    today = timezone.localdate()
    limit = add_workdays(today, SOON)
    items = []
    for case in InfoRequest.objects.filter(agency_id=user.agency_id).open().prefetch_related("events"):
        clock = case.clock(today)
        if clock.due and clock.due <= limit:
            kind = "依申请公开·已超期" if clock.overdue else "依申请公开·即将到期"
            url = reverse("inforequests:detail", args=[case.number])
            items.append(QueueItem(f"{case.number} {case.information[:30]}", url, kind, due=clock.due))
    return items
