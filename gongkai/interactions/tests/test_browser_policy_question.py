"""The journey of issue 19: a citizen on a phone asks a question under a policy; it goes to the policy's
drafting department, which drafts the reply; the office approves it, adds it to the knowledge base and
publishes it (masked); the citizen finds the reply and the new FAQ entry on the policy's page."""

import re

import pytest

from gongkai.accounts.models import Department
from gongkai.conftest import PASSWORD
from gongkai.interactions.models import Answer, Message

pytestmark = pytest.mark.browser


def login(page, username):
    page.goto("/workspace/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workspace/")


def test_a_question_on_a_policy_page_becomes_a_published_reply_and_a_faq(page, tree, approved, drafter, officer_a,
                                                                         live_server):  # fmt: skip
    dept = Department.objects.create(agency=tree["a"], name="就业促进科")
    drafter.department = dept
    drafter.save()
    policy = approved(title="一次性就业补贴实施办法")
    policy.publish(by=officer_a)

    page.goto(f"/documents/{policy.uid}/")
    page.get_by_role("link", name="对本政策留言").click()
    page.get_by_label("标题").fill("补贴多久到账")
    page.get_by_label("留言内容").fill("申请后多久到账？我的电话13812345678。")
    page.get_by_label("电话（不公开）").fill("13812345678")
    page.get_by_label("同意在答复后选登我的留言").check()
    page.get_by_role("button", name="提交留言").click()
    number = page.get_by_test_id("message-number").inner_text()
    assert re.fullmatch(r"LY-T-A-\d{4}-00001", number)
    assert Message.objects.get(number=number).department == dept  # routed to the drafting department

    unit = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    login(unit, "drafter-a")
    unit.goto("/workspace/interactions/")
    unit.get_by_role("link", name=number).click()
    unit.get_by_label("答复内容").fill("审核通过后次月发放到社会保障卡账户。")
    unit.get_by_role("button", name="提交审核").click()
    unit.get_by_test_id("message-state").get_by_text("答复待审核").wait_for()  # visible, once the page has loaded

    office = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    login(office, "officer-a")
    office.goto(f"/workspace/interactions/{number}/")
    office.locator("select[name=approve]").select_option("1")
    office.get_by_label("同时把问答收入政策咨询知识库").check()
    office.get_by_role("button", name="确定").click()
    office.get_by_text("问答已收入知识库，待审核后发布。").wait_for()  # visible, once the page has loaded
    office.get_by_role("button", name="预览或选登").click()
    assert "〔电话已隐去〕" in office.get_by_test_id("publication-preview").inner_text()
    office.get_by_label("已核对预览，确认选登").check()
    office.get_by_role("button", name="预览或选登").click()
    office.get_by_text("已选登。").wait_for()  # visible, once the page has loaded
    entry = Answer.objects.get()
    office.goto(f"/workspace/interactions/kb/{entry.pk}/")
    office.get_by_role("button", name="审核发布").click()
    office.get_by_test_id("answer-state").get_by_text("已发布").wait_for()  # visible, once the page has loaded

    page.goto(f"/documents/{policy.uid}/")
    board = page.get_by_test_id("policy-board")
    board.get_by_text("审核通过后次月发放到社会保障卡账户。").wait_for()  # visible, once the page has loaded
    assert "13812345678" not in page.content()
    page.get_by_test_id("policy-faq").get_by_text("补贴多久到账").wait_for()  # visible, once the page has loaded
