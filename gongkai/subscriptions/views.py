"""精准推送 in the workspace: campaigns (prepare, preview the audience, send, see delivery, opens and
clicks; the year's count against the plan's target) and relay partners with their delivery log."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.accounts.permissions import has, require
from gongkai.accounts.views import staff_required
from gongkai.documents.models import Document
from gongkai.lib.errors import Refused, show
from gongkai.subscriptions.forms import CampaignForm, PartnerForm
from gongkai.subscriptions.metrics import campaigns as campaign_count
from gongkai.subscriptions.models import Campaign, Partner, Profile
from gongkai.workplans.models import Indicator


def _documents(user, text: str):
    linkable = Document.objects.linkable(user)
    found: list[Document] = []
    missing: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            doc = linkable.by_reference(line)
            if doc is None:
                missing.append(line)
            else:
                found.append(doc)
    return found, missing


@staff_required
def overview(request):
    agency = request.user.agency
    require(request.user, "push.manage", agency)
    form = CampaignForm(request.POST or None)
    audience = None
    if request.method == "POST" and form.is_valid():
        require(request.user, "push.manage", agency)
        d = form.cleaned_data
        docs, missing = _documents(request.user, d["documents"])
        if missing:
            form.add_error("documents", f"政策：公文库中找不到“{missing[0]}”（请填写发文字号或完整标题）")
        else:
            try:
                campaign = Campaign.prepare(
                    agency,
                    by=request.user,
                    title=d["title"],
                    documents=docs,
                    tags=d["tags"],
                    district=d["district"],
                    kind=d["kind"],
                )
            except Refused as exc:
                show(exc, form=form)
            else:
                return redirect("subscriptions:campaign", pk=campaign.pk)
    year = timezone.localdate().year
    count, _, how = campaign_count(agency, year)
    target = Indicator.target_of(agency, year, "push_campaigns")
    context = {
        "form": form,
        "audience": audience,
        "how": how,
        "count": count,
        "target": target,
        "campaigns": Campaign.objects.for_user(request.user).select_related("agency")[:50],
        "partners": Partner.objects.for_user(request.user)[:50],
        "profiles": Profile.objects.filter(consent=True).count(),
    }
    return render(request, "subscriptions/overview.html", context, status=400 if form.errors else 200)


@staff_required
def campaign(request, pk):
    item = Campaign.objects.for_user(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404("未找到该推送活动")
    if request.method == "POST":
        require(request.user, "push.manage", item)
        try:
            n = item.send(by=request.user)
            messages.success(request, f"已发送给 {n} 人。")
        except Refused as exc:
            show(exc, request=request)
        return redirect(request.path)
    context = {
        "item": item,
        "size": len(item.segment()) if item.state == Campaign.State.DRAFT else item.audience,
        "stats": item.stats(),
        "may_send": has(request.user, "push.manage", item),
    }
    return render(request, "subscriptions/campaign.html", context)


@staff_required
def partners(request):
    require(request.user, "push.manage", request.user.agency)
    form = PartnerForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "push.manage", request.user.agency)
        if form.is_valid():
            d = form.cleaned_data
            try:
                partner, secret = Partner.register(
                    request.user.agency,
                    by=request.user,
                    name=d["name"],
                    slug=d["slug"],
                    kind=d["kind"],
                    tags=d["tags"],
                    webhook_url=d["webhook_url"],
                    members=d["members"],
                )
            except Refused as exc:
                show(exc, form=form)
            else:
                messages.success(request, f"已登记。签名密钥（只显示这一次，请交给对方）：{secret}")
                return redirect("subscriptions:partner", pk=partner.pk)
    rows = Partner.objects.for_user(request.user)
    return render(
        request, "subscriptions/partners.html", {"rows": rows, "form": form}, status=400 if form.errors else 200
    )


@staff_required
def partner(request, pk):
    item = Partner.objects.for_user(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404("未找到该接力单位")
    relays = item.relays.select_related("document")[:200]
    return render(request, "subscriptions/partner.html", {"item": item, "relays": relays})
