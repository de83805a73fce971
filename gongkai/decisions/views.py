"""重大行政决策 in the workspace: the body's catalogues, their entries, consent, publication and changes."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.accounts.permissions import has, require
from gongkai.accounts.views import staff_required
from gongkai.decisions.forms import ApproveForm, EntryForm, OpenForm, OutsideForm, WithdrawForm
from gongkai.decisions.models import Catalogue, Entry
from gongkai.lib.errors import Refused, show, show_form_errors


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
               "may_manage": may_manage, "changes": item.changes.all()}  # fmt: skip
    return render(request, "decisions/entry.html", context)
