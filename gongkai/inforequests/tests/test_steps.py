import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as Docx

from gongkai.accounts.models import Department
from gongkai.audit.models import Event
from gongkai.inforequests import letters, report
from gongkai.inforequests.law import (
    ApplicantType,
    ChallengeKind,
    ChallengeResult,
    FeeMethod,
    LetterKind,
    Outcome,
    fee_for_nth_request,
    fee_for_pages,
)
from gongkai.inforequests.models import CaseError, InfoRequest, Status
from gongkai.inforequests.tests.conftest import PERSON, balanced, reply_any
from gongkai.lib.files import sniff

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_text(letter):
    with letter.file.open("rb") as handle:
        return "\n".join(p.text for p in Docx(io.BytesIO(handle.read())).paragraphs)


def test_fee_bands_follow_the_2020_schedule():
    # 按件计收: 1–10 free, 11–30 100 元, then +100 元 every 10 requests (国办函〔2020〕109号).
    assert [fee_for_nth_request(n) for n in (10, 11, 30, 31, 40, 41, 51)] == [0, 100, 100, 200, 200, 300, 400]
    # 按量计收, progressive: 70 × 10 + 50 × 20 for 150 pages; 70×10 + 100×20 + 50×40 for 250.
    assert [fee_for_pages(p) for p in (30, 31, 150, 250)] == [0, 10, 1700, 4700]


def test_the_eleventh_request_in_a_month_is_charged_and_unpaid_closes_as_six_two(tree, officer_a):
    cases = [
        InfoRequest.register(agency=tree["a"], by=officer_a, channel="in_person", received_on=D(2026, 3, 2), **PERSON)[
            0
        ]
        for _ in range(11)
    ]
    with pytest.raises(CaseError, match="本月第10件申请，0元.*免费范围"):
        cases[9].issue_fee_notice(by=officer_a, on=D(2026, 3, 3), method=FeeMethod.BY_COUNT)
    case = cases[10]
    case.issue_fee_notice(by=officer_a, on=D(2026, 3, 3), method=FeeMethod.BY_COUNT)
    assert case.fee.amount == 100 and case.clock(D(2026, 3, 10)).paused
    case.record_fee_notice_receipt(by=officer_a, on=D(2026, 3, 3))
    with pytest.raises(CaseError, match="只能发出一次"):
        case.issue_fee_notice(by=officer_a, on=D(2026, 3, 4), method=FeeMethod.BY_PAGE, pages=80)
    fee_letter = case.letters.get(kind=LetterKind.FEE)
    assert "100元" in fee_letter.body and "收到本通知之日起20个工作日内" in fee_letter.body
    assert case.clock(D(2026, 3, 10)).fee_payment_due == D(2026, 3, 31)  # 20 working days after receipt
    with pytest.raises(CaseError, match="期满后才能"):
        case.close_without_reply(by=officer_a, on=D(2026, 3, 31), outcome=Outcome.OTHER_UNPAID, note="未缴")
    case.close_without_reply(by=officer_a, on=D(2026, 4, 1), outcome=Outcome.OTHER_UNPAID, note="逾期未缴")
    assert case.status == Status.CLOSED and case.outcome == Outcome.OTHER_UNPAID
    closing = case.letters.get(kind=LetterKind.REPLY)
    assert "2026年3月3日向您发出收费通知书" in closing.body and "第四十二条" in closing.body


def test_a_paid_fee_resumes_the_clock(case, officer_a):
    case.issue_fee_notice(by=officer_a, on=D(2026, 3, 2), method=FeeMethod.BY_PAGE, pages=150)
    assert case.fee.amount == 1700
    case.record_payment(by=officer_a, on=D(2026, 3, 6))
    # 10 Feb + 20 WD = 16 Mar, plus the 4 paused working days 3–6 Mar.
    assert case.clock(D(2026, 3, 6)).due == D(2026, 3, 20)
    with pytest.raises(CaseError, match="没有待缴"):
        case.record_payment(by=officer_a, on=D(2026, 3, 7))


def test_letters_carry_the_dates_and_articles_and_freeze_as_docx(head_a, case, officer_a):
    case.request_correction(by=officer_a, on=D(2026, 2, 12), note="请写明所需信息的年度")
    draft = case.letters.get(kind=LetterKind.CORRECTION)
    assert "2026年2月10日收到" in draft.body and "请写明所需信息的年度" in draft.body
    assert "第三十条" in draft.articles
    letters.edit(draft, by=officer_a, body=draft.body + "\n如有疑问请致电。")
    with pytest.raises(CaseError, match=r"未填写的内容 \{年度\}"):
        letters.edit(draft, by=officer_a, body="请补充{年度}")
    letters.issue(draft, by=officer_a, on=D(2026, 2, 12))
    text = docx_text(draft)
    assert "政府信息公开申请补正告知书" in text and "2026年2月12日" in text and "如有疑问请致电" in text
    assert draft.sha256 and "测试区甲局" in text
    with pytest.raises(CaseError, match="已出具"):
        letters.edit(draft, by=officer_a, body="改")
    case.record_correction(by=officer_a, on=D(2026, 2, 26))
    case.extend(by=officer_a, approved_by=head_a, on=D(2026, 3, 20), days=10, note="需要调取档案")
    extension = case.letters.get(kind=LetterKind.EXTENSION)
    assert "延长10个工作日" in extension.body and "2026年4月9日前" in extension.body  # 25 Mar + 10 WD across 清明
    assert "需要调取档案" in extension.body
    assert "inforequest.letter_issued" in Event.objects.values_list("verb", flat=True)


def test_partial_disclosure_needs_reasons_and_attaches_released_files(case, officer_a):
    with pytest.raises(CaseError, match="逐项写明"):
        case.reply(by=officer_a, on=D(2026, 3, 5), outcome=Outcome.PARTIAL, text="部分公开")
    upload = SimpleUploadedFile("发放人数.pdf", PDF, content_type="application/pdf")
    case.reply(
        by=officer_a, on=D(2026, 3, 5), outcome=Outcome.PARTIAL, text="部分公开", withheld_reasons="金额——隐私",
        files=[upload],
    )  # fmt: skip
    assert case.files.get().name == "发放人数.pdf"


def test_delivery_must_be_proven_before_archiving(case, officer_a):
    case.reply(by=officer_a, on=D(2026, 3, 5), outcome=Outcome.GRANTED, text="见附件。")
    letter = case.letters.get()
    with pytest.raises(CaseError, match="送达凭证"):
        case.archive(by=officer_a, on=D(2026, 3, 20))
    with pytest.raises(CaseError, match="只能送达本案已出具的文书"):
        case.dispatch(by=officer_a, method="ems", sent_on=D(2026, 3, 6), tracking_number="1", letter=letter)
    letters.issue(letter, by=officer_a, on=D(2026, 3, 5))
    with pytest.raises(CaseError, match="邮件号"):
        case.dispatch(by=officer_a, method="ems", sent_on=D(2026, 3, 6), letter=letter)
    sent = case.dispatch(by=officer_a, method="ems", sent_on=D(2026, 3, 6), tracking_number="ea123cn", letter=letter)
    assert sent.tracking_number == "EA123CN" and not case.delivery_proven()
    with pytest.raises(CaseError, match="不能早于寄出日期"):
        case.record_delivery(by=officer_a, dispatch=sent, on=D(2026, 3, 5))
    case.record_delivery(by=officer_a, dispatch=sent, on=D(2026, 3, 9))
    case.archive(by=officer_a, on=D(2026, 3, 10))
    assert case.archived_on == D(2026, 3, 10)
    verbs = list(Event.objects.filter(target_id=str(case.pk)).values_list("verb", flat=True))
    assert {"inforequest.dispatched", "inforequest.delivered", "inforequest.archived"} <= set(verbs)


def test_several_departments_contribute(case, officer_a, tree):
    lead = tree["a"].departments.get()
    other = Department.objects.create(agency=tree["a"], name="就业促进科")
    case.assign(by=officer_a, department=lead, task="汇总答复")
    help_ = case.assign(by=officer_a, department=other, lead=False, task="提供发放人数")
    with pytest.raises(CaseError, match="已有未完成的分办"):
        case.assign(by=officer_a, department=other, lead=False)
    with pytest.raises(CaseError, match="必须属于受理机关"):
        case.assign(by=officer_a, department=tree["b"].departments.get())
    help_.answer_with(by=officer_a, text="共发放 1,234 人")
    case.refresh_from_db()
    assert case.department == lead and help_.answered_on and case.assignments.count() == 2


def _case(agency, officer, applicant_type, received_on, **extra):
    fields = {**PERSON, "applicant_type": applicant_type, **extra}
    if applicant_type != ApplicantType.PERSON:
        fields.update(id_type="", id_number="", credit_code="91310000MA1FL0HX6R", contact_person="李四")
    return InfoRequest.register(agency=agency, by=officer, channel="in_person", received_on=received_on, **fields)[0]


def test_each_outcome_lands_in_its_row_and_applicant_column(tree, officer_a):
    types = list(ApplicantType)
    expected = {}
    for i, outcome in enumerate(Outcome):
        applicant_type = types[i % len(types)]
        case = _case(tree["a"], officer_a, applicant_type, D(2026, 3, 2))
        if outcome == Outcome.OTHER_UNCORRECTED:
            case.request_correction(by=officer_a, on=D(2026, 3, 3), note="补正")
            case.close_without_reply(by=officer_a, on=D(2026, 4, 20), outcome=outcome, note="逾期")
        elif outcome == Outcome.OTHER_UNPAID:
            case.issue_fee_notice(by=officer_a, on=D(2026, 3, 3), method=FeeMethod.BY_PAGE, pages=40)
            case.record_fee_notice_receipt(by=officer_a, on=D(2026, 3, 4))
            case.close_without_reply(by=officer_a, on=D(2026, 4, 20), outcome=outcome, note="逾期")
        elif outcome == Outcome.OTHER:
            case.withdraw(by=officer_a, on=D(2026, 3, 4), note="撤回")
        else:
            reply_any(case, officer_a, D(2026, 3, 20), outcome.value)
        expected[outcome.value] = types.index(applicant_type)
    rows = {r.key: r for r in report.table_three(InfoRequest.objects.filter(agency=tree["a"]), 2026)}
    for outcome, column in expected.items():
        cells = rows[outcome].cells
        assert cells[column] == 1 and cells[-1] == 1 and sum(cells[:-1]) == 1, outcome
    assert rows["new"].cells[-1] == 21 and rows["total"].cells[-1] == 21 and rows["carried_out"].cells[-1] == 0
    assert balanced(list(rows.values()), 2026)


def test_carried_cases_balance_across_years(tree, officer_a):
    old = _case(tree["a"], officer_a, ApplicantType.PERSON, D(2025, 12, 29))
    late = _case(tree["a"], officer_a, ApplicantType.COMMERCIAL, D(2026, 12, 1))
    old.reply(by=officer_a, on=D(2026, 1, 15), outcome=Outcome.GRANTED, text="答复")
    r2025 = {r.key: r for r in report.table_three(InfoRequest.objects.all(), 2025)}
    r2026 = {r.key: r for r in report.table_three(InfoRequest.objects.all(), 2026)}
    assert r2025["new"].cells[0] == 1 and r2025["carried_out"].cells[0] == 1 and r2025["total"].cells[-1] == 0
    assert r2026["carried_in"].cells[0] == 1 and r2026["granted"].cells[0] == 1
    assert r2026["new"].cells[1] == 1 and r2026["carried_out"].cells[1] == 1
    assert balanced(list(r2025.values()), 2025) and balanced(list(r2026.values()), 2026)
    assert late.status == Status.OPEN


def test_reviews_and_suits_fill_table_four(case, officer_a):
    case.reply(by=officer_a, on=D(2026, 3, 5), outcome=Outcome.WITHHELD_PROCESS, text="不予公开")
    review = case.report_challenge(
        by=officer_a, kind=ChallengeKind.REVIEW, body="测试区人民政府", filed_on=D(2026, 4, 1)
    )
    suit = case.report_challenge(
        by=officer_a, kind=ChallengeKind.LAWSUIT, body="测试区人民法院", filed_on=D(2026, 7, 1), after_review=True
    )
    case.report_challenge(by=officer_a, kind=ChallengeKind.LAWSUIT, body="测试区人民法院", filed_on=D(2026, 8, 1))
    with pytest.raises(CaseError, match="只适用于行政诉讼"):
        case.report_challenge(
            by=officer_a, kind=ChallengeKind.REVIEW, body="x", filed_on=D(2026, 4, 1), after_review=True
        )
    case.decide_challenge(by=officer_a, challenge=review, result=ChallengeResult.UPHELD, decided_on=D(2026, 6, 1))
    case.decide_challenge(by=officer_a, challenge=suit, result=ChallengeResult.CORRECTED, decided_on=D(2027, 2, 1))
    # review upheld; direct suit pending; suit after review decided only in 2027, so pending at year end
    assert report.table_four(InfoRequest.objects.all(), 2026) == [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1]
    assert report.table_four(InfoRequest.objects.all(), 2025) == [0] * 15


def test_the_applicant_corrects_online_and_downloads_letters(client, case, officer_a):
    case.request_correction(by=officer_a, on=D(2026, 2, 12), note="请写明年度")
    letters.issue(case.letters.get(), by=officer_a, on=D(2026, 2, 12))
    letter = case.letters.get()
    url = reverse("requests:applicant_letter", args=[letter.pk])
    assert client.get(url).status_code == 404  # not without the number and the query code
    page = client.post("/requests/status/", {"number": case.number, "code": case.query_code}).content.decode()
    assert "需要您补正" in page and "请写明年度" in page and "补正告知书" in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    client.post(reverse("requests:correct"), {"number": case.number, "text": "所需为2025年度的数据"})
    event = case.events.get(kind="correction_received")
    assert event.note == "所需为2025年度的数据" and event.actor_name == "申请人（在线补正）"
    again = client.post(reverse("requests:correct"), {"number": case.number, "text": "再次补正"}, follow=True)
    assert "没有待补正的告知" in again.content.decode() and "需要您补正" not in again.content.decode()
    assert case.events.filter(kind="correction_received").count() == 1


def test_staff_steps_through_the_page_and_errors_name_the_field(as_user, case, officer_a, officer_b):
    staff = as_user(officer_a)
    act = lambda action, data: staff.post(  # noqa: E731
        reverse("inforequests:act", args=[case.number, action]), data, follow=True
    ).content.decode()
    assert "延长工作日数：延期必须填写" in act("step", {"step": "extend", "on": "2026-02-20"})
    assert "页数：按量计收必须填写页数" in act("fee", {"method": "page", "on": "2026-02-20"})
    page = act("reply", {"outcome": "granted", "on": "2026-03-05", "text": "予以公开"})
    assert "答复书草稿已生成" in page
    letter = case.letters.get()
    page = act("issue_letter", {"letter": letter.pk, "body": letter.body, "on": "2026-03-05"})
    assert "已出具政府信息公开申请答复书" in page
    assert "邮件号：EMS 邮寄必须填写邮件号" in act("dispatch", {"method": "ems", "sent_on": "2026-03-06"})
    act("dispatch", {"method": "ems", "sent_on": "2026-03-06", "tracking_number": "EA1CN", "letter": letter.pk})
    dispatch = case.dispatches.get()
    act("delivered", {"dispatch": dispatch.pk, "on": "2026-03-09"})
    assert "已办结归档" in act("archive", {"on": "2026-03-10"})
    download = staff.get(reverse("inforequests:letter", args=[case.number, letter.pk]))
    assert download.status_code == 200
    other = as_user(officer_b)
    assert other.get(reverse("inforequests:letter", args=[case.number, letter.pk])).status_code == 404
    assert other.post(reverse("inforequests:act", args=[case.number, "archive"]), {}).status_code == 404


def test_the_letter_docx_is_well_formed_and_deterministic(case, officer_a):
    case.reply(by=officer_a, on=D(2026, 3, 5), outcome=Outcome.GRANTED, text="见附件 <1> & 2")
    letter = case.letters.get()
    first = letters.render_docx(letter, D(2026, 3, 5))
    assert first == letters.render_docx(letter, D(2026, 3, 5))  # same letter, same bytes
    assert sniff(io.BytesIO(first)) == "docx"
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
    paragraphs = [p.text for p in Docx(io.BytesIO(first)).paragraphs]
    assert paragraphs[0] == "政府信息公开申请答复书" and "见附件 <1> & 2" in paragraphs
    assert paragraphs[-1] == "2026年3月5日" and paragraphs[-2] == "测试区甲局"
