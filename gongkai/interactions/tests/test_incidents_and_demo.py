"""Responses to public concerns and emergencies (the first-response clock, alerts, publication), the
indicators the work plans read, and the demo."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.accounts.management.commands import load_demo
from gongkai.accounts.models import Notification, User
from gongkai.documents import demo as documents_demo
from gongkai.interactions import demo, duties
from gongkai.interactions.models import Answer, Channel, Incident, InteractionError, Message
from gongkai.lib import metrics
from gongkai.workplans import indicators

TODAY = timezone.localdate()


def test_an_emergency_has_five_hours_and_the_office_is_alerted(tree, officer_a, client):
    known = timezone.now() - datetime.timedelta(hours=4, minutes=30)
    with pytest.raises(InteractionError, match="获知时间：不能晚于现在"):
        Incident.record(tree["a"], by=officer_a, title="暴雨", kind="emergency",
                        known_at=timezone.now() + datetime.timedelta(hours=1))  # fmt: skip
    storm = Incident.record(tree["a"], by=officer_a, title="暴雨致服务中心停业", kind="emergency", known_at=known)
    assert storm.respond_by == known + datetime.timedelta(hours=5)
    assert duties.send_alerts(timezone.now()) == 2  # recorded, and under an hour left
    assert duties.send_alerts(timezone.now()) == 0
    assert "首次回应时限不到 1 小时" in Notification.objects.filter(user=officer_a).first().text
    assert "暴雨致服务中心停业" not in client.get("/responses/").content.decode()
    storm.respond(by=officer_a, text="线上服务照常，现场服务暂停。")
    assert storm.on_time and storm.state == "responded"
    assert "线上服务照常" in client.get("/responses/").content.decode()
    late = Incident.record(tree["a"], by=officer_a, title="网传停发", kind="concern",
                           known_at=timezone.now() - datetime.timedelta(hours=30))  # fmt: skip
    assert late.on_time is False and duties.send_alerts(timezone.now()) >= 2
    assert metrics.value("first_response_on_time", tree["a"], TODAY.year)[0] == 50


def test_the_work_plan_reads_the_interaction_indicators():
    read = {
        "留言办理按时答复率达到100%": "messages_on_time",
        "留言答复满意率不低于90%": "messages_satisfaction",
        "突发事件回应及时率达到100%": "first_response_on_time",
        "政策咨询知识库覆盖率不低于80%": "kb_coverage",
    }
    for text, metric in read.items():
        assert [t.metric for t in indicators.find(text, TODAY.year)] == [metric], text


def test_the_demo_has_every_state_a_published_board_and_a_hundred_answers(db, monkeypatch, client):
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", [documents_demo.load, demo.load])
    call_command("load_demo", stdout=io.StringIO())
    states = set(Message.objects.values_list("state", flat=True))
    assert set(Message.State.values) <= states
    assert {m.channel.code for m in Message.objects.select_related("channel")} == set(
        Channel.objects.values_list("code", flat=True)
    )
    assert Message.objects.open().filter(supervised=True).exists()
    assert not Message.objects.overdue().exists()  # a working office: nothing past its deadline at the top of the queue
    assert Answer.objects.public().count() >= 100
    board = Message.objects.public().filter(document__isnull=False).first()
    page = client.get(f"/documents/{board.document.uid}/").content.decode()
    assert board.subject in page and "13912345678" not in page and "张杨路" not in page
    assert "常见问题" in page and Answer.objects.public().filter(document=board.document).exists()
    assert client.get("/kb/?q=就业补贴").status_code == 200
    client.force_login(User.objects.get(username="officer"))
    for m in Message.objects.all():
        assert client.get(f"/workspace/interactions/{m.number}/").status_code in (200, 404), m.number
    for tab in ("todo", "received", "overdue", "supervised", "done", "all"):
        assert client.get(f"/workspace/interactions/?tab={tab}").status_code == 200
    assert client.get("/workspace/interactions/kb/").status_code == 200
    for incident in Incident.objects.all():
        assert client.get(f"/workspace/interactions/incidents/{incident.pk}/").status_code == 200
    assert demo.load().startswith("演示政民互动已存在")


def test_the_workspace_keeps_the_knowledge_base_and_records_incidents(tree, officer_a, drafter, approved, as_user):
    policy = approved(title="就业补贴办法", doc_number="测甲发〔2026〕1号")
    policy.publish(by=officer_a)
    writer = as_user(drafter)
    response = writer.post("/workspace/interactions/kb/", {"question": "补贴标准？", "answer": "每人2000元。",
                                                            "document": "不存在的文件"})  # fmt: skip
    assert response.status_code == 400 and "对应政策：公文库中找不到“不存在的文件”" in response.content.decode()
    writer.post("/workspace/interactions/kb/", {"question": "补贴标准？", "answer": "每人2000元。",
                                                "document": "测甲发〔2026〕1号", "tags": "就业、补贴"})  # fmt: skip
    entry = Answer.objects.get()
    assert entry.document == policy and entry.tags == ["就业", "补贴"] and entry.state == "draft"
    assert writer.post(f"/workspace/interactions/kb/{entry.pk}/", {"action": "approve"}).status_code == 403
    office = as_user(officer_a)
    office.post(f"/workspace/interactions/kb/{entry.pk}/", {"action": "approve"})
    entry.refresh_from_db()
    assert entry.state == "published"
    known = timezone.localtime(timezone.now() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = office.post(
        "/workspace/interactions/incidents/", {"title": "暴雨", "kind": "emergency", "known_at": known}
    )
    incident = Incident.objects.get()
    assert response.status_code == 302 and incident.kind == "emergency"
    office.post(f"/workspace/interactions/incidents/{incident.pk}/", {"text": "已启动应急响应。", "publish": "on"})
    incident.refresh_from_db()
    assert incident.state == "responded" and incident.on_time
