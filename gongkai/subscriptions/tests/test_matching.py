"""精准推送: matching rules (tags, audience, region, subscriptions, saved searches with equivalents), one
delivery per person per policy, consent, the daily digest, unsubscribing without signing in, campaigns."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.accounts.models import PublicKind, User, UserKind
from gongkai.documents.models import Tag
from gongkai.search.models import Equivalence
from gongkai.subscriptions import matching, sending
from gongkai.subscriptions.models import Campaign, Delivery, Matched, Profile, PushError, Subscription


def tags(*names):
    return list(Tag.objects.filter(name__in=names))


def person(name, *tag_names, district=None, consent=True, **kw):
    user = User.objects.create_user(
        username=name,
        password="x" * 20,
        kind=UserKind.PUBLIC,
        public_kind=PublicKind.PERSON,
        full_name=name,
        email=f"{name}@example.com",
    )
    Profile.describe(user, tags=tags(*tag_names), district=district, consent=consent, **kw)
    return user


def company(name, industry="", size="", district=None):
    user = User.objects.create_user(
        username=name,
        password="x" * 20,
        kind=UserKind.PUBLIC,
        public_kind=PublicKind.ORGANISATION,
        org_name=name,
        credit_code="91310115MA1K4DEM05",
        email=f"{name}@example.com",
    )
    Profile.describe(user, tags=[], industry=industry, size=size, district=district, consent=True)
    return user


@pytest.fixture
def publish(approved, officer_a):
    def make(title, *tag_names, **fields):
        doc = approved(title=title, **fields)
        doc.tags.set(tags(*tag_names))
        doc.publish(by=officer_a)
        return doc

    return make


def test_tags_audience_and_region_decide_who_a_policy_reaches(tree, publish):
    grad = person("grad", "高校毕业生", district=tree["district"])
    elsewhere = Profile.objects.get(user=person("grad2", "高校毕业生"))
    elsewhere.district = tree["city"]  # a profile in another place (here: the city itself, not a district)
    old = person("old", "老年人")
    no = person("no", "高校毕业生", consent=False)
    factory = company("factory", industry="C", size="small")  # 制造业 + 小微企业 follow from 门类 C and 小型
    doc = publish("关于做好高校毕业生就业工作的通知", "个人", "高校毕业生")
    found = matching.recipients(doc)
    assert set(found) == {grad.pk, elsewhere.user_id} and old.pk not in found and no.pk not in found
    firms = publish("小微企业吸纳就业补贴办法", "企业", "小微企业", "制造业")
    assert set(matching.recipients(firms)) == {factory.pk}
    assert set(
        Tag.objects.filter(pk__in=Profile.objects.get(user=factory).tags.all()).values_list("name", flat=True)
    ) >= {"制造业", "小微企业", "企业"}


def test_a_person_gets_one_delivery_per_policy_whatever_matched(tree, publish, agency_sub=None):
    grad = person("grad", "高校毕业生", "就业创业")
    Subscription.add(grad, kind="tag", tag=tags("就业创业")[0])
    Subscription.add(grad, kind="agency", agency=tree["a"])
    Subscription.add(grad, kind="search", query="毕业生就业")
    doc = publish("关于做好高校毕业生就业工作的通知", "个人", "高校毕业生", "就业创业")
    assert matching.match(doc) == 1 and matching.match(doc) == 0
    matching.queue(doc, matching.recipients(doc))  # queuing again adds nothing
    assert Delivery.objects.filter(user=grad, document=doc).count() == 1
    delivery = Delivery.objects.get()
    assert delivery.subscription is not None  # a subscription's rule wins over the profile's
    assert Matched.objects.get(document=doc).recipients == 1


def test_saved_searches_match_every_word_with_its_equivalents(tree, publish):
    Equivalence.objects.get_or_create(short="社保", full="社会保险")
    a = person("a", "老年人")
    b = person("b", "老年人")
    Subscription.add(a, kind="search", query="社保补贴")
    Subscription.add(b, kind="search", query="社保 公积金")
    doc = publish("灵活就业人员社会保险补贴办法", "个人", summary="对灵活就业人员给予社会保险补贴。")
    assert set(matching.subscription_targets(doc)) == {a.pk}  # b's 公积金 is not in the policy
    with pytest.raises(PushError, match="检索词：请填写"):
        Subscription.add(a, kind="search", query="  ")


def test_normative_and_subject_subscriptions(tree, publish, make_draft):
    a = person("a", "老年人")
    Subscription.add(a, kind="normative")
    plain = publish("关于开展政府开放月活动的通知", "个人")
    assert a.pk not in matching.recipients(plain)
    rule = publish("浦东新区养老服务补贴办法", "个人", is_normative=True, expires_on=datetime.date(2031, 1, 1))
    assert a.pk in matching.recipients(rule)


def test_withdrawing_consent_stops_deliveries_and_subscribing_needs_it(tree, publish):
    grad = person("grad", "高校毕业生")
    doc = publish("高校毕业生就业补贴", "个人", "高校毕业生")
    matching.match(doc)
    Profile.describe(grad, tags=tags("高校毕业生"), consent=False)
    assert Delivery.objects.get().state == Delivery.State.CANCELLED
    assert sending.send_due() == 0
    with pytest.raises(PushError, match="同意接收推送"):
        Subscription.add(grad, kind="normative")
    later = publish("高校毕业生创业补贴", "个人", "高校毕业生")
    assert matching.match(later) == 0


def test_email_deliveries_and_the_daily_digest_with_a_working_unsubscribe_link(tree, publish, client):
    now = timezone.now()
    a = person("a", "高校毕业生", channel="email")
    b = person("b", "高校毕业生", channel="email", frequency="daily")
    doc = publish("高校毕业生就业补贴", "个人", "高校毕业生")
    matching.match(doc)
    mail.outbox.clear()
    assert sending.send_due(now) == 1 and [m.to for m in mail.outbox] == [[a.email]]
    assert sending.send_digests(now) == 0  # b's digest waits for the next day
    second = publish("高校毕业生创业补贴", "个人", "高校毕业生")
    matching.match(second)
    Delivery.objects.filter(user=b).update(created_at=now - datetime.timedelta(days=1))
    mail.outbox.clear()
    assert sending.send_digests(now) == 1
    assert mail.outbox[0].to == [b.email] and "今日 2 件政策" in mail.outbox[0].subject
    link = re.search(r"/push/unsubscribe/(\S+)/", mail.outbox[0].body)[1]
    url = f"/push/unsubscribe/{link}/"
    assert client.get(url).status_code == 200
    assert Profile.objects.get(user=b).consent  # opening the link changes nothing
    assert "已退订" in client.post(url).content.decode()
    assert not Profile.objects.get(user=b).consent
    assert client.post("/push/unsubscribe/forged/").status_code == 400


def test_email_failures_are_retried_with_back_off(tree, publish, monkeypatch):
    person("a", "高校毕业生", channel="email")
    doc = publish("高校毕业生就业补贴", "个人", "高校毕业生")
    matching.match(doc)

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(sending, "send_mail", refuse)
    now = timezone.now()
    assert sending.send_due(now) == 0
    d = Delivery.objects.get()
    assert d.attempts == 1 and d.next_try == now + datetime.timedelta(seconds=sending.BACKOFF[0])
    assert sending.send_due(now) == 0 and Delivery.objects.get().attempts == 1  # not before its time
    monkeypatch.undo()
    assert sending.send_due(d.next_try) == 1 and Delivery.objects.get().state == Delivery.State.SENT


def test_a_campaign_previews_its_audience_and_sends_once(tree, publish, officer_a):
    grads = [person(f"g{i}", "高校毕业生", district=tree["district"]) for i in range(3)]
    person("far", "高校毕业生", district=tree["city"])
    person("old", "老年人", district=tree["district"])
    doc = publish("高校毕业生就业补贴", "个人", "高校毕业生")
    with pytest.raises(PushError, match="对象标签"):
        Campaign.prepare(tree["a"], by=officer_a, title="毕业季", documents=[doc], tags=[])
    campaign = Campaign.prepare(
        tree["a"],
        by=officer_a,
        title="毕业季",
        documents=[doc],
        tags=tags("高校毕业生"),
        district=tree["district"],
        kind="person",
    )
    assert set(campaign.segment()) == {g.pk for g in grads}
    assert campaign.send(by=officer_a) == 3
    with pytest.raises(PushError, match="已经发送"):
        campaign.send(by=officer_a)
    matching.match(doc)  # the policy's own push is separate from the campaign's
    assert Delivery.objects.filter(campaign=campaign).count() == 3
    assert campaign.stats()["queued"] == 3


def test_a_profile_refuses_what_does_not_fit_in_chinese(tree, client):
    firm = User.objects.create_user(
        username="firm",
        password="x" * 20,
        kind=UserKind.PUBLIC,
        public_kind=PublicKind.ORGANISATION,
        org_name="厂",
        credit_code="91310115MA1K4DEM05",
    )
    with pytest.raises(PushError, match="行业大类：39 属于门类 C，与所选门类 I 不符"):
        Profile.describe(firm, tags=[], industry="I", division="39", consent=True)
    with pytest.raises(PushError, match="行业大类：“99”不是 GB/T 4754 的大类代码"):
        Profile.describe(firm, tags=[], division="99", consent=True)
    profile = Profile.describe(firm, tags=[], division="39", size="small", consent=True)
    assert profile.industry == "C"  # the 门类 follows from the 大类
    someone = person("p", "老年人")
    with pytest.raises(PushError, match="行业和规模：只适用于企业"):
        Profile.describe(someone, tags=[], industry="C", consent=True)
    client.force_login(someone)
    response = client.post("/push/subscriptions/", {"kind": "tag", "channel": "inbox", "frequency": "immediate"})
    assert response.status_code == 400 and "标签：请选择要订阅的标签" in response.content.decode()
    page = client.get("/push/profile/").content.decode()
    assert "行业门类" not in page  # a person is not asked for an industry
