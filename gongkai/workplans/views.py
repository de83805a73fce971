"""Work plans in the workspace: import with preview, the supervision board, tasks and progress."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gongkai.accounts.models import Department
from gongkai.accounts.permissions import has, require, visible_agency_ids
from gongkai.accounts.views import staff_required
from gongkai.lib.errors import Refused, show, show_form_errors
from gongkai.lib.files import DOCX_TYPE, attachment
from gongkai.workplans import parse, service, tracking
from gongkai.workplans.forms import (
    AssignForm,
    DueForm,
    EventForm,
    FigureForm,
    ImportForm,
    MatchForm,
    PeriodForm,
    ProgressForm,
    StatusForm,
    TaskForm,
)
from gongkai.workplans.models import GENERIC_UNITS, Indicator, PlanError, Share, Status, Task, WorkPlan

SESSION = "gk_workplan_imports"


def _plans_for(user):
    ids = visible_agency_ids(user)
    plans = WorkPlan.objects.select_related("agency")
    return plans if ids is None else plans.filter(agency_id__in=ids)


def get_plan(user, pk) -> WorkPlan:
    plan = _plans_for(user).filter(pk=pk).first()
    if plan is None:
        raise Http404("未找到该工作要点")
    return plan


@staff_required
def plan_list(request):
    plans = _plans_for(request.user).filter(superseded=False)
    shares = Share.objects.filter(agency=request.user.agency, task__plan__superseded=False).count()
    return render(
        request,
        "workplans/list.html",
        {"plans": plans, "shares": shares, "may_import": has(request.user, "workplan.manage", request.user.agency)},
    )


# -- a body's shares of the district's plan -----------------------------------------------------------
@staff_required
def share_list(request):
    """The district's tasks this body carries, on its own board: state, deadline, its last report; the
    office takes the ones it picks into its own plan (POST)."""
    today = timezone.localdate()
    if request.method == "POST":
        require(request.user, "workplan.manage", request.user.agency)
        picked = Share.objects.filter(agency=request.user.agency, pk__in=request.POST.getlist("share"))
        picked = picked.select_related("task__plan")
        years = {s.task.plan.year for s in picked}
        try:
            if len(years) > 1:
                raise PlanError("任务：一次只能选择同一年度的区级任务")
            plan = WorkPlan.take_shares(request.user.agency, years.pop() if years else today.year, list(picked),
                                        by=request.user)  # fmt: skip
        except Refused as exc:
            show(exc, request=request)
            return redirect("workplans:shares")
        messages.success(request, f"已纳入《{plan.title}》，在本单位看板上报送的进展同时报送区里。")
        return redirect("workplans:board", pk=plan.pk)
    shares = list(
        Share.objects.filter(agency=request.user.agency, task__plan__superseded=False)
        .select_related("task__plan__agency")
        .prefetch_related("progress")
        .order_by("-task__plan__year", "task__plan_id", "task__position")
    )
    for share in shares:
        share.label = share.status_label(today)
    done = sum(1 for s in shares if s.status == Status.DONE)
    late = sum(1 for s in shares if s.is_overdue(today))
    taken = dict(Task.objects.filter(share__in=shares, plan__superseded=False).values_list("share_id", "plan_id"))
    for share in shares:
        share.taken_in = taken.get(share.pk)
    may_take = has(request.user, "workplan.manage", request.user.agency)
    context = {"shares": shares, "done": done, "late": late, "may_take": may_take}
    return render(request, "workplans/shares.html", context)


@staff_required
def share_detail(request, pk):
    share = Share.objects.for_user(request.user).select_related("task__plan__agency", "agency").filter(pk=pk).first()
    if share is None:
        raise Http404("未找到该任务")
    task, may_report = share.task, has(request.user, "workplan.report_share", share)
    progress = ProgressForm(agency=share.agency)
    if request.method == "POST":
        if not may_report:
            raise Http404("未找到")
        try:
            if request.POST.get("action") == "figure":
                form = FigureForm(request.POST)
                indicator = Indicator.objects.filter(task=task, pk=request.POST.get("indicator")).first()
                if not form.is_valid():
                    show_form_errors(request, form)
                elif indicator is None:
                    messages.error(request, "指标：无效")
                else:
                    d = form.cleaned_data
                    share.report_figure(
                        indicator, by=request.user, actual=d["actual"], actual_date=d["actual_date"],
                        evidence=d["evidence"],
                    )  # fmt: skip
                    messages.success(request, "已填报。")
                return redirect(request.path)
            progress = ProgressForm(request.POST, agency=share.agency)
            if progress.is_valid():
                d = progress.cleaned_data
                share.report_progress(
                    by=request.user, text=d["text"], on=d["on"], links=d["links"], marks_done=d["marks_done"]
                )
                messages.success(request, "已报送进展。")
                return redirect(request.path)
        except Refused as exc:
            show(exc, request=request)
            return redirect(request.path)
    share.label = share.status_label(timezone.localdate())
    readings = [tracking.share_reading(i, share) for i in task.indicators.filter(per_body=True)]
    context = {
        "share": share,
        "task": task,
        "plan": task.plan,
        "readings": readings,
        "district_readings": [
            tracking.read(i, task.plan.agency, task.plan.year) for i in task.indicators.filter(per_body=False)
        ],
        "progress_list": share.progress.select_related("reported_by"),
        "progress": progress,
        "may_report": may_report,
        "may_open_plan": _plans_for(request.user).filter(pk=task.plan_id).exists(),
    }
    return render(request, "workplans/share.html", context)


# -- import: parse, preview, confirm --------------------------------------------------------------
@staff_required
def import_plan(request):
    agency = request.user.agency
    require(request.user, "workplan.manage", agency)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        year, upload = form.cleaned_data["year"], form.cleaned_data["file"]
        name, data = (upload.name, upload.read()) if upload else ("粘贴的文字.txt", form.cleaned_data["text"].encode())
        try:
            plan = parse.parse_upload(name, data, year)
        except parse.PlanProblem as exc:
            form.add_error("file" if upload else "text", f"{'上传文件' if upload else '粘贴的内容'}：{exc}")
        else:
            digest = service.sha256(data)
            same = service.existing_same_file(agency, year, digest)
            if same:
                messages.info(request, f"同一文件已导入为第{same.version}版，未重复导入。")
                return redirect("workplans:board", pk=same.pk)
            token = secrets.token_urlsafe(8)
            pending = request.session.get(SESSION, {})
            pending = dict(list(pending.items())[-4:])  # keep a few previews, not an unbounded session
            pending[token] = {"year": year, "title": form.cleaned_data["title"], "name": name[:200], "digest": digest,
                              "agency": agency.pk, "plan": plan.to_json()}  # fmt: skip
            request.session[SESSION] = pending
            return redirect("workplans:preview", token=token)
    return render(request, "workplans/import.html", {"form": form, "agency": agency})


@staff_required
def preview(request, token):
    agency = request.user.agency
    require(request.user, "workplan.manage", agency)
    pending = request.session.get(SESSION, {}).get(token)
    if pending is None or pending["agency"] != agency.pk:
        messages.error(request, "该导入预览已失效，请重新导入。")
        return redirect("workplans:import")
    if request.method == "POST":
        pending["plan"] = service.apply_edits(pending["plan"], request.POST, pending["year"])
        request.session[SESSION] = {**request.session[SESSION], token: pending}
        if request.POST.get("action") == "confirm":
            try:
                plan = WorkPlan.confirm_import(
                    agency,
                    pending["year"],
                    pending["plan"],
                    by=request.user,
                    source_name=pending["name"],
                    digest=pending["digest"],
                    title=pending["title"],
                )
            except Refused as exc:
                show(exc, request=request)
            else:
                request.session[SESSION] = {k: v for k, v in request.session[SESSION].items() if k != token}
                messages.success(request, f"已保存第{plan.version}版，共{plan.tasks.count()}项任务。")
                return redirect("workplans:board", pk=plan.pk)
        else:
            messages.info(request, "已按修改重新识别，请核对后确认。")
    tasks = pending["plan"]["tasks"]
    context = {
        "token": token,
        "pending": pending,
        "tasks": tasks,
        "flagged": sum(1 for t in tasks if t["problems"]),
        "shape": parse.ParsedPlan.SHAPES.get(pending["plan"]["shape"], pending["plan"]["shape"]),
        "diff": service.diff(WorkPlan.current(agency, pending["year"]), pending["plan"]),
        "lead": {i: "、".join(u["name"] for u in t["units"] if u["role"] == "lead") for i, t in enumerate(tasks)},
        "others": {i: "、".join(u["name"] for u in t["units"] if u["role"] != "lead") for i, t in enumerate(tasks)},
    }
    return render(request, "workplans/preview.html", context)


# -- board, bulletin, summary ---------------------------------------------------------------------
@staff_required
def board(request, pk):
    plan = get_plan(request.user, pk)
    may_manage = has(request.user, "workplan.manage", plan)
    if request.method == "POST":
        require(request.user, "workplan.manage", plan)
        action = request.POST.get("action")
        if action == "event":
            form = EventForm(request.POST)
            if form.is_valid():
                plan.set_event_date(by=request.user, event=form.cleaned_data["event"], day=form.cleaned_data["day"])
                messages.success(request, f"已设置“{form.cleaned_data['event']}”的日期。")
            else:
                messages.error(request, "日期：请填写有效日期")
        elif action == "add_task":
            form = TaskForm(request.POST)
            if form.is_valid():
                try:
                    d = form.cleaned_data
                    task = plan.add_task(by=request.user, name=d["name"], content=d["content"], due=d["due"])
                    messages.success(request, f"已新增任务“{task.name}”。")
                except Refused as exc:
                    show(exc, request=request)
            else:
                show_form_errors(request, form)
        elif action == "match":
            form = MatchForm(request.POST)
            department = Department.objects.filter(agency=plan.agency, pk=request.POST.get("department")).first()
            if form.is_valid() and department:
                count = plan.remember_unit(by=request.user, text=form.cleaned_data["text"], department=department)
                messages.success(request, f"“{form.cleaned_data['text']}”已对应到{department.name}（{count}处）。")
            else:
                messages.error(request, "对应处室：请选择本机关的处室")
        return redirect("workplans:board", pk=plan.pk)
    data = tracking.board(plan)
    unmatched = sorted(
        {
            u.name
            for t in data["tasks"]
            for u in t.units.all()
            if u.department_id is None and not u.name.startswith("各") and u.name not in GENERIC_UNITS
        }
    )
    today = timezone.localdate()
    context = {
        "plan": plan,
        "data": data,
        "may_manage": may_manage,
        "unmatched": unmatched,
        "departments": Department.objects.filter(agency=plan.agency),
        "period": PeriodForm(initial={"start": today.replace(day=1), "end": today}),
        "summary": tracking.year_end_summary(plan),
        "task_form": TaskForm(),
        "versions": WorkPlan.objects.filter(agency=plan.agency, year=plan.year).order_by("-version"),
    }
    return render(request, "workplans/board.html", context)


@staff_required
def bulletin(request, pk):
    plan = get_plan(request.user, pk)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        show_form_errors(request, form)
        return redirect("workplans:board", pk=plan.pk)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    body = tracking.bulletin_docx(plan, start, end)
    kind = DOCX_TYPE
    return attachment(body, kind, f"政务公开工作情况通报（{start:%Y%m%d}-{end:%Y%m%d}）.docx")


# -- a task ---------------------------------------------------------------------------------------
@staff_required
def task_detail(request, pk, task_pk):
    plan = get_plan(request.user, pk)
    task = get_object_or_404(Task.objects.select_related("plan"), plan=plan, pk=task_pk)
    may_report = has(request.user, "workplan.report", task)
    may_manage = has(request.user, "workplan.manage", plan)
    progress = ProgressForm(agency=plan.agency)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "progress":
                if not may_report:
                    raise Http404("未找到")
                progress = ProgressForm(request.POST, agency=plan.agency)
                if progress.is_valid():
                    d = progress.cleaned_data
                    task.report_progress(
                        by=request.user, text=d["text"], on=d["on"], links=d["links"], marks_done=d["marks_done"]
                    )
                    messages.success(request, "已报送进展。")
                    return redirect(request.path)
            elif action == "figure" and may_report:
                form = FigureForm(request.POST)
                if form.is_valid():
                    indicator = get_object_or_404(Indicator, task=task, pk=form.cleaned_data["indicator"])
                    d = form.cleaned_data
                    indicator.report_figure(
                        by=request.user,
                        actual=d["actual"],
                        actual_date=d["actual_date"],
                        evidence=d["evidence"],
                    )
                    messages.success(request, "已填报。")
                else:
                    show_form_errors(request, form)
                return redirect(request.path)
            elif action == "assign" and may_manage:
                form = AssignForm(request.POST, plan=plan)
                if form.is_valid():
                    task.assign(by=request.user, agency=form.cleaned_data["agency"], role=form.cleaned_data["role"])
                    messages.success(request, f"已分解到{form.cleaned_data['agency'].name}。")
                else:
                    show_form_errors(request, form)
                return redirect(request.path)
            elif action in ("status", "due") and may_manage:
                if action == "status":
                    form = StatusForm(request.POST)
                    if form.is_valid():
                        task.set_status(by=request.user, status=form.cleaned_data["status"])
                else:
                    form = DueForm(request.POST)
                    if form.is_valid():
                        task.set_due(by=request.user, due=form.cleaned_data["due"])
                if not form.is_valid():
                    show_form_errors(request, form)
                else:
                    messages.success(request, "已保存。")
                return redirect(request.path)
            else:
                raise Http404("未找到")
        except Refused as exc:
            show(exc, request=request)
            return redirect(request.path)
    readings = [tracking.read(i, plan.agency, plan.year) for i in task.indicators.filter(per_body=False)]
    task.status_label_today = task.status_label(timezone.localdate())
    shares = list(task.shares.select_related("agency").prefetch_related("progress", "figures"))
    per_body = list(task.indicators.filter(per_body=True))
    for share in shares:
        share.label = share.status_label(timezone.localdate())
        share.latest = next(iter(share.progress.all()), None)
        share.readings = [tracking.share_reading(i, share) for i in per_body]
    context = {
        "plan": plan,
        "task": task,
        "today": timezone.localdate(),
        "readings": readings,
        "progress_list": task.progress.select_related("reported_by"),
        "progress": progress,
        "may_report": may_report,
        "may_manage": may_manage,
        "status_form": StatusForm(initial={"status": task.status}),
        "shares": shares,
        "shares_done": sum(1 for s in shares if s.status == Status.DONE),
        "per_body": per_body,
        "assign_form": AssignForm(plan=plan) if plan.is_district else None,
        "due_form": DueForm(initial={"due": task.due}),
    }
    return render(request, "workplans/task.html", context)
