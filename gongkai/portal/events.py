"""政府开放活动 and the 政务公开专区 on the portal: topic votes, events and registration (phone-first), a
registration's page with its code and QR code (cancel, questionnaire), and the list of 专区 with their
reading-room catalogues."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.documents.models import Document
from gongkai.events import qr
from gongkai.events.forms import RegisterForm
from gongkai.events.models import Event, Poll, Registration, Zone
from gongkai.lib.errors import Refused, show

SESSION_KEY = "event_registrations"


def events(request):
    rows = Event.objects.public().select_related("agency").annotate(n=Count("registrations"))
    polls = Poll.objects.public().prefetch_related("topics")
    return render(request, "portal/events.html", {"rows": rows[:50], "polls": polls[:5]})


def poll(request, pk):
    item = get_object_or_404(Poll.objects.public(), pk=pk)
    if request.method == "POST":
        raw = str(request.POST.get("topic", ""))
        topic = item.topics.filter(pk=int(raw)).first() if raw.isdigit() else None
        if topic is None:
            messages.error(request, "主题：请选择一个主题")
        else:
            try:
                item.vote(topic, user=request.user)
                messages.success(request, "已投票。")
            except Refused as exc:
                messages.error(request, str(exc))
        return redirect(request.path)
    topics = item.topics.annotate(n=Count("votes")).order_by("-n", "id")
    return render(request, "portal/event_poll.html", {"poll": item, "topics": topics})


def event(request, pk):
    item = get_object_or_404(Event.objects.public().select_related("agency"), pk=pk)
    signed_in = request.user.is_authenticated and not request.user.is_agency_staff
    initial = (
        {"name": request.user.display_name, "phone": request.user.phone, "email": request.user.email}
        if signed_in
        else {}
    )
    form = RegisterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            made = item.register(name=d["name"], phone=d["phone"], email=d["email"], user=request.user)
        except Refused as exc:
            show(exc, form=form)
        else:
            request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-19:], made.code]
            return redirect("portal:event_registration", code=made.code)
    return render(request, "portal/event.html", {"item": item, "form": form}, status=400 if form.errors else 200)


def _registration(request, code) -> Registration:
    """A registration is shown to the person who made it (this browser's session, or their account)."""
    reg = Registration.objects.select_related("event").filter(code=str(code).upper()).first()
    own = reg is not None and (
        reg.code in request.session.get(SESSION_KEY, [])
        or (request.user.is_authenticated and reg.user_id == request.user.pk)
    )
    if reg is None or not own:
        raise Http404("未找到该报名")
    return reg


def registration(request, code):
    reg = _registration(request, code)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                reg.cancel()
                messages.success(request, "已取消报名。")
            elif action == "survey" and hasattr(reg.event, "survey"):
                answers = {}
                for q in reg.event.survey.questions.all():
                    key = f"q{q.pk}"
                    answers[q.pk] = request.POST.getlist(key) if q.kind == "multiple" else request.POST.get(key, "")
                reg.event.survey.answer(reg, answers)
                messages.success(request, "感谢您填写问卷。")
            else:
                raise Http404("未找到")
        except Refused as exc:
            messages.error(request, str(exc))
        return redirect(request.path)
    survey = getattr(reg.event, "survey", None)
    can_answer = survey is not None and survey.open and reg.state == "attended" and not hasattr(reg, "response")
    context = {
        "reg": reg,
        "qr": qr.svg(reg.code) if reg.state in ("confirmed", "attended") else "",
        "survey": survey if can_answer else None,
    }
    return render(request, "portal/event_registration.html", context)


def zones(request):
    rows = Zone.objects.public().select_related("agency").prefetch_related("reading__document")
    public = set(Document.objects.public().values_list("pk", flat=True)[:100000])
    for z in rows:
        z.shown = [r for r in z.reading.all() if r.document_id in public]
    return render(request, "portal/zones.html", {"rows": rows})
