import pytest

from gongkai.accounts.models import Department
from gongkai.conftest import PASSWORD, make_staff
from gongkai.workplans.models import WorkPlan

pytestmark = pytest.mark.browser
TABLE = """序号\t任务名称\t任务内容\t牵头单位\t责任单位\t时间节点
1\t公开指南\t动态更新政府信息公开指南。\t办公室\t法规科\t6月底
2\t开放活动\t举办政府开放活动不少于3次。\t法规科\t办公室\t尽快吧
"""


def login(page, username):
    page.goto("/workspace/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workspace/")


def test_paste_fix_a_time_node_confirm_report_progress_and_see_it_on_the_board(page, tree, officer_a, live_server):
    department = Department.objects.create(agency=tree["a"], name="法规科")
    make_staff("fagui", tree["a"], "drafter", department=department)
    login(page, "officer-a")
    page.goto("/workspace/plans/import/")
    page.get_by_label("年度").fill("2026")
    page.get_by_label("粘贴任务表或工作要点正文").fill(TABLE)
    page.get_by_role("button", name="识别并预览").click()
    assert page.get_by_text("1 项需要核对").is_visible()
    assert page.get_by_text("时间节点“尽快吧”无法识别，请设置").is_visible()
    page.get_by_label("第2项时间节点").fill("10月底")
    page.get_by_role("button", name="按修改重新识别").click()
    assert page.get_by_text("无法识别").count() == 0
    page.get_by_role("button", name="确认保存").click()
    assert page.get_by_text("已保存第1版，共2项任务。").is_visible()
    plan = WorkPlan.objects.get()
    assert plan.tasks.get(number="2").due.isoformat() == "2026-10-31"
    # The responsible unit (法规科) reports on the task it leads.
    unit = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    login(unit, "fagui")
    unit.goto(f"/workspace/plans/{plan.pk}/")
    unit.get_by_role("link", name="开放活动").click()
    unit.get_by_label("进展情况").fill("已举办开放活动3场，新闻稿已发布。")
    unit.get_by_label("该任务已完成").check()
    unit.get_by_role("button", name="报送").click()
    assert unit.get_by_text("已报送进展。").is_visible()
    # The office's board shows it done, with the progress.
    page.goto(f"/workspace/plans/{plan.pk}/")
    row = page.get_by_role("row", name="开放活动")
    assert row.get_by_text("已完成").is_visible() and row.get_by_text("已举办开放活动3场").is_visible()


DISTRICT_TABLE = """序号\t任务名称\t任务内容\t责任单位\t时间节点
1\t年度报告\t发布本单位政府信息公开工作年度报告。\t各单位\t12月31日前
2\t标准目录\t更新基层政务公开标准目录。\t各街镇\t12月31日前
"""


def test_a_bureau_reports_on_a_district_task_and_the_district_office_sees_it(page, tree, supervisor, live_server):
    make_staff("bureau-officer", tree["a"], "officer")
    login(page, "supervisor")
    page.goto("/workspace/plans/import/")
    page.get_by_label("粘贴任务表或工作要点正文").fill(DISTRICT_TABLE)
    page.get_by_role("button", name="识别并预览").click()
    page.get_by_role("button", name="确认保存").click()
    assert page.get_by_text("已保存第1版，共2项任务。").is_visible()
    plan = WorkPlan.objects.get()
    assert page.get_by_test_id("shares-1").inner_text() == "0/2"
    # The bureau finds the district's task on its own board and reports its share done.
    bureau = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    login(bureau, "bureau-officer")
    bureau.goto("/workspace/plans/")
    bureau.get_by_test_id("shares-link").click()
    assert bureau.get_by_role("link", name="标准目录").count() == 0  # a street's task, not the bureau's
    bureau.get_by_role("link", name="1. 年度报告").click()
    bureau.get_by_label("进展情况").fill("年度报告已于1月20日在门户网站发布。")
    bureau.get_by_label("该任务已完成").check()
    bureau.get_by_role("button", name="报送").click()
    assert bureau.get_by_text("已报送进展。").is_visible()
    assert bureau.get_by_test_id("share-status").inner_text().startswith("已完成")
    # The district office sees one of two bodies done and opens the bureau's report.
    page.goto(f"/workspace/plans/{plan.pk}/")
    assert page.get_by_test_id("shares-1").inner_text() == "1/2"
    page.locator("#main").get_by_role("link", name="年度报告").click()
    assert page.get_by_test_id("shares-done").inner_text() == "1/2 个单位已完成"
    row = page.get_by_role("row", name="测试区甲局")
    assert row.get_by_text("已完成").is_visible() and row.get_by_text("年度报告已于1月20日").is_visible()
    row.get_by_role("link", name="测试区甲局").click()
    assert page.get_by_test_id("share-progress").get_by_text("年度报告已于1月20日在门户网站发布").is_visible()
