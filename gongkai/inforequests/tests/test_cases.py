import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.queue import items_for
from gongkai.audit.models import Event
from gongkai.inforequests.law import Outcome
from gongkai.inforequests.models import CaseError, InfoRequest, Status
from gongkai.inforequests.tests.conftest import PERSON

D = datetime.date


def test_an_online_application_gets_a_number_and_a_query_code(client, tree):
    form = client.get(f"/agencies/{tree['a'].code}/apply/").context["form"]
    key = form["submission_key"].value()
    response = client.post(f"/agencies/{tree['a'].code}/apply/", {**PERSON, "submission_key": key})
    case = InfoRequest.objects.get()
    page = response.content.decode()
    assert case.number.startswith("T-A-") and case.number in page and case.channel == "online"
    code = response.context["query_code"]
    assert case.check_code(code) and "互联网渠道" in case.receipt_note
    # Posting the same form again creates nothing new.
    again = client.post(f"/agencies/{tree['a'].code}/apply/", {**PERSON, "submission_key": key})
    assert InfoRequest.objects.count() == 1 and "未重复登记" in again.content.decode()


def test_a_wrong_id_number_names_the_check_digit(client, tree):
    data = {**PERSON, "id_number": "110105194912310021", "submission_key": "k1"}
    page = client.post(f"/agencies/{tree['a'].code}/apply/", data).content.decode()
    assert "居民身份证号码校验码不符合 GB 11643-1999" in page and not InfoRequest.objects.exists()
    org = {**PERSON, "applicant_type": "commercial", "credit_code": "91350100M000100Y44", "submission_key": "k2"}
    page = client.post(f"/agencies/{tree['a'].code}/apply/", org).content.decode()
    assert "GB 32100-2015" in page and "联系人：法人或其他组织必须填写" in page


def test_the_status_page_needs_the_number_and_the_code(client, case):
    page = client.post("/requests/status/", {"number": case.number, "code": "WRONG"}).content.decode()
    assert "申请编号或查询码不正确" in page and "张三" not in page and "答复期限" not in page
    page = client.post("/requests/status/", {"number": case.number, "code": case.query_code.lower()}).content.decode()
    assert "答复期限" in page and "2026年3月16日" in page


def test_staff_registration_follows_the_channel_rule(as_user, officer_a):
    data = {**PERSON, "channel": "post_signed", "received_on": "2026-03-02", "submission_key": "x"}
    response = as_user(officer_a).post(reverse("inforequests:register"), data)
    case = InfoRequest.objects.get()
    assert response.status_code == 302 and case.received_on == D(2026, 3, 2)
    assert case.receipt_note == "邮寄（需签收）：以行政机关签收之日为收到申请之日（《政府信息公开条例》第三十一条）"
    future = {**data, "received_on": "2999-01-01", "submission_key": "y"}
    assert "不能晚于今天" in as_user(officer_a).post(reverse("inforequests:register"), future).content.decode()


def test_the_clock_across_spring_festival_with_correction_consultation_and_extension(head_a, case, officer_a):
    # Day 1 is 11 Feb; 14 Feb is a make-up Saturday; 15–23 Feb is 春节: the 20th working day is 16 Mar.
    assert case.clock(D(2026, 2, 10)).due == D(2026, 3, 16)
    case.request_correction(by=officer_a, on=D(2026, 2, 12), note="请写明所需信息的时间范围")
    assert case.clock(D(2026, 2, 20)).paused
    case.record_correction(by=officer_a, on=D(2026, 2, 26))
    assert case.clock(D(2026, 2, 26)).due == D(2026, 3, 25)  # 20 working days from the corrected application
    case.start_consultation(by=officer_a, on=D(2026, 3, 3))
    case.end_consultation(by=officer_a, on=D(2026, 3, 10))
    assert case.clock(D(2026, 3, 10)).due == D(2026, 4, 1)  # five paused working days added
    case.extend(by=officer_a, approved_by=head_a, on=D(2026, 3, 20), days=10, note="信息量大")
    clock = case.clock(D(2026, 3, 20))
    assert clock.due == D(2026, 4, 16)  # across 清明 (6 Apr)
    assert any("春节" in s for s in case.clock(D(2026, 2, 10)).steps)
    verbs = set(Event.objects.filter(target_id=str(case.pk)).values_list("verb", flat=True))
    assert {"inforequest.registered", "inforequest.correction_requested", "inforequest.extension_granted"} <= verbs


def test_illegal_steps_are_refused_with_the_reason(head_a, case, officer_a, drafter):
    case.request_correction(by=officer_a, on=D(2026, 2, 12), note="请补正")
    with pytest.raises(CaseError, match="补正告知只能发出一次"):
        case.request_correction(by=officer_a, on=D(2026, 2, 13), note="再补正")
    case.record_correction(by=officer_a, on=D(2026, 2, 26))
    with pytest.raises(CaseError, match="1至20个工作日"):
        case.extend(by=officer_a, approved_by=head_a, on=D(2026, 3, 2), days=25, note="x")
    with pytest.raises(CaseError, match="负责人批准"):
        case.extend(by=drafter, on=D(2026, 3, 2), days=5, note="x")
    case.withdraw(by=officer_a, on=D(2026, 3, 3), note="申请人撤回")
    with pytest.raises(CaseError, match="已申请人撤回"):
        case.reply(by=officer_a, on=D(2026, 3, 4), outcome=Outcome.GRANTED, text="答复")
    assert case.outcome == Outcome.OTHER and case.status == Status.WITHDRAWN


def test_an_uncorrected_request_closes_as_row_six_one(case, officer_a):
    with pytest.raises(CaseError, match="没有待补正的补正告知"):
        case.close_without_reply(by=officer_a, on=D(2026, 3, 1), outcome=Outcome.OTHER_UNCORRECTED, note="逾期")
    case.request_correction(by=officer_a, on=D(2026, 2, 12), note="请补正")
    case.close_without_reply(by=officer_a, on=D(2026, 3, 20), outcome=Outcome.OTHER_UNCORRECTED, note="逾期未补正")
    assert case.status == Status.CLOSED
    assert case.get_outcome_display().startswith("（六）1.申请人无正当理由逾期不补正")


def test_replies_through_the_page_and_the_applicant_sees_them(as_user, officer_a, case, client):
    staff = as_user(officer_a)
    staff.post(
        reverse("inforequests:act", args=[case.number, "reply"]),
        {
            "outcome": "partial",
            "on": "2026-03-05",
            "text": "部分公开：附件为发放人数。",
            "withheld_reasons": "发放金额明细——涉及个人信息（第十五条）",
        },
    )
    case.refresh_from_db()
    assert case.status == Status.REPLIED and case.outcome == Outcome.PARTIAL
    client.logout()
    page = client.post("/requests/status/", {"number": case.number, "code": case.query_code}).content.decode()
    assert "部分公开：附件为发放人数" in page


def test_cases_are_scoped_to_the_agency(as_user, case, officer_b, supervisor):
    url = reverse("inforequests:detail", args=[case.number])
    assert as_user(officer_b).get(url).status_code == 404
    assert case.number not in as_user(officer_b).get(reverse("inforequests:list") + "?view=all").content.decode()
    assert as_user(supervisor).get(url).status_code == 200
    assert as_user(officer_b).post(reverse("inforequests:act", args=[case.number, "reply"]), {}).status_code == 404


def test_applicant_data_never_reaches_public_pages(client, case):
    for url in ["/", "/feeds/all.atom", "/sitemap.xml", f"/agencies/{case.agency.code}/", "/api/v1/agencies"]:
        body = client.get(url).content.decode()
        assert "张三" not in body and "11010519491231002X" not in body and "13800000000" not in body
    assert client.get("/search/", {"q": "张三"}).context["rows"] == []
    assert client.get("/api/v1/documents", {"q": "就业补贴 发放人数"}).json()["items"] == []


def test_due_cases_reach_my_queue(as_user, officer_a, tree):
    InfoRequest.register(
        agency=tree["a"],
        by=officer_a,
        channel="in_person",
        received_on=timezone.localdate() - datetime.timedelta(days=40),
        **PERSON,
    )
    page = as_user(officer_a).get(reverse("accounts:queue")).content.decode()
    assert "依申请公开·已超期" in page


def test_the_clock_across_national_day_with_correction_consultation_and_extension(head_a, tree, officer_a):
    # Spec §1.4 vector: received Fri 18 Sep 2026 → 补正 due 29 Sep, reply due 22 Oct, with the full extension 19 Nov.
    case, _ = InfoRequest.register(
        agency=tree["a"], by=officer_a, channel="post_signed", received_on=D(2026, 9, 18), **PERSON
    )
    clock = case.clock(D(2026, 9, 18))
    assert (clock.correction_due, clock.due) == (D(2026, 9, 29), D(2026, 10, 22))
    case.request_correction(by=officer_a, on=D(2026, 9, 25), note="请写明年度")
    case.record_correction(by=officer_a, on=D(2026, 9, 30))  # the day before 国庆
    # From 1 Oct: 1–7 Oct off, Sat 10 Oct worked: 8, 9, 10, 12–16, 19–23, 26–30 Oct, 2–3 Nov.
    assert case.clock(D(2026, 9, 30)).due == D(2026, 11, 3)
    case.start_consultation(by=officer_a, on=D(2026, 10, 12))
    case.end_consultation(by=officer_a, on=D(2026, 10, 16))
    case.extend(by=officer_a, approved_by=head_a, on=D(2026, 10, 30), days=20, note="信息量大")
    clock = case.clock(D(2026, 10, 30))
    # The pause runs from the day after the letter went out to the day the answer came (13–16 Oct):
    # 3 Nov + 4 = 9 Nov; + 20 working days of extension = 7 Dec.
    assert clock.due == D(2026, 12, 7)
    assert any("国庆" in s for s in case.clock(D(2026, 9, 30)).steps)


def test_identity_copies_are_type_checked_and_stay_with_the_agency(client, tree, as_user, officer_a, supervisor):
    bad = SimpleUploadedFile("身份证.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    data = {**PERSON, "submission_key": "k-bad", "identity_files": bad}
    page = client.post(f"/agencies/{tree['a'].code}/apply/", data).content.decode()
    assert "身份证明：" in page and not InfoRequest.objects.exists()
    jpg = SimpleUploadedFile("身份证.jpg", b"\xff\xd8\xff\xe0" + b"0" * 100, content_type="image/jpeg")
    client.post(f"/agencies/{tree['a'].code}/apply/", {**PERSON, "submission_key": "k-ok", "identity_files": jpg})
    case = InfoRequest.objects.get()
    identity = case.files.get(kind="identity")
    url = reverse("inforequests:file", args=[case.number, identity.pk])
    assert as_user(officer_a).get(url).status_code == 200
    # The district office audits the handling; it sees the case but not the person.
    assert as_user(supervisor).get(url).status_code == 404
    page = as_user(supervisor).get(reverse("inforequests:detail", args=[case.number])).content.decode()
    assert "张*" in page and PERSON["id_number"] not in page and PERSON["phone"] not in page
    assert "个人信息仅经办人员可见" in page and PERSON["address"] not in page


def test_an_uncorrected_case_waits_for_the_correction_period(case, officer_a, as_user):
    case.request_correction(by=officer_a, on=D(2026, 2, 12), note="请补正")
    assert case.correction_answer_due() == D(2026, 3, 11)  # 15 working days across 春节
    assert "2026年3月11日前提交补正后的申请" in case.letters.get().body
    with pytest.raises(CaseError, match="补正期限至2026年3月11日"):
        case.close_without_reply(by=officer_a, on=D(2026, 3, 11), outcome=Outcome.OTHER_UNCORRECTED, note="逾期")
    assert any("补正期满" in item.title for item in items_for(officer_a))
    case.close_without_reply(by=officer_a, on=D(2026, 3, 12), outcome=Outcome.OTHER_UNCORRECTED, note="逾期")


def test_the_applicant_withdraws_online(client, case):
    client.post("/requests/status/", {"number": case.number, "code": case.query_code})
    page = client.post(reverse("requests:withdraw"), {"number": case.number}, follow=True).content.decode()
    assert "请勾选" in page and InfoRequest.objects.get().status == Status.OPEN
    client.post(reverse("requests:withdraw"), {"number": case.number, "confirm": "yes", "reason": "已自行获取"})
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN and case.outcome == Outcome.OTHER
    other = client.__class__()
    assert other.post(reverse("requests:withdraw"), {"number": case.number, "confirm": "yes"}).status_code == 404


def test_an_art_35_delayed_deadline_replaces_the_due_date(as_user, case, officer_a):
    url = reverse("inforequests:act", args=[case.number, "step"])
    page = as_user(officer_a).post(url, {"step": "delay", "on": "2026-02-12"}, follow=True).content.decode()
    assert "延迟答复期限：确定延迟答复期限必须填写日期" in page
    with pytest.raises(CaseError, match="必须写明理由"):
        case.set_delayed_deadline(by=officer_a, on=D(2026, 2, 12), due=D(2026, 5, 29), note=" ")
    # art. 35: the applicant is asked for reasons first, and gives them
    case.request_reasons(by=officer_a, on=D(2026, 2, 11), note="一次申请 60 项")
    case.record_reasons(by=officer_a, on=D(2026, 2, 12), note="课题研究需要")
    as_user(officer_a).post(url, {"step": "delay", "on": "2026-02-12", "due": "2026-05-29", "note": "一次申请 60 项"})
    clock = case.clock(D(2026, 3, 20))
    assert clock.due == D(2026, 5, 29) and any("第三十五条" in s for s in clock.steps)
