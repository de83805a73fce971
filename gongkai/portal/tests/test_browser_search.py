import pytest

from gongkai.portal.tests.test_pages import site  # noqa: F401 — the same small site

pytestmark = pytest.mark.browser


def test_a_visitor_finds_a_policy_reads_its_interpretation_and_downloads_the_form(page, site):  # noqa: F811
    page.goto("/")
    box = page.get_by_label("检索政府信息")
    box.press_sequentially("就业补贴")  # as typed: the suggestions arrive in the box's datalist
    page.locator("#site-q-list option").first.wait_for(state="attached")  # (no eval: the page's CSP forbids it)
    offered = [page.locator("#site-q-list option").nth(i).get_attribute("value")
               for i in range(page.locator("#site-q-list option").count())]  # fmt: skip
    assert "浦东新区一次性就业补贴实施办法" in offered
    page.get_by_role("button", name="检索").click()
    page.wait_for_url("**/search/?q=*")
    page.get_by_role("link", name="浦东新区一次性就业补贴实施办法").click()
    assert page.get_by_role("heading", name="浦东新区一次性就业补贴实施办法").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="申请表.pdf").click()
    assert download.value.suggested_filename == "申请表.pdf"
    page.get_by_role("link", name="一图读懂一次性就业补贴").click()
    assert page.get_by_role("heading", name="解读的政策").is_visible()
