"""The journey of issue 18: a citizen on a phone comments on article 3 of an open draft; the officer
moderates and publishes it, records the decision, answers the comment and publishes the adoption report
on time; the citizen finds it on the decision's page."""

import datetime

import pytest
from django.utils import timezone

from gongkai.conftest import PASSWORD, make_staff
from gongkai.decisions.models import Catalogue, Comment, Consultation

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()
DRAFT = (
    "第一条 为规范停车收费，制定本方案。\n第二条 适用于公共停车场。\n第三条 首小时收费12元。\n第四条 自发布之日起施行。"
)


def login(page, path, username):
    page.goto(path)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_a_citizen_comments_on_article_three_and_sees_how_it_was_adopted(page, tree, citizen, live_server):
    office = make_staff("district-office", tree["district"], "officer")
    catalogue = Catalogue.open(tree["district"], TODAY.year, by=office)
    entry = catalogue.add_entry(by=office, matter="调整区公共停车收费标准", unit="区发展改革委", timing="12月",
                                procedures=["participation", "legality", "collective"])  # fmt: skip
    catalogue.approve(by=office, on=TODAY, approval="经区委、区政府同意")
    catalogue.publish(by=office)
    c = Consultation.prepare(entry, by=office, title="停车收费调整方案（征求意见稿）", text=DRAFT,
                             starts_on=TODAY - datetime.timedelta(days=29), ends_on=TODAY)  # fmt: skip
    c.announce(by=office, on=c.starts_on)

    # The citizen, on a phone, signs in and comments on article 3.
    login(page, f"/login/?next=/consultations/{c.pk}/", "citizen")
    page.wait_for_url(f"**/consultations/{c.pk}/")
    page.get_by_role("link", name="对第三条提意见").click()
    assert page.get_by_label("针对").input_value() == "3"
    page.get_by_label("意见内容").fill("建议首小时维持10元，联系电话13812345678。")
    page.get_by_role("button", name="提交意见").click()
    page.get_by_text("意见已提交，审核后由起草机关决定是否公开").wait_for()  # visible, once the page has loaded
    assert Comment.objects.get().article.label == "第三条"

    # The officer moderates and publishes it (masked), records the decision, answers, publishes the report.
    officer = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    login(officer, "/workspace/login/", "district-office")
    officer.wait_for_url("**/workspace/")
    officer.get_by_role("link", name=f"《{c.title}》1 条意见待审核").click()
    officer.get_by_label("审核结果").select_option("publish")
    officer.get_by_role("button", name="确定").click()
    officer.get_by_text("已保存。").wait_for()  # visible, once the page has loaded
    officer.get_by_label("决策会议").fill("区政府第12次常务会议")
    officer.get_by_role("button", name="登记", exact=True).click()
    assert officer.get_by_test_id("report-countdown").inner_text() == "还剩 10 个工作日"
    officer.get_by_label("采纳情况", exact=True).select_option("partly")
    officer.get_by_label("理由", exact=True).fill("设置三个月过渡期，过渡期内维持10元")
    officer.get_by_role("button", name="保存").click()
    officer.get_by_label("意见收集和采纳的总体情况").fill("共收到意见1条，部分采纳1条。")
    officer.get_by_role("button", name="公布", exact=True).click()
    officer.get_by_text("意见采纳情况已公布").wait_for()  # visible, once the page has loaded
    c.refresh_from_db()
    assert c.state == "reported" and c.report_on_time

    # The citizen finds the report on the decision's page; the phone number never reached it.
    page.goto(f"/consultations/{c.pk}/")
    page.get_by_text("〔电话已隐去〕").first.wait_for()  # visible, once the page has loaded
    page.get_by_role("link", name="决策全过程").click()
    report = page.get_by_test_id("adoption-report")
    report.get_by_role("cell", name="部分采纳", exact=True).wait_for()  # visible, once the page has loaded
    report.get_by_text("设置三个月过渡期，过渡期内维持10元").wait_for()  # visible, once the page has loaded
    assert "13812345678" not in page.content()
    stage = page.locator('[data-stage="adoption"]')
    assert "已完成" in stage.inner_text()
