"""Demo open events of 浦东新区人社局, dated from the day it is loaded: one being planned, one open with
registrations and a waitlist, one held last month with check-ins and questionnaire answers, one cancelled; a
topic vote; the 专区 with its reading room and visitor log."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gongkai.accounts.models import Agency, User
from gongkai.documents.models import Document
from gongkai.events.models import Event, Poll, Question, Registration, Survey, Topic, Visit, Zone


def load(today: datetime.date | None = None) -> str:
    agency, office = Agency.objects.filter(code="PD-RSJ").first(), User.objects.filter(username="officer").first()
    if agency is None or office is None or Event.objects.filter(agency=agency).exists():
        return "演示开放活动已存在或缺少演示机关，未做修改。"
    now = timezone.now()

    def plan(title, days, capacity, kind="开放日"):
        starts = now + datetime.timedelta(days=days)
        return Event.plan(
            agency,
            by=office,
            title=title,
            kind=kind,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            place="浦东新区人社局一楼大厅（合欢路2号）",
            capacity=capacity,
            closes_at=starts - datetime.timedelta(hours=12),
            programme="参观服务大厅；政策讲解；现场问答。",
        )

    plan("就业服务体验日（筹备中）", 40, 30, "体验活动")
    open_day = plan("“政府开放月”人社局开放日", 10, 3)
    open_day.publish(by=office)
    for i, name in enumerate(["陈一", "王二", "张三", "李四", "赵五"]):
        open_day.register(name=name, phone=f"1390000010{i}")
    held = Event.objects.create(
        agency=agency,
        title="稳岗政策解读会",
        kind="政策解读",
        starts_at=now - datetime.timedelta(days=30),
        ends_at=now - datetime.timedelta(days=30, hours=-2),
        place="区人社局三楼会议室",
        capacity=20,
        closes_at=now - datetime.timedelta(days=31),
        state=Event.State.HELD,
    )
    survey = Survey.objects.create(event=held, title="稳岗政策解读会满意度调查")
    rating = Question.objects.create(survey=survey, kind="rating", text="总体满意度", position=1)
    useful = Question.objects.create(
        survey=survey, kind="single", text="讲解是否清楚", options=["清楚", "一般", "不清楚"], position=2
    )
    for i in range(12):
        reg = Registration.objects.create(
            event=held,
            name=f"参会者{i + 1}",
            phone=f"1370000{i:04d}",
            seat=i + 1,
            state=Registration.State.ATTENDED,
            checked_in_at=held.starts_at,
        )
        if i < 8:
            survey.answer(reg, {rating.pk: 5 if i % 3 else 4, useful.pk: "清楚" if i % 4 else "一般"})
    cancelled = plan("社保服务进社区（因天气取消）", 5, 50, "体验活动")
    cancelled.publish(by=office)
    cancelled.cancel(by=office, reason="台风预警，活动延期另行通知")
    poll = Poll.objects.create(
        agency=agency,
        title="下一期开放日主题征集",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + datetime.timedelta(days=14),
    )
    for title in ("高校毕业生就业服务", "灵活就业人员社保", "根治欠薪"):
        Topic.objects.create(poll=poll, title=title)
    zone = Zone.objects.create(
        agency=agency, name="浦东新区人社局政务公开专区", address="浦东新区合欢路2号一楼", hours="工作日 9:00—17:00"
    )
    for doc in Document.objects.public().filter(agency=agency).order_by("-published_at")[:8]:
        zone.reading.create(document=doc, printed=doc.is_normative)
    for days, purpose, people in ((1, "查阅", 3), (2, "申请", 1), (3, "咨询", 2), (8, "查阅", 4)):
        Visit.objects.create(
            zone=zone,
            on=timezone.localdate() - datetime.timedelta(days=days),
            purpose=purpose,
            people=people,
            actor_name="公开办·陈静",
        )
    return "已导入演示开放活动 4 场、主题征集 1 次、政务公开专区 1 个。"
