"""Plans as offices paste them: a footer glued to the table, web and Markdown markup, a covering notice.

The fixtures are written for these tests (not taken from the samples); the property tests wrap any
heading, item or cell in the markup that copying adds and expect the same tasks."""

import datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workplans import parse

D = datetime.date
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def read(name: str) -> parse.ParsedPlan:
    return parse.parse_upload(name, (FIXTURES / name).read_bytes(), 2024)


def essence(plan: parse.ParsedPlan) -> list[tuple]:
    return [
        (t.number, t.heading, t.name, t.content, [(u.name, u.role) for u in t.units], t.time.text, t.time.due,
         [x.text for x in t.targets], t.problems)
        for t in plan.tasks
    ]  # fmt: skip


def test_a_footer_glued_to_a_cell_per_line_table_ends_it():
    plan = read("footer_cells.txt")
    assert plan.shape == "cells" and len(plan.tasks) == 4
    last = plan.tasks[-1]
    assert (last.time.text, last.time.due) == ("12月底前", D(2024, 12, 31))  # not the 印发 date 2024-02-28
    assert [u.name for u in last.units] == ["办公室"] and "抄送" not in last.content
    assert plan.tasks[1].time.text == "3月底前"  # the page number “- 2 -” after it is not part of the cell
    assert not any(t.problems for t in plan.tasks)


def test_a_footer_after_a_tab_separated_table_with_contact_and_signature():
    plan = read("footer_rows.txt")
    assert plan.shape == "rows" and [t.name for t in plan.tasks] == ["基层标准化", "政策解读", "依申请公开"]
    last = plan.tasks[-1]
    assert last.time.due == D(2024, 12, 31) and "联系" not in last.content and "街道办事处" not in last.content
    assert not any(t.problems for t in plan.tasks)


def test_markdown_headings_at_every_level_and_a_heading_number_alone_on_its_line():
    plan = read("markdown.md")
    assert plan.title == "某区卫生健康委2024年政务公开工作要点"
    headings = [t.heading for t in plan.tasks]
    assert headings == [
        "一、围绕重点领域深化公开 / （一）做好医疗服务信息公开",
        "一、围绕重点领域深化公开 / （一）做好医疗服务信息公开",
        "一、围绕重点领域深化公开 / （二）推进公共卫生信息公开",
        "二、加强政策解读与回应 / （一）做好政策解读",
        "二、加强政策解读与回应 / （一）做好政策解读",
    ]
    assert plan.tasks[1].name == "2.做好公立医院收费价格公开，在门户网站和院内显著位置同步公开"
    assert "、" in plan.tasks[2].content and "&#" not in plan.tasks[2].content  # entities decoded
    assert "“政策进社区”" in plan.tasks[4].name and [x.text for x in plan.tasks[4].targets] == ["不少于4次"]
    assert plan.tasks[0].time.due == D(2024, 3, 31)


def test_a_covering_notice_is_skipped_and_the_plan_read():
    plan = read("notice.txt")
    assert plan.title == "某区民政局2024年政务公开工作要点"
    names = ["（一）做好社会救助信息公开", "（二）做好养老服务信息公开", "（一）规范办理流程"]
    assert [t.name for t in plan.tasks] == names
    assert all("通知" not in t.content and "印发" not in t.content for t in plan.tasks)
    assert plan.tasks[1].time.due == D(2024, 6, 30) and plan.tasks[2].time.due == D(2024, 12, 31)


def test_a_table_copied_from_a_web_page():
    plan = read("web.html")
    assert plan.shape == "rows" and plan.title == "某区司法局2024年政务公开任务分解表"
    assert plan.tasks[0].content == "做好行政规范性文件清理 结果公开"
    assert plan.tasks[1].content == "公开行政复议&行政应诉工作情况"
    assert [u.name for u in plan.tasks[1].units] == ["复议科", "应诉科"] and plan.tasks[1].time.due == D(2024, 12, 31)


def test_a_markdown_table_reads_like_a_tab_separated_one():
    text = "\n".join([
        "| 序号 | 任务内容 | 责任单位 | 完成时间 |",
        "| --- | :--- | --- | ---: |",
        "| 1 | **公开**部门预算 | 财务科 | 3月底前 |",
        "| 2 | 公开部门决算 | 财务科 | 9月底前 |",
        "抄送：区财政局。",
    ])  # fmt: skip
    plan = parse.parse_text(text, 2024)
    expected = [("公开部门预算", D(2024, 3, 31)), ("公开部门决算", D(2024, 9, 30))]
    assert [(t.content, t.time.due) for t in plan.tasks] == expected


# -- property tests: markup around any line does not change the tasks --------------------------------
PROSE = [
    "某区体育局2024年政务公开工作要点",
    "一、深化重点领域信息公开",
    "（一）做好体育场馆开放信息公开。按季度公开公共体育场馆开放时间和收费标准。",
    "1、每季度更新一次场馆名录，于3月31日前完成首次发布。",
    "2、公开全民健身活动安排，全年不少于6次。",
    "（二）加强赛事活动信息发布。",
    "1、及时发布重大赛事交通、安全提示。",
    "二、加强政策解读",
    "（一）落实解读与政策同步发布，解读比例达到100%。",
]
WRAPPERS = [
    lambda s: s,
    lambda s: f"## {s}",
    lambda s: f"### **{s}**",
    lambda s: f"**{s}**",
    lambda s: f"> {s}",
    lambda s: f"\u3000\u3000{s}",
    lambda s: f"*{s}*",
    lambda s: s.replace("、", "&#12289;").replace("，", "&#xff0c;"),
    lambda s: f"- {s}",
]


def _split_label(line: str) -> str:
    """A heading number left alone on its line, as a web page's line break leaves it."""
    found = parse._level(line)
    return f"{found[1]}\n{line[len(found[1]) :]}" if found else line


@given(st.lists(st.integers(0, len(WRAPPERS)), min_size=len(PROSE), max_size=len(PROSE)))
@settings(max_examples=150, deadline=None, derandomize=True)
def test_markup_around_prose_lines_does_not_change_the_tasks(choices):
    expected = essence(parse.parse_text("\n".join(PROSE), 2024))
    lines = [
        _split_label(line) if choice == len(WRAPPERS) else WRAPPERS[choice](line)
        for line, choice in zip(PROSE, choices, strict=True)
    ]
    assert essence(parse.parse_text("\n".join(lines), 2024)) == expected


CELLS = [
    "2024年某镇政务公开任务分解表",
    "\t序号", "\t任务内容", "\t责任单位", "\t时间节点",
    "\t1", "\t公开镇级财政预决算", "\t财政所", "\t9月底前",
    "\t2", "\t更新村务公开栏内容", "\t社区办牵头，各村配合", "\t每季度末",
    "\t3", "\t办好政府开放日活动不少于2次", "\t党政办", "\t12月底前",
]  # fmt: skip
CELL_WRAPPERS = [
    lambda s: s,
    lambda s: f"**{s}**",
    lambda s: f"\u3000{s}",
    lambda s: s.replace("，", "&#xff0c;"),
    lambda s: f"{s}&nbsp;",
]


@given(st.lists(st.integers(0, len(CELL_WRAPPERS) - 1), min_size=len(CELLS), max_size=len(CELLS)))
@settings(max_examples=150, deadline=None, derandomize=True)
def test_markup_around_cells_does_not_change_the_tasks(choices):
    expected = essence(parse.parse_text("\n".join(CELLS), 2024))
    lines = [
        "\t" + CELL_WRAPPERS[choice](line[1:]) if line.startswith("\t") else line
        for line, choice in zip(CELLS, choices, strict=True)
    ]
    assert essence(parse.parse_text("\n".join(lines), 2024)) == expected
    footer = "\n".join([*lines, "抄送：镇人大。", "某镇人民政府党政办公室 2024年1月10日印发"])
    assert essence(parse.parse_text(footer, 2024)) == expected
