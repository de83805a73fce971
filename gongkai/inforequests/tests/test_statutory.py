"""The rules that decide whether a reply survives 复议 or 诉讼 (issue: statutory corrections): remedy
notices and review bodies, late steps that must not hide 超期, the art. 32/34/35/41 procedures, and
the citations of each reply type. Dates cross 国庆 2026 (1–7 Oct, 调休 20 Sep and 10 Oct) and 春节
2026 (15–23 Feb, 调休 14 and 28 Feb)."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx

from gongkai.accounts.models import Agency, AgencyKind, Department, Role
from gongkai.audit.models import Event
from gongkai.conftest import make_staff
from gongkai.inforequests import letters, report
from gongkai.inforequests.law import (
    REMEDY,
    REPLY_ARTICLES,
    REVIEW_FIRST,
    CaseKind,
    FeeMethod,
    LetterKind,
    Outcome,
    ReplyType,
    remedy_for,
)
from gongkai.inforequests.models import CaseError, CaseStatusChange, InfoRequest, Status
from gongkai.inforequests.tests.conftest import PERSON, reply_any
from gongkai.inforequests.views import queue_items
from gongkai.reports import service
from gongkai.reports.models import ReportStatusChange
from gongkai.workdays import add_workdays, periods, reminders
from gongkai.workdays.clock import Party
from gongkai.workdays.store import current_index
from gongkai.workplans import parse, tracking
from gongkai.workplans import service as plans
from gongkai.workplans.models import Status as TaskStatus
from gongkai.workplans.models import TaskStatusChange

D = datetime.date
REVIEW_FIRST_WORDS = "应当先申请行政复议"


def register(agency, by, received_on, **extra):
    return InfoRequest.register(
        agency=agency, by=by, channel="in_person", received_on=received_on, **{**PERSON, **extra}
    )[0]


def docx_text(letter) -> str:
    with letter.file.open("rb") as handle:
        return "\n".join(p.text for p in Docx(io.BytesIO(handle.read())).paragraphs)


# -- remedy notices (《行政复议法》第二十三条) -------------------------------------------------------


@pytest.mark.parametrize(
    "reply_type", [t for t in ReplyType if t not in (ReplyType.OTHER_UNCORRECTED, ReplyType.OTHER_UNPAID)]
)
def test_every_reply_letter_cites_its_articles_and_the_right_remedy(tree, officer_a, reply_type):
    kind = CaseKind.RECORD_CORRECTION if reply_type.startswith("record") else CaseKind.DISCLOSURE
    case = register(tree["a"], officer_a, D(2026, 9, 18), kind=kind)
    reply_any(case, officer_a, D(2026, 10, 20), reply_type, text="见附件。")
    case.refresh_from_db()
    assert case.reply_type == reply_type
    letter = case.letters.get(kind=LetterKind.REPLY)
    letters.issue(letter, by=officer_a, on=D(2026, 10, 20))
    text = docx_text(letter)  # read back from the issued DOCX
    assert "{" not in text and "2026年9月18日收到" in text and "特此告知。" in text

    first_article = REPLY_ARTICLES[reply_type].split("、")[0].split("；")[0]
    assert first_article in text, first_article
    assert "测试区人民政府申请行政复议" in text  # a district bureau: its own government reviews
    assert "上一级行政机关" not in text
    refusal = case.outcome in REVIEW_FIRST
    assert (REVIEW_FIRST_WORDS in text or "先向测试区人民政府申请行政复议" in text) == refusal, reply_type
    if case.outcome == Outcome.PARTIAL:
        assert "不予公开的部分不服" in text and "行政诉讼法》第四十六条" in text  # review first for that part only
    elif not refusal:
        assert "六个月内向有管辖权的人民法院提起行政诉讼" in text
    assert "“见附件。”。" not in text and "。”。" not in text  # no doubled punctuation


def test_the_review_first_outcomes_are_the_refusals_and_each_has_a_reason():
    withheld = {o for o in Outcome if o.value.startswith("withheld_")}
    assert set(REVIEW_FIRST) == withheld | {Outcome.PARTIAL}
    assert all(reason.strip() for reason in REVIEW_FIRST.values())
    for outcome in Outcome:
        expected = "先向{复议机关}申请行政复议" if outcome == Outcome.PARTIAL else REVIEW_FIRST_WORDS
        if outcome in REVIEW_FIRST:
            assert expected in remedy_for(outcome)
        else:
            assert remedy_for(outcome) == REMEDY


def _reply_letter(agency, by):
    case = register(agency, by, D(2026, 3, 2))
    case.reply(by=by, on=D(2026, 3, 10), outcome=Outcome.WITHHELD_PROCESS, text="不予公开")
    return case.letters.get(kind=LetterKind.REPLY)


def test_the_review_body_follows_the_kind_of_agency(tree):
    city, district = tree["city"], tree["district"]
    town = Agency.objects.create(code="T-TOWN", name="测试区丙镇人民政府", kind=AgencyKind.TOWN, parent=district)
    customs = Agency.objects.create(
        code="T-CUS", name="测试海关", kind=AgencyKind.BUREAU, parent=city, vertically_managed=True,
        review_body="测试直属海关",
    )  # fmt: skip
    for agency in (town, customs):
        Department.objects.create(agency=agency, name="办公室")
    expected = {
        city: "测试市人民政府",  # a 直辖市 government's own act: that government itself (art. 24 ¶2)
        district: "测试市人民政府",  # a district government's act: the government above
        tree["a"]: "测试区人民政府",  # a department: its own level's government (art. 24 ¶1 (一))
        tree["street"]: "测试区人民政府",  # a 街道办事处: the district that set it up (art. 24 ¶1 (三))
        town: "测试区人民政府",  # a 乡镇: the county-level government above (art. 24 ¶1 (二))
        customs: "测试直属海关",  # vertically managed: its superior (art. 27)
    }
    for agency, body in expected.items():
        officer = make_staff(f"o-{agency.code}", agency, Role.OFFICER)
        letter = _reply_letter(agency, officer)
        assert f"六十日内向{body}申请行政复议" in letter.body, agency.name
        letters.issue(letter, by=officer, on=D(2026, 3, 10))
        assert body in docx_text(letter)


def test_a_letter_without_a_named_review_body_cannot_be_issued(tree, as_user, supervisor, officer_a):
    tax = Agency.objects.create(
        code="T-TAX", name="测试区税务局", kind=AgencyKind.BUREAU, parent=tree["district"], vertically_managed=True
    )
    Department.objects.create(agency=tax, name="办公室")
    officer = make_staff("o-tax", tax, Role.OFFICER)
    letter = _reply_letter(tax, officer)
    assert "{复议机关}" in letter.body
    with pytest.raises(CaseError, match="行政复议机关：测试区税务局的复议机关尚未确定"):
        letters.issue(letter, by=officer, on=D(2026, 3, 10))
    # the district office names it; the officer of another agency may not
    url = reverse("accounts:agency_review_body", args=[tax.code])
    assert as_user(officer_a).get(url).status_code == 404
    page = as_user(supervisor).post(url, {"review_body": "", "vertically_managed": "on"}).content.decode()
    assert "实行垂直领导的机关必须填写上一级主管部门" in page
    as_user(supervisor).post(url, {"review_body": "国家税务总局测试市税务局", "vertically_managed": "on"})
    tax.refresh_from_db()
    assert tax.review_body_name() == "国家税务总局测试市税务局"
    redrafted = letters.draft(letter.case, LetterKind.REPLY, by=officer)
    letters.issue(redrafted, by=officer, on=D(2026, 3, 11))
    assert "国家税务总局测试市税务局申请行政复议" in docx_text(redrafted)


# -- late steps must not hide 超期 ------------------------------------------------------------------


def test_an_extension_after_the_due_date_is_refused_and_its_approver_is_recorded(case, officer_a, head_a, tree):
    autumn = register(tree["a"], officer_a, D(2026, 9, 18))
    assert autumn.clock(D(2026, 10, 22)).due == D(2026, 10, 22)  # spec §1.4 vector, across 国庆
    with pytest.raises(CaseError, match="答复期限已于2026年10月22日.*届满，延期应在期限届满前决定"):
        autumn.extend(by=officer_a, approved_by=head_a, on=D(2026, 10, 23), days=20, note="量大")
    with pytest.raises(CaseError, match="批准人：.*officer-a不是本机关的公开办负责人或领导"):
        autumn.extend(by=officer_a, approved_by=officer_a, on=D(2026, 10, 22), days=20, note="量大")
    event = autumn.extend(by=officer_a, approved_by=head_a, on=D(2026, 10, 22), days=20, note="量大")
    assert event.approved_by == head_a and autumn.clock(D(2026, 10, 22)).due == D(2026, 11, 19)

    logged = Event.objects.filter(verb="inforequest.extension_granted").last()
    assert logged.data["approved_by"] == "甲局公开办负责人"


def test_a_late_correction_notice_needs_a_reason_and_is_marked_late(tree, officer_a, as_user):
    case = register(tree["a"], officer_a, D(2026, 9, 18))
    assert case.clock().correction_due == D(2026, 9, 29)
    with pytest.raises(CaseError, match="逾期理由：补正告知应在收到申请后7个工作日内发出"):
        case.request_correction(by=officer_a, on=D(2026, 10, 12), note="请写明年度")
    case.request_correction(by=officer_a, on=D(2026, 10, 12), note="请写明年度", late_reason="承办人病假")
    assert case.correction_late() and case.events.get(kind="correction_requested").reason == "承办人病假"
    # still within the reply period: the notice pauses the clock and the period restarts on correction
    case.record_correction(by=officer_a, on=D(2026, 10, 14))
    assert case.clock(D(2026, 10, 14)).due == add_workdays(D(2026, 10, 14), 20)
    staff = as_user(officer_a)
    assert "补正告知逾期" in staff.get(reverse("inforequests:detail", args=[case.number])).content.decode()
    assert "补正告知逾期" in staff.get(reverse("inforequests:list") + "?view=open").content.decode()
    analysis = staff.get(reverse("inforequests:analysis") + "?year=2026").content.decode()
    assert case.number in analysis.split('data-testid="late-corrections"')[1].split("</dd>")[0]
    papers = report.working_papers(InfoRequest.objects.filter(agency=tree["a"]), 2026)
    assert papers.late_corrections == [case]


def test_a_late_correction_notice_never_restarts_an_expired_period(tree, officer_a):
    case = register(tree["a"], officer_a, D(2026, 9, 18))
    preview = " ".join(case.preview_correction(D(2026, 10, 26)))
    assert "2026年10月22日" in preview and "不会使期限重新计算" in preview and "仍为超期" in preview
    case.request_correction(by=officer_a, on=D(2026, 10, 26), note="请写明年度", late_reason="漏办")
    clock = case.clock(D(2026, 10, 27))
    assert clock.correction_void and clock.overdue and clock.due == D(2026, 10, 22) and not clock.paused
    case.record_correction(by=officer_a, on=D(2026, 10, 28))
    clock = case.clock(D(2026, 10, 29))
    assert clock.overdue and clock.due == D(2026, 10, 22) and clock.overdue_by == 5
    assert any("不能使已届满的期限重新计算" in s for s in clock.steps)


def test_the_preview_shows_an_in_time_notice_pauses_the_clock(case):
    lines = case.preview_correction(D(2026, 2, 12))
    assert lines[0].startswith("在补正告知期限") and "停止计算" in lines[1] and "重新计算20个工作日" in lines[1]


# -- consultation (arts. 32, 34) ---------------------------------------------------------------


def test_the_third_partys_period_runs_from_its_receipt_across_spring_festival(tree, officer_a, as_user):
    case = register(tree["a"], officer_a, D(2026, 2, 6))
    case.start_consultation(by=officer_a, on=D(2026, 2, 10), note="涉及商业秘密")
    before = case.clock(D(2026, 2, 12))
    assert before.party_due_provisional and before.third_party_due == D(2026, 3, 9)  # from sending, provisional
    page = as_user(officer_a).get(reverse("inforequests:detail", args=[case.number])).content.decode()
    assert "暂按发出之日计算，请登记第三方收到日期" in page
    case.record_consultation_receipt(by=officer_a, on=D(2026, 2, 13))
    clock = case.clock(D(2026, 2, 24))
    # 15 WD from 13 Feb: 14 Feb (Saturday, 调休) counts, 15–23 Feb do not
    assert not clock.party_due_provisional and clock.third_party_due == D(2026, 3, 12) and clock.paused
    assert "收到本函之日起15个工作日内" in case.letters.get(kind=LetterKind.CONSULTATION).body


def test_a_silent_third_party_does_not_keep_the_clock_paused(tree, officer_a):
    case = register(tree["a"], officer_a, D(2026, 9, 1))
    case.start_consultation(by=officer_a, on=D(2026, 9, 3))
    case.record_consultation_receipt(by=officer_a, on=D(2026, 9, 4))
    limit = add_workdays(D(2026, 9, 4), 15)
    assert limit == D(2026, 9, 24)  # 20 Sep (Sunday, 调休) counts
    assert case.clock(D(2026, 9, 24)).paused
    later = case.clock(D(2026, 10, 9))
    assert not later.paused and "第三方答复期已于2026年9月24日" in later.consultation_lapsed
    # the pause covered (3 Sep, 24 Sep]: the due date moves by those 16 working days, no more
    assert later.due == add_workdays(add_workdays(D(2026, 9, 1), 20), 16)
    # an answer recorded after the period does not stretch the pause
    case.end_consultation(by=officer_a, on=D(2026, 10, 9), note="迟到的答复")
    assert case.clock(D(2026, 10, 9)).due == later.due


def test_the_queue_says_when_the_third_partys_period_ran_out(tree, officer_a, settings):
    today = datetime.date.today()
    case = register(tree["a"], officer_a, add_workdays(today, -25))
    case.start_consultation(by=officer_a, on=add_workdays(today, -24))
    case.record_consultation_receipt(by=officer_a, on=add_workdays(today, -23))
    items = [i for i in queue_items(officer_a) if i.kind == "依申请公开·征求意见期满"]
    assert len(items) == 1 and case.number in items[0].title and "期限已恢复计算" in items[0].title


def test_disclosing_over_an_objection_needs_the_public_interest_and_its_own_letter(case, officer_a):
    case.start_consultation(by=officer_a, on=D(2026, 2, 11))
    case.record_consultation_receipt(by=officer_a, on=D(2026, 2, 12))
    case.end_consultation(by=officer_a, on=D(2026, 3, 2), note="不同意公开", objection=True)
    with pytest.raises(CaseError, match="公共利益理由：第三方不同意公开"):
        case.reply(by=officer_a, on=D(2026, 3, 10), outcome=Outcome.GRANTED, text="予以公开")
    case.reply(
        by=officer_a, on=D(2026, 3, 10), outcome=Outcome.GRANTED, text="予以公开", public_interest="涉及补贴资金"
    )
    notice = case.letters.get(kind=LetterKind.DISCLOSURE_NOTICE)
    letters.issue(notice, by=officer_a, on=D(2026, 3, 10))
    text = docx_text(notice)
    assert text.startswith("政府信息公开决定告知书（告知第三方）") and "第三方：" in text
    assert "涉及补贴资金" in text and "第十五条" in text and "测试区人民政府申请行政复议" in text


def test_a_co_producer_has_fifteen_days_and_silence_is_consent(case, officer_a):
    case.start_consultation(by=officer_a, on=D(2026, 3, 2), party=Party.CO_PRODUCER, note="联合发文")
    letter = case.letters.get(kind=LetterKind.CO_PRODUCER)
    assert "第三十四条" in letter.body and "视为同意公开" in letter.body
    case.record_consultation_receipt(by=officer_a, on=D(2026, 3, 3), party=Party.CO_PRODUCER)
    clock = case.clock(D(2026, 3, 10))
    assert clock.co_producer_due == add_workdays(D(2026, 3, 3), 15) and clock.paused
    assert "共同制作机关" in clock.pause_reason
    with pytest.raises(CaseError, match="只有第三方和共同制作机关"):
        case.record_consultation_receipt(by=officer_a, on=D(2026, 3, 3), party=Party.AGENCY)


# -- fees --------------------------------------------------------------------------------------


def test_the_payment_period_runs_from_the_applicants_receipt(tree, officer_a):
    cases = [register(tree["a"], officer_a, D(2026, 9, 14)) for _ in range(11)]
    case = cases[10]
    case.issue_fee_notice(by=officer_a, on=D(2026, 9, 16), method=FeeMethod.BY_COUNT)
    letter = case.letters.get(kind=LetterKind.FEE)
    assert "收到本通知之日起20个工作日内" in letter.body
    assert "暂停" not in letter.body and "视为放弃" not in letter.body  # the setting is not presented as law
    assert case.clock(D(2026, 9, 17)).fee_payment_provisional
    with pytest.raises(CaseError, match="请先登记申请人收到收费通知的日期"):
        case.close_without_reply(by=officer_a, on=D(2026, 12, 1), outcome=Outcome.OTHER_UNPAID, note="未缴")
    case.record_fee_notice_receipt(by=officer_a, on=D(2026, 9, 21))
    due = case.clock(D(2026, 9, 22)).fee_payment_due
    assert due == add_workdays(D(2026, 9, 21), 20) == D(2026, 10, 26)  # across 国庆
    with pytest.raises(CaseError, match="缴费期限至2026年10月26日"):
        case.close_without_reply(by=officer_a, on=D(2026, 10, 26), outcome=Outcome.OTHER_UNPAID, note="未缴")
    case.close_without_reply(by=officer_a, on=D(2026, 10, 27), outcome=Outcome.OTHER_UNPAID, note="未缴")
    assert case.status == Status.CLOSED


def test_a_fee_notice_only_while_the_reply_period_runs(tree, officer_a):
    cases = [register(tree["a"], officer_a, D(2026, 9, 18)) for _ in range(12)]
    paused, late = cases[10], cases[11]
    paused.start_consultation(by=officer_a, on=D(2026, 9, 21))
    with pytest.raises(CaseError, match="期限暂停中"):
        paused.issue_fee_notice(by=officer_a, on=D(2026, 9, 22), method=FeeMethod.BY_COUNT)
    with pytest.raises(CaseError, match="答复期限已于2026年10月22日.*届满，不能再发出收费通知"):
        late.issue_fee_notice(by=officer_a, on=D(2026, 10, 23), method=FeeMethod.BY_COUNT)


# -- art. 35, art. 36 reply types, art. 41 ---------------------------------------------------------


def test_the_reasons_step_blocks_the_excessive_refusal_until_answered(case, officer_a, head_a):
    with pytest.raises(CaseError, match="须先要求申请人说明理由"):
        case.reply(by=officer_a, on=D(2026, 2, 24), outcome=Outcome.REFUSED_EXCESSIVE, text="不予处理")
    with pytest.raises(CaseError, match="须先要求申请人说明理由并登记其说明"):
        case.set_delayed_deadline(by=officer_a, on=D(2026, 2, 24), due=D(2026, 5, 29), note="量大")
    case.request_reasons(by=officer_a, on=D(2026, 2, 11), note="本月已申请31件")
    notice = case.letters.get(kind=LetterKind.REASONS)
    assert "第三十五条" in notice.body and "本月已申请31件。" in notice.body
    reasons_due = add_workdays(D(2026, 2, 11), 15)
    assert case.clock(D(2026, 2, 12)).reasons_due == reasons_due
    with pytest.raises(CaseError, match="须先要求申请人说明理由"):  # asked, not yet answered, period running
        case.reply(by=officer_a, on=D(2026, 2, 24), outcome=Outcome.REFUSED_EXCESSIVE, text="不予处理")
    case.record_reasons(by=officer_a, on=D(2026, 2, 25), note="称为学术研究")
    case.reply(by=officer_a, on=D(2026, 2, 26), outcome=Outcome.REFUSED_EXCESSIVE, text="不予处理")
    reply = case.letters.get(kind=LetterKind.REPLY)
    assert "2026年2月11日要求您说明理由" in reply.body and "第三十五条" in reply.body


def test_already_public_is_its_own_reply_and_counts_in_row_one(tree, officer_a):
    case = register(tree["a"], officer_a, D(2026, 3, 2))
    with pytest.raises(CaseError, match="获取途径：已主动公开的信息，必须告知获取的途径"):
        case.reply(by=officer_a, on=D(2026, 3, 5), reply_type=ReplyType.ALREADY_PUBLIC, text="已公开")
    case.reply(
        by=officer_a, on=D(2026, 3, 5), reply_type=ReplyType.ALREADY_PUBLIC, text="已公开", route="门户网站某栏目"
    )
    assert case.outcome == Outcome.GRANTED and case.reply_type == ReplyType.ALREADY_PUBLIC
    body = case.letters.get().body
    assert "第三十六条第（一）项" in body and "门户网站某栏目" in body and "第三十六条第（二）项" not in body
    rows = {r.key: r.cells[-1] for r in report.table_three(InfoRequest.objects.all(), 2026)}
    assert rows["granted"] == 1


def test_not_held_cites_art_36_4_alone_and_a_known_holder_is_named(tree, officer_a):
    plain = register(tree["a"], officer_a, D(2026, 3, 2))
    plain.reply(by=officer_a, on=D(2026, 3, 5), outcome=Outcome.UNAVAILABLE_NOT_HELD, text="未找到")
    body = plain.letters.get().body
    assert "第三十六条第（四）项" in body and "第（五）项" not in body and "该政府信息不存在" in body
    held = register(tree["a"], officer_a, D(2026, 3, 2))
    held.reply(
        by=officer_a, on=D(2026, 3, 5), outcome=Outcome.UNAVAILABLE_NOT_HELD, text="由财政局保存",
        holder_name="测试区财政局", holder_contact="021-55550000",
    )  # fmt: skip
    assert held.reply_type == ReplyType.NOT_HELD_OTHER_BODY and held.outcome == Outcome.UNAVAILABLE_NOT_HELD
    body = held.letters.get().body
    assert "第三十六条第（五）项" in body and "测试区财政局（联系方式：021-55550000）" in body
    rows = {r.key: r.cells[-1] for r in report.table_three(InfoRequest.objects.all(), 2026)}
    assert rows["unavailable_not_held"] == 2


def test_confirmation_cites_article_two_and_a_query_names_the_procedure(tree, officer_a):
    confirm = register(tree["a"], officer_a, D(2026, 3, 2))
    confirm.reply(by=officer_a, on=D(2026, 3, 5), outcome=Outcome.REFUSED_CONFIRMATION, text="不予处理")
    body = confirm.letters.get().body
    assert "条例》第二条" in body and "第三十九条" not in body and REVIEW_FIRST_WORDS not in body
    query = register(tree["a"], officer_a, D(2026, 3, 2))
    with pytest.raises(CaseError, match="办理途径：行政查询事项"):
        query.reply(by=officer_a, on=D(2026, 3, 5), outcome=Outcome.WITHHELD_QUERY, text="请查询")
    route = "请依照《不动产登记资料查询暂行办法》向测试区不动产登记中心查询"
    query.reply(by=officer_a, on=D(2026, 3, 5), outcome=Outcome.WITHHELD_QUERY, text="请查询", route=route)
    body = query.letters.get().body
    assert route in body and "第三十六条第（七）项" in body and REVIEW_FIRST_WORDS in body


def test_a_record_correction_request_has_its_own_replies_clock_and_no_table_row(tree, officer_a):
    case = register(tree["a"], officer_a, D(2026, 9, 18), kind=CaseKind.RECORD_CORRECTION)
    clock = case.clock(D(2026, 9, 18))
    assert clock.due == D(2026, 10, 22) and any("第四十一条" in s for s in clock.steps)
    with pytest.raises(CaseError, match="更正申请（第四十一条）只能作更正答复"):
        case.reply(by=officer_a, on=D(2026, 9, 25), outcome=Outcome.GRANTED, text="x")
    with pytest.raises(CaseError, match="有权更正的机关：必须写明"):
        case.reply(by=officer_a, on=D(2026, 9, 25), reply_type=ReplyType.RECORD_FORWARDED, text="已转送")
    case.reply(
        by=officer_a, on=D(2026, 9, 25), reply_type=ReplyType.RECORD_FORWARDED, text="已转送",
        holder_name="测试市社保中心",
    )  # fmt: skip
    body = case.letters.get().body
    assert body.startswith("本机关于2026年9月18日收到您要求更正") and "测试市社保中心" in body and "第四十一条" in body
    disclosure = register(tree["a"], officer_a, D(2026, 9, 18))
    with pytest.raises(CaseError, match="更正答复只适用于"):
        disclosure.reply(by=officer_a, on=D(2026, 9, 25), reply_type=ReplyType.RECORD_CORRECTED, text="x")
    rows = {r.key: r.cells[-1] for r in report.table_three(InfoRequest.objects.all(), 2026)}
    assert rows["new"] == 1  # the disclosure request only


def test_the_public_can_ask_for_a_record_correction(client, tree):
    form = client.get(reverse("requests:apply", args=[tree["a"].code])).content.decode()
    assert "更正本人政府信息记录申请（第四十一条）" in form


def test_no_page_says_unverified(tree, officer_a, as_user, case):
    staff = as_user(officer_a)
    for url in (reverse("inforequests:detail", args=[case.number]), reverse("inforequests:templates")):
        assert "未核实" not in staff.get(url).content.decode()

    assert all("未核实" not in p.article for p in periods.ALL.values())


# -- the calendar of next year ---------------------------------------------------------------------


def test_from_november_next_years_notice_is_asked_for_everywhere(tree, officer_a, supervisor, as_user, monkeypatch):
    assert not current_index().is_complete(2027)
    monkeypatch.setattr(timezone, "localdate", lambda: D(2026, 12, 31))
    case = register(tree["a"], officer_a, D(2026, 12, 10))  # due 7 Jan 2027, counted Monday–Friday
    officer_queue = as_user(officer_a).get(reverse("accounts:queue")).content.decode()
    assert "2027年放假安排（国务院办公厅通知）尚未录入" in officer_queue
    assert case.number in officer_queue and "（暂定）" in officer_queue  # the due date in 2027 is provisional
    listing = as_user(officer_a).get(reverse("inforequests:list") + "?view=open").content.decode()
    assert "2027年放假安排尚未录入，此日期为暂定" in listing
    district = as_user(supervisor).get(reverse("accounts:queue")).content.decode()
    assert "2027年放假安排" in district and reverse("workdays:import") in district
    calendar = as_user(supervisor).get(reverse("workdays:calendar")).content.decode()
    assert 'data-testid="next-year-missing"' in calendar
    monkeypatch.setattr(timezone, "localdate", lambda: D(2026, 10, 31))
    assert reminders.missing_next_year() is None
    assert reminders.queue_items(officer_a) == []


def test_every_status_change_is_a_row(case, officer_a, as_user):
    case.reply(by=officer_a, on=D(2026, 3, 5), outcome=Outcome.GRANTED, text="予以公开")
    letter = case.letters.get()
    letters.issue(letter, by=officer_a, on=D(2026, 3, 5))
    case.dispatch(by=officer_a, method="email", sent_on=D(2026, 3, 5), letter=letter)
    case.archive(by=officer_a, on=D(2026, 3, 6))
    rows = [(r.old, r.new, r.letter_id) for r in CaseStatusChange.objects.filter(case=case)]
    assert rows == [
        ("", "open", None),
        ("open", "replied", None),
        ("draft", "issued", letter.pk),
        ("replied", "archived", None),
    ]
    page = as_user(officer_a).get(reverse("inforequests:detail", args=[case.number])).content.decode()
    assert "已出具" in page.split('data-testid="status-history"')[1].split("</ol>")[0]


def test_report_and_task_status_changes_are_rows(tree, officer_a):
    report = service.report_for(tree["a"], 2025)
    report.edit(by=officer_a, section1="概况。", section5="问题。")
    service.publish(report, by=officer_a)
    service.publish(report, by=officer_a, note="更正表三")
    assert [(r.old, r.new, r.version) for r in ReportStatusChange.objects.all()] == [
        ("draft", "published", 1),
        ("published", "corrected", 2),
    ]
    parsed = parse.parse_text(
        "序号\t任务名称\t任务内容\t牵头单位\t时间节点\n1\t年报\t发布年报。\t办公室\t1月\n", 2026
    ).to_json()
    task = plans.save(tree["a"], 2026, parsed, by=officer_a, source_name="p.txt", digest="d").tasks.get()
    tracking.report_progress(task, by=officer_a, text="已起草", on=D(2026, 1, 10))
    tracking.set_status(task, by=officer_a, status=TaskStatus.DONE, on=D(2026, 1, 20))
    assert [(r.old, r.new) for r in TaskStatusChange.objects.filter(task=task)] == [
        ("not_started", "in_progress"),
        ("in_progress", "done"),
    ]
