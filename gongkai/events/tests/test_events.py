"""Open events: capacity and the waitlist (promotion tells the promoted person), no overbooking when two
take the last seat at the same moment (threads, on SQLite and PostgreSQL), duplicate registrations, check-in,
questionnaires for participants only with their results and export, topic votes, reminders, the 专区."""

import datetime
import io
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.accounts.models import Role
from gongkai.conftest import make_staff
from gongkai.events import duties
from gongkai.events.models import Event, EventError, Poll, Question, Registration, Survey, Topic, Visit, Zone
from gongkai.events.views import results

NOW = timezone.now()


@pytest.fixture
def office(tree):
    return make_staff("a-office", tree["a"], Role.OFFICER)


def _event(agency, office, capacity=2, starts_in=3):
    event = Event.plan(
        agency,
        by=office,
        title="政府开放日",
        starts_at=NOW + datetime.timedelta(days=starts_in),
        ends_at=NOW + datetime.timedelta(days=starts_in, hours=2),
        place="区政府大楼",
        capacity=capacity,
        closes_at=NOW + datetime.timedelta(days=starts_in, hours=-1),
    )
    event.publish(by=office)
    return event


def test_capacity_the_waitlist_and_promotion(tree, office):
    event = _event(tree["a"], office, capacity=2)
    a = event.register(name="甲", phone="13800000001", email="a@example.com")
    event.register(name="乙", phone="13800000002")
    c = event.register(name="丙", phone="13800000003", email="c@example.com")
    assert [a.seat, c.state, c.position] == [1, "waitlisted", 1]
    with pytest.raises(EventError, match="已经报名"):
        event.register(name="甲", phone="13800000001")
    mail.outbox.clear()
    a.cancel()
    c.refresh_from_db()
    assert c.state == "confirmed" and c.seat == 1 and c.position is None
    assert "候补成功" in mail.outbox[-1].body and mail.outbox[-1].to == ["c@example.com"]
    assert event.confirmed.count() == 2
    again = event.register(name="甲", phone="13800000001")  # a cancelled phone may register again
    assert again.state == "waitlisted"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_taking_the_last_seat_at_once_do_not_overbook(tree):
    office = make_staff("a-office", tree["a"], Role.OFFICER)
    event = _event(tree["a"], office, capacity=1)
    barrier = threading.Barrier(2)
    outcome = []

    def take(n):
        try:
            barrier.wait()
            outcome.append(Event.objects.get(pk=event.pk).register(name=f"人{n}", phone=f"1390000000{n}").state)
        except Exception as exc:
            outcome.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcome) == ["confirmed", "waitlisted"], outcome
    assert Registration.objects.filter(event=event, seat__isnull=False).count() == 1


def test_check_in_and_a_questionnaire_only_participants_answer(tree, office, client, as_user):
    event = _event(tree["a"], office, capacity=5, starts_in=1)
    here = event.register(name="甲", phone="13800000001")
    away = event.register(name="乙", phone="13800000002")
    staff = as_user(office)
    staff.post(f"/workspace/events/{event.pk}/checkin/", {"code": here.code.lower()})
    here.refresh_from_db()
    assert here.state == "attended"
    again = staff.post(f"/workspace/events/{event.pk}/checkin/", {"code": here.code}, follow=True).content.decode()
    assert "已于" in again and "签到" in again
    wrong = staff.post(f"/workspace/events/{event.pk}/checkin/", {"code": "ZZZZZZZZ"}, follow=True).content.decode()
    assert "不是本活动的报名" in wrong
    staff.post(
        f"/workspace/events/{event.pk}/",
        {"action": "question", "kind": "rating", "text": "总体满意度", "required": "on"},
    )
    staff.post(
        f"/workspace/events/{event.pk}/",
        {
            "action": "question",
            "kind": "multiple",
            "text": "最有收获的环节",
            "options": "参观\n讲解\n问答",
            "required": "on",
        },
    )
    staff.post(f"/workspace/events/{event.pk}/", {"action": "question", "kind": "text", "text": "建议"})
    survey = Survey.objects.get(event=event)
    rating, multi, text = survey.questions.all()
    with pytest.raises(EventError, match="只有签到参加活动的人可以填写"):
        survey.answer(away, {rating.pk: 5, multi.pk: ["参观"]})
    with pytest.raises(EventError, match="第1题“总体满意度”：请打 1—5 分"):
        survey.answer(here, {rating.pk: 9, multi.pk: ["参观"]})
    survey.answer(here, {rating.pk: "5", multi.pk: ["参观", "问答"], text.pk: "多办几次"})
    with pytest.raises(EventError, match="已经填写过"):
        survey.answer(here, {rating.pk: 4, multi.pk: ["参观"]})
    chart = {r["q"].text: r for r in results(survey)}
    assert chart["总体满意度"]["mean"] == 5 and [b["n"] for b in chart["最有收获的环节"]["bars"]] == [1, 0, 1]
    page = staff.get(f"/workspace/events/{event.pk}/").content.decode()
    assert "<svg" in page and "平均 5.0 分" in page
    book = load_workbook(io.BytesIO(staff.get(f"/workspace/events/{event.pk}/survey.xlsx").content))
    assert list(book.active.values)[1][1:] == (5, "参观、问答", "多办几次")
    assert duties.satisfaction(tree["a"], event.starts_at.year)[0] == 100


def test_a_registration_page_shows_the_qr_code_only_to_its_owner(tree, office, client):
    event = _event(tree["a"], office)
    response = client.post(f"/events/{event.pk}/", {"name": "甲", "phone": "13800000001"})
    reg = Registration.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/events/registrations/{reg.code}/")
    page = client.get(f"/events/registrations/{reg.code}/").content.decode()
    assert "<svg" in page and reg.code in page
    client.cookies.clear()
    assert client.get(f"/events/registrations/{reg.code}/").status_code == 404
    bad = client.post(f"/events/{event.pk}/", {"name": "乙", "phone": "abc"})
    assert bad.status_code == 400 and "手机号：请填写有效的电话号码" in bad.content.decode()


def test_one_vote_per_account_and_reminders_the_day_before(tree, office, citizen):
    today = timezone.localdate()
    poll = Poll.objects.create(agency=tree["a"], title="开放日主题征集", opens_on=today, closes_on=today)
    a, b = Topic.objects.create(poll=poll, title="就业服务"), Topic.objects.create(poll=poll, title="养老服务")
    poll.vote(a, user=citizen)
    with pytest.raises(EventError, match="每个账号只能投一票"):
        poll.vote(b, user=citizen)
    event = _event(tree["a"], office, starts_in=1)
    event.register(name="甲", phone="13800000001", email="a@example.com")
    mail.outbox.clear()
    assert duties.send_reminders(NOW + datetime.timedelta(hours=1)) == 1
    assert duties.send_reminders(NOW + datetime.timedelta(hours=2)) == 0
    assert mail.outbox[0].body.startswith("提醒：")


def test_the_zone_logs_visits_and_lists_its_reading_room(tree, office, as_user, approved, officer_a, client):
    zone = Zone.objects.create(agency=tree["a"], name="甲局政务公开专区", address="某路1号", hours="工作日 9:00—17:00")
    doc = approved(title="公开查阅的文件")
    doc.publish(by=officer_a)
    zone.reading.create(document=doc)
    staff = as_user(office)
    staff.post(f"/workspace/events/zones/{zone.pk}/", {"purpose": "查阅", "people": 2})
    staff.post(f"/workspace/events/zones/{zone.pk}/", {"purpose": "申请", "people": 1})
    assert Visit.objects.filter(zone=zone).count() == 2
    assert "本月来访 3 人" in staff.get(f"/workspace/events/zones/{zone.pk}/").content.decode()
    assert "channel" in staff.get("/workspace/requests/new/?channel=in_person").content.decode()
    assert "公开查阅的文件" in client.get("/zones/").content.decode()


def test_the_questionnaire_builder_refuses_a_choice_question_without_choices(tree, office, as_user):
    event = _event(tree["a"], office)
    data = {"action": "question", "kind": "single", "text": "从哪里得知", "options": "网站"}
    page = as_user(office).post(f"/workspace/events/{event.pk}/", data, follow=True)
    assert "选项：单选、多选题至少两个选项" in page.content.decode() and not Question.objects.exists()
