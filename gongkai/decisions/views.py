"""重大行政决策 in the workspace: the body's catalogues, their entries, consent, publication and changes."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gongkai.accounts.permissions import has, require
from gongkai.accounts.views import staff_required
from gongkai.decisions import report
from gongkai.decisions.forms import (
    AnswerForm,
    ApproveForm,
    AttendanceForm,
    ConsultationForm,
    DecideForm,
    EntryForm,
    HearingForm,
    MeetingForm,
    ModerateForm,
    OpenForm,
    OpinionForm,
    OutsideForm,
    ReportForm,
    SelectForm,
    StepForm,
    WithdrawForm,
)
from gongkai.decisions.metrics import attendance_count
from gongkai.decisions.models import Catalogue, Comment, Consultation, Entry, Meeting, Representative
from gongkai.decisions.timeline import timeline
from gongkai.documents.models import Document
from gongkai.lib.errors import Refused, show, show_form_errors
from gongkai.lib.files import DOCX_TYPE, attachment
from gongkai.workplans.models import Indicator


@staff_required
def catalogue_list(request):
    may_manage = has(request.user, "decision.manage", request.user.agency)
    form = OpenForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        require(request.user, "decision.manage", request.user.agency)
        if form.is_valid():
            try:
                catalogue = Catalogue.open(request.user.agency, form.cleaned_data["year"], by=request.user)
            except Refused as exc:
                show(exc, request=request)
            else:
                return redirect("decisions:catalogue", pk=catalogue.pk)
        else:
            show_form_errors(request, form)
        return redirect("decisions:list")
    catalogues = Catalogue.objects.for_user(request.user).select_related("agency")
    today = timezone.localdate()
    for c in catalogues:
        c.late = c.is_late(today)
    return render(request, "decisions/list.html", {"catalogues": catalogues, "form": form, "may_manage": may_manage})


def _catalogue(user, pk) -> Catalogue:
    catalogue = Catalogue.objects.for_user(user).select_related("agency").filter(pk=pk).first()
    if catalogue is None:
        raise Http404("未找到该目录")
    return catalogue


@staff_required
def catalogue(request, pk):
    catalogue = _catalogue(request.user, pk)
    may_manage = has(request.user, "decision.manage", catalogue)
    if request.method == "POST":
        require(request.user, "decision.manage", catalogue)
        action = request.POST.get("action")
        forms_by_action = {"entry": EntryForm, "approve": ApproveForm, "outside": OutsideForm}
        form = forms_by_action[action](request.POST) if action in forms_by_action else None
        try:
            if action == "publish":
                catalogue.publish(by=request.user)
                messages.success(request, "目录已公布。")
            elif form is None:
                raise Http404("未找到")
            elif not form.is_valid():
                show_form_errors(request, form)
            elif action == "entry":
                d = form.cleaned_data
                catalogue.add_entry(by=request.user, matter=d["matter"], unit=d["unit"], timing=d["timing"],
                                    procedures=d["procedures"], reason=d["reason"])  # fmt: skip
                messages.success(request, "已添加事项。")
            elif action == "approve":
                catalogue.approve(by=request.user, on=form.cleaned_data["on"], approval=form.cleaned_data["approval"])
                messages.success(request, "已登记同意。")
            else:
                d = form.cleaned_data
                catalogue.record_outside(by=request.user, matter=d["matter"], unit=d["unit"], reason=d["reason"])
                messages.success(request, "已登记目录外决策事项。")
        except Refused as exc:
            show(exc, request=request)
        return redirect("decisions:catalogue", pk=catalogue.pk)
    entries = list(catalogue.entries.prefetch_related("changes"))
    context = {
        "catalogue": catalogue,
        "entries": [e for e in entries if not e.outside],
        "outside": [e for e in entries if e.outside],
        "may_manage": may_manage,
        "late": catalogue.is_late(timezone.localdate()),
        "entry_form": EntryForm(),
        "approve_form": ApproveForm(initial={"on": timezone.localdate()}),
        "outside_form": OutsideForm(),
    }
    return render(request, "decisions/catalogue.html", context)


@staff_required
def entry(request, pk, entry_pk):
    catalogue = _catalogue(request.user, pk)
    item = Entry.objects.filter(catalogue=catalogue, pk=entry_pk, outside=False).first()
    if item is None:
        raise Http404("未找到该事项")
    may_manage = has(request.user, "decision.manage", catalogue)
    if request.method == "POST" and request.POST.get("action") == "step":
        require(request.user, "decision.manage", catalogue)
        step_form = StepForm(request.POST)
        # the user's own library items, and anything public (the decision's text may be another body's)
        documents = step_form.resolve(Document.objects.linkable(request.user)) if step_form.is_valid() else []
        if not step_form.is_valid():
            show_form_errors(request, step_form)
            return redirect(request.path)
        d = step_form.cleaned_data
        try:
            item.record_step(by=request.user, stage=d["stage"], on=d["on"], note=d["note"], documents=documents)
            messages.success(request, "已记录。")
        except Refused as exc:
            show(exc, request=request)
        return redirect(request.path)
    if request.method == "POST":
        require(request.user, "decision.manage", catalogue)
        withdrawing = request.POST.get("action") == "withdraw"
        form = WithdrawForm(request.POST) if withdrawing else EntryForm(request.POST)
        if not form.is_valid():
            show_form_errors(request, form)
            return redirect(request.path)
        d = form.cleaned_data
        try:
            if withdrawing:
                item.withdraw(by=request.user, reason=d["reason"])
            else:
                item.revise(by=request.user, reason=d["reason"], matter=d["matter"], unit=d["unit"],
                            timing=d["timing"], procedures=d["procedures"])  # fmt: skip
            messages.success(request, "已保存。")
        except Refused as exc:
            show(exc, request=request)
        return redirect(request.path)
    form = EntryForm(initial={"matter": item.matter, "unit": item.unit, "timing": item.timing,
                              "procedures": item.procedures})  # fmt: skip
    context = {"catalogue": catalogue, "entry": item, "form": form, "withdraw_form": WithdrawForm(),
               "may_manage": may_manage, "changes": item.changes.all(),
               "timeline": timeline(item, public=False), "step_form": StepForm(initial={"on": timezone.localdate()}),
               "consultations": item.consultations.all()}  # fmt: skip
    return render(request, "decisions/entry.html", context)


@staff_required
def consultation_new(request, pk, entry_pk):
    catalogue = _catalogue(request.user, pk)
    item = get_object_or_404(Entry, catalogue=catalogue, pk=entry_pk)
    require(request.user, "decision.manage", catalogue)
    today = timezone.localdate()
    form = ConsultationForm(request.POST or None, request.FILES or None,
                            initial={"starts_on": today, "ends_on": today + datetime.timedelta(days=29)})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            made = Consultation.prepare(
                item, by=request.user, title=d["title"], text=form.draft_text, explanation=d["explanation"],
                starts_on=d["starts_on"], ends_on=d["ends_on"], short_reason=d["short_reason"],
                other_channels=d["other_channels"],
            )  # fmt: skip
        except Refused as exc:
            show(exc, form=form)
        else:
            if made.whole_only:
                messages.warning(request, "草案未能按“第X条”或“一、”分条，公众将就全文提意见。")
            return redirect("decisions:consultation", pk=made.pk)
    return render(request, "decisions/consultation_new.html", {"catalogue": catalogue, "entry": item, "form": form})


def _consultation(user, pk) -> Consultation:
    found = Consultation.objects.for_user(user).select_related("entry__catalogue", "agency").filter(pk=pk).first()
    if found is None:
        raise Http404("未找到该征求意见")
    return found


def _consultation_post(request, c: Consultation) -> None:
    action = request.POST.get("action")
    forms_by_action = {"hearing": HearingForm, "moderate": ModerateForm, "answer": AnswerForm, "decide": DecideForm,
                       "report": ReportForm}  # fmt: skip
    if action == "announce":
        c.announce(by=request.user)
        messages.success(request, "征求意见已发布。")
        return
    if action not in forms_by_action:
        raise Http404("未找到")
    form = forms_by_action[action](request.POST)
    if not form.is_valid():
        show_form_errors(request, form)
        return
    d = form.cleaned_data
    if action == "hearing":
        c.announce_hearing(by=request.user, kind=d["kind"], held_at=d["held_at"], place=d["place"],
                           notice=d["notice"], participants=d["participants"])  # fmt: skip
    elif action == "moderate":
        get_object_or_404(c.comments, pk=d["comment"]).moderate(by=request.user, decision=d["decision"], note=d["note"])
    elif action == "answer":
        c.answer(get_object_or_404(c.groups, pk=d["group"]), by=request.user, outcome=d["outcome"], reason=d["reason"])
    elif action == "decide":
        c.record_decision(by=request.user, on=d["on"], meeting=d["meeting"])
    else:
        told = c.publish_report(by=request.user, summary=d["summary"])
        messages.success(request, f"意见采纳情况已公布，已通知留有邮箱的 {told} 位意见人。")
        return
    messages.success(request, "已保存。")


@staff_required
def consultation(request, pk):
    c = _consultation(request.user, pk)
    may_manage = has(request.user, "decision.manage", c)
    if request.method == "POST":
        require(request.user, "decision.manage", c)
        try:
            _consultation_post(request, c)
        except Refused as exc:
            show(exc, request=request)
        return redirect("decisions:consultation", pk=c.pk)
    comments = list(c.comments.exclude(state=Comment.State.UNVERIFIED).select_related("article", "group"))
    groups = list(c.groups_to_answer())
    context = {
        "c": c,
        "may_manage": may_manage,
        "pending": [x for x in comments if x.state == Comment.State.PENDING],
        "moderated": [x for x in comments if x.state != Comment.State.PENDING],
        "unverified": c.comments.filter(state=Comment.State.UNVERIFIED).count(),
        "groups": groups,
        "articles": c.articles.all(),
        "days_left": c.report_days_left(),
        "hearing_form": HearingForm(),
        "decide_form": DecideForm(initial={"on": timezone.localdate()}),
        "report_form": ReportForm(),
        "outcomes": AnswerForm.base_fields["outcome"].choices,
        "decisions": ModerateForm.base_fields["decision"].choices,
    }
    return render(request, "decisions/consultation.html", context)


@staff_required
def consultation_docx(request, pk):
    c = _consultation(request.user, pk)
    return attachment(report.docx(c), DOCX_TYPE,
                      f"{c.title}意见采纳情况.docx")  # fmt: skip


@staff_required
def meetings(request):
    agency = request.user.agency
    may_manage = has(request.user, "decision.manage", agency)
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "decision.manage", agency)
        if form.is_valid():
            d = form.cleaned_data
            try:
                meeting = Meeting.call(agency, by=request.user, title=d["title"], held_on=d["held_on"],
                                       apply_by=d["apply_by"], call_text=d["call_text"], seats=form.seats)  # fmt: skip
            except Refused as exc:
                show(exc, form=form)
            else:
                return redirect("decisions:meeting", pk=meeting.pk)
    year = timezone.localdate().year
    count, _, how = attendance_count(agency, year)
    target = Indicator.target_of(agency, year, "decision_attendance")
    context = {"meetings": Meeting.objects.for_user(request.user).select_related("agency"), "form": form,
               "may_manage": may_manage, "count": count, "how": how, "target": target}  # fmt: skip
    return render(request, "decisions/meetings.html", context)


@staff_required
def meeting(request, pk):
    m = Meeting.objects.for_user(request.user).filter(pk=pk).first()
    if m is None:
        raise Http404("未找到该会议")
    may_manage = has(request.user, "decision.manage", m)
    people = list(m.representatives.all())
    if request.method == "POST":
        require(request.user, "decision.manage", m)
        action = request.POST.get("action")
        try:
            if action == "select":
                form = SelectForm(request.POST, people=people)
                if form.is_valid():
                    n = m.select(by=request.user, chosen=form.cleaned_data["chosen"], rules=form.cleaned_data["rules"])
                    messages.success(request, f"已确定并邀请 {n} 位列席人员。")
                else:
                    show_form_errors(request, form)
            elif action == "attend":
                invited = [p for p in people if p.state == Representative.State.INVITED]
                form = AttendanceForm(request.POST, people=invited)
                if form.is_valid():
                    m.record_attendance(by=request.user, attended=form.cleaned_data["attended"])
                    messages.success(request, "已登记列席情况。")
                else:
                    show_form_errors(request, form)
            elif action == "opinion":
                form = OpinionForm(request.POST)
                if form.is_valid():
                    rep = get_object_or_404(m.representatives, pk=form.cleaned_data["representative"])
                    rep.record_opinion(by=request.user, opinion=form.cleaned_data["opinion"],
                                       reply=form.cleaned_data["reply"])  # fmt: skip
                    messages.success(request, "已登记列席意见和答复。")
                else:
                    show_form_errors(request, form)
            else:
                raise Http404("未找到")
        except Refused as exc:
            show(exc, request=request)
        return redirect("decisions:meeting", pk=m.pk)
    invited = [p for p in people if p.state == Representative.State.INVITED]
    context = {"m": m, "people": people, "may_manage": may_manage,
               "select_form": SelectForm(people=people), "attend_form": AttendanceForm(people=invited),
               "attended": [p for p in people if p.state == Representative.State.ATTENDED]}  # fmt: skip
    return render(request, "decisions/meeting.html", context)
