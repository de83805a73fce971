"""Demo 标准目录 for 陆家嘴街道 (a town-level body): an XLSX in the national layout, built here and read by the
same importer an officer uses; a few of the street's own documents published and linked, one yearly entry
(last year's 决算; this year's not yet out) left without new content so it shows as flagged."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone
from openpyxl import Workbook

from gongkai.accounts.models import Agency, User
from gongkai.catalog import sheet
from gongkai.catalog.models import Entry, replace_catalogue
from gongkai.documents.law import Attribute
from gongkai.documents.library import create_draft
from gongkai.documents.models import Review, SubjectCategory

ROWS = [
    # 一级事项, 二级事项, 公开内容（要素）, 公开依据, 公开时限, 渠道, 全社会, 特定群众, 主动, 依申请, 领域, 周期
    (
        "财政预决算",
        "部门预算",
        "预算公开说明、收支总表、“三公”经费预算",
        "《中华人民共和国预算法》",
        "每年预算批复后20日内",
        "政府网站、公开查阅点",
        True,
        False,
        True,
        False,
        "财政预决算",
        "每年",
    ),
    (
        "财政预决算",
        "部门决算",
        "决算公开说明、收支总表、“三公”经费决算",
        "《中华人民共和国预算法》",
        "每年决算批复后20日内",
        "政府网站",
        True,
        False,
        True,
        False,
        "财政预决算",
        "每年",
    ),
    (
        "社会救助",
        "最低生活保障",
        "申请条件、办理流程、保障标准、救助对象名单（特定群众）",
        "《社会救助暂行办法》",
        "自信息形成或者变更之日起20个工作日内",
        "政府网站、社区/企事业单位/村公示栏（电子屏）",
        True,
        True,
        True,
        True,
        "社会救助",
        "实时/不定期",
    ),
    (
        "社会救助",
        "临时救助",
        "救助条件、申请程序、救助标准",
        "《社会救助暂行办法》",
        "自信息形成或者变更之日起20个工作日内",
        "政府网站、便民服务站",
        True,
        False,
        True,
        False,
        "社会救助",
        "实时/不定期",
    ),
    (
        "养老服务",
        "养老服务补贴",
        "补贴对象、标准、申请流程",
        "《上海市养老服务条例》",
        "自信息形成或者变更之日起20个工作日内",
        "政府网站、便民服务站",
        True,
        False,
        True,
        False,
        "养老服务",
        "实时/不定期",
    ),
    (
        "就业",
        "就业援助",
        "援助对象、服务内容、办理地点",
        "《中华人民共和国就业促进法》",
        "每季度",
        "政府网站、政务服务中心",
        True,
        False,
        True,
        False,
        "就业",
        "每季度",
    ),
    (
        "公共文化服务",
        "文化活动",
        "社区文化活动安排",
        "《中华人民共和国公共文化服务保障法》",
        "每月",
        "政府网站、两微一端",
        True,
        False,
        True,
        False,
        "公共文化服务",
        "每月",
    ),
    (
        "安全生产",
        "安全生产检查",
        "检查计划、检查结果",
        "《中华人民共和国安全生产法》",
        "每年",
        "政府网站",
        True,
        False,
        True,
        False,
        "安全生产",
        "每年",
    ),
]


def workbook() -> bytes:
    book = Workbook()
    s = book.active
    s.append([top for _, top, _ in sheet.COLUMNS])
    s.append([sub for _, _, sub in sheet.COLUMNS])
    for i, (l1, l2, content, basis, limit, channels, to_all, to_some, active, request, area, cycle) in enumerate(
        ROWS, 1
    ):
        tick = {True: "√", False: ""}
        s.append(
            [
                i,
                l1,
                l2,
                content,
                basis,
                limit,
                "街道办事处",
                channels,
                tick[to_all],
                tick[to_some],
                tick[active],
                tick[request],
                "",
                "√",
                area,
                cycle,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def load(today: datetime.date | None = None) -> str:
    agency = Agency.objects.filter(code="PD-LJZ").first()
    users = {u.username: u for u in User.objects.filter(username__in=["ljz-officer", "ljz-reviewer"])}
    if agency is None or len(users) < 2 or Entry.objects.filter(agency=agency).exists():
        return "演示标准目录已存在或缺少街道，未做修改。"
    officer, reviewer = users["ljz-officer"], users["ljz-reviewer"]
    parsed = sheet.read(workbook())
    assert not parsed.errors, parsed.errors
    replace_catalogue(agency, parsed.rows, by=officer)
    today = today or timezone.localdate()
    subject = SubjectCategory.objects.filter(name="综合政务").first()
    made = {}
    for title, level2, days_ago in (
        (f"陆家嘴街道{today.year}年部门预算", "部门预算", 60),
        (f"陆家嘴街道{today.year - 1}年部门决算", "部门决算", 500),  # last year's: the yearly entry is flagged
        ("陆家嘴街道最低生活保障办理指南", "最低生活保障", 30),
        ("陆家嘴街道养老服务补贴申请须知", "养老服务补贴", 20),
        (f"陆家嘴街道{today.year}年第四季度就业援助服务安排", "就业援助", 10),
        ("陆家嘴街道社区文化活动安排（本月）", "文化活动", 5),
        (f"陆家嘴街道{today.year}年安全生产检查计划和结果", "安全生产检查", 40),
    ):
        doc = create_draft(
            agency=agency,
            by=officer,
            title=title,
            written_on=today - datetime.timedelta(days=days_ago),
            summary=title,
            body=f"<p>{title}。</p>",
            subject=subject,
        )
        doc.submit(by=officer)
        doc.review(by=reviewer, decision=Review.Decision.APPROVE, attribute=Attribute.PROACTIVE, opinion="同意")
        doc.publish(by=officer, at=timezone.now() - datetime.timedelta(days=days_ago))
        Entry.objects.get(agency=agency, level2=level2).link(doc, by=officer)
        made[level2] = doc
    return f"已导入演示标准目录：陆家嘴街道 {len(parsed.rows)} 项，关联文件 {len(made)} 件。"
