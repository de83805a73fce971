"""适老化 (large print) on a 390 px phone: no page scrolls sideways, no button's label wraps."""

import pytest

from gongkai.portal.tests.test_pages import site  # noqa: F401 — the same small site

pytestmark = pytest.mark.browser

CHECK = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && !e.closest('.table-scroll, .table, pre, code');
  }).map(e => e.tagName + '.' + e.className + ':' + (e.textContent || '').trim().slice(0, 20));
  const wrapped = [...document.querySelectorAll('button, .button')].filter(b => {
    if (!b.offsetParent) return false;
    const line = parseFloat(getComputedStyle(b).lineHeight);
    const pad = parseFloat(getComputedStyle(b).paddingTop) + parseFloat(getComputedStyle(b).paddingBottom);
    return b.getBoundingClientRect().height - pad > line * 1.5;
  }).map(b => b.textContent.trim());
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5), wrapped};
}"""


def test_large_print_fits_a_phone_on_every_public_page(page, site, tree):  # noqa: F811
    policy = site["policy"]
    page.goto("/")
    size = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="适老化模式（大字、高对比）").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="退出适老化模式").get_attribute("aria-pressed") == "true"
    larger = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert larger > size * 1.3  # and it persists on every page below (the cookie)
    urls = ["/", "/search/?q=就业补贴", "/normative/", f"/agencies/{tree['a'].code}/", "/requests/apply/",
            f"/agencies/{tree['a'].code}/apply/", "/requests/status/", "/login/", "/register/",
            f"/documents/{policy.uid}/"]  # fmt: skip
    problems = {}
    for url in urls:
        page.goto(url)
        assert "a11y" in page.evaluate("() => document.documentElement.className"), url
        found = page.evaluate(CHECK)
        if found["scroll"] > found["width"] or found["wide"] or found["wrapped"]:
            problems[url] = found
    assert problems == {}
