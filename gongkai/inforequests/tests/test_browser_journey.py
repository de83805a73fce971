import pytest

from gongkai.accounts.models import Department
from gongkai.conftest import PASSWORD
from gongkai.inforequests.models import InfoRequest

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def issue_first_draft(officer):
    """The officer opens the draft letter's page, checks the preview, confirms and issues it."""
    officer.locator("#letters").get_by_role("link", name="编辑、预览并出具").first.click()
    preview = officer.get_by_test_id("letter-preview")
    preview.wait_for()
    assert preview.locator("p").first.inner_text().endswith("书")  # the title, read back from the DOCX
    officer.get_by_role("button", name="出具").click()
    officer.get_by_text("出具确认：请勾选").wait_for()  # not without the confirmation
    officer.get_by_test_id("confirm-issue").check()
    officer.get_by_role("button", name="出具").click()
    officer.wait_for_url("**#letters")


def test_apply_correct_partial_reply_ems_and_the_citizen_reads_the_letter(page, tree, officer_a, live_server):
    Department.objects.create(agency=tree["a"], name="就业促进科")
    # A citizen applies online, on a phone.
    page.goto(f"/agencies/{tree['a'].code}/apply/")
    page.get_by_label("自然人").check()
    page.get_by_label("姓名（法人或其他组织填名称）").fill("张三")
    page.get_by_label("证件类型").select_option("id_card")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_label("电子邮箱").fill("zhangsan@example.com")
    page.get_by_label("所需信息的名称或描述").fill("本区就业补贴的发放情况")
    page.get_by_role("group", name="获取形式").get_by_label("纸质").check()
    page.get_by_role("group", name="获取方式").get_by_label("邮寄").check()
    page.get_by_role("button", name="提交申请").click()
    number = page.get_by_test_id("number").inner_text()
    code = page.get_by_test_id("code").inner_text()

    # The disclosure officer takes it in: assigns it and sends the one correction notice.
    officer = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    officer.goto("/workspace/login/")
    officer.get_by_label("用户名").fill("officer-a")
    officer.get_by_label("密码").fill(PASSWORD)
    officer.get_by_role("button", name="登录").click()
    officer.goto("/workspace/requests/")
    officer.get_by_role("link", name=number).click()
    assign = officer.locator("form#assign")
    assign.get_by_label("承办处室").select_option(label="就业促进科")
    assign.get_by_role("button", name="分办").click()
    assert officer.get_by_text("已分办至就业促进科").is_visible()
    step = officer.locator("form#step")
    step.get_by_label("办理步骤").select_option("request_correction")
    step.get_by_label("说明").fill("请写明所需补贴的年度")
    step.get_by_role("button", name="记录").click()
    issue_first_draft(officer)
    assert officer.get_by_role("link", name="政府信息公开申请补正告知书（DOCX）").is_visible()

    # The citizen opens the status page with the number and the query code, and corrects.
    page.goto("/requests/status/")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    assert page.get_by_text("请写明所需补贴的年度").is_visible()
    page.get_by_label("补正内容").fill("所需为2025年度一次性就业补贴的发放人数和金额")
    page.get_by_role("button", name="提交补正").click()
    assert page.get_by_text("补正已提交").is_visible()

    # The officer replies with partial disclosure and a released file, issues the letter, sends it by EMS.
    officer.reload()
    reply = officer.locator("form#reply")
    reply.get_by_label("办理结果（年报表三的行）").select_option("partial")
    reply.get_by_label("答复内容").fill("现提供2025年度发放人数。")
    reply.get_by_label("不予公开部分及理由").fill("个人领取明细——涉及个人隐私（第十五条）")
    reply.get_by_label("公开的信息（附件）").set_input_files(
        files=[{"name": "发放人数.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    reply.get_by_role("button", name="答复").click()
    assert officer.get_by_text("已答复").first.is_visible()
    issue_first_draft(officer)
    dispatch = officer.locator("#dispatch form").last
    dispatch.get_by_label("送达方式").select_option("ems")
    dispatch.get_by_label("邮件号").fill("EA123456789CN")
    dispatch.get_by_label("送达的文书").select_option(label="政府信息公开申请答复书")
    dispatch.get_by_role("button", name="登记送达").click()
    officer.locator("#dispatch").get_by_role("button", name="登记", exact=True).click()
    assert officer.get_by_text("已登记签收").is_visible()
    case = InfoRequest.objects.get(number=number)
    assert case.outcome == "partial" and case.dispatches.get().received_on and case.files.count() == 1

    # The citizen sees the reply and downloads the letter.
    page.goto(f"/requests/status/?number={number}")
    assert page.get_by_text("现提供2025年度发放人数。").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="政府信息公开申请答复书").click()
    assert download.value.suggested_filename.endswith(".docx")
    assert page.get_by_role("link", name="发放人数.pdf").is_visible()
