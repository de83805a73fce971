"""The demo of 精准推送 and its pages: profiles, subscriptions, deliveries in inboxes, a campaign with
opens and clicks, partners with logs; the portal pages of a public user; the workspace pages."""

import io

import pytest
from django.core.management import call_command

from gongkai.accounts.management.commands import load_demo
from gongkai.accounts.models import User
from gongkai.documents import demo as documents_demo
from gongkai.subscriptions import demo
from gongkai.subscriptions.models import Campaign, Delivery, Partner, Profile, Relay, Subscription


@pytest.fixture
def loaded(db, monkeypatch):
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", [documents_demo.load, demo.load])
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_has_profiles_a_campaign_and_partners_with_logs(loaded, client):
    assert Profile.objects.filter(user__username__startswith="demo-push-").count() == 500
    assert Subscription.objects.filter(kind="search").exists() and Subscription.objects.filter(kind="tag").exists()
    campaign = Campaign.objects.get(state="sent")
    stats = campaign.stats()
    assert stats["sent"] > 0 and 0 < stats["clicked"] <= stats["opened"] <= stats["sent"]
    assert Relay.objects.filter(state="sent", reach__isnull=False).exists()
    assert Relay.objects.filter(last_status="HTTP 503").exists()
    assert Delivery.objects.filter(state="sent", campaign__isnull=True).exists()
    for partner in Partner.objects.all():
        assert client.get(f"/push/partners/{partner.slug}/").status_code == 200
    assert demo.load() == "演示精准推送已存在，未做修改。"


def test_a_public_users_pages_and_the_workspace_pages(loaded, client):
    client.force_login(User.objects.get(username="citizen"))
    for url in ("/push/profile/", "/push/subscriptions/", "/push/inbox/"):
        assert client.get(url).status_code == 200, url
    mine = Delivery.objects.filter(user__username="citizen", state="sent").first()
    other = Delivery.objects.exclude(user__username="citizen").first()
    if mine is not None:
        assert client.get(f"/push/inbox/{mine.pk}/").status_code == 200
    assert client.get(f"/push/inbox/{other.pk}/").status_code == 404  # someone else's
    client.force_login(User.objects.get(username="officer"))
    assert client.get("/workspace/push/").status_code == 200
    assert client.get(f"/workspace/push/campaigns/{Campaign.objects.get().pk}/").status_code == 200
    assert client.get("/workspace/push/partners/").status_code == 200
    for partner in Partner.objects.all():
        assert client.get(f"/workspace/push/partners/{partner.pk}/").status_code == 200
    assert client.get("/push/profile/").status_code == 302  # staff have no profile: sent to the public login
