"""The applicant's pages of 依申请公开 on the portal: the application form (条例 art. 29), the status
page (number and query code together, nothing without both), the online correction and withdrawal,
and the letters and released files of a case opened in this browser. Staff pages stay in the
inforequests app; both call the same verbs on ``InfoRequest``."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Agency
from gongkai.inforequests.forms import APPLICANT_FIELDS, ApplicationForm, CorrectionForm, StatusLookupForm
from gongkai.inforequests.models import CaseFile, InfoRequest, Letter, Status, receipt_note
from gongkai.lib.errors import Refused, show
from gongkai.lib.files import download


def choose_agency(request):
    """依申请公开 from the header and the home page: find the agency that holds the information (by
    name, searchable without JavaScript), read its 公开指南, and go to its application form."""
    q = str(request.GET.get("q", "")).strip()[:50]
    agencies = Agency.objects.active().select_related("parent").order_by("sort_order", "name")
    if q:
        agencies = agencies.filter(Q(name__contains=q) | Q(short_name__contains=q))
    return render(request, "inforequests/choose.html", {"agencies": agencies, "q": q})


def apply(request, code):
    agency = get_object_or_404(Agency.objects.active(), code=code)
    form = ApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in APPLICANT_FIELDS}
        today = timezone.localdate()
        # Submitted online and acknowledged by the platform at once: both sides confirm that day (art. 31).
        case, query_code = InfoRequest.register(
            agency=agency,
            by=request.user if request.user.is_authenticated else None,
            channel="online",
            received_on=today,
            receipt_note=receipt_note("online"),
            submission_key=form.cleaned_data["submission_key"],
            **fields,
        )
        if query_code:  # a new case, not the same form posted twice
            for upload in form.cleaned_data["identity_files"]:
                CaseFile.store(case, upload, kind=CaseFile.Kind.IDENTITY)
        return render(request, "inforequests/applied.html", {"case": case, "query_code": query_code})
    return render(request, "inforequests/apply.html", {"agency": agency, "form": form})


SESSION_KEY = "gk_request_access"  # the cases this browser has opened with number and query code


def _session_case(request, number=None, pk=None):
    allowed = request.session.get(SESSION_KEY, [])
    query = InfoRequest.objects.select_related("agency").filter(pk__in=allowed)
    found = query.filter(number=number).first() if number else query.filter(pk=pk).first() if pk else None
    return found


def status(request):
    """The applicant's page: the number and the query code together, nothing without both."""
    form = StatusLookupForm(request.POST or None)
    case = _session_case(request, number=request.GET.get("number")) if request.method == "GET" else None
    if request.method == "POST" and form.is_valid():
        found = InfoRequest.objects.filter(number=form.cleaned_data["number"].strip()).first()
        if found is not None and found.check_code(form.cleaned_data["code"]):
            case = found
            request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-19:], found.pk]
        else:
            form.add_error(None, "申请编号或查询码不正确。")
    context = {"form": form, "case": case}
    if case is not None:
        context.update(
            clock=case.clock() if case.status == Status.OPEN else None,
            letters=case.letters.filter(issued_on__isnull=False),
            files=case.files.filter(kind="released"),
            correction=CorrectionForm() if case.status == Status.OPEN and case.awaiting_correction() else None,
            correction_note=case.events.filter(kind="correction_requested").values_list("note", flat=True).first(),
        )
    return render(request, "inforequests/status.html", context)


@require_POST
def applicant_correction(request):
    case = _session_case(request, number=request.POST.get("number"))
    if case is None:
        raise Http404("请先用申请编号和查询码打开申请")
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            case.record_correction(by="申请人（在线补正）", on=timezone.localdate(), note=form.cleaned_data["text"])
        except Refused as exc:
            show(exc, request=request)
        else:
            messages.success(request, "补正已提交，答复期限自今日起重新计算。")
    else:
        messages.error(request, "补正内容：必须填写，最多 2000 字")
    return redirect(reverse("requests:status") + f"?number={case.number}")


@require_POST
def applicant_withdrawal(request):
    case = _session_case(request, number=request.POST.get("number"))
    if case is None:
        raise Http404("请先用申请编号和查询码打开申请")
    if request.POST.get("confirm") != "yes":
        messages.error(request, "撤回申请：请勾选“确认撤回本申请”")
    else:
        try:
            case.withdraw(by="申请人（在线撤回）", on=timezone.localdate(), note=request.POST.get("reason", "")[:500])
        except Refused as exc:
            show(exc, request=request)
        else:
            messages.success(request, "申请已撤回。")
    return redirect(reverse("requests:status") + f"?number={case.number}")


def applicant_letter(request, pk):
    letter = Letter.objects.filter(pk=pk, issued_on__isnull=False).select_related("case").first()
    if letter is None or _session_case(request, pk=letter.case_id) is None:
        raise Http404("未找到该文书")
    return letter_download(letter)


def applicant_file(request, pk):
    item = CaseFile.objects.filter(pk=pk, kind=CaseFile.Kind.RELEASED).first()
    if item is None or _session_case(request, pk=item.case_id) is None or item.case.status != Status.REPLIED:
        raise Http404("未找到该文件")
    return download(item.file, item.name)


def letter_download(letter):
    response = download(letter.file, f"{letter.title}-{letter.case.number}.docx")
    response["Content-Type"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return response
