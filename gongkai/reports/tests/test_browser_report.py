import datetime

import pytest

from gongkai.conftest import PASSWORD
from gongkai.inforequests.law import Outcome
from gongkai.reports import service
from gongkai.reports.tests.test_golden import case

pytestmark = pytest.mark.browser


def test_the_officer_fixes_a_failing_check_publishes_and_the_portal_shows_it(page, tree, officer_a):
    a = tree["a"]
    case(a, officer_a, datetime.date(2025, 3, 3)).reply(
        by=officer_a, on=datetime.date(2025, 3, 20), outcome=Outcome.GRANTED, text="x"
    )
    report = service.report_for(a, 2025)
    report.extra = {"three": {"carried_in": [1, 0, 0, 0, 0, 0]}, "four": []}  # one case from before the platform
    report.save()
    page.goto("/workspace/login/")
    page.get_by_label("用户名").fill("officer-a")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto("/workspace/reports/?year=2025")
    page.get_by_role("row", name="测试区甲局").get_by_role("link", name="本机关年度报告").click()
    checks = page.locator("#checks")
    assert checks.get_by_text("表三“自然人”列：一、本年新收（1）加二、上年结转（1）为 2").is_visible()
    page.get_by_role("button", name="发布").click()
    assert page.get_by_text("未发布：").is_visible()
    # The carried-in case was answered in the year: record it, and write the prose still marked to fill.
    page.get_by_label("表三“（一）予以公开”行“自然人”列").fill("1")
    page.get_by_role("button", name="保存补录").click()
    page.get_by_label("一、总体情况").fill("2025年，本局认真落实条例。全年新收申请1件。")
    page.get_by_label("五、存在的主要问题及改进情况").fill("问题与改进。")
    page.get_by_role("button", name="保存文字").click()
    assert page.locator("#checks").get_by_text("全部检查通过，可以发布。").is_visible()
    page.get_by_role("button", name="发布").click()
    assert page.get_by_text("已发布第1版。").is_visible()
    page.get_by_role("link", name="在门户查看").click()
    title = page.get_by_role("heading", name="测试区甲局2025年政府信息公开工作年度报告")
    title.wait_for()  # the portal page has loaded (is_visible does not wait for the navigation)
    assert title.is_visible()
    assert page.get_by_role("heading", name="三、收到和处理政府信息公开申请情况").is_visible()
    page.goto(f"/agencies/{a.code}/")
    assert page.get_by_role("link", name="测试区甲局2025年政府信息公开工作年度报告").is_visible()
