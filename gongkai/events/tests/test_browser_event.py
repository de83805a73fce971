"""The journey of issue 22: a citizen registers on a phone, is checked in at the door by code, and answers
the questionnaire afterwards."""

import datetime

import pytest
from django.utils import timezone

from gongkai.conftest import PASSWORD, make_staff
from gongkai.events.models import Event, Question, Registration, Survey

pytestmark = pytest.mark.browser


def test_register_on_a_phone_check_in_and_answer_the_survey(page, tree, live_server):
    office = make_staff("a-office", tree["a"], "officer")
    now = timezone.now()
    event = Event.plan(
        tree["a"],
        by=office,
        title="政府开放日",
        starts_at=now + datetime.timedelta(hours=2),
        ends_at=now + datetime.timedelta(hours=4),
        place="区政府大楼",
        capacity=10,
        closes_at=now + datetime.timedelta(hours=1),
    )
    event.publish(by=office)
    survey = Survey.objects.create(event=event, title="开放日满意度调查")
    Question.objects.create(survey=survey, kind="rating", text="总体满意度", position=1)

    page.goto(f"/events/{event.pk}/")
    page.get_by_label("姓名").fill("王小明")
    page.get_by_label("手机号").fill("13900001234")
    page.get_by_role("button", name="报名").click()
    page.get_by_test_id("registration-state").get_by_text("报名成功").wait_for()  # visible, once the page has loaded
    code = page.get_by_test_id("checkin-code").inner_text()
    assert page.locator(".qr svg").count() == 1

    door = page.context.browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    ).new_page()
    door.goto("/workspace/login/")
    door.get_by_label("用户名").fill("a-office")
    door.get_by_label("密码").fill(PASSWORD)
    door.get_by_role("button", name="登录").click()
    door.wait_for_url("**/workspace/")
    door.goto(f"/workspace/events/{event.pk}/checkin/")
    door.get_by_label("签到码").fill(code.lower())
    door.get_by_role("button", name="签到").click()
    door.get_by_text("王小明签到成功").wait_for()  # visible, once the page has loaded
    assert door.get_by_test_id("attendance").inner_text().startswith("已签到 1")

    page.reload()
    page.get_by_label("5 分").check()
    page.get_by_role("button", name="提交问卷").click()
    page.get_by_text("感谢您填写问卷").wait_for()  # visible, once the page has loaded
    assert Registration.objects.get().response.answers.get().value == 5
