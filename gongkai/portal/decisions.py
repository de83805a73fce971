"""重大行政决策 on the portal (the public surface of the decisions app): each body's published yearly
catalogues and their change history, each decision's full process, public comment on drafts (the draft
article by article, the comment form, the comments the body chose to publish, masked), the adoption
report, and calls for public representatives. Reads only the ``public()`` querysets."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gongkai.accounts.models import Agency
from gongkai.decisions import report
from gongkai.decisions.forms import ApplyForm, CommentForm
from gongkai.decisions.models import Catalogue, Comment, Consultation, Entry, EntryChange, Meeting
from gongkai.decisions.models.attendance import CATEGORIES
from gongkai.decisions.timeline import timeline
from gongkai.lib.clients import client_address, count_hit, over_limit
from gongkai.lib.errors import Refused, show
from gongkai.lib.files import DOCX_TYPE, attachment
from gongkai.workdays import periods


def catalogue_page(request, code, year):
    agency = get_object_or_404(Agency.objects.active(), code=code)
    catalogue = Catalogue.objects.public().filter(agency=agency, year=year).first()
    if catalogue is None:
        raise Http404("该年度的重大行政决策事项目录尚未公布")
    entries = list(catalogue.entries.all())
    changes = EntryChange.objects.filter(entry__catalogue=catalogue).select_related("entry")
    years = Catalogue.objects.public().filter(agency=agency).values_list("year", flat=True)
    context = {
        "agency": agency,
        "catalogue": catalogue,
        "entries": [e for e in entries if not e.outside],
        "outside": [e for e in entries if e.outside],
        "changes": changes,
        "years": list(years),
    }
    return render(request, "portal/decisions.html", context)


def entry_page(request, pk):
    """One decision's whole process (集成公开): every stage, its dates and documents, the consultations and
    the adoption reports."""
    entry = Entry.objects.public().select_related("catalogue__agency").filter(pk=pk).first()
    if entry is None:
        raise Http404("未找到该决策事项")
    consultations = list(Consultation.objects.public().filter(entry=entry))
    reports = [(c, report.rows(c)) for c in consultations if c.state == Consultation.State.REPORTED]
    context = {"entry": entry, "catalogue": entry.catalogue, "timeline": timeline(entry, public=True),
               "consultations": consultations, "reports": reports}  # fmt: skip
    return render(request, "portal/decision_entry.html", context)


def closing_soon(today: datetime.date | None = None, limit: int = 5):
    """Open consultations ending within CONSULTATION_CLOSING_SOON_DAYS days, soonest first (the home page)."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=periods.CONSULTATION_CLOSING_SOON_DAYS)
    found = Consultation.objects.open_on(today).filter(ends_on__lte=horizon).select_related("agency")
    return list(found.order_by("ends_on", "id")[:limit])


def consultations(request):
    today = timezone.localdate()
    shown = Consultation.objects.public().select_related("agency", "entry")
    context = {
        "open": list(shown.open_on(today).order_by("ends_on")),
        "other": list(shown.exclude(pk__in=shown.open_on(today)).order_by("-ends_on")[:50]),
    }
    return render(request, "portal/consultations.html", context)


def _rate_keys(request, email: str) -> list[str]:
    who = f"user:{request.user.pk}" if request.user.is_authenticated else f"email:{email.strip().lower()[:100]}"
    return [f"comment-rate:{who}", f"comment-rate:client:{client_address(request)}"]


def consultation_page(request, pk):
    c = Consultation.objects.public().select_related("agency", "entry__catalogue").filter(pk=pk).first()
    if c is None:
        raise Http404("未找到该征求意见")
    articles = list(c.articles.all())
    signed_in = request.user.is_authenticated and not request.user.is_agency_staff
    chosen = request.GET.get("article", "")
    initial = {"article": int(chosen)} if chosen.isdigit() and int(chosen) <= len(articles) else {}
    form = CommentForm(request.POST or None, articles=articles, signed_in=signed_in, initial=initial)
    if request.method == "POST":
        if request.user.is_authenticated and request.user.is_agency_staff:
            form.add_error(None, "工作人员账号不能提交公众意见，请退出后提交")
        elif form.is_valid():
            d = form.cleaned_data
            keys = _rate_keys(request, d.get("email") or "")
            if over_limit(keys, periods.COMMENTS_PER_HOUR):
                form.add_error(
                    None,
                    f"提交过于频繁：每人、每个网络地址每小时最多提交 {periods.COMMENTS_PER_HOUR} 条意见，请稍后再试",
                )
            else:
                article = next((a for a in articles if a.seq == d["article"]), None)
                try:
                    made = c.comment(text=d["text"], article=article, user=request.user if signed_in else None,
                                     email=d.get("email") or "", name=d.get("name") or "",
                                     client=client_address(request))  # fmt: skip
                except Refused as exc:
                    show(exc, form=form)
                else:
                    count_hit(keys, seconds=3600)
                    if made.state == Comment.State.UNVERIFIED:
                        messages.success(request, f"意见已收到。请打开发送到 {made.email} 的确认邮件，确认后进入审核。")
                    else:
                        messages.success(request, "意见已提交，审核后由起草机关决定是否公开；采纳情况将在决策后公布。")
                    return redirect("portal:consultation", pk=c.pk)
    published = list(c.comments.filter(state=Comment.State.PUBLISHED).select_related("article", "group")
                     .order_by("article__seq", "created_at"))  # fmt: skip
    counts: dict[int, int] = {}
    for x in published:
        counts[x.group_id] = counts.get(x.group_id, 0) + 1
    shown, seen = [], set()
    for x in published:  # identical comments shown once, with their count
        if x.group_id not in seen:
            seen.add(x.group_id)
            shown.append((x, counts[x.group_id]))
    context = {
        "c": c, "articles": articles, "form": form, "comments": shown, "open": c.is_open(),
        "signed_in": signed_in, "entry_public": c.entry.catalogue.state == Catalogue.State.PUBLISHED,
        "hearings": c.hearings.all(), "rows": report.rows(c) if c.state == Consultation.State.REPORTED else [],
        "total": c.comments.filter(state__in=Comment.COUNTED).count(),
    }  # fmt: skip
    return render(request, "portal/consultation.html", context, status=400 if form.errors else 200)


def comment_verify(request, token):
    """The link from the confirmation e-mail: a button (nothing changes on GET); pressing it confirms."""
    if request.method != "POST":
        return render(request, "portal/comment_verify.html", {"token": token})
    try:
        comment = Comment.verify(token)
    except Refused as exc:
        return render(request, "portal/comment_verify.html", {"token": token, "error": str(exc)}, status=400)
    return render(request, "portal/comment_verify.html", {"comment": comment})


def report_docx(request, pk):
    c = Consultation.objects.public().filter(pk=pk, state=Consultation.State.REPORTED).first()
    if c is None:
        raise Http404("意见采纳情况尚未公布")
    return attachment(report.docx(c), DOCX_TYPE,
                      f"{c.title}意见采纳情况.docx")  # fmt: skip


def meeting_page(request, pk):
    m = Meeting.objects.public().select_related("agency").filter(pk=pk).first()
    if m is None:
        raise Http404("未找到该会议")
    categories = [(c, CATEGORIES[c]) for c in m.seats if c in CATEGORIES]
    form = ApplyForm(request.POST or None, categories=categories)
    if request.method == "POST":
        keys = [f"meeting-apply:client:{client_address(request)}"]
        if over_limit(keys, periods.COMMENTS_PER_HOUR):
            form.add_error(None, f"提交过于频繁：每个网络地址每小时最多报名 {periods.COMMENTS_PER_HOUR} 次")
        elif form.is_valid():
            d = form.cleaned_data
            try:
                m.apply(name=d["name"], category=d["category"], contact=d["contact"], intro=d["intro"])
            except Refused as exc:
                show(exc, form=form)
            else:
                count_hit(keys, seconds=3600)
                messages.success(request, "报名已收到。入选的，我们将按您留下的联系方式发出邀请。")
                return redirect("portal:meeting", pk=m.pk)
    attended = m.representatives.filter(state="attended")
    return render(request, "portal/meeting.html", {"m": m, "form": form, "attended": attended,
                                                    "accepting": m.accepting()},
                  status=400 if form.errors else 200)  # fmt: skip
