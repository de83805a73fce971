"""Exports never carry a live formula; highlighting works on text; phone numbers are checked on intake."""

import csv
import datetime
import io

from django.urls import reverse
from django.utils import timezone

from gongkai.documents.models import Review
from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.tests.conftest import PERSON
from gongkai.lib import health
from gongkai.lib.sheets import safe_cell
from gongkai.portal.views import _highlight
from gongkai.search import engine
from gongkai.workdays import reminders


def test_cells_that_a_spreadsheet_would_run_are_neutralised():
    for text in ('=HYPERLINK("http://x","点我")', "+1+2", "-1", "@SUM(A1)", "\tx", "\r=1"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("正常文字") == "正常文字" and safe_cell(12) == 12 and safe_cell("1-2") == "1-2"


def test_the_case_export_writes_no_formula(as_user, tree, officer_a):
    InfoRequest.register(
        agency=tree["a"], by=officer_a, channel="in_person", received_on=datetime.date(2026, 3, 2),
        **{**PERSON, "information": '=HYPERLINK("http://evil.example","点击")', "applicant_name": "@张三"},
    )  # fmt: skip
    body = as_user(officer_a).get(reverse("inforequests:export"), {"year": 2026}).content.decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(body)))[1]
    assert '\'=HYPERLINK("http://evil.example","点击")' in row and "'@张三" in row
    assert not any(cell.startswith(("=", "+", "@")) for cell in row)


def test_highlighting_escapes_after_matching_on_text():
    html = _highlight("A&B 与 <就业> 补贴 amp", ["amp", "就业"])
    assert "A&amp;B" in html and "&<mark>" not in html  # no match inside the entity the escaping made
    assert html.count("<mark>amp</mark>") == 1
    assert "&lt;<mark>就业</mark>&gt;" in html and "<就业>" not in html
    assert _highlight("mark mark", ["mark", "ma"]).count("<mark>") == 2  # never inside an earlier mark


def test_a_phone_number_must_look_like_one(client, tree):
    url = reverse("requests:apply", args=[tree["a"].code])
    for bad in ("=1+1", "abc", "12", "1" * 25):
        page = client.post(url, {**PERSON, "phone": bad, "submission_key": f"p-{bad}"}).content.decode()
        assert "联系电话：只能填写数字" in page, bad
    for good in ("13800000000", "021-6888 1234转12", "+86 (21) 68881234"):
        client.post(url, {**PERSON, "phone": good, "submission_key": f"p-{good}"})
    assert InfoRequest.objects.count() == 3


def test_a_scheduled_interpretation_is_not_linked_from_search_results_before_it_is_out(
    client, approved, make_draft, drafter, reviewer, officer_a
):
    policy = approved(title="养老服务补贴办法", needs_interpretation=True, interpretation_exemption="另行解读")
    policy.publish(by=officer_a)
    interp = make_draft(title="一图读懂养老服务补贴", kind="interpretation", interpretation_form="graphic")
    interp.interprets.set([policy])
    interp.submit(by=drafter)
    interp.review(by=reviewer, decision=Review.Decision.APPROVE, attribute="proactive", opinion="同意")
    interp.refresh_from_db()
    interp.publish(by=officer_a, at=timezone.now() + datetime.timedelta(days=2))
    engine.apply_changes()
    page = client.get(reverse("portal:library"), {"q": "补贴办法"}).content.decode()
    assert "共 1 条" in page and str(policy.uid) in page  # the policy is found
    assert str(interp.uid) not in page and "解读：" not in page  # its scheduled interpretation is not linked yet


def test_every_page_carries_a_strict_content_security_policy(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src", 1)[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert client.get("/api/v1/docs")["Content-Security-Policy"] == policy


def test_the_health_endpoint_says_what_is_wrong_and_nothing_more(client, db, settings):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503 and "worker" in body["problems"] and body["database"] == "ok"
    assert ("calendar" in body["problems"]) == bool(reminders.missing_next_year())
    health.beat(timezone.now())
    body = client.get("/healthz").json()
    assert "worker" not in body["problems"] and body["worker_seconds_since_last_loop"] <= 1
    health.beat(timezone.now() - datetime.timedelta(minutes=10))
    assert "worker" in client.get("/healthz").json()["problems"]  # silent for ten minutes: down
    health.beat(timezone.now())
    if not reminders.missing_next_year():
        assert client.get("/healthz").status_code == 200
    assert set(body) == {"ok", "problems", "database", "worker_seconds_since_last_loop", "search_index_lag",
                         "next_year_calendar_missing"}  # fmt: skip
