"""The portal's error pages, the favicon, choosing an agency for 依申请公开, and the application form."""

import re

from django.test import RequestFactory
from django.urls import reverse

from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.tests.conftest import PERSON
from gongkai.portal import views


def test_a_citizen_opening_the_workspace_is_told_where_to_go(as_user, citizen):
    response = as_user(citizen).get("/workspace/")
    page = response.content.decode()
    assert response.status_code == 403 and "这是机关工作人员的工作台" in page
    assert reverse("requests:choose") in page and reverse("requests:status") in page and "退出当前账号" in page


def test_a_missing_page_is_a_chinese_404_with_ways_on(client, tree):
    response = client.get("/documents/00000000-0000-0000-0000-000000000000/")
    page = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in page and reverse("requests:choose") in page
    assert 'name="q"' in page  # the search box is there


def test_the_500_page_needs_neither_session_nor_database():
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "服务暂时出错" in response.content.decode()


def test_the_favicon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")
    assert 'rel="icon"' in client.get("/").content.decode()


def test_any_visitor_finds_the_agency_to_apply_to(client, tree):
    page = client.get("/").content.decode()
    assert page.count(reverse("requests:choose")) >= 2  # the header and the home page
    listing = client.get(reverse("requests:choose"), {"q": "甲局"}).content.decode()
    assert tree["a"].name in listing and tree["b"].name not in listing
    assert reverse("requests:apply", args=[tree["a"].code]) in listing
    assert reverse("portal:agency", args=[tree["a"].code]) + "#guide-h" in listing
    assert "没有找到名称含" in client.get(reverse("requests:choose"), {"q": "不存在的机关"}).content.decode()


def test_the_form_offers_no_dashes_and_keeps_what_was_typed_after_an_error(client, tree):
    url = reverse("requests:apply", args=[tree["a"].code])
    page = client.get(url).content.decode()
    assert "---------" not in page and "checked" not in page.split('name="applicant_type"', 1)[1][:300]
    data = {**PERSON, "id_number": "110105194912310021", "phone": "", "submission_key": "k1"}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and not InfoRequest.objects.exists()
    summary = page.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "有 2 处需要修改" in summary and "所选的文件需要重新选择" in summary
    assert re.search(r'<a href="#id_phone">联系电话：[^<]+</a>', summary)
    assert re.search(r'<a href="#id_id_number">证件号码：[^<]+</a>', summary)
    assert "证件号码：证件号码" not in summary  # a message that names its field is not prefixed twice
    assert 'value="上海市浦东新区某路1号"' in page and PERSON["information"] in page  # kept
