"""Public representatives at decision meetings (列席): the call, applications from the portal, selection
within seats with the rules recorded, invitations, attendance, opinions and replies, the year's count
against the work plan's target; and the decisions indicators the work plans read."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.conftest import make_staff
from gongkai.decisions.models import Catalogue, Consultation, DecisionError, Meeting
from gongkai.lib import metrics
from gongkai.workplans import indicators

TODAY = timezone.localdate()


@pytest.fixture
def office(tree):
    return make_staff("district-office", tree["district"], Role.OFFICER)


@pytest.fixture
def meeting(tree, office):
    return Meeting.call(tree["district"], by=office, title="区政府第5次常务会议",
                        held_on=TODAY + datetime.timedelta(days=7),
                        apply_by=TODAY + datetime.timedelta(days=3), call_text="征集代表列席。",
                        seats={"citizen": 1, "small": 1, "private": 0})  # fmt: skip


def test_citizens_apply_on_the_portal_and_their_contacts_stay_private(meeting, client):
    url = f"/decisions/meetings/{meeting.pk}/"
    page = client.get(url).content.decode()
    assert "市民代表 1 名" in page and "民营企业代表" not in page  # no seats, not offered
    response = client.post(
        url, {"category": "citizen", "name": "陈建国", "contact": "13900001111", "intro": "退休教师"}
    )
    assert response.status_code == 302
    response = client.post(url, {"category": "private", "name": "黄", "contact": "x@example.com"})
    assert response.status_code == 400 and "类别" in response.content.decode()
    response = client.post(url, {"category": "citizen", "name": "", "contact": ""})
    assert response.status_code == 400 and "姓名" in response.content.decode()
    rep = meeting.representatives.get()
    assert rep.state == "applied" and rep.contact == "13900001111"
    page = client.get(url).content.decode()
    assert "13900001111" not in page and "退休教师" not in page and "陈建国" not in page


def test_selection_keeps_to_the_seats_records_the_rules_and_invites(meeting, office):
    a = meeting.apply(name="陈建国", category="citizen", contact="chen@example.com")
    b = meeting.apply(name="李明", category="citizen", contact="13900002222")
    c = meeting.nominate(by=office, name="刘小微", category="small", contact="liu@example.com", note="区工商联推荐")
    with pytest.raises(DecisionError, match="市民代表名额为 1 人，选定了 2 人"):
        meeting.select(by=office, chosen=[a.pk, b.pk], rules="随机抽取")
    with pytest.raises(DecisionError, match="遴选规则：必须写明"):
        meeting.select(by=office, chosen=[a.pk], rules=" ")
    assert meeting.select(by=office, chosen=[a.pk, c.pk], rules="按报名先后，兼顾行业") == 2
    states = dict(meeting.representatives.values_list("name", "state"))
    assert states == {"陈建国": "invited", "李明": "not_selected", "刘小微": "invited"}
    assert sorted(m.to[0] for m in mail.outbox) == ["chen@example.com", "liu@example.com"]
    assert meeting.status_changes.last().reason == "按报名先后，兼顾行业"
    with pytest.raises(DecisionError, match="会议.*尚未举行"):
        meeting.record_attendance(by=office, attended=[a.pk])


def test_attendance_counts_toward_the_years_target_and_opinions_are_published(tree, office, client, as_user):
    held = TODAY - datetime.timedelta(days=1) if TODAY.day > 1 else TODAY
    for n in range(3):
        m = Meeting.call(tree["district"], by=office, title=f"第{n}次常务会议", held_on=held, apply_by=held,
                         call_text="征集", seats={"citizen": 2})  # fmt: skip
        rep = m.nominate(by=office, name="陈建国", category="citizen", contact="13900001111")
        m.select(by=office, chosen=[rep.pk], rules="街镇推荐")
        m.record_attendance(by=office, attended=[rep.pk] if n else [])  # nobody came to the first
    assert metrics.value("decision_attendance", tree["district"], TODAY.year)[0] == Decimal(2)
    rep = Meeting.objects.get(title="第1次常务会议").representatives.get()
    with pytest.raises(DecisionError, match="都必须填写"):
        rep.record_opinion(by=office, opinion="意见", reply="")
    rep.record_opinion(by=office, opinion="建议设过渡期，联系13900001111", reply="已采纳")
    page = client.get(f"/decisions/meetings/{rep.meeting_id}/").content.decode()
    assert "陈**" in page and "建议设过渡期" in page and "13900001111" not in page and "已采纳" in page
    workspace = as_user(office).get("/workspace/decisions/meetings/").content.decode()
    assert f"{TODAY.year}年邀请公众代表列席决策会议 2 次" in workspace


def test_the_work_plan_reads_the_decisions_indicators(tree, office):
    found = indicators.find("年内邀请公众代表列席本单位决策会议不少于4次", TODAY.year)
    assert [(t.metric, t.value) for t in found] == [("decision_attendance", Decimal(4))]
    found = indicators.find("决策后10个工作日内公布意见采纳情况", TODAY.year)
    assert [t.metric for t in found] == ["decision_adoption_days"]
    found = indicators.find("重大行政决策公众参与率达到100%", TODAY.year)
    assert [t.metric for t in found] == ["decision_participation"]
    year = TODAY.year - 1  # a whole past year: decision and report dates do not depend on today's date
    catalogue = Catalogue.open(tree["district"], year, by=office)
    asked = catalogue.add_entry(
        by=office, matter="甲", unit="区政府办", timing="", procedures=["participation", "collective"]
    )
    silent = catalogue.add_entry(by=office, matter="乙", unit="区政府办", timing="", procedures=["collective"])
    assert metrics.value("decision_participation", tree["district"], year)[0] is None
    start = datetime.date(year, 6, 1)
    c = Consultation.prepare(asked, by=office, title="草案", text="第一条 甲。\n第二条 乙。", starts_on=start,
                             ends_on=start + datetime.timedelta(days=29))  # fmt: skip
    c.announce(by=office, on=start)
    decided = datetime.date(year, 7, 15)
    c.record_decision(by=office, on=decided, meeting="常务会议")
    silent.record_step(by=office, stage="collective", on=decided, note="常务会议")
    share, _, how = metrics.value("decision_participation", tree["district"], year)
    assert share == Decimal("50.0") and "作出重大行政决策 2 项，其中公开征求意见 1 项" in how
    assert metrics.value("decision_adoption_on_time", tree["district"], year)[0] == Decimal("0.0")  # late, unpublished
    c.publish_report(by=office, summary="未收到意见。", at=timezone.make_aware(datetime.datetime(year, 7, 22, 10)))
    assert metrics.value("decision_adoption_on_time", tree["district"], year)[0] == Decimal("100.0")
    days, _, how = metrics.value("decision_adoption_days", tree["district"], year)
    assert days == Decimal(5) and "最长 5 个工作日" in how  # 16, 17, 18, 21, 22 July
