"""依申请公开: the public application form and status page, and the staff case pages."""

from __future__ import annotations

import csv
import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai import audit
from gongkai.accounts.permissions import has, require
from gongkai.accounts.queue import QueueItem
from gongkai.accounts.views import staff_required
from gongkai.inforequests import analysis as an
from gongkai.inforequests import letters, report
from gongkai.inforequests.forms import (
    APPLICANT_FIELDS,
    AnswerForm,
    AssignForm,
    ChallengeForm,
    CloseForm,
    DateForm,
    DecisionForm,
    DeliveryForm,
    DispatchForm,
    FeeForm,
    LetterForm,
    PhraseForm,
    RegistrationForm,
    ReplyForm,
    StepForm,
    TemplateForm,
)
from gongkai.inforequests.law import TABLE_COLUMNS
from gongkai.inforequests.models import (
    CaseError,
    CaseFile,
    InfoRequest,
    Letter,
    LetterTemplate,
    ReplyPhrase,
    Status,
    receipt_note,
)
from gongkai.inforequests.rendering import PLACEHOLDER, docx_to_html, render_docx
from gongkai.lib.errors import Refused, show
from gongkai.lib.files import DOCX_TYPE, download
from gongkai.lib.masking import mask_email, mask_id, mask_name
from gongkai.lib.params import choice_param, id_param, year_param
from gongkai.lib.sheets import safe_row
from gongkai.workdays import add_workdays
from gongkai.workdays import periods as law
from gongkai.workdays.clock import Party

SOON = law.REQUEST_DUE_SOON_WORKDAYS  # "due soon" in the queues (workdays/periods.py)
QUEUES = ("mine", "open", "soon", "overdue", "paused", "delivery", "all")


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
    view = choice_param(request, "view", QUEUES, default="open", label="队列")
    cases = InfoRequest.objects.for_user(request.user).select_related("agency")
    if view == "all":
        cases = cases.filter(received_on__year=_year(request))
    elif view == "delivery":
        cases = cases.filter(status=Status.REPLIED, archived_on__isnull=True)
    else:
        cases = cases.open()
    cases = list(cases.prefetch_related("events", "dispatches"))
    rows = []
    for case in cases:
        clock = case.clock(today) if case.status == Status.OPEN else None
        rows.append({"case": case, "clock": clock, "late_correction": case.correction_late()})
    soon_limit = add_workdays(today, SOON)
    filters = {
        "open": lambda r: r["clock"] is not None,
        "soon": lambda r: r["clock"] and r["clock"].due and not r["clock"].overdue and r["clock"].due <= soon_limit,
        "overdue": lambda r: r["clock"] and r["clock"].overdue,
        "paused": lambda r: r["clock"] and r["clock"].paused,
        "mine": lambda r: r["clock"] is not None and r["case"].handler_id == request.user.pk,
        "delivery": lambda r: not r["case"].delivery_proven(),
        "all": lambda r: True,
    }
    rows = [r for r in rows if filters.get(view, filters["open"])(r)]
    rows.sort(key=lambda r: (r["clock"] is None, r["clock"].due if r["clock"] and r["clock"].due else today))
    return render(request, "inforequests/list.html", {"rows": rows, "view": view, "year": _year(request)})


@staff_required
def case_register(request):
    agency = request.user.agency
    require(request.user, "inforequest.handle", agency)
    # the 政务公开专区 window links here with ?channel=in_person (当面提交)
    start = {"channel": "in_person"} if request.GET.get("channel") == "in_person" else {}
    form = RegistrationForm(request.POST or None, request.FILES or None, initial=start)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in APPLICANT_FIELDS}
        channel = form.cleaned_data["channel"]
        case, query_code = InfoRequest.register(
            agency=agency,
            by=request.user,
            channel=channel,
            received_on=form.cleaned_data["received_on"],
            receipt_note=receipt_note(channel),
            submission_key=form.cleaned_data["submission_key"],
            **fields,
        )
        if query_code:
            for upload in form.cleaned_data["identity_files"]:
                CaseFile.store(case, upload, kind=CaseFile.Kind.IDENTITY)
            messages.success(request, f"已登记 {case.number}。请告知申请人查询码：{query_code}（只显示这一次）")
        return redirect("inforequests:detail", number=case.number)
    return render(request, "inforequests/register.html", {"form": form})


@staff_required
def case_detail(request, number):
    case = get_case_for_user(request.user, number)
    # personal data only for the people handling the case (DESIGN rule 7); each full view is logged
    own = has(request.user, "inforequest.personal_data", case)
    if own:
        audit.record(request.user, "inforequest.personal_data_viewed", case, {"page": "detail"})
    context = {
        "case": case,
        "clock": case.clock() if case.status == Status.OPEN else None,
        "events": case.events.select_related("approved_by"),
        "status_changes": case.status_changes.select_related("letter"),
        "forms": {action: _form(action, case) for action in ACTIONS},
        "letters": case.letters.all(),
        "dispatches": case.dispatches.select_related("letter"),
        "assignments": case.assignments.select_related("department"),
        "challenges": case.challenges.all(),
        "files": case.files.all() if own else case.files.exclude(kind=CaseFile.Kind.IDENTITY),
        "applicant": applicant_view(case, own),
        "fee": getattr(case, "fee", None),
        "phrases": ReplyPhrase.objects.filter(agency_id=case.agency_id),
        "may_handle": has(request.user, "inforequest.handle", case),
        "correction_preview": _correction_preview(case),
        "reasons_state": case.reasons_state(),
        "open_consultation": case.open_consultation(),
    }
    context["stages"], context["next_actions"] = case.stage()
    return render(request, "inforequests/detail.html", context)


def _correction_preview(case) -> list[str]:
    """What a 补正 notice sent today would do (shown before the officer sends it)."""
    if case.status != Status.OPEN or any(e.kind == "correction_requested" for e in case.events.all()):
        return []
    try:
        return case.preview_correction(timezone.localdate())
    except CaseError:
        return []


def _step(case, user, data):
    step, on, note = data["step"], data["on"], data["note"]
    party = Party(data["party"] or Party.THIRD_PARTY)
    if step == "request_correction":
        case.request_correction(by=user, on=on, note=note, late_reason=data["late_reason"])
        return "已记录补正告知，并生成补正告知书草稿。"
    if step == "record_correction":
        case.record_correction(by=user, on=on, note=note)
    elif step == "start_consultation":
        case.start_consultation(by=user, on=on, party=party, note=note)
        return "已开始征求意见，期限暂停。" + ("并生成征求意见函草稿。" if party != Party.AGENCY else "")
    elif step == "record_consultation_receipt":
        case.record_consultation_receipt(by=user, on=on, party=party, note=note)
        return "已登记收到日期，对方的答复期限自该日起计算。"
    elif step == "end_consultation":
        case.end_consultation(by=user, on=on, note=note, objection=data["objection"])
    elif step == "extend":
        case.extend(by=user, on=on, days=data["days"], note=note, approved_by=data["approved_by"])
        return "已延期，并生成延期答复告知书草稿。"
    elif step == "request_reasons":
        case.request_reasons(by=user, on=on, note=note)
        return "已要求申请人说明理由，并生成说明理由通知书草稿。"
    elif step == "record_reasons":
        case.record_reasons(by=user, on=on, note=note)
    elif step == "delay":
        case.set_delayed_deadline(by=user, on=on, due=data["due"], note=note)
        return "已确定延迟答复期限，请告知申请人。"
    return "已记录。"


def _reply(case, user, data):
    case.reply(
        by=user,
        on=data["on"],
        reply_type=data["outcome"],
        text=data["text"],
        withheld_reasons=data["withheld_reasons"],
        files=data["files"],
        route=data["route"],
        holder_name=data["holder_name"],
        holder_contact=data["holder_contact"],
        public_interest=data["public_interest"],
    )
    return "已答复，答复书草稿已生成，请核对后出具。"


def _assign(case, user, data):
    case.assign(by=user, department=data["department"], lead=data["lead"], task=data["task"])
    return f"已分办至{data['department'].name}。"


def _answer(case, user, data):
    assignment = get_object_or_404(case.assignments, pk=data["assignment"])
    assignment.answer_with(by=user, text=data["text"])
    return "已登记承办意见。"


def _fee(case, user, data):
    case.issue_fee_notice(by=user, on=data["on"], method=data["method"], pages=data["pages"] or 0)
    return "已发出收费通知，收费通知书草稿已生成。"


def _fee_received(case, user, data):
    case.record_fee_notice_receipt(by=user, on=data["on"])
    return "已登记申请人收到收费通知，缴费期限自该日起计算。"


def _paid(case, user, data):
    case.record_payment(by=user, on=data["on"])
    return "已登记缴费，期限恢复计算。"


def _close(case, user, data):
    if data["kind"] == "withdraw":
        case.withdraw(by=user, on=data["on"], note=data["note"])
    else:
        case.close_without_reply(by=user, on=data["on"], outcome=data["kind"], note=data["note"])
    return "已办结。"


def _dispatch(case, user, data):
    letter = get_object_or_404(case.letters, pk=data["letter"]) if data["letter"] else None
    case.dispatch(
        by=user,
        method=data["method"],
        sent_on=data["sent_on"],
        tracking_number=data["tracking_number"],
        letter=letter,
        note=data["note"],
    )
    return "已登记送达。"


def _delivered(case, user, data):
    dispatch = get_object_or_404(case.dispatches, pk=data["dispatch"])
    case.record_delivery(by=user, dispatch=dispatch, on=data["on"], returned=data["returned"], note=data["note"])
    return "已登记退回。" if data["returned"] else "已登记签收。"


def _archive(case, user, data):
    case.archive(by=user, on=data["on"])
    return "已办结归档。"


def _challenge(case, user, data):
    case.report_challenge(
        by=user,
        kind=data["kind"],
        body=data["body"],
        filed_on=data["filed_on"],
        after_review=data["after_review"],
        note=data["note"],
    )
    return "已报备。"


def _decide(case, user, data):
    challenge = get_object_or_404(case.challenges, pk=data["challenge"])
    case.decide_challenge(
        by=user, challenge=challenge, result=data["result"], decided_on=data["decided_on"], note=data["note"]
    )
    return "已登记审结结果。"


def _letter(case, user, data, *, issue_it):
    letter = get_object_or_404(case.letters, pk=data["letter"])
    if data["body"]:
        letter.edit(by=user, body=data["body"])
    if issue_it:
        if not data["on"]:
            raise CaseError("出具日期：必须填写")
        letter.issue(by=user, on=data["on"])
        return f"已出具{letter.title}。"
    return "已保存文书草稿。"


# action → (form, handler, whether a finished case still accepts it)
ACTIONS = {
    "step": (StepForm, _step, False),
    "reply": (ReplyForm, _reply, False),
    "assign": (AssignForm, _assign, False),
    "answer": (AnswerForm, _answer, False),
    "fee": (FeeForm, _fee, False),
    "fee_received": (DateForm, _fee_received, False),
    "paid": (DateForm, _paid, False),
    "close": (CloseForm, _close, False),
    "dispatch": (DispatchForm, _dispatch, True),
    "delivered": (DeliveryForm, _delivered, True),
    "archive": (DateForm, _archive, True),
    "challenge": (ChallengeForm, _challenge, True),
    "decide": (DecisionForm, _decide, True),
    "save_letter": (LetterForm, lambda c, u, d: _letter(c, u, d, issue_it=False), True),
    "issue_letter": (LetterForm, lambda c, u, d: _letter(c, u, d, issue_it=True), True),
}
CASE_FORMS = {"assign": AssignForm, "dispatch": DispatchForm, "step": StepForm, "reply": ReplyForm}


def _form(action, case, data=None, files=None):
    form_class = ACTIONS[action][0]
    kwargs = {"case": case} if action in CASE_FORMS else {}
    if data is None:
        return form_class(initial={"on": timezone.localdate(), "sent_on": timezone.localdate()}, **kwargs)
    return form_class(data, files, **kwargs)


@staff_required
@require_POST
def case_action(request, number, action):
    """Every step on a case: its form is checked, then its verb runs; refusals come back as messages."""
    case = get_case_for_user(request.user, number)
    _require_handler(request.user, case)
    if action not in ACTIONS:
        raise Http404("没有这个办理步骤")
    form = _form(action, case, request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
    else:
        try:
            messages.success(request, ACTIONS[action][1](case, request.user, form.cleaned_data))
        except Refused as exc:
            show(exc, request=request)
    return redirect(reverse("inforequests:detail", args=[case.number]) + f"#{action}")


@staff_required
def letter_edit(request, number, pk):
    """A letter's own page: its wording edited full width beside a preview read back from the very DOCX
    issuing would produce, the case facts it uses, and 出具 behind an explicit confirmation (it is final)."""
    case = get_case_for_user(request.user, number)
    letter = get_object_or_404(case.letters, pk=pk)
    may_handle = has(request.user, "inforequest.handle", case)
    form = LetterForm(
        request.POST or None, initial={"letter": letter.pk, "body": letter.body, "on": timezone.localdate()}
    )
    if request.method == "POST":
        _require_handler(request.user, case)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if request.POST.get("action") == "issue":
                    if request.POST.get("confirm") != "yes":
                        raise CaseError("出具确认：请勾选“已核对，出具后不能修改”")
                    message = _letter(case, request.user, data, issue_it=True)
                    messages.success(request, message)
                    return redirect(reverse("inforequests:detail", args=[case.number]) + "#letters")
                messages.success(request, _letter(case, request.user, data, issue_it=False))
                return redirect(request.path)
            except Refused as exc:
                show(exc, form=form)
    body = form.data.get("body", letter.body) if form.is_bound else letter.body
    preview_letter = Letter(case=case, kind=letter.kind, title=letter.title, body=body)
    on = form.cleaned_data.get("on") if form.is_bound and form.is_valid() and form.cleaned_data.get("on") else None
    preview = docx_to_html(render_docx(preview_letter, on or letter.issued_on or timezone.localdate()))
    values = letters.facts(case, letter.kind)
    used = sorted(set(PLACEHOLDER.findall(letters.template_for(letter.kind, case.reply_type or case.outcome).body)))
    context = {
        "case": case, "letter": letter, "form": form, "preview": preview, "may_handle": may_handle,
        "facts": [(name, values.get(name, "")) for name in used], "articles": letter.articles,
    }  # fmt: skip
    return render(request, "inforequests/letter_edit.html", context)


@staff_required
def letter_download(request, number, pk):
    case = get_case_for_user(request.user, number)
    letter = get_object_or_404(case.letters, pk=pk, issued_on__isnull=False)
    return _docx(letter)


@staff_required
def case_file_download(request, number, pk):
    case = get_case_for_user(request.user, number)
    own = has(request.user, "inforequest.personal_data", case)
    item = get_object_or_404(case.files if own else case.files.exclude(kind=CaseFile.Kind.IDENTITY), pk=pk)
    if item.kind == CaseFile.Kind.IDENTITY:
        audit.record(request.user, "inforequest.identity_downloaded", case, {"file": item.pk, "name": item.name})
    return _file(item)


def applicant_view(case, own: bool) -> dict:
    """The applicant as staff see them: in full for the people handling the case, masked for everyone
    else (the agency's drafters and reviewers, the offices that supervise it)."""
    person = case.applicant_type == "person"
    if own:
        return {"name": case.applicant_name, "id_number": case.id_number, "contact_person": case.contact_person,
                "phone": case.phone, "email": case.email, "address": case.address, "masked": False}  # fmt: skip
    return {
        "name": mask_name(case.applicant_name) if person else case.applicant_name,
        "id_number": mask_id(case.id_number) if case.id_number else "",
        "contact_person": mask_name(case.contact_person),
        "phone": mask_id(case.phone),
        "email": mask_email(case.email),
        "address": "",
        "masked": True,
    }


def _docx(letter):
    response = download(letter.file, f"{letter.title}-{letter.case.number}.docx")
    response["Content-Type"] = DOCX_TYPE
    return response


def _file(item):
    return download(item.file, item.name)


def queue_items(user):
    """Open cases of the officer's agency that need action now: due within 5 working days or
    overdue, a correction or reasons period that has run out, a consulted party's period over. The
    district (or city) office sees the overdue cases of the agencies below it."""
    today = timezone.localdate()
    if user.agency_id is not None and has(user, "agency.supervise", user.agency):
        return _overdue_below(user, today)
    if not has(user, "inforequest.handle", user.agency):
        return []
    limit = add_workdays(today, SOON)
    items = []
    for case in InfoRequest.objects.filter(agency_id=user.agency_id).open().prefetch_related("events"):
        url = reverse("inforequests:detail", args=[case.number])
        late = "（补正告知逾期）" if case.correction_late() else ""
        clock = case.clock(today)
        if case.awaiting_correction() and not clock.correction_void:
            answer_due = case.correction_answer_due()
            if answer_due < today:
                title = f"{case.number} 补正期满未补正，请确认是否按（六）1办结{late}"
                items.append(QueueItem(title, url + "#close", "依申请公开·补正期满", due=answer_due))
            continue
        if clock.consultation_lapsed:
            title = f"{case.number} {clock.consultation_lapsed}，期限已恢复计算，请作出决定"
            items.append(QueueItem(title, url + "#step", "依申请公开·征求意见期满", due=clock.due))
        if case.reasons_state() == "lapsed":
            title = f"{case.number} 申请人未在期限内说明理由，请决定是否不予处理（第三十五条）"
            items.append(QueueItem(title, url + "#reply", "依申请公开·说明理由期满", due=clock.due))
        if clock.due and clock.due <= limit:
            kind = "依申请公开·已超期" if clock.overdue else "依申请公开·即将到期"
            items.append(QueueItem(f"{case.number} {case.information[:30]}{late}", url, kind, due=clock.due))
    return items


def _overdue_below(user, today) -> list[QueueItem]:
    cases = InfoRequest.objects.for_user(user).exclude(agency_id=user.agency_id).open()
    items = []
    for case in cases.select_related("agency").prefetch_related("events"):
        clock = case.clock(today)
        if clock.overdue:
            url = reverse("inforequests:detail", args=[case.number])
            title = f"{case.agency.short_name or case.agency.name} {case.number} 已超过答复期限"
            items.append(QueueItem(title, url, "依申请公开·辖区超期", due=clock.due))
    return items


# -- analysis, export, wording ---------------------------------------------------------------


def _year(request) -> int:
    return year_param(request)


@staff_required
def analysis(request):
    year = _year(request)
    cases = InfoRequest.objects.for_user(request.user)
    summary = an.summarise(cases, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    peak = max([n for _, n in summary.by_month] + [1])
    bars = []
    for i, (month, count) in enumerate(summary.by_month):
        height = round(120 * count / peak)
        bars.append({"month": month[5:], "count": count, "height": height, "x": i * 36, "y": 130 - height})
    open_cases = cases.filter(received_on__year__gte=year - 1)
    three, four = report.table_three(cases, year), report.table_four(cases, year)
    context = {
        "year": year,
        "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
        "summary": summary,
        "bars": bars,
        "table_three": three,
        "table_three_problems": an.table_problems(three, four, year),
        "table_four": four,
        "columns": TABLE_COLUMNS,
        "repeats": an.repeat_flags(open_cases),
        "excess": an.excessive_flags(cases.filter(received_on__year=year)),
        "suggestions": an.disclosure_suggestions(open_cases)[:20],
    }
    return render(request, "inforequests/analysis.html", context)


EXPORT_COLUMNS = [
    "申请编号", "受理机关", "收到申请之日", "提交方式", "申请人类型", "申请人", "证件号码",
    "统一社会信用代码", "联系电话", "所需信息", "状态", "办理结果", "答复日期", "归档日期",
]  # fmt: skip


@staff_required
def export(request):
    """A CSV of the cases the user may see, ID and phone numbers masked (DESIGN rule 7)."""

    year = _year(request)
    cases = InfoRequest.objects.for_user(request.user).filter(received_on__year=year).select_related("agency")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="requests-{year}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV correctly with a BOM
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    full_names = has(request.user, "inforequest.handle", request.user.agency)  # the handlers, not every colleague
    for case in cases.prefetch_related("events"):
        writer.writerow(safe_row([
            case.number, case.agency.name, case.received_on, law.RECEIPT_RULES[case.channel].label,
            case.get_applicant_type_display(),
            case.applicant_name if (full_names and case.agency_id == request.user.agency_id)
            or case.applicant_type != "person" else mask_name(case.applicant_name),
            mask_id(case.id_number) if case.id_number else "",
            case.credit_code, mask_id(case.phone), case.information, case.get_status_display(),
            case.get_outcome_display(), case.replied_on or "", case.archived_on or "",
        ]))  # fmt: skip
    audit.record(request.user, "inforequest.exported", request.user.agency, {"year": year, "rows": cases.count()})
    return response


@staff_required
def phrases(request):
    """答复口径: the office's standard wording, per outcome."""
    agency = request.user.agency
    require(request.user, "inforequest.handle", agency)
    edit = id_param(request, "edit", label="要修改的答复口径")
    editing = get_object_or_404(ReplyPhrase, pk=edit, agency=agency) if edit else None
    form = PhraseForm(request.POST or None, instance=editing)
    if request.method == "POST":
        if request.POST.get("delete") and editing:
            editing.delete()
            audit.record(request.user, "inforequest.phrase_deleted", agency, {"title": editing.title})
            messages.success(request, "已删除。")
            return redirect("inforequests:phrases")
        if form.is_valid():
            phrase = form.save(commit=False)
            phrase.agency = agency
            phrase.save()
            audit.record(request.user, "inforequest.phrase_saved", agency, {"title": phrase.title})
            messages.success(request, "已保存答复口径。")
            return redirect("inforequests:phrases")
    items = ReplyPhrase.objects.filter(agency=agency)
    return render(request, "inforequests/phrases.html", {"form": form, "items": items, "editing": editing})


@staff_required
def templates(request):
    """The letter templates (kept as data); the district office edits the standard wording."""

    require(request.user, "workspace.enter")
    may_edit = has(request.user, "inforequest.templates")
    form = None
    if edit := id_param(request, "edit", label="要修改的文书模板"):
        require(request.user, "inforequest.templates")
        template = get_object_or_404(LetterTemplate, pk=edit)
        form = TemplateForm(request.POST or None, instance=template)
        if request.method == "POST" and form.is_valid():
            form.save()
            audit.record(request.user, "inforequest.template_saved", template, {"title": template.title})
            messages.success(request, f"已保存“{template}”模板。")
            return redirect("inforequests:templates")
    items = LetterTemplate.objects.all()
    return render(
        request,
        "inforequests/templates.html",
        {"items": items, "form": form, "may_edit": may_edit, "placeholders": letters.PLACEHOLDER_HELP},
    )
