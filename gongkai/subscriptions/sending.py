"""Sending what matching queued: deliveries to the inbox, by e-mail (immediately or in a daily digest),
retried with back-off; relays to partners' webhooks, HMAC-signed with a timestamp and a nonce, retried with
back-off; the partners' signed reports of onward reach (replays refused); opens and clicks noted in a
per-machine log (pages write no rows on GET) and tallied by the worker."""

from __future__ import annotations

import datetime
import hmac
import json
import os
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.documents.models import Document
from gongkai.subscriptions.models import Channel, Delivery, Frequency, Partner, PushError, Relay, SeenNonce

# Back-off after each failed attempt, in seconds (本平台设定); then the delivery or relay is marked failed.
BACKOFF = (60, 300, 1800, 7200, 43200)
WEBHOOK_TIMEOUT = 5
REPORT_WINDOW = 300  # a partner's report must be signed within 5 minutes of now
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"


def site(path: str) -> str:
    return f"{settings.GONGKAI_SITE_URL.rstrip('/')}{path}"


def unsubscribe_token(delivery: Delivery) -> str:
    """A link that works without signing in: stops the subscription that matched, or (a profile match)
    withdraws the consent to pushes."""
    value = {"s": delivery.subscription_id} if delivery.subscription_id else {"u": delivery.user_id}
    return signing.dumps(value, salt=UNSUBSCRIBE_SALT)


def _body(deliveries: list[Delivery]) -> str:
    lines = []
    for d in deliveries:
        lines += [f"《{d.document.title}》（{d.reason}）", site(reverse("portal:push_item", args=[d.pk]))]
    first = deliveries[0]
    lines += ["", f"退订：{site(reverse('portal:push_unsubscribe', args=[unsubscribe_token(first)]))}"]
    return "\n".join(lines)


def _failed(d: Delivery, now: datetime.datetime) -> None:
    d.attempts += 1
    if d.attempts > len(BACKOFF):
        d.state = Delivery.State.FAILED
    else:
        d.next_try = now + datetime.timedelta(seconds=BACKOFF[d.attempts - 1])
    d.save(update_fields=["attempts", "state", "next_try"])


def send_due(now: datetime.datetime | None = None) -> int:
    """Immediate deliveries whose time has come: the inbox and feeds need nothing more than the state;
    e-mail is sent, and retried with back-off when the mail server refuses."""
    now = now or timezone.now()
    due = (
        Delivery.objects.filter(state=Delivery.State.QUEUED, frequency=Frequency.IMMEDIATE)
        .exclude(next_try__gt=now)
        .filter(user__push_profile__consent=True)
        .select_related("document", "user")
    )
    sent = 0
    for d in due.iterator(chunk_size=1000):
        if d.channel == Channel.EMAIL and d.user.email:
            try:
                send_mail(f"【政策推送】{d.document.title[:40]}", _body([d]), None, [d.user.email])
            except OSError:
                _failed(d, now)
                continue
        Delivery.objects.filter(pk=d.pk, state=Delivery.State.QUEUED).update(state=Delivery.State.SENT, sent_at=now)
        sent += 1
    return sent


def send_digests(now: datetime.datetime | None = None) -> int:
    """The daily digest: each person's daily deliveries queued before today, in one message (one e-mail,
    or the inbox) — run hourly by the worker, so the digest goes out once, early each day."""
    now = now or timezone.now()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    waiting: dict[int, list[Delivery]] = defaultdict(list)
    due = (
        Delivery.objects.filter(state=Delivery.State.QUEUED, frequency=Frequency.DAILY, created_at__lt=today)
        .exclude(next_try__gt=now)
        .filter(user__push_profile__consent=True)
        .select_related("document", "user")
        .order_by("user_id", "id")
    )
    for d in due:
        waiting[d.user_id].append(d)
    people = 0
    for items in waiting.values():
        user = items[0].user
        if any(d.channel == Channel.EMAIL for d in items) and user.email:
            try:
                send_mail(f"【政策推送】今日 {len(items)} 件政策", _body(items), None, [user.email])
            except OSError:
                for d in items:
                    _failed(d, now)
                continue
        Delivery.objects.filter(pk__in=[d.pk for d in items]).update(state=Delivery.State.SENT, sent_at=now)
        people += 1
    return people


# -- partners ---------------------------------------------------------------------------------------
def relay_payload(relay: Relay) -> bytes:
    doc = relay.document
    interpretations = Document.objects.public().filter(interprets=doc).values_list("title", "uid")
    data = {
        "delivery": relay.nonce,
        "document": {
            "title": doc.title,
            "doc_number": doc.doc_number,
            "summary": doc.summary,
            "url": site(f"/documents/{doc.uid}/"),
            "agency": doc.agency.name,
            "published_at": doc.published_at.isoformat() if doc.published_at else None,
            "interpretations": [{"title": t, "url": site(f"/documents/{u}/")} for t, u in interpretations],
        },
    }
    return json.dumps(data, ensure_ascii=False).encode()


def post_webhook(partner: Partner, relay: Relay, now: float | None = None) -> tuple[bool, str]:
    body = relay_payload(relay)
    timestamp = str(int(now if now is not None else time.time()))
    request = urllib.request.Request(
        partner.webhook_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "X-Gongkai-Timestamp": timestamp,
            "X-Gongkai-Nonce": relay.nonce,
            "X-Gongkai-Signature": partner.sign(timestamp, relay.nonce, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
            return 200 <= response.status < 300, f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return False, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        return False, f"无法连接：{str(getattr(exc, 'reason', exc))[:60]}"


def relay_due(now: datetime.datetime | None = None) -> int:
    """Relays whose time has come: POSTed to the partner's webhook (a feed-only partner reads its feed)."""
    now = now or timezone.now()
    done = 0
    due = (
        Relay.objects.filter(state=Relay.State.QUEUED)
        .exclude(next_try__gt=now)
        .select_related("partner", "document__agency")
    )
    for relay in due:
        partner = relay.partner
        if not partner.webhook_url:
            Relay.objects.filter(pk=relay.pk).update(state=Relay.State.SENT, sent_at=now, last_status="订阅源")
            done += 1
            continue
        ok, status = post_webhook(partner, relay)
        relay.last_status = status
        if ok:
            relay.state, relay.sent_at = Relay.State.SENT, now
            done += 1
        else:
            relay.attempts += 1
            if relay.attempts > len(BACKOFF):
                relay.state = Relay.State.FAILED
            else:
                relay.next_try = now + datetime.timedelta(seconds=BACKOFF[relay.attempts - 1])
        relay.save(update_fields=["state", "sent_at", "attempts", "next_try", "last_status"])
    return done


def accept_report(
    *, slug: str, timestamp: str, nonce: str, signature: str, body: bytes, now: float | None = None
) -> Relay:
    """A partner's signed report of how many members a relayed policy reached. Refused when unsigned, out
    of the 5-minute window, or replayed (the nonce seen before)."""
    partner = Partner.objects.filter(slug=slug, active=True).first()
    if partner is None:
        raise PushError("接力单位：无法识别")
    try:
        sent = int(timestamp)
    except ValueError:
        raise PushError("X-Gongkai-Timestamp：须为 Unix 时间（秒）") from None
    if abs((now if now is not None else time.time()) - sent) > REPORT_WINDOW:
        raise PushError(f"X-Gongkai-Timestamp：与当前时间相差超过 {REPORT_WINDOW // 60} 分钟")
    if not signature or not hmac_equal(partner.sign(timestamp, nonce, body), signature):
        raise PushError("X-Gongkai-Signature：签名不正确")
    try:
        data = json.loads(body)
        reach = int(data["reach"])
        delivery = str(data["delivery"])
    except (ValueError, KeyError, TypeError):
        raise PushError("报告内容：须为 JSON，含 delivery（推送编号）和 reach（触达人数）") from None
    if not 0 <= reach <= 10_000_000:
        raise PushError("reach：须为 0—10000000 的整数")
    relay = Relay.objects.filter(partner=partner, nonce=delivery).first()
    if relay is None:
        raise PushError("delivery：不是推送给本单位的编号")
    try:
        with transaction.atomic():
            SeenNonce.objects.create(partner=partner, nonce=nonce[:64])
            relay.reach, relay.reported_at = reach, timezone.now()
            relay.save(update_fields=["reach", "reported_at"])
    except IntegrityError:
        raise PushError("X-Gongkai-Nonce：该报告已经收到过（重放）") from None
    return relay


def hmac_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


# -- opens and clicks ------------------------------------------------------------------------------
def log_file() -> Path:
    return Path(settings.DATA_DIR) / "push-events.log"


def note(kind: str, delivery_id: int) -> None:
    """An open or a click, appended to this machine's log (a page's GET writes no row)."""
    line = json.dumps({"k": kind, "d": delivery_id, "t": timezone.now().isoformat()}) + "\n"
    fd = os.open(log_file(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


def tally() -> int:
    """The worker's job: opens and clicks from the log onto their deliveries (the first time counts)."""
    source = log_file()
    taken = source.with_suffix(".tallying")
    if source.exists() and not taken.exists():
        source.rename(taken)
    if not taken.exists():
        return 0
    opened: dict[int, str] = {}
    clicked: dict[int, str] = {}
    for line in taken.read_text(encoding="utf-8").splitlines():
        try:
            item = json.loads(line)
            target = opened if item["k"] == "open" else clicked
            target.setdefault(int(item["d"]), item["t"])
        except (ValueError, KeyError, TypeError):
            continue
    for field, seen in (("opened_at", opened), ("clicked_at", clicked)):
        for pk, at in seen.items():
            Delivery.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(
                **{field: datetime.datetime.fromisoformat(at)}
            )
    # a click is also an open
    for pk, at in clicked.items():
        Delivery.objects.filter(pk=pk, opened_at__isnull=True).update(opened_at=datetime.datetime.fromisoformat(at))
    taken.unlink()
    return len(opened) + len(clicked)
