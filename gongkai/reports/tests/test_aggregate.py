import datetime

from django.core import mail
from django.test import Client
from django.urls import reverse

from gongkai.accounts.models import Notification
from gongkai.accounts.queue import items_for
from gongkai.conftest import make_staff
from gongkai.inforequests.law import Outcome
from gongkai.reports import reminders, service
from gongkai.reports.models import Scope
from gongkai.reports.tests.test_golden import case

D = datetime.date


def test_the_district_aggregate_sums_its_agencies(tree, officer_a, supervisor):
    a, street, district = tree["a"], tree["street"], tree["district"]
    case(a, officer_a, D(2025, 3, 3)).reply(by=officer_a, on=D(2025, 3, 20), outcome=Outcome.GRANTED, text="x")
    case(street, officer_a, D(2025, 5, 6), "research")
    case(district, officer_a, D(2025, 6, 2)).withdraw(by=officer_a, on=D(2025, 6, 3))
    case(tree["b"], officer_a, D(2025, 6, 2))  # a city bureau: not in the district
    own = service.report_for(a, 2025)
    own.manual = {"licences": "10"}
    own.section1, own.section5 = "总体情况。", "问题。"
    own.save()
    service.publish(own, by=officer_a)
    street_report = service.report_for(street, 2025)
    street_report.manual = {"licences": "5"}
    street_report.save()
    aggregate = service.report_for(district, 2025, Scope.AGGREGATE)
    data = service.data_for(aggregate)
    assert data.table3["new"] == [2, 0, 1, 0, 0, 0, 3]
    assert data.table3["granted"][-1] == 1 and data.table3["other"][-1] == 1 and data.table3["carried_out"][-1] == 1
    assert data.table2["licences"] == [15]
    page = service.full_check(aggregate)
    assert page.errors == [
        "一、总体情况：还有“（请补充）”的内容没有填写",
        "五、存在的主要问题及改进情况：还有“（请补充）”的内容没有填写",
    ]
    view = reverse("reports:edit_aggregate", args=[district.code, 2025])

    client = Client()
    client.force_login(supervisor)
    body = client.get(view).content.decode()
    assert "测试区乙街道：" in body and "未发布" in body and "已发布第1版" in body
    assert client.get(reverse("reports:edit_aggregate", args=[a.code, 2025])).status_code == 404  # a bureau has none


def test_deadline_reminders_until_published(tree, officer_a, supervisor):
    officer_a.email = "a@example.com"
    officer_a.save()
    make_staff("officer-dist", tree["district"], "officer")
    jan1, tuesday, monday, late = D(2026, 1, 1), D(2026, 1, 6), D(2026, 1, 12), D(2026, 1, 27)
    assert reminders.send(jan1) == 7  # 5 agencies, plus the aggregates of the city and the district
    assert reminders.send(jan1) == 0 and reminders.send(tuesday) == 0  # once a day; not on a Tuesday
    assert reminders.send(monday) == 7  # every Monday
    assert reminders.send(late) == 5  # a Tuesday in the last week before 31 Jan: not the aggregates, due 31 Mar
    text = Notification.objects.filter(user=officer_a).first().text
    assert text == "测试区甲局2025年度政府信息公开工作年度报告须于2026年1月31日前发布（条例第四十九条），还剩4天"
    assert any("a@example.com" in m.to for m in mail.outbox)
    assert any(item.kind == "年度报告" for item in items_for(officer_a))
    report = service.report_for(tree["a"], 2025)
    report.section1, report.section5 = "总体。", "问题。"
    report.save()
    service.publish(report, by=officer_a)
    assert not any(item.kind == "年度报告" for item in items_for(officer_a))
    assert reminders.send(D(2026, 2, 2)) == 6  # published: no more for 甲局; the others are now late
    late_text = Notification.objects.filter(text__contains="已超过发布期限").first().text
    assert "尚未发布" in late_text
    assert any("汇总" in i.title for i in items_for(supervisor))
