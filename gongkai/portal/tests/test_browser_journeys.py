import pytest

from gongkai.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_staff_log_in_and_reach_the_workspace(page, officer_a):
    page.goto("/workspace/")
    page.get_by_label("用户名").fill("officer-a")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workspace/")
    assert page.get_by_role("heading", name="我的待办").is_visible()
    assert page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="机关与人员").is_visible()


def test_a_visitor_turns_on_large_text_and_it_persists(page, tree):
    page.goto("/")
    size = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="适老化模式（大字、高对比）").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="退出适老化模式").get_attribute("aria-pressed") == "true"
    larger = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert larger > size * 1.3
    page.goto("/register/")
    assert "a11y" in page.evaluate("() => document.documentElement.className")
