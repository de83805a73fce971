"""The report through its pages: edit, checks, publish, portal, DOCX and XLSX read back, import."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as Docx
from openpyxl import load_workbook

from gongkai.inforequests.law import Outcome
from gongkai.reports import importer, law, service
from gongkai.reports.models import PublishedReport, ReportError
from gongkai.reports.tests.test_golden import case

D = datetime.date


@pytest.fixture
def filled(tree, officer_a):
    a = tree["a"]
    case(a, officer_a, D(2025, 3, 3)).reply(by=officer_a, on=D(2025, 3, 20), outcome=Outcome.GRANTED, text="x")
    case(a, officer_a, D(2025, 4, 1), "commercial").reply(
        by=officer_a, on=D(2025, 4, 20), outcome=Outcome.UNAVAILABLE_NOT_HELD, text="x"
    )
    case(a, officer_a, D(2025, 12, 30), "legal")
    report = service.report_for(a, 2025)
    report.section1 = report.section1.replace("（请补充）", "有序推进。")
    report.section5 = "问题与改进。"
    report.save()
    return report


def url(report):
    return reverse("reports:edit", args=[report.agency.code, report.year])


def test_figures_from_other_systems_are_checked_and_kept(as_user, officer_a, filled):
    staff = as_user(officer_a)
    data = {"action": "manual", "licences": "12", "penalties": "三", "enforcement": "-1", "fees": "1.23456"}
    page = staff.post(url(filled), data).content.decode()
    assert "表二“行政处罚”本年处理决定数量：只能填写非负整数，收到“三”" in page
    assert "表二“行政强制”本年处理决定数量：只能填写非负整数，收到“-1”" in page
    assert "最多 4 位小数" in page and 'value="12"' in page  # what was valid stays in the form
    ok = {"action": "manual", "licences": "12", "licences_source": "区审批系统", "penalties": "3", "fees": "1.5"}
    staff.post(url(filled), ok)
    filled.refresh_from_db()
    data = service.data_for(filled)
    assert (
        data.table2["licences"] == [12] and data.table2["fees"] == ["1.5"] and data.sources["licences"] == "区审批系统"
    )


def test_a_failing_check_blocks_publishing_until_fixed(as_user, officer_a, filled):
    staff = as_user(officer_a)
    # The first year on the platform: two 自然人 requests carried in from before it went live...
    staff.post(url(filled), {"action": "extra", "x3_carried_in_0": "2"})
    page = staff.post(url(filled), {"action": "publish"}).content.decode()
    assert "未发布：" in page and "表三“自然人”列：一、本年新收（1）加二、上年结转（2）为 3" in page
    assert not PublishedReport.objects.exists()
    bad = staff.post(url(filled), {"action": "extra", "x3_carried_in_0": "2", "x3_granted_0": "x"}).content.decode()
    assert "表三“（一）予以公开”行“自然人”列：只能填写非负整数" in bad
    # ...and both were answered in the year: the columns balance and the report publishes.
    staff.post(url(filled), {"action": "extra", "x3_carried_in_0": "2", "x3_granted_0": "2"})
    staff.post(url(filled), {"action": "publish"})
    published = PublishedReport.objects.get()
    assert published.snapshot["data"]["table3"]["granted"] == [3, 0, 0, 0, 0, 0, 3]


def test_published_report_on_the_portal_and_its_exports(client, officer_a, filled):
    published = service.publish(filled, by=officer_a)
    page = client.get(reverse("portal:agency", args=[filled.agency.code])).content.decode()
    assert "测试区甲局2025年政府信息公开工作年度报告" in page
    page = client.get(reverse("reports_public:report", args=[filled.agency.code, 2025])).content.decode()
    assert 'rowspan="22"' in page and 'colspan="10"' in page and "三、本年度办理结果" in page
    assert "有序推进。" in page and "张三" not in page  # no applicant appears in a report
    docx = client.get(reverse("reports_public:download", args=[filled.agency.code, 2025, "agency", 1, "docx"]))
    document = Docx(io.BytesIO(docx.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "测试区甲局2025年政府信息公开工作年度报告" and "五、存在的主要问题及改进情况" in texts
    three = document.tables[1]
    assert three.cell(0, 0).text.startswith("（本列数据的勾稽关系为") and three.cell(0, 3).text == "申请人情况"
    new_row = [c.text for c in three.rows[3].cells]
    assert new_row[0] == "一、本年新收政府信息公开申请数量" and new_row[3:] == ["1", "1", "0", "0", "1", "0", "3"]
    rows = [[c.text for c in r.cells] for r in three.rows]
    granted = next(r for r in rows if r[1] == "（一）予以公开")
    assert granted[0] == "三、本年度办理结果" and granted[3:] == ["1", "0", "0", "0", "0", "0", "1"]
    xlsx = client.get(reverse("reports_public:download", args=[filled.agency.code, 2025, "agency", 1, "xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book["三收到和处理政府信息公开申请情况"]
    values = {sheet.cell(r, 1).value: [sheet.cell(r, c).value for c in range(4, 11)] for r in range(1, 40)}
    assert values["四、结转下年度继续办理"] == [0, 0, 0, 0, 1, 0, 1]
    assert any(str(m) == "A3:C5" for m in sheet.merged_cells.ranges)  # the 勾稽关系 note spans 3×3 as printed
    assert published.version == 1


def test_a_published_report_imports_back_from_its_page_and_its_xlsx(client, officer_a, filled):
    service.publish(filled, by=officer_a)
    published = PublishedReport.objects.get()
    html = client.get(reverse("reports_public:report", args=[filled.agency.code, 2025])).content
    data, notes = importer.read("report.html", html, 2025)
    assert data.table3 == published.snapshot["data"]["table3"] and data.table4 == published.snapshot["data"]["table4"]
    assert data.table2["normative"] == published.snapshot["data"]["table2"]["normative"] and notes == []
    xlsx = client.get(reverse("reports_public:download", args=[filled.agency.code, 2025, "agency", 1, "xlsx"])).content
    again, _ = importer.read("report.xlsx", xlsx, 2025)
    assert again.table3 == data.table3 and again.table4 == data.table4


TRIAL_FORMAT = """<html><head><meta charset="gbk"></head><body>
<table><tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr><tr><td>规范性文件</td><td>3</td><td>1</td><td>20</td></tr>
<tr><td>行政许可</td><td>100</td><td>5</td><td>88</td></tr><tr><td>行政处罚</td><td>7</td><td>1</td><td>6</td></tr>
<tr><td>行政强制</td><td>0</td><td>0</td><td>0</td></tr><tr><td>行政事业性收费</td><td>2</td><td>0</td></tr></table>
<table>{rows}</table><table><tr><th colspan="5">行政复议</th><th colspan="10">行政诉讼</th></tr>
<tr>{numbers}</tr></table></body></html>"""


def _trial_rows():
    rows = []
    for row in law.TABLE_THREE:
        if row.key in ("other_uncorrected", "other_unpaid"):
            continue
        label = "（六）其他处理" if row.key == "other" else row.label.replace("“", '"').replace("”", '"')
        values = [1, 0, 0, 0, 0, 0, 1] if row.key in ("new", "granted", "total") else [0] * 7
        rows.append(f"<tr><td>{label}</td>{''.join(f'<td>{v}</td>' for v in values)}</tr>")
    return "".join(rows)


def test_a_trial_format_page_in_gbk_imports_with_notes():
    page = TRIAL_FORMAT.format(rows=_trial_rows(), numbers="".join(f"<td>{i % 3}</td>" for i in range(15)))
    data, notes = importer.read("2019.htm", page.encode("gb18030"), 2019)
    assert data.table2["normative"] == [3, 1, 20] and data.table2["licences"] == [100] and data.table2["fees"] == ["2"]
    assert data.table3["granted"] == [1, 0, 0, 0, 0, 0, 1] and data.table3["other"] == [0] * 7
    assert len(notes) == 2 and "试行格式" in notes[1]
    assert data.table4 == [i % 3 for i in range(15)]


def test_an_unmatched_import_names_the_missing_label(as_user, officer_a, tree):
    page = TRIAL_FORMAT.format(rows=_trial_rows().replace("2.重复申请", "2.重复"), numbers="<td>0</td>" * 15)
    with pytest.raises(importer.ImportProblem, match="找不到表三的“2.重复申请”行"):
        importer.read("x.html", page.encode(), 2024)
    upload = SimpleUploadedFile("x.html", page.encode(), content_type="text/html")
    response = as_user(officer_a).post(reverse("reports:import"), {"year": 2024, "file": upload})
    assert "往年报告：找不到表三的“2.重复申请”行" in response.content.decode()
    good = SimpleUploadedFile("2024.html", TRIAL_FORMAT.format(rows=_trial_rows(), numbers="<td>0</td>" * 15).encode())
    preview = as_user(officer_a).post(reverse("reports:import"), {"year": 2024, "file": good}).content.decode()
    assert "预览：2024年度" in preview and not PublishedReport.objects.exists()  # nothing saved before confirming
    as_user(officer_a).post(reverse("reports:import_confirm"))
    imported = PublishedReport.objects.get()
    assert imported.source == "imported" and imported.report.year == 2024 and imported.report.agency == tree["a"]


def test_other_agencies_cannot_edit_and_supervisors_see_who_is_late(as_user, officer_b, supervisor, filled):
    assert as_user(officer_b).get(url(filled)).status_code == 404
    page = as_user(supervisor).get(reverse("reports:list"), {"year": 2025}).content.decode()
    assert "测试区甲局" in page and "逾期未发布" in page  # 31 Jan 2026 has passed
    assert as_user(supervisor).post(url(filled), {"action": "publish"}).status_code == 403


def test_table_two_figures_read_from_a_csv_are_previewed_before_saving(as_user, officer_a, filled):
    staff = as_user(officer_a)
    rows = "项目,数值,数据来源\n行政许可,1862,区审批系统\n行政处罚,二百,区执法平台\n行政事业性收费,12.5,财政系统\n"
    upload = SimpleUploadedFile("表二.csv", rows.encode("gb18030"), content_type="text/csv")
    page = staff.post(url(filled), {"action": "manual_csv", "csv": upload}).content.decode()
    assert "请核对后点击" in page and 'value="1862"' in page and "区审批系统" in page
    assert "表二“行政处罚”本年处理决定数量：只能填写非负整数，收到“二百”" in page
    filled.refresh_from_db()
    assert filled.manual == {}  # nothing saved by reading the file
    bad = SimpleUploadedFile("x.csv", "行政审批,3,x\n".encode(), content_type="text/csv")
    page = staff.post(url(filled), {"action": "manual_csv", "csv": bad}).content.decode()
    assert "从 CSV 读取：第1行的项目“行政审批”不认识" in page


def test_the_verbs_write_status_rows_and_refuse_out_of_order(filled, officer_a):
    with pytest.raises(ReportError, match="更正：报告尚未发布"):
        filled.correct(by=officer_a, note="改正数字")
    with pytest.raises(ReportError, match="章节：只能编辑第一、五、六部分"):
        filled.edit_section(by=officer_a, number="二", text="x")
    filled.publish(by=officer_a)
    filled.edit_section(by=officer_a, number="五", text="问题与改进（更正）。")
    second = filled.correct(by=officer_a, note="改正第五部分")
    assert second.version == 2 and second.snapshot["sections"]["五"] == "问题与改进（更正）。"
    rows = [(s.old, s.new, s.reason) for s in filled.status_changes.all()]
    assert rows == [("draft", "published", ""), ("published", "corrected", "改正第五部分")]
    imported = type(filled).import_published(
        filled.agency,
        2023,
        data=second.snapshot["data"],
        notes=["表三有一处合计不符"],
        source_name="2023.docx",
        by=officer_a,
    )
    assert imported.source == PublishedReport.Source.IMPORTED and imported.snapshot["sections"]["一"] == ""
    assert imported.snapshot["warnings"] == ["表三有一处合计不符"]
    assert imported.report.status_changes.get().new == "imported"


def test_the_draft_downloads_as_docx_and_xlsx_marked_draft_before_publishing(as_user, officer_a, filled):
    staff = as_user(officer_a)
    args = [filled.agency.code, filled.year, "agency"]
    response = staff.get(reverse("reports:draft_download", args=[*args, "docx"]))
    assert response.status_code == 200 and "%EF%BC%88%E8%8D%89%E7%A8%BF%EF%BC%89" in response["Content-Disposition"]
    doc = Docx(io.BytesIO(response.content))
    assert doc.paragraphs[0].text.startswith("草稿") and doc.paragraphs[1].text.endswith("（草稿）")
    t3 = service.data_for(filled).table3
    rows = {r.cells[0].text: [c.text for c in r.cells[3:]] for r in doc.tables[1].rows}
    assert [int(x) for x in rows["一、本年新收政府信息公开申请数量"]] == t3["new"]
    book = load_workbook(io.BytesIO(staff.get(reverse("reports:draft_download", args=[*args, "xlsx"])).content))
    assert all(sheet.cell(2, 1).value.startswith("草稿") for sheet in book.worksheets if sheet.title != "文字部分")
    assert not PublishedReport.objects.exists()  # downloading publishes nothing
    assert (
        staff.get(
            reverse("reports:draft_download", args=[filled.agency.code, filled.year, "bogus", "docx"])
        ).status_code
        == 404
    )
    page = staff.get(url(filled)).content.decode()
    assert reverse("reports:draft_download", args=[*args, "xlsx"]) in page


def test_an_impossibly_large_figure_in_an_imported_report_is_a_clear_error():
    rows = [["一、本年新收政府信息公开申请数量", "1" * 400, "0", "0", "0", "0", "0", "0"]]
    with pytest.raises(importer.ImportProblem, match="过大（超过 12 位）"):
        importer._numbers_after(rows[0], {rows[0][0]})
