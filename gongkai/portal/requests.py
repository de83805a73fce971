"""The applicant's pages of 依申请公开 on the portal: the application form (条例 art. 29), the status
page (number and query code together, nothing without both), the online correction and withdrawal,
and the letters and released files of a case opened in this browser. Staff pages stay in the
inforequests app; both call the same verbs on ``InfoRequest``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai import audit
from gongkai.accounts.models import Agency, PublicKind
from gongkai.inforequests.forms import (
    APPLICANT_FIELDS,
    ApplicationForm,
    CodeRecoveryForm,
    CorrectionForm,
    StatusLookupForm,
)
from gongkai.inforequests.law import APPLICANT_LETTERS, ApplicantType
from gongkai.inforequests.models import CaseFile, InfoRequest, Letter, Status, receipt_note
from gongkai.lib.clients import client_address, count_hit, over_limit
from gongkai.lib.errors import Refused, show
from gongkai.lib.files import DOCX_TYPE, download
from gongkai.workdays import periods


def mine(request):
    """我的申请: a signed-in applicant's cases, with where each stands, its due date and its letters."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('portal:login')}?next={request.path}")
    if request.user.is_agency_staff:
        raise PermissionDenied("我的申请供公众账号使用")
    cases = InfoRequest.objects.filter(user=request.user).select_related("agency").order_by("-received_on", "-pk")
    rows = [
        {
            "case": case,
            "clock": case.clock() if case.status == Status.OPEN else None,
            "letters": [
                letter for letter in case.letters.all() if letter.issued_on and letter.kind in APPLICANT_LETTERS
            ],
        }
        for case in cases.prefetch_related("events", "letters")
    ]
    return render(request, "inforequests/mine.html", {"rows": rows})


def recover(request):
    """A lost query code: the number and the e-mail address or phone number given in the application;
    a one-time link goes there. The answer is the same whether or not they matched."""
    form = CodeRecoveryForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        case = InfoRequest.objects.filter(number=form.cleaned_data["number"].strip()).first()
        if case is not None:
            case.send_code_recovery(contact=form.cleaned_data["contact"])
        sent = True
    return render(request, "inforequests/recover.html", {"form": form, "sent": sent})


def recover_link(request, token):
    """Opening the link shows a button (nothing is spent on GET); pressing it sets the new code."""
    if request.method != "POST":
        return render(request, "inforequests/recover_link.html", {"token": token})
    try:
        case, code = InfoRequest.recover_code(token)
    except Refused as exc:
        return render(request, "inforequests/recover_link.html", {"token": token, "error": str(exc)}, status=400)
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-19:], case.pk]
    return render(request, "inforequests/recover_link.html", {"case": case, "query_code": code})


def choose_agency(request):
    """依申请公开 from the header and the home page: find the agency that holds the information (by
    name, searchable without JavaScript), read its 公开指南, and go to its application form."""
    q = str(request.GET.get("q", "")).strip()[:50]
    agencies = Agency.objects.active().select_related("parent").order_by("sort_order", "name")
    if q:
        agencies = agencies.filter(Q(name__contains=q) | Q(short_name__contains=q))
    return render(request, "inforequests/choose.html", {"agencies": agencies, "q": q})


def _from_profile(user) -> dict:
    """A signed-in applicant's form starts from their profile."""
    if not user.is_authenticated or user.is_agency_staff:
        return {}
    if user.public_kind == PublicKind.ORGANISATION:
        start = {"applicant_type": user.org_type, "applicant_name": user.org_name, "credit_code": user.credit_code,
                 "contact_person": user.full_name}  # fmt: skip
    else:
        start = {"applicant_type": ApplicantType.PERSON, "applicant_name": user.full_name}
    return {k: v for k, v in {**start, "phone": user.phone, "email": user.email}.items() if v}


def apply(request, code):
    agency = get_object_or_404(Agency.objects.active(), code=code)
    form = ApplicationForm(request.POST or None, request.FILES or None, initial=_from_profile(request.user))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in APPLICANT_FIELDS}
        today = timezone.localdate()
        # The case and its identity files in one transaction: a failure part-way leaves neither (a file
        # already written to disk has no row and is never served).
        with transaction.atomic():
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
    blank_form = not form.is_bound and not form.initial
    return render(request, "inforequests/apply.html", {"agency": agency, "form": form, "blank_form": blank_form})


SESSION_KEY = "gk_request_access"  # the cases this browser has opened with number and query code


def _session_case(request, number=None, pk=None):
    """A case this browser opened with its number and query code, or one the signed-in applicant filed."""
    allowed = Q(pk__in=request.session.get(SESSION_KEY, []))
    if request.user.is_authenticated and not request.user.is_agency_staff:
        allowed |= Q(user=request.user)
    query = InfoRequest.objects.select_related("agency").filter(allowed)
    found = query.filter(number=number).first() if number else query.filter(pk=pk).first() if pk else None
    return found


def status(request):
    """The applicant's page: the number and the query code together, nothing without both."""
    form = StatusLookupForm(request.POST or None)
    case = _session_case(request, number=request.GET.get("number")) if request.method == "GET" else None
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["number"].strip()
        keys = (f"code-fail:case:{number}", f"code-fail:client:{client_address(request)}")
        found = InfoRequest.objects.filter(number=number).first()
        if over_limit(keys, periods.QUERY_CODE_FAILURES):
            form.add_error(
                None,
                f"查询码错误次数过多：为保护申请人信息，请 {periods.QUERY_CODE_LOCK_MINUTES} 分钟后再试；"
                "查询码丢失的，可以用申请时填写的邮箱或手机号找回。",
            )
        elif found is not None and found.check_code(form.cleaned_data["code"]):
            case = found
            request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-19:], found.pk]
        else:
            count_hit(keys, seconds=periods.QUERY_CODE_LOCK_MINUTES * 60)
            if found is not None:
                audit.record("申请人", "inforequest.code_failed", found, {"client": client_address(request)})
            form.add_error(None, "申请编号或查询码不正确。")
    context = {"form": form, "case": case}
    if case is not None:
        context.update(
            clock=case.clock() if case.status == Status.OPEN else None,
            letters=case.letters.filter(issued_on__isnull=False, kind__in=APPLICANT_LETTERS),
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
    letter = (
        Letter.objects.filter(pk=pk, issued_on__isnull=False, kind__in=APPLICANT_LETTERS).select_related("case").first()
    )
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
    response["Content-Type"] = DOCX_TYPE
    return response
