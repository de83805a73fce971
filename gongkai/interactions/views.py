"""政民互动 in the workspace: the queue of messages, one message with its handling, the knowledge base and
its exports, incidents."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from openpyxl import Workbook

from gongkai.accounts.models import Agency, Department
from gongkai.accounts.permissions import has, require
from gongkai.accounts.views import staff_required
from gongkai.documents.models import Document
from gongkai.interactions import forms as f
from gongkai.interactions.models import Answer, Channel, Incident, Message
from gongkai.lib.errors import Refused, show, show_form_errors
from gongkai.lib.files import XLSX_TYPE, attachment
from gongkai.lib.masking import mask_email, mask_id, mask_name
from gongkai.lib.params import choice_param
from gongkai.lib.sheets import safe_row

TABS = {
    "todo": "待办",
    "received": "待受理",
    "accepted": "办理中",
    "drafted": "待审核",
    "overdue": "逾期",
    "supervised": "督办",
    "incoming": "转来待接收",
    "done": "已答复",
    "all": "全部",
}


@staff_required
def message_list(request):
    tab = choice_param(request, "tab", list(TABS), default="todo", label="列表")
    today = timezone.localdate()
    own = Message.objects.for_user(request.user)
    office = has(request.user, "interaction.handle", request.user.agency)
    if not office and request.user.department_id:
        own = own.filter(department_id=request.user.department_id)
    found = {
        "todo": own.open(),
        "received": own.filter(state=Message.State.RECEIVED),
        "accepted": own.filter(state=Message.State.ACCEPTED),
        "drafted": own.filter(state=Message.State.DRAFTED),
        "overdue": own.overdue(today),
        "supervised": own.open().filter(supervised=True),
        "incoming": Message.objects.filter(state=Message.State.TRANSFERRING, transfer_to_id=request.user.agency_id),
        "done": own.filter(state__in=[Message.State.REPLIED, Message.State.CLOSED, Message.State.CONVERTED]),
        "all": own,
    }[tab]
    rows = list(found.select_related("channel", "department", "agency").order_by("due", "id")[:200])
    counts = {"overdue": own.overdue(today).count(), "supervised": own.open().filter(supervised=True).count()}
    context = {"rows": rows, "tab": tab, "tabs": TABS, "counts": counts, "today": today}
    return render(request, "interactions/list.html", context)


def _message(user, number) -> Message:
    scope = Message.objects.for_user(user) | Message.objects.filter(
        state=Message.State.TRANSFERRING, transfer_to_id=getattr(user, "agency_id", None)
    )
    found = scope.select_related("channel", "agency", "department", "document", "transfer_to").filter(number=number)
    message = found.first()
    if message is None:
        raise Http404("未找到该留言")
    return message


def _departments(agency):
    return Department.objects.filter(agency=agency).order_by("name")


FORMS = {
    "accept": f.AcceptForm, "assign": f.AssignForm, "transfer": f.TransferForm, "transfer_answer": f.TransferAnswerForm,
    "convert": f.ConvertForm, "draft": f.DraftForm, "review": f.ReviewForm, "supervise": f.SuperviseForm,
    "publish": f.PublishForm,
}  # fmt: skip
RULE = {"draft": "interaction.draft", "supervise": "interaction.supervise"}


def _form(action, message, data=None):
    kwargs = {}
    if action in ("accept", "assign"):
        kwargs["departments"] = _departments(message.agency)
    if action == "transfer":
        kwargs["agencies"] = Agency.objects.active().exclude(pk=message.agency_id).order_by("sort_order", "name")
    return FORMS[action](data, **kwargs) if data is not None else FORMS[action](**kwargs)


def _act(request, m: Message, action: str) -> None:
    if action == "transfer_answer":
        if request.user.agency_id != m.transfer_to_id or not has(request.user, "interaction.handle", m.transfer_to):
            raise Http404("未找到")
    else:
        require(request.user, RULE.get(action, "interaction.handle"), m)
    form = _form(action, m, request.POST)
    if not form.is_valid():
        show_form_errors(request, form)
        return
    d, by = form.cleaned_data, request.user
    if action == "accept":
        m.accept(by=by, department=d["department"])
    elif action == "assign":
        m.assign(by=by, department=d["department"])
    elif action == "transfer":
        m.transfer(by=by, to=d["to"], reason=d["reason"])
    elif action == "transfer_answer":
        m.answer_transfer(by=by, accept=d["accept"], reason=d["reason"])
    elif action == "convert":
        m.convert(by=by, kind=d["kind"], reason=d["reason"])
    elif action == "draft":
        m.draft(by=by, text=d["text"])
    elif action == "review":
        m.review(by=by, approve=d["approve"], note=d["note"])
        if d["approve"] and d["to_kb"]:
            Answer.propose(m.agency, by=by, question=m.subject, answer=m.reply, document=m.document, source=m)
            messages.info(request, "问答已收入知识库，待审核后发布。")
    elif action == "supervise":
        m.supervise(by=by, note=d["note"])
    elif action == "publish":
        if not d["confirm"]:
            shown, answer, n = m.publication_preview(d["text"], d["reply"])
            request.session["publish_preview"] = {"number": m.number, "text": shown, "reply": answer, "masked": n,
                                                  "raw_text": d["text"], "raw_reply": d["reply"]}  # fmt: skip
            messages.info(request, f"预览：已自动隐去 {n} 处个人信息，请核对后勾选“确认选登”。")
            return
        m.publish(by=by, text=d["text"], reply=d["reply"])
        messages.success(request, "已选登。")
        return
    messages.success(request, "已保存。")


@staff_required
def message(request, number):
    m = _message(request.user, number)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "unpublish":
            require(request.user, "interaction.handle", m)
            m.unpublish(by=request.user)
        elif action not in FORMS:
            raise Http404("未找到")
        else:
            try:
                _act(request, m, action)
            except Refused as exc:
                show(exc, request=request)
        if action == "transfer_answer" and not Message.objects.for_user(request.user).filter(pk=m.pk).exists():
            return redirect("interactions:list")
        return redirect("interactions:message", number=m.number)
    personal = has(request.user, "interaction.draft", m)
    contact = {"name": m.name, "phone": m.phone, "email": m.email, "private_text": m.private_text} if personal else {
        "name": mask_name(m.name), "phone": mask_id(m.phone) if m.phone else "", "email": mask_email(m.email),
        "private_text": "（仅办理人员可见）" if m.private_text else ""}  # fmt: skip
    preview = request.session.pop("publish_preview", None)
    if preview and preview.get("number") != m.number:
        preview = None
    shown, answer, n = m.publication_preview()
    context = {
        "m": m, "contact": contact, "today": timezone.localdate(),
        "office": has(request.user, "interaction.handle", m), "drafter": has(request.user, "interaction.draft", m),
        "supervisor": has(request.user, "interaction.supervise", m),
        "incoming": m.state == Message.State.TRANSFERRING and request.user.agency_id == m.transfer_to_id,
        "forms": {a: _form(a, m) for a in FORMS if a != "publish"},
        "publish_form": f.PublishForm(initial={"text": preview["raw_text"] if preview else m.text,
                                               "reply": preview["raw_reply"] if preview else m.reply}),
        "preview": preview or {"text": shown, "reply": answer, "masked": n},
    }  # fmt: skip
    return render(request, "interactions/message.html", context)


# -- the knowledge base -----------------------------------------------------------------------------
def _document(user, text: str):
    text = text.strip()
    if not text:
        return None, None
    doc = Document.objects.linkable(user).by_reference(text)
    return doc, None if doc else f"对应政策：公文库中找不到“{text}”（请填写发文字号或完整标题）"


@staff_required
def answers(request):
    agency = request.user.agency
    may_edit = has(request.user, "knowledge.edit", agency)
    form = f.AnswerForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "knowledge.edit", agency)
        if form.is_valid():
            doc, problem = _document(request.user, form.cleaned_data["document"])
            if problem:
                form.add_error("document", problem)
            else:
                try:
                    entry = Answer.propose(agency, by=request.user, question=form.cleaned_data["question"],
                                           answer=form.cleaned_data["answer"], document=doc,
                                           tags=form.tag_list)  # fmt: skip
                except Refused as exc:
                    show(exc, form=form)
                else:
                    messages.success(request, "已添加，待审核后发布。")
                    return redirect("interactions:answer", pk=entry.pk)
    q = str(request.GET.get("q", "")).strip()[:50]
    rows = Answer.objects.for_user(request.user).select_related("document")
    if q:
        rows = rows.filter(Q(question__contains=q) | Q(answer__contains=q))
    context = {"rows": rows[:300], "form": form, "may_edit": may_edit, "q": q,
               "expired": set(Answer.objects.for_user(request.user).expired().values_list("pk", flat=True)),
               }  # fmt: skip
    return render(request, "interactions/answers.html", context, status=400 if form.errors else 200)


@staff_required
def answer(request, pk):
    entry = Answer.objects.for_user(request.user).select_related("document").filter(pk=pk).first()
    if entry is None:
        raise Http404("未找到该条目")
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                require(request.user, "knowledge.approve", entry)
                entry.approve(by=request.user)
            elif action == "withdraw":
                require(request.user, "knowledge.approve", entry)
                entry.withdraw(by=request.user, reason=str(request.POST.get("reason", "")))
            elif action == "revise":
                require(request.user, "knowledge.edit", entry)
                form = f.AnswerForm(request.POST)
                if not form.is_valid():
                    show_form_errors(request, form)
                    return redirect(request.path)
                entry.revise(by=request.user, question=form.cleaned_data["question"],
                             answer=form.cleaned_data["answer"], tags=form.tag_list)  # fmt: skip
            else:
                raise Http404("未找到")
            messages.success(request, "已保存。")
        except Refused as exc:
            show(exc, request=request)
        return redirect(request.path)
    doc = entry.document
    form = f.AnswerForm(initial={"question": entry.question, "answer": entry.answer, "tags": "、".join(entry.tags),
                                 "document": (doc.doc_number or doc.title) if doc else ""})  # fmt: skip
    context = {"entry": entry, "form": form, "may_edit": has(request.user, "knowledge.edit", entry),
               "may_approve": has(request.user, "knowledge.approve", entry)}  # fmt: skip
    return render(request, "interactions/answer.html", context)


EXPORT_COLUMNS = ["编号", "问题", "答复", "政策文件", "发文字号", "政策链接", "标签", "状态", "更新时间"]
STATUS_LABELS = {
    "published": "有效",
    "expired": "已失效（政策已废止、失效或撤回）",
    "withdrawn": "已撤下",
    "draft": "待审核",
}


def export_rows(entries) -> list[list[object]]:
    """The fixed columns the 12345 hotline and service windows import (docs/interactions.md)."""
    entries = list(entries)
    expired = set(Answer.objects.expired().filter(pk__in=[e.pk for e in entries]).values_list("pk", flat=True))
    rows = []
    for e in entries:
        status = e.status_among(expired)
        doc = e.document
        rows.append(safe_row([
            str(e.pk), e.question, e.answer, doc.title if doc else "", doc.doc_number if doc else "",
            f"/documents/{doc.uid}/" if doc else "", "、".join(e.tags), STATUS_LABELS.get(status, status),
            timezone.localtime(e.updated_at).strftime("%Y-%m-%d %H:%M"),
        ]))  # fmt: skip
    return rows


@staff_required
def answers_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404("只能导出 csv 或 xlsx")
    entries = Answer.objects.for_user(request.user).exclude(state=Answer.State.DRAFT).select_related("document")
    rows = export_rows(entries.order_by("id"))
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(rows)
        return attachment(("\ufeff" + buffer.getvalue()).encode(), "text/csv; charset=utf-8", "政策咨询知识库.csv")
    book = Workbook()
    sheet = book.active
    sheet.title = "知识库"
    sheet.append(EXPORT_COLUMNS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return attachment(out.getvalue(), XLSX_TYPE,
                      "政策咨询知识库.xlsx")  # fmt: skip


# -- incidents --------------------------------------------------------------------------------------
@staff_required
def incidents(request):
    agency = request.user.agency
    form = f.IncidentForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "interaction.handle", agency)
        if form.is_valid():
            d = form.cleaned_data
            try:
                incident = Incident.record(
                    agency, by=request.user, title=d["title"], kind=d["kind"], known_at=d["known_at"]
                )
            except Refused as exc:
                show(exc, form=form)
            else:
                return redirect("interactions:incident", pk=incident.pk)
    rows = Incident.objects.for_user(request.user).select_related("agency")
    context = {"rows": rows, "form": form, "may_manage": has(request.user, "interaction.handle", agency),
               "now": timezone.now()}  # fmt: skip
    return render(request, "interactions/incidents.html", context, status=400 if form.errors else 200)


@staff_required
def incident(request, pk):
    item = Incident.objects.for_user(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404("未找到该事件")
    if request.method == "POST":
        require(request.user, "interaction.handle", item)
        try:
            if request.POST.get("action") == "close":
                item.close(by=request.user)
            else:
                form = f.ResponseForm(request.POST)
                if form.is_valid():
                    item.respond(by=request.user, text=form.cleaned_data["text"], publish=form.cleaned_data["publish"])
                    messages.success(request, "已回应。")
                else:
                    show_form_errors(request, form)
        except Refused as exc:
            show(exc, request=request)
        return redirect(request.path)
    context = {"item": item, "form": f.ResponseForm(), "may_manage": has(request.user, "interaction.handle", item),
               "now": timezone.now()}  # fmt: skip
    return render(request, "interactions/incident.html", context)


def channels():
    return Channel.objects.filter(active=True)
