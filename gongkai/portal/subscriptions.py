"""精准推送 on the portal: a public user's profile (画像) and consent, subscriptions, the inbox (each policy
with its interpretations and service items), unsubscribing without signing in, private feeds, partner
pages and feeds. Profiles are personal data: only their owner sees them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.feedgenerator import Atom1Feed

from gongkai.accounts.models import PublicKind
from gongkai.documents.models import Document
from gongkai.lib.errors import Refused, show
from gongkai.subscriptions import sending
from gongkai.subscriptions.forms import ProfileForm, SubscriptionForm
from gongkai.subscriptions.models import Delivery, Partner, Profile, Relay, Subscription


def _public_user(request):
    user = request.user
    return user if user.is_authenticated and not user.is_agency_staff else None


def profile(request):
    user = _public_user(request)
    if user is None:
        return redirect(f"/login/?next={request.path}")
    current = Profile.objects.filter(user=user).first()
    enterprise = user.public_kind == PublicKind.ORGANISATION
    initial = {}
    if current is not None:
        initial = {"tags": list(current.tags.exclude(group__code="audience")), "district": current.district,
                   "industry": current.industry, "division": current.division, "size": current.size,
                   "channel": current.channel, "frequency": current.frequency, "consent": current.consent}  # fmt: skip
    form = ProfileForm(request.POST or None, initial=initial, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            Profile.describe(user, tags=d["tags"], district=d["district"], industry=d.get("industry") or "",
                             division=d.get("division") or "", size=d.get("size") or "", channel=d["channel"],
                             frequency=d["frequency"], consent=d["consent"])  # fmt: skip
        except Refused as exc:
            show(exc, form=form)
        else:
            messages.success(
                request, "画像已保存。" if d["consent"] else "画像已保存；您未同意接收推送，不会收到推送。"
            )
            return redirect("portal:push_profile")
    return render(request, "portal/push_profile.html", {"form": form, "profile": current},
                  status=400 if form.errors else 200)  # fmt: skip


def subscriptions(request):
    user = _public_user(request)
    if user is None:
        return redirect(f"/login/?next={request.path}")
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and request.POST.get("cancel"):
        pk = str(request.POST["cancel"])
        if not pk.isdigit():
            raise Http404("未找到该订阅")
        get_object_or_404(Subscription, pk=int(pk), user=user, active=True).cancel(by=user)
        messages.success(request, "已退订。")
        return redirect("portal:push_subscriptions")
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            Subscription.add(user, kind=d["kind"], tag=d["tag"], agency=d["agency"], subject=d["subject"],
                             query=d["query"], channel=d["channel"], frequency=d["frequency"])  # fmt: skip
        except Refused as exc:
            show(exc, form=form)
        else:
            messages.success(request, "已订阅。")
            return redirect("portal:push_subscriptions")
    rows = Subscription.objects.filter(user=user, active=True).select_related("tag", "agency", "subject")
    return render(request, "portal/push_subscriptions.html", {"form": form, "rows": rows},
                  status=400 if form.errors else 200)  # fmt: skip


def inbox(request):
    user = _public_user(request)
    if user is None:
        return redirect(f"/login/?next={request.path}")
    rows = Delivery.objects.filter(user=user, state=Delivery.State.SENT).select_related("document", "document__agency")
    return render(request, "portal/push_inbox.html", {"rows": rows[:100]})


def item(request, pk):
    """One pushed policy with its interpretations and service items; opening it is noted (a log line)."""
    user = _public_user(request)
    if user is None:
        return redirect(f"/login/?next={request.path}")
    delivery = (
        Delivery.objects.filter(user=user, pk=pk)
        .exclude(state=Delivery.State.CANCELLED)
        .select_related("document")
        .first()
    )
    if delivery is None or not Document.objects.public().filter(pk=delivery.document_id).exists():
        raise Http404("未找到该推送（政策可能已撤回）")
    sending.note("open", delivery.pk)
    doc = delivery.document
    context = {"d": delivery, "doc": doc, "interpretations": Document.objects.public().filter(interprets=doc),
               "services": doc.service_links.all()}  # fmt: skip
    return render(request, "portal/push_item.html", context)


def go(request, pk):
    """The link to the whole policy from a pushed item: the click is noted, then on to the policy."""
    user = _public_user(request)
    delivery = Delivery.objects.filter(user=user, pk=pk).select_related("document").first() if user else None
    if delivery is None:
        raise Http404("未找到该推送")
    sending.note("click", delivery.pk)
    return redirect("portal:document", uid=delivery.document.uid)


def unsubscribe(request, token):
    """From an e-mail, without signing in: a button (nothing changes on GET); pressing it stops the
    subscription, or withdraws the consent to pushes."""
    try:
        value = signing.loads(token, salt=sending.UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return render(request, "portal/push_unsubscribe.html", {"error": "退订链接无效"}, status=400)
    sub = Subscription.objects.filter(pk=value.get("s"), active=True).first() if value.get("s") else None
    prof = Profile.objects.filter(user_id=value.get("u")).first() if value.get("u") else None
    what = sub.label if sub else "全部政策推送" if prof else ""
    if request.method != "POST":
        return render(request, "portal/push_unsubscribe.html", {"what": what, "token": token})
    if sub is not None:
        sub.cancel(by="退订链接")
    elif prof is not None and prof.consent:
        Profile.describe(prof.user, tags=prof.tags.exclude(group__code="audience"), district=prof.district,
                         street=prof.street, industry=prof.industry, division=prof.division, size=prof.size,
                         channel=prof.channel, frequency=prof.frequency, consent=False)  # fmt: skip
    return render(request, "portal/push_unsubscribe.html", {"done": True, "what": what})


def partner_page(request, slug):
    partner = get_object_or_404(Partner.objects.public(), slug=slug)
    relays = Relay.objects.filter(partner=partner, state=Relay.State.SENT, document__in=Document.objects.public())
    return render(
        request, "portal/push_partner.html", {"partner": partner, "relays": relays.select_related("document")[:100]}
    )


class SubscriptionFeed(Feed):
    """A subscription's private feed (its token is the key): the policies it delivered."""

    feed_type = Atom1Feed
    title = "政策推送"

    def get_object(self, request, token):
        return get_object_or_404(Subscription, feed_token=token, active=True)

    def link(self, obj):
        return "/push/inbox/"

    def items(self, obj):
        return (Delivery.objects.filter(subscription=obj, document__in=Document.objects.public())
                .exclude(state=Delivery.State.CANCELLED).select_related("document")[:50])  # fmt: skip

    def item_title(self, item):
        return item.document.title

    def item_description(self, item):
        return f"{item.reason}。{item.document.summary}"

    def item_link(self, item):
        return f"/documents/{item.document.uid}/"

    def item_pubdate(self, item):
        return item.created_at


class PartnerFeed(Feed):
    """A partner's feed (its token is the key): what was relayed to it, for a partner without a webhook."""

    feed_type = Atom1Feed
    title = "政策接力"

    def get_object(self, request, token):
        return get_object_or_404(Partner.objects.public(), feed_token=token)

    def link(self, obj):
        return f"/push/partners/{obj.slug}/"

    def items(self, obj):
        return Relay.objects.filter(partner=obj, document__in=Document.objects.public()).select_related("document")[:50]

    def item_title(self, item):
        return item.document.title

    def item_description(self, item):
        return item.document.summary

    def item_link(self, item):
        return f"/documents/{item.document.uid}/"

    def item_guid(self, item):
        return item.nonce

    def item_pubdate(self, item):
        return item.created_at
