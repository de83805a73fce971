"""Browser journeys: a citizen finds the agency and applies from the header on a phone, errors are
summarised with links and nothing typed is lost; the API docs load nothing from outside the server."""

import pytest

from gongkai.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_citizen_applies_from_the_header_and_fixes_an_error_without_retyping(page, tree):
    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="依申请公开").click()
    page.get_by_role("searchbox", name="查找机关").fill("甲局")
    page.get_by_role("button", name="查找").click()
    page.wait_for_url("**/requests/apply/?q=*")
    choices = page.get_by_test_id("agency-choices")
    assert choices.get_by_text(tree["a"].name).is_visible() and choices.get_by_text(tree["b"].name).count() == 0
    choices.get_by_role("link", name="向该机关申请").click()
    assert page.get_by_role("heading", name=f"向{tree['a'].name}申请政府信息公开").is_visible()
    page.get_by_label("自然人").check()
    page.get_by_label("姓名（法人或其他组织填名称）").fill("张三")
    page.get_by_label("证件类型").select_option("id_card")
    page.get_by_label("证件号码").fill("110105194912310021")  # wrong check digit
    page.get_by_label("电子邮箱").fill("zhangsan@example.com")
    page.get_by_label("所需信息的名称或描述").fill("本区就业补贴的发放情况")
    page.get_by_role("group", name="获取形式").get_by_label("电子").check()
    page.get_by_role("group", name="获取方式").get_by_label("电子邮件").check()
    page.get_by_role("button", name="提交申请").click()
    summary = page.get_by_test_id("error-summary")
    summary.wait_for()
    assert summary.get_by_text("有 2 处需要修改").is_visible()
    summary.get_by_role("link", name="联系电话").click()
    assert page.evaluate("() => document.activeElement.id") == "id_phone"
    assert page.get_by_label("所需信息的名称或描述").input_value() == "本区就业补贴的发放情况"  # kept
    assert page.get_by_role("group", name="获取方式").get_by_label("电子邮件").is_checked()
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_role("button", name="提交申请").click()
    page.get_by_test_id("number").wait_for()
    assert page.get_by_test_id("code").is_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390  # nothing overflows the phone's width


def test_the_api_docs_load_nothing_from_outside_the_server(page, live_server, db):
    requested, console = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: console.append(message.text))
    page.goto("/api/v1/docs")
    page.get_by_role("heading", name="公开 Gongkai API").first.wait_for()  # Swagger UI renders after loading
    page.wait_for_load_state("networkidle")
    outside = [url for url in requested if not url.startswith(live_server.url) and not url.startswith("data:")]
    assert outside == [] and len(requested) >= 3
    assert not [m for m in console if "Content Security Policy" in m]  # works under the strict policy


def test_a_signed_in_citizen_applies_from_a_prefilled_form_and_finds_it_under_my_requests(page, tree, citizen):
    citizen.phone, citizen.email = "13900000000", "zhang@example.com"
    citizen.save()
    page.goto("/login/")
    page.get_by_label("用户名").fill("citizen")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"/agencies/{tree['a'].code}/apply/")
    assert page.get_by_label("姓名（法人或其他组织填名称）").input_value() == "张三"
    assert page.get_by_label("联系电话").input_value() == "13900000000"
    page.get_by_label("证件类型").select_option("id_card")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("所需信息的名称或描述").fill("本区养老服务补贴的发放情况")
    page.get_by_role("group", name="获取形式").get_by_label("电子").check()
    page.get_by_role("group", name="获取方式").get_by_label("电子邮件").check()
    page.get_by_role("button", name="提交申请").click()
    number = page.get_by_test_id("number").inner_text()
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="我的申请").click()
    card = page.get_by_test_id("my-requests").get_by_role("listitem").filter(has_text=number)
    card.wait_for()
    assert card.get_by_text("答复期限").is_visible() and card.get_by_text("本区养老服务补贴").is_visible()
    card.get_by_role("link", name=number).click()
    page.get_by_role("heading", name=f"{number} · 办理中").wait_for()
