"""The journey of issue 20: an enterprise describes itself and subscribes; an officer publishes a policy
that matches (with its interpretation, 三同步); the enterprise finds it in its inbox with the interpretation."""

import pytest

from gongkai.accounts.models import PublicKind, User, UserKind
from gongkai.conftest import PASSWORD
from gongkai.documents.law import InterpretationForm
from gongkai.documents.models import Review, Tag
from gongkai.subscriptions import sending
from gongkai.subscriptions.models import Delivery

pytestmark = pytest.mark.browser


def test_an_enterprise_subscribes_and_finds_a_matching_policy_with_its_interpretation(
    page, tree, approved, make_draft, drafter, reviewer, officer_a, live_server
):
    User.objects.create_user(
        username="factory",
        password=PASSWORD,
        kind=UserKind.PUBLIC,
        public_kind=PublicKind.ORGANISATION,
        org_name="示范制造有限公司",
        credit_code="91310115MA1K4DEM05",
        full_name="联系人",
    )
    page.goto("/login/?next=/push/profile/")
    page.get_by_label("用户名").fill("factory")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/push/profile/")
    page.get_by_label("行业门类（企业）").select_option("C")
    page.get_by_label("企业规模").select_option("small")
    page.get_by_label("我同意接收政策推送（可随时撤回）").check()
    page.get_by_role("button", name="保存").click()
    page.get_by_text("画像已保存。").wait_for()  # visible, once the page has loaded
    page.goto("/push/subscriptions/")
    page.locator("select[name=kind]").select_option("search")
    page.get_by_label("检索词").fill("技术改造")
    page.get_by_role("button", name="订阅", exact=True).click()
    page.get_by_test_id("subscriptions").get_by_text(
        "检索词：“技术改造”"
    ).wait_for()  # visible, once the page has loaded

    # the office publishes a policy for small manufacturers, with its interpretation (三同步)
    policy = approved(
        title="小微企业技术改造补贴办法", needs_interpretation=True, summary="对小微制造企业技术改造给予补贴。"
    )
    policy.tags.set(Tag.objects.filter(name__in=["企业", "小微企业", "制造业"]))
    interp = make_draft(
        title="《小微企业技术改造补贴办法》政策解读",
        kind="interpretation",
        interpretation_form=InterpretationForm.GRAPHIC,
    )
    interp.interprets.set([policy])
    interp.submit(by=drafter)
    interp.review(
        by=reviewer, decision=Review.Decision.APPROVE, attribute="proactive", withhold_ground="", opinion="同意"
    )
    office = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    office.goto("/workspace/login/")
    office.get_by_label("用户名").fill("officer-a")
    office.get_by_label("密码").fill(PASSWORD)
    office.get_by_role("button", name="登录").click()
    office.wait_for_url("**/workspace/")
    office.goto(f"/workspace/documents/{policy.uid}/")
    office.get_by_role("button", name="发布", exact=True).click()
    delivery = Delivery.objects.get(user__username="factory")  # matched on publication, once
    assert delivery.subscription is not None  # the saved search's rule, not only the profile's

    sending.send_due()  # the worker's minute job, run here in its place
    page.goto("/push/inbox/")
    page.get_by_test_id("inbox").get_by_role("link", name="小微企业技术改造补贴办法").click()
    page.get_by_test_id("push-interpretations").get_by_text(
        "政策解读"
    ).first.wait_for()  # visible, once the page has loaded
    page.get_by_role("link", name="阅读全文").click()
    page.wait_for_url(f"**/documents/{policy.uid}/")
