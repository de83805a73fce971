"""A crafted year of documents and cases, and every cell of the report it must produce."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.documents.law import DocKind
from gongkai.documents.models import Document, Status
from gongkai.inforequests.law import ChallengeKind, ChallengeResult, FeeMethod, Outcome
from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.tests.conftest import PERSON
from gongkai.reports import law
from gongkai.reports.models import AnnualReport
from gongkai.reports.service import full_check, publish, report_for
from gongkai.reports.tables import check, compute, labelled

D = datetime.date
ORG = {"id_type": "", "id_number": "", "credit_code": "91310000MA1FL0HX6R", "contact_person": "李四"}

# The official labels, copied from 国办公开办函〔2021〕30号 (spec §2.2–2.4) independently of law.py.
OFFICIAL_T3 = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
    "（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
    "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他",
    "（七）总计", "四、结转下年度继续办理",
]  # fmt: skip
OFFICIAL_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
OFFICIAL_T4 = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def doc(agency, n, **fields):
    defaults = {"title": f"文件{n}", "index_number": f"G-{n}", "status": Status.PUBLISHED,
                "published_at": timezone.make_aware(datetime.datetime(2025, 3, 1))}  # fmt: skip
    return Document.objects.create(agency=agency, **{**defaults, **fields})


def case(agency, by, received_on, applicant_type="person", **extra):
    fields = {**PERSON, "applicant_type": applicant_type, **(ORG if applicant_type != "person" else {}), **extra}
    return InfoRequest.register(agency=agency, by=by, channel="in_person", received_on=received_on, **fields)[0]


@pytest.fixture
def year_of_work(tree, officer_a):
    a = tree["a"]
    # Library: normative documents made, repealed, expired, in force; one 规章 (政府令); one draft ignored.
    doc(a, 1, is_normative=True, written_on=D(2025, 2, 1))
    doc(a, 2, is_normative=True, written_on=D(2025, 4, 1), repealed_on=D(2025, 10, 1), validity="repealed")
    doc(a, 3, is_normative=True, written_on=D(2023, 5, 1))
    doc(a, 4, is_normative=True, written_on=D(2022, 5, 1), expires_on=D(2025, 6, 30), validity="expired")
    doc(a, 5, is_normative=True, written_on=D(2024, 1, 1), repealed_on=D(2026, 1, 10))
    doc(a, 6, kind=DocKind.ORDER, written_on=D(2025, 7, 1))
    doc(a, 7, is_normative=True, written_on=D(2025, 8, 1), status=Status.DRAFT)
    # Cases. Carried in from 2024: two people, one answered in 2025, one still open at the end of 2025.
    c = case(a, officer_a, D(2024, 12, 20))
    c.reply(by=officer_a, on=D(2025, 1, 10), outcome=Outcome.GRANTED, text="予以公开")
    case(a, officer_a, D(2024, 12, 27))
    # Answered in 2024: not in 2025's table at all.
    old = case(a, officer_a, D(2024, 6, 3))
    old.reply(by=officer_a, on=D(2024, 6, 20), outcome=Outcome.GRANTED, text="予以公开")
    # New in 2025.
    case(a, officer_a, D(2025, 3, 3)).reply(by=officer_a, on=D(2025, 3, 20), outcome=Outcome.GRANTED, text="x")
    p = case(a, officer_a, D(2025, 3, 4), "commercial")
    p.reply(by=officer_a, on=D(2025, 3, 25), outcome=Outcome.PARTIAL, text="x", withheld_reasons="甲——乙")
    w = case(a, officer_a, D(2025, 4, 1), "legal")
    w.reply(by=officer_a, on=D(2025, 4, 20), outcome=Outcome.WITHHELD_PROCESS, text="x")
    w.report_challenge(by=officer_a, kind=ChallengeKind.REVIEW, body="测试区人民政府", filed_on=D(2025, 5, 10))
    w.decide_challenge(
        by=officer_a, challenge=w.challenges.get(), result=ChallengeResult.UPHELD, decided_on=D(2025, 7, 1)
    )
    w.report_challenge(by=officer_a, kind=ChallengeKind.LAWSUIT, body="法院", filed_on=D(2025, 8, 1), after_review=True)
    n = case(a, officer_a, D(2025, 5, 6), "research")
    n.reply(by=officer_a, on=D(2025, 5, 20), outcome=Outcome.UNAVAILABLE_NOT_HELD, text="x")
    n.report_challenge(by=officer_a, kind=ChallengeKind.LAWSUIT, body="法院", filed_on=D(2025, 6, 2))
    n.decide_challenge(
        by=officer_a, challenge=n.challenges.get(), result=ChallengeResult.CORRECTED, decided_on=D(2025, 9, 1)
    )
    u = case(a, officer_a, D(2025, 6, 2), "welfare")
    u.request_correction(by=officer_a, on=D(2025, 6, 4), note="补正")
    u.close_without_reply(by=officer_a, on=D(2025, 7, 10), outcome=Outcome.OTHER_UNCORRECTED, note="逾期")
    f = case(a, officer_a, D(2025, 7, 1), "other")
    f.issue_fee_notice(by=officer_a, on=D(2025, 7, 2), method=FeeMethod.BY_PAGE, pages=50)
    f.record_fee_notice_receipt(by=officer_a, on=D(2025, 7, 4))
    f.close_without_reply(by=officer_a, on=D(2025, 8, 15), outcome=Outcome.OTHER_UNPAID, note="未缴")
    case(a, officer_a, D(2025, 9, 1)).withdraw(by=officer_a, on=D(2025, 9, 3), note="撤回")
    r = case(a, officer_a, D(2025, 10, 9))
    r.reply(by=officer_a, on=D(2025, 10, 20), outcome=Outcome.REFUSED_REPEAT, text="x")
    # Received in December, answered in January: carried into 2026.
    late = case(a, officer_a, D(2025, 12, 29), "commercial")
    late.reply(by=officer_a, on=D(2026, 1, 8), outcome=Outcome.GRANTED, text="x")
    # Another agency's case never counts.
    case(tree["b"], officer_a, D(2025, 3, 3))
    return a


def test_every_cell_of_the_golden_year(year_of_work):
    data = compute([year_of_work.id], 2025)
    assert data.table2 == {
        "rules": [1, 0, 1],
        "normative": [2, 1, 3],  # made: 1, 2; repealed: 2; in force 31 Dec: 1, 3, 5 (4 expired, 2 repealed)
        "licences": [0], "penalties": [0], "enforcement": [0], "fees": ["0"],
    }  # fmt: skip
    expected = {row.key: [0] * 7 for row in law.TABLE_THREE}
    expected["new"] = [3, 2, 1, 1, 1, 1, 9]
    expected["carried_in"] = [2, 0, 0, 0, 0, 0, 2]
    expected["granted"] = [2, 0, 0, 0, 0, 0, 2]
    expected["partial"] = [0, 1, 0, 0, 0, 0, 1]
    expected["withheld_process"] = [0, 0, 0, 0, 1, 0, 1]
    expected["unavailable_not_held"] = [0, 0, 1, 0, 0, 0, 1]
    expected["refused_repeat"] = [1, 0, 0, 0, 0, 0, 1]
    expected["other_uncorrected"] = [0, 0, 0, 1, 0, 0, 1]
    expected["other_unpaid"] = [0, 0, 0, 0, 0, 1, 1]
    expected["other"] = [1, 0, 0, 0, 0, 0, 1]
    expected["total"] = [4, 1, 1, 1, 1, 1, 9]
    expected["carried_out"] = [1, 1, 0, 0, 0, 0, 2]
    assert data.table3 == expected
    # Review upheld; a direct suit corrected; a suit after review still pending.
    assert data.table4 == [1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1]
    assert check(data).ok


def test_the_labels_are_the_official_ones(year_of_work):
    assert [row.label for row in law.TABLE_THREE] == OFFICIAL_T3
    assert law.T3_COLUMNS == OFFICIAL_COLUMNS and law.T4_RESULTS == OFFICIAL_T4
    assert [h for _, h in law.SECTIONS] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
    ]  # fmt: skip
    out = labelled(compute([year_of_work.id], 2025))
    three = out["三、收到和处理政府信息公开申请情况"]
    assert three["三、本年度办理结果"]["（三）不予公开"]["6.属于四类过程性信息"]["法律服务机构"] == 1
    assert three["四、结转下年度继续办理"]["总计"] == 2
    assert out["二、主动公开政府信息情况"]["第二十条第（一）项"]["行政规范性文件"]["现行有效件数"] == 3
    four = out["四、政府信息公开行政复议、行政诉讼情况"]
    assert four["行政诉讼"]["复议后起诉"]["尚未审结"] == 1


def test_the_checks_catch_a_broken_report(year_of_work):
    data = compute([year_of_work.id], 2025)
    data.table3["carried_in"][1] += 1  # one more 商业企业 carried in, nowhere else
    data.table3["granted"][6] += 1  # a total that is not the sum of its row
    data.table4[4] = 3  # a review group whose 总计 is not its sum
    result = check(data)
    assert any(e.startswith("表三“商业企业”列：一、本年新收（2）加二、上年结转（1）为 3") for e in result.errors)
    assert "表三“（一）予以公开”行：六类申请人之和 2 不等于总计 3" in result.errors
    assert any(e.startswith("表三“（七）总计”行“总计”列：应为 21 个办理结果之和 10") for e in result.errors)
    assert "表四“行政复议”：维持、纠正、其他、尚未审结之和 1 不等于总计 3" in result.errors


def test_publishing_freezes_and_warns_on_carry_over(year_of_work, officer_a):
    report = report_for(year_of_work, 2025)
    assert "全年新收政府信息公开申请9件，上年结转2件，办结9件，结转下年度继续办理2件" in report.section1
    assert report.section6.startswith("本年度未收取信息处理费。")  # the one fee notice was never paid
    errors = full_check(report).errors
    assert (
        "一、总体情况：还有“（请补充）”的内容没有填写" in errors
        and "五、存在的主要问题及改进情况：还有“（请补充）”的内容没有填写" in errors
    )
    report.section1 = report.section1.replace("（请补充）", "按计划推进。")
    report.section5 = "问题：……改进：……"
    report.save()
    first = publish(report, by=officer_a)
    InfoRequest.objects.filter(agency=year_of_work).delete()  # later changes do not alter the published version
    first.refresh_from_db()
    assert first.snapshot["data"]["table3"]["new"][-1] == 9 and first.version == 1
    next_year = report_for(year_of_work, 2026)
    warnings = full_check(next_year).warnings
    assert warnings == ["表三“自然人”列：二、上年结转为 0，上年度报告的四、结转下年度继续办理为 1，请核实",
                        "表三“商业企业”列：二、上年结转为 0，上年度报告的四、结转下年度继续办理为 1，请核实",
                        "表三“总计”列：二、上年结转为 0，上年度报告的四、结转下年度继续办理为 2，请核实"]  # fmt: skip
    with pytest.raises(Exception, match="更正说明"):
        publish(report, by=officer_a)
    assert publish(report, by=officer_a, note="删除重复登记的案件").version == 2
    assert full_check(next_year).warnings == []  # the corrected version is the one that counts


def test_the_command_prints_official_labels_and_saves_nothing(year_of_work, capsys):
    call_command("annual_report", "--agency", year_of_work.code, "--year", "2025", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["三、收到和处理政府信息公开申请情况"]["一、本年新收政府信息公开申请数量"]["总计"] == 9
    assert out["校验"]["错误"] and not AnnualReport.objects.exists()
