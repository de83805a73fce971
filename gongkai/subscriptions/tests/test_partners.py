"""Relay partners: a real webhook receiver on this machine checks the HMAC signature; failures are
retried with back-off; a partner's signed report of onward reach is accepted once (a replay is refused,
so is a stale or unsigned one); the partner page shows what was relayed."""

import hashlib
import hmac
import http.server
import json
import re
import threading
import time

import pytest
from django.utils import timezone

from gongkai.accounts.models import PublicKind, User, UserKind
from gongkai.documents.models import Tag
from gongkai.subscriptions import matching, sending
from gongkai.subscriptions.models import Campaign, Partner, Profile, Relay
from gongkai.workplans import indicators


class Receiver(http.server.BaseHTTPRequestHandler):
    secret = ""
    answer = 200
    seen: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        ts, nonce = self.headers["X-Gongkai-Timestamp"], self.headers["X-Gongkai-Nonce"]
        expected = hmac.new(self.secret.encode(), f"{ts}.{nonce}.".encode() + body, hashlib.sha256).hexdigest()
        Receiver.seen.append((hmac.compare_digest(expected, self.headers["X-Gongkai-Signature"]), json.loads(body)))
        self.send_response(Receiver.answer)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Receiver.seen, Receiver.answer = [], 200
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()


@pytest.fixture
def relayed(tree, approved, officer_a, receiver):
    partner, secret = Partner.register(
        tree["a"],
        by=officer_a,
        name="浦东新区人力资源服务行业协会",
        slug="hr-assoc",
        kind="association",
        tags=Tag.objects.filter(name="就业创业"),
        webhook_url=receiver,
        members=1200,
    )
    Receiver.secret = secret
    doc = approved(title="就业创业补贴办法")
    doc.tags.set(Tag.objects.filter(name__in=["个人", "就业创业"]))
    doc.publish(by=officer_a)
    other = approved(title="人民防空宣传教育通知")
    other.tags.set(Tag.objects.filter(name="人民防空"))
    other.publish(by=officer_a)
    matching.match_pending()
    return partner, secret, doc


def test_a_partner_gets_the_policies_it_follows_signed(relayed):
    partner, secret, doc = relayed
    assert list(Relay.objects.values_list("document__title", flat=True)) == ["就业创业补贴办法"]
    assert sending.relay_due() == 1
    ((valid, payload),) = Receiver.seen
    assert valid and payload["document"]["title"] == "就业创业补贴办法"
    assert Relay.objects.get().state == Relay.State.SENT and Relay.objects.get().last_status == "HTTP 200"


def test_a_refused_webhook_is_retried_with_back_off(relayed):
    Receiver.answer = 503
    now = timezone.now()
    assert sending.relay_due(now) == 0
    relay = Relay.objects.get()
    assert relay.attempts == 1 and relay.last_status == "HTTP 503"
    assert relay.next_try == now + timezone.timedelta(seconds=sending.BACKOFF[0])
    assert sending.relay_due(now) == 0 and len(Receiver.seen) == 1  # not before its time
    Receiver.answer = 200
    assert sending.relay_due(relay.next_try) == 1


def _report(client, partner, secret, body, *, ts=None, nonce="r-1", sign=True):
    ts = str(int(ts if ts is not None else time.time()))
    data = json.dumps(body).encode()
    signature = hmac.new(secret.encode(), f"{ts}.{nonce}.".encode() + data, hashlib.sha256).hexdigest() if sign else "0"
    return client.post(
        "/api/v1/relay-reports",
        data,
        content_type="application/json",
        HTTP_X_GONGKAI_PARTNER=partner.slug,
        HTTP_X_GONGKAI_TIMESTAMP=ts,
        HTTP_X_GONGKAI_NONCE=nonce,
        HTTP_X_GONGKAI_SIGNATURE=signature,
    )


def test_signed_reports_of_reach_are_taken_once(relayed, client):
    partner, secret, doc = relayed
    sending.relay_due()
    relay = Relay.objects.get()
    body = {"delivery": relay.nonce, "reach": 860}
    assert _report(client, partner, secret, body, sign=False).status_code == 401
    assert _report(client, partner, secret, body, ts=time.time() - 3600).status_code == 401
    ok = _report(client, partner, secret, body)
    assert ok.status_code == 200 and ok.json()["reach"] == 860
    replay = _report(client, partner, secret, body)
    assert replay.status_code == 409 and "重放" in replay.json()["error"]
    assert _report(client, partner, secret, {"delivery": "nope", "reach": 1}, nonce="r-2").status_code == 422
    page = client.get("/push/partners/hr-assoc/").content.decode()
    assert "就业创业补贴办法" in page and "触达 860 人" in page and "人民防空" not in page


def test_the_workspace_registers_a_partner_and_sends_a_campaign(tree, officer_a, drafter, approved, as_user):
    doc = approved(title="高校毕业生就业补贴", doc_number="测甲发〔2026〕9号")
    doc.publish(by=officer_a)
    grad = User.objects.create_user(
        username="g", password="x" * 20, kind=UserKind.PUBLIC, public_kind=PublicKind.PERSON
    )
    Profile.describe(grad, tags=Tag.objects.filter(name="高校毕业生"), consent=True)
    office = as_user(officer_a)
    response = office.post(
        "/workspace/push/partners/",
        {"name": "园区", "slug": "park-1", "kind": "park", "members": 10, "webhook_url": "ftp://x"},
    )
    assert response.status_code == 400
    office.post(
        "/workspace/push/partners/", {"name": "园区", "slug": "park-1", "kind": "park", "members": 10}, follow=True
    )
    assert Partner.objects.get(slug="park-1").webhook_url == ""
    tag = Tag.objects.get(name="高校毕业生")
    response = office.post("/workspace/push/", {"title": "毕业季", "documents": "不存在", "tags": [tag.pk]})
    assert "政策：公文库中找不到“不存在”" in response.content.decode()
    office.post("/workspace/push/", {"title": "毕业季", "documents": "测甲发〔2026〕9号", "tags": [tag.pk]})
    campaign = Campaign.objects.get()
    page = office.get(f"/workspace/push/campaigns/{campaign.pk}/").content.decode()
    assert "预计推送 <strong>1</strong> 人" in page
    assert as_user(drafter).post(f"/workspace/push/campaigns/{campaign.pk}/").status_code == 403
    office = as_user(officer_a)
    sent = office.post(f"/workspace/push/campaigns/{campaign.pk}/", follow=True).content.decode()
    assert "已发送给 1 人" in sent, re.findall(r'class="msg[^"]*">([^<]+)', sent)
    campaign.refresh_from_db()
    assert campaign.state == "sent" and campaign.audience == 1
    assert [t.metric for t in indicators.find("全年开展政策精准推送不少于2次", 2026)] == ["push_campaigns"]
