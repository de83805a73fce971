"""政民互动 on the portal (the public surface of the interactions app): the channels and their forms with
knowledge-base answers suggested while the citizen writes, the tracking page (number and query code) with
the reply and the rating, 我的留言, the published board (选登), the knowledge base, and responses to public
concerns. Reads only the ``public()`` querysets; personal details never leave the workspace."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai import audit
from gongkai.accounts.models import Agency
from gongkai.documents.models import Document
from gongkai.interactions.forms import AskForm, LookupForm, RateForm
from gongkai.interactions.models import Answer, Channel, Incident, Message, knowledge
from gongkai.lib.clients import client_address, count_hit, over_limit
from gongkai.lib.errors import Refused, show
from gongkai.lib.params import choice_param, is_uuid
from gongkai.workdays import periods

SESSION_KEY = "interaction_messages"


def interact_home(request):
    channels = Channel.objects.filter(active=True)
    board = Message.objects.public().select_related("channel", "agency").order_by("-published_at")[:10]
    return render(request, "portal/interact.html", {"channels": channels, "board": board})


def _signed_in(request) -> bool:
    return request.user.is_authenticated and not request.user.is_agency_staff


def ask(request, code):
    """A channel's form. On a policy page (``?document=<uid>``) the message is about that policy and goes to
    its drafting department; the agency is the policy's. Elsewhere the citizen picks the agency."""
    channel = get_object_or_404(Channel, code=code, active=True)
    source = request.POST if request.method == "POST" else request.GET
    uid = str(source.get("document", "")).strip()
    document = Document.objects.public().filter(uid=uid).first() if is_uuid(uid) else None
    if uid and document is None:
        raise Http404("未找到该政策文件")
    agencies = Agency.objects.active().order_by("sort_order", "name")
    agency_code = str(source.get("agency", "")).strip()[:40]
    agency = document.agency if document else agencies.filter(code=agency_code).first()
    form = AskForm(request.POST or None, signed_in=_signed_in(request))
    q = str(request.GET.get("q", "")).strip()[:200]
    context = {"channel": channel, "document": document, "agencies": agencies, "agency": agency, "form": form,
               "suggested": knowledge.suggest(q) if q else []}  # fmt: skip
    if request.method == "POST":
        if agency is None:
            form.add_error(None, "受理机关：请选择要留言的机关")
        elif request.user.is_authenticated and request.user.is_agency_staff:
            form.add_error(None, "工作人员账号不能以公众身份留言，请退出后提交")
        elif form.is_valid():
            keys = [f"message-rate:client:{client_address(request)}"]
            if over_limit(keys, periods.COMMENTS_PER_HOUR):
                form.add_error(
                    None, f"提交过于频繁：每个网络地址每小时最多留言 {periods.COMMENTS_PER_HOUR} 条，请稍后再试"
                )
            else:
                d = form.cleaned_data
                try:
                    made, code_shown = Message.submit(
                        agency, channel, subject=d["subject"], text=d["text"], private_text=d["private_text"],
                        name=d.get("name") or "", phone=d.get("phone") or "", email=d.get("email") or "",
                        user=request.user, consent=d["consent"], document=document, kb_seen=d["kb_seen"],
                    )  # fmt: skip
                except Refused as exc:
                    show(exc, form=form)
                else:
                    count_hit(keys, seconds=3600)
                    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-19:], made.pk]
                    return render(request, "portal/interact_sent.html", {"m": made, "code": code_shown})
        return render(request, "portal/interact_ask.html", context, status=400)
    return render(request, "portal/interact_ask.html", context)


def suggest(request):
    """Knowledge-base answers for what the citizen is writing (JSON for kb-suggest.js; reads only)."""
    q = str(request.GET.get("q", "")).strip()[:200]
    found = knowledge.suggest(q) if q else []
    return JsonResponse({"q": q, "answers": [{"id": a.pk, "question": a.question, "url": a.get_absolute_url()}
                                             for a in found]})  # fmt: skip


def _session_messages(request):
    allowed = Message.objects.filter(pk__in=request.session.get(SESSION_KEY, []))
    if _signed_in(request):
        allowed = allowed | Message.objects.filter(user=request.user)
    return allowed.select_related("channel", "agency")


def status(request):
    """The citizen's page: the number and the query code together, nothing without both."""
    form = LookupForm(request.POST if request.method == "POST" and "code" in request.POST else None)
    number = str(request.GET.get("number", "")).strip()[:30]
    m = _session_messages(request).filter(number=number).first() if number else None
    if form.is_bound and form.is_valid():
        number = form.cleaned_data["number"].strip()
        keys = (f"msg-code-fail:{number}", f"msg-code-fail:client:{client_address(request)}")
        found = Message.objects.filter(number=number).first()
        if over_limit(keys, periods.QUERY_CODE_FAILURES):
            form.add_error(None, f"查询码错误次数过多：请 {periods.QUERY_CODE_LOCK_MINUTES} 分钟后再试。")
        elif found is not None and found.check_code(form.cleaned_data["code"]):
            m = found
            request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-19:], found.pk]
        else:
            count_hit(keys, seconds=periods.QUERY_CODE_LOCK_MINUTES * 60)
            form.add_error(None, "留言编号或查询码不正确。")
    context = {"form": form, "m": m, "rate_form": RateForm() if m and m.state == Message.State.REPLIED else None}
    return render(request, "portal/interact_status.html", context, status=400 if form.errors else 200)


@require_POST
def rate(request, number):
    m = _session_messages(request).filter(number=number).first()
    if m is None:
        raise Http404("请先用留言编号和查询码查询")
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            m.rate(rating=form.cleaned_data["rating"], note=form.cleaned_data["note"])
            messages.success(request, "感谢您的评价。")
        except Refused as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "满意度：请选择满意、基本满意或不满意")
    return redirect(f"/interact/status/?number={m.number}")


def mine(request):
    if not _signed_in(request):
        return redirect(f"/login/?next={request.path}")
    rows = Message.objects.filter(user=request.user).select_related("channel", "agency")
    return render(request, "portal/interact_mine.html", {"rows": rows})


def board(request):
    code = choice_param(request, "channel", list(Channel.objects.values_list("code", flat=True)), default="",
                        label="渠道")  # fmt: skip
    rows = Message.objects.public().select_related("channel", "agency", "document").order_by("-published_at")
    if code:
        rows = rows.filter(channel__code=code)
    context = {"rows": rows[:100], "code": code, "channels": Channel.objects.filter(active=True)}
    return render(request, "portal/interact_board.html", context)


def board_item(request, pk):
    m = Message.objects.public().select_related("channel", "agency", "document").filter(pk=pk).first()
    if m is None:
        raise Http404("未找到该留言")
    return render(request, "portal/interact_item.html", {"m": m})


def kb(request):
    q = str(request.GET.get("q", "")).strip()[:200]
    rows = knowledge.suggest(q, limit=20) if q else list(Answer.objects.public().select_related("document")[:50])
    return render(request, "portal/kb.html", {"rows": rows, "q": q})


def kb_answer(request, pk):
    entry = Answer.objects.public().select_related("document", "agency").filter(pk=pk).first()
    if entry is None:
        raise Http404("未找到该问答（可能已随政策失效）")
    if request.method == "POST":
        entry.record_help()
        audit.record("公众", "interaction.kb_helped", entry, {})
        messages.success(request, "感谢反馈。")
        return redirect(request.path)
    return render(request, "portal/kb_answer.html", {"entry": entry})


def responses(request):
    rows = Incident.objects.public().select_related("agency").prefetch_related("responses")
    return render(request, "portal/responses.html", {"rows": rows[:50]})
