import io

from django.core.management import call_command
from django.urls import reverse
from docx import Document as Docx
from openpyxl import load_workbook

from gongkai.accounts.management.commands import load_demo
from gongkai.inforequests import demo as request_demo
from gongkai.reports import demo, law
from gongkai.reports.models import PublishedReport
from gongkai.reports.service import data_for, full_check


def test_the_demo_agency_report_publishes_renders_and_exports(db, monkeypatch, client):
    monkeypatch.setattr(
        request_demo, "AGENCIES", {"SH-GFDY": ("gfdy-officer", 40, request_demo.AGENCIES["SH-GFDY"][2])}
    )
    monkeypatch.setattr(demo, "REPORTS", [r for r in demo.REPORTS if r[0] == "SH-GFDY"])
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", [request_demo.load, demo.load])
    call_command("load_demo", stdout=io.StringIO())
    published = PublishedReport.objects.get()
    report = published.report
    assert published.published_at.date() <= law.agency_deadline(report.year)  # last year's report, on time
    assert "演示" not in published.snapshot["sections"]["一"] + published.snapshot["sections"]["五"]
    assert full_check(report).ok and data_for(report).table3 == published.snapshot["data"]["table3"]
    t3 = published.snapshot["data"]["table3"]
    assert t3["new"][-1] > 0 and t3["new"][-1] + t3["carried_in"][-1] == t3["total"][-1] + t3["carried_out"][-1]
    page = client.get(reverse("reports_public:report", args=["SH-GFDY", report.year])).content.decode()
    assert published.snapshot["title"] in page and "418.5" in page
    args = ["SH-GFDY", report.year, "agency", 1]
    docx = Docx(io.BytesIO(client.get(reverse("reports_public:download", args=[*args, "docx"])).content))
    rows = [[c.text for c in r.cells] for r in docx.tables[1].rows]
    by_label = {r[0] if r[0] != r[1] else r[0]: r[3:] for r in rows}
    assert [int(x) for x in by_label["一、本年新收政府信息公开申请数量"]] == t3["new"]
    assert [int(x) for x in by_label["四、结转下年度继续办理"]] == t3["carried_out"]
    assert docx.tables[0].cell(6, 1).text == "36"  # 行政许可, entered by the office
    book = load_workbook(io.BytesIO(client.get(reverse("reports_public:download", args=[*args, "xlsx"])).content))
    sheet = book["三收到和处理政府信息公开申请情况"]
    totals = {}
    for row in sheet.iter_rows(min_row=3, values_only=True):
        label = next((v for v in row[:3][::-1] if isinstance(v, str)), None)
        if label:
            totals[label] = list(row[3:10])
    for row in law.TABLE_THREE:
        assert totals[row.label] == t3[row.key], row.label
    four = book["四政府信息公开行政复议行政诉讼情况"]
    assert [c.value for c in four[6]] == published.snapshot["data"]["table4"]
