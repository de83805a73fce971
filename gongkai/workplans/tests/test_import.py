import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from docx import Document as Docx
from openpyxl import Workbook

from gongkai.accounts.models import Department
from gongkai.workplans import parse, service
from gongkai.workplans.models import Task, WorkPlan

D = datetime.date
HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"
FIXTURES = HERE / "fixtures"


def sample(name):
    return (SAMPLES / name).read_bytes()


def test_the_2020_district_bureau_table_one_cell_per_line():
    plan = parse.parse_upload("t.txt", sample("2020-district-bureau-task-table.txt"), 2020)
    assert plan.shape == "cells" and plan.title == "2020年局政务公开目标任务细化分解表" and len(plan.tasks) == 34
    first, fourth, fifteenth = plan.tasks[0], plan.tasks[3], plan.tasks[14]
    assert [(u.name, u.role) for u in first.units] == [
        ("法制科", "lead"),
        ("各单位", "participant"),
        ("各科室", "participant"),
    ]
    assert (first.time.kind, first.time.event) == ("relative", "新规出台")
    assert (fourth.time.due, fourth.units[0].name) == (D(2020, 3, 31), "法制科")
    assert [u.name for u in fifteenth.units if u.role == "lead"] == ["办公室", "法制科", "社管科"]
    assert [t.number for t in plan.tasks if t.problems] == ["6", "7"]  # the two empty time nodes
    assert plan.tasks[29].time.due == D(2020, 12, 31)  # the repeated “2020.12” after a page break is not a new cell
    assert [t.text for t in plan.tasks[13].targets] == ["不得低于50%"] and plan.tasks[13].targets[
        0
    ].metric == "nontext_share"
    assert plan.tasks[19].time.due == D(2020, 9, 30) and len(plan.tasks[19].targets) == 2


def test_the_2023_defense_office_table_inherits_merged_task_names():
    plan = parse.parse_upload("t.txt", sample("2023-defense-mobilization-office-task-table.txt"), 2023)
    assert len(plan.tasks) == 19 and plan.title == "2023年上海市国防动员办公室政务公开工作要点任务分解表"
    names = [t.name for t in plan.tasks]
    assert names[1] == names[2] == "强化政务公开基础性工作" and names[5] == "做好重大战略落地及营商环境优化"
    assert plan.tasks[10].time.due == D(2023, 8, 31)
    ninth = plan.tasks[8]
    assert ninth.time.due == D(2023, 3, 31) and "3月31日前向社会公开" in [t.text for t in ninth.targets]
    assert plan.tasks[16].units[0].name == "政务公开领导小组"
    assert not any(t.problems for t in plan.tasks)


def test_the_2023_offices_administration_prose_plan():
    plan = parse.parse_upload("t.txt", sample("2023-government-offices-administration-plan.txt"), 2023)
    assert plan.shape == "prose" and len(plan.tasks) == 9
    assert plan.tasks[0].heading == "一、筑牢政务公开工作基础,提升服务水准"
    assert plan.tasks[0].name == "(一)规范公文备案和集中公开工作" and plan.tasks[8].name.startswith("(九)")
    assert all("ICP" not in t.content and "地址" not in t.content for t in plan.tasks)  # the footer is not a task


def test_own_fixtures_in_each_text_shape():
    cells = parse.parse_upload("cells.txt", (FIXTURES / "cells.txt").read_bytes(), 2026)
    assert len(cells.tasks) == 6 and cells.tasks[1].name == "做好年报发布"  # inherited from the merged cell
    assert [(u.name, u.role) for u in cells.tasks[3].units] == [("办公室", "lead"), ("就业科", "participant")]
    assert cells.tasks[3].problems == ["时间节点“下周内尽快”无法识别，请设置"]
    rows = parse.parse_upload("rows.txt", (FIXTURES / "rows.txt").read_bytes(), 2026)
    assert rows.shape == "rows" and len(rows.tasks) == 6 and rows.tasks[4].time.due == D(2027, 1, 31)
    assert (
        rows.tasks[5].problems[0] == "这一行有 3 格，表头有 5 列，无法对齐，请核对" and "监督保障" in rows.tasks[5].raw
    )
    prose = parse.parse_upload("prose.txt", (FIXTURES / "prose.txt").read_bytes(), 2026)
    assert [t.name for t in prose.tasks][3:5] == [
        "1.办好政府开放月活动，年内不少于2次",
        "2.于6月30日前公开本年度重大行政决策事项目录",
    ]
    assert prose.tasks[3].heading == "二、深化解读与参与 / （四）拓展公众参与" and prose.tasks[4].time.due == D(
        2026, 6, 30
    )


def test_docx_and_xlsx():
    doc = Docx()
    doc.add_paragraph("2026年工作要点任务表")
    table = doc.add_table(rows=3, cols=4)
    for r, row in enumerate([["序号", "任务内容", "责任单位", "完成时间"], ["1", "修订公开指南。", "办公室", "6月底"],
                             ["2", "开展解读不少于2次。", "法规科牵头，各科室配合", "全年"]]):  # fmt: skip
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    plan = parse.parse_upload("plan.docx", buffer.getvalue(), 2026)
    assert plan.shape == "docx-table" and [t.time.due for t in plan.tasks] == [D(2026, 6, 30), D(2026, 12, 31)]
    assert [(u.name, u.role) for u in plan.tasks[1].units] == [("法规科", "lead"), ("各科室", "participant")]
    prose = Docx()
    for line in ["工作要点", "一、基础工作", "1.更新公开指南。", "2.开展开放日活动不少于3次。"]:
        prose.add_paragraph(line)
    buffer = io.BytesIO()
    prose.save(buffer)
    assert [t.name for t in parse.parse_upload("p.docx", buffer.getvalue(), 2026).tasks] == [
        "1.更新公开指南",
        "2.开展开放日活动不少于3次",
    ]
    book = Workbook()
    sheet = book.active
    for row in [
        ["某局任务分解表"],
        ["序号", "任务名称", "任务内容", "牵头单位", "责任单位", "时间节点"],
        [1, "平台建设", "完善平台功能。", "信息中心", "办公室", "9月"],
        [2, None, "上线留言功能。", "信息中心", "", "2026.10"],
    ]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    plan = parse.parse_upload("plan.xlsx", buffer.getvalue(), 2026)
    assert plan.shape == "xlsx" and [t.name for t in plan.tasks] == ["平台建设", "平台建设"]
    assert plan.tasks[1].time.due == D(2026, 10, 31)


def test_files_without_tasks_say_why():
    with pytest.raises(parse.PlanProblem, match="没有找到编号条目"):
        parse.parse_upload("x.txt", "关于做好政务公开工作的通知\n各单位：请认真落实。".encode(), 2026)
    with pytest.raises(parse.PlanProblem, match="没有找到任务表"):
        buffer = io.BytesIO()
        Workbook().save(buffer)
        parse.parse_upload("x.xlsx", buffer.getvalue(), 2026)
    with pytest.raises(parse.PlanProblem, match="只接受"):
        parse.parse_upload("x.pdf", b"%PDF", 2026)


def test_the_command_prints_json_and_saves_once(tree, capsys):
    path = FIXTURES / "rows.txt"
    call_command("import_workplan", str(path), "--agency", "T-A", "--year", "2026", "--dry-run", "--json")
    out = json.loads(capsys.readouterr().out)
    assert len(out["tasks"]) == 6 and not WorkPlan.objects.exists()
    task = out["tasks"][2]
    assert task["due"] == "2026-03-31" and task["time_kind"] == "date" and task["time_text"] == "3月31日前"
    assert task["units"] == [{"name": "秘书处", "role": "lead"}, {"name": "法规处", "role": "participant"}]
    assert {i["text"] for i in task["indicators"]} == {"3月31日前向社会公开", "10个工作日内"}
    call_command("import_workplan", str(path), "--agency", "T-A", "--year", "2026")
    assert WorkPlan.objects.get().tasks.count() == 6

    with pytest.raises(CommandError, match="同一文件已导入为第1版"):
        call_command("import_workplan", str(path), "--agency", "T-A", "--year", "2026")
    assert Task.objects.count() == 6


def test_paste_preview_fix_confirm_and_reimport_as_a_new_version(as_user, officer_a, tree):
    Department.objects.create(agency=tree["a"], name="法规科")
    staff = as_user(officer_a)
    text = (FIXTURES / "cells.txt").read_text()
    response = staff.post(reverse("workplans:import"), {"year": 2026, "text": text})
    preview_url = response["Location"]
    page = staff.get(preview_url).content.decode()
    assert "6 项任务" in page and "1 项需要核对" in page and "时间节点“下周内尽快”无法识别" in page
    assert not WorkPlan.objects.exists()  # nothing saved by previewing
    # Task 2's text changes while its date field still shows the old reading: the new text wins.
    fixed = {"t3-time": "9月底", "t1-keep": "on", "t1-time": "3月", "t1-due": "2026-02-28", "t5-due": "2026-05-20"}
    page = staff.post(preview_url, {**fixed, "action": "recheck"}, follow=True).content.decode()
    assert "无法识别" not in page
    staff.post(preview_url, {**fixed, "t1-due": "2026-03-31", "action": "confirm"})  # the form as re-shown
    plan = WorkPlan.objects.get()
    task = plan.tasks.get(position=3)
    assert task.due == D(2026, 9, 30) and task.problems == []
    assert plan.tasks.get(position=1).due == D(2026, 3, 31)
    assert plan.tasks.get(position=5).due == D(2026, 5, 20)  # a date typed for a continuous task is kept
    assert plan.tasks.get(position=0).units.get(name="法规科").department.name == "法规科"  # matched to the department
    again = staff.post(reverse("workplans:import"), {"year": 2026, "text": text})
    assert again["Location"] == reverse("workplans:board", args=[plan.pk])  # the same text: no second copy
    changed = text.replace("做好平台日常巡查。", "做好平台日常巡查和安全防护。").replace("\t实时", "\t全年")
    preview = staff.post(reverse("workplans:import"), {"year": 2026, "text": changed})["Location"]
    page = staff.get(preview).content.decode()
    assert "与第1版相比" in page and "政务公开平台维护（任务内容、时间节点（实时 → 全年））" in page
    staff.post(preview, {"action": "confirm"})
    assert WorkPlan.objects.get(version=2).superseded is False and WorkPlan.objects.get(version=1).superseded


def test_other_agencies_cannot_see_or_import(as_user, officer_b, tree, officer_a):
    parsed = parse.parse_upload("r.txt", (FIXTURES / "rows.txt").read_bytes(), 2026).to_json()
    plan = service.save(tree["a"], 2026, parsed, by=officer_a, source_name="r.txt", digest="x")
    assert as_user(officer_b).get(reverse("workplans:board", args=[plan.pk])).status_code == 404
    task = plan.tasks.first()
    assert as_user(officer_b).get(reverse("workplans:task", args=[plan.pk, task.pk])).status_code == 404


def test_an_upload_must_be_what_its_name_says(as_user, officer_a, tree):
    fake = SimpleUploadedFile("plan.docx", b"not a word file", content_type="application/octet-stream")
    page = as_user(officer_a).post(reverse("workplans:import"), {"year": 2026, "file": fake}).content.decode()
    assert "上传文件：文件内容不是 DOCX，与扩展名不符" in page and not WorkPlan.objects.exists()
    page = as_user(officer_a).post(reverse("workplans:import"), {"year": 2026}).content.decode()
    assert "请粘贴任务表或正文，或者上传文件" in page
