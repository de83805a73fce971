"""Parsing rules, phrase by phrase."""

import datetime
from decimal import Decimal

import pytest

from gongkai.workplans import indicators, parse, timenodes

D = datetime.date


@pytest.mark.parametrize(
    "text, kind, due",
    [
        ("全年", "year", D(2023, 12, 31)),
        ("年内", "year", D(2023, 12, 31)),
        ("3月31日前", "date", D(2023, 3, 31)),
        ("3月底", "date", D(2023, 3, 31)),
        ("8月", "date", D(2023, 8, 31)),
        ("11月", "date", D(2023, 11, 30)),
        ("2020.6", "date", D(2020, 6, 30)),
        ("2020.12", "year", D(2020, 12, 31)),
        ("2020年6月", "date", D(2020, 6, 30)),
        ("次年1月", "date", D(2024, 1, 31)),
        ("上半年", "date", D(2023, 6, 30)),
        ("第三季度", "date", D(2023, 9, 30)),
        ("十一月", "date", D(2023, 11, 30)),
        ("2月", "date", D(2023, 2, 28)),
        ("3月31日前向社会公开本年度办重大行政决策事项目录", "date", D(2023, 3, 31)),
        ("实时", "continuous", None),
        ("及时", "continuous", None),
        ("长期", "continuous", None),
        ("新规出台后1个月内", "relative", None),
        ("", "unknown", None),
        ("下周内尽快", "unknown", None),
    ],
)
def test_time_nodes(text, kind, due):
    node = timenodes.parse(text, 2023)
    assert (node.kind, node.due) == (kind, due)
    assert node.flagged == (kind == "unknown") and node.text == text


def test_relative_time_nodes_count_from_the_event(db):  # the working-day calendar lives in the database
    month = timenodes.parse("新规出台后1个月内", 2020)
    assert (month.event, month.offset, month.offset_unit) == ("新规出台", 1, "个月")
    assert month.due_after(D(2020, 1, 31)) == D(2020, 2, 29)
    workdays = timenodes.parse("决策出台后10个工作日内", 2026)
    # 8, 9, 10 (a make-up Saturday), 12–16, 19, 20 Oct: 国庆 (1–7 Oct) not counted
    assert workdays.due_after(D(2026, 9, 30)) == D(2026, 10, 20)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("年内邀请公众代表列席本单位决策会议不少于4次。", [("gte", Decimal(4), "次")]),
        ("多元化解读形式占全部解读数量的比例不得低于50%。", [("gte", Decimal(50), "%")]),
        ("首次回应时间不得超过5个小时", [("lte", Decimal(5), "小时")]),
        ("应在政策出台后10个工作日内向社会公布。", [("lte", Decimal(10), "个工作日")]),
        (
            "政府开放日（年内不少于3次）或政府开放周（年内不少于1次）",
            [("gte", Decimal(3), "次"), ("gte", Decimal(1), "次")],
        ),
        ("主要领导年内至少听取一次政务公开工作汇报", [("gte", Decimal(1), "次")]),
        ("分值权重不低于4%的指标要求", [("gte", Decimal(4), "%")]),
        ("做好信息发布维护工作。", []),
    ],
)
def test_quantitative_targets(text, expected):
    found = [(t.comparator, t.value, t.unit) for t in indicators.find(text, 2023) if not t.metric or t.value != 100]
    assert found == expected


def test_dated_and_platform_targets():
    dated = indicators.find("编制事项目录，于3月31日前向社会公开。", 2023)
    assert [(t.comparator, t.due) for t in dated] == [("by", D(2023, 3, 31))]
    assert indicators.find("多元化解读形式占全部解读数量的比例不得低于50%", 2023)[0].metric == "nontext_share"
    assert (
        indicators.find("严格落实政策文件与解读材料同步起草、同步审签、同步发布制度。", 2023)[0].metric == "sync_rate"
    )
    assert indicators.find("按照统一格式、法定时限发布和报送工作年报。", 2023)[0].metric == "report_on_time"
    assert indicators.find("提高依申请公开答复的及时性。", 2023)[0].metric == "requests_on_time"
    # “同步做好解读” in an enforcement task is not the 三同步 rule
    assert indicators.find("集中发布抽查事项清单，同步做好相关制度的解读工作。", 2023) == []


@pytest.mark.parametrize(
    "text, role, expected",
    [
        ("秘书处、法规处、信息中心", None, [("秘书处", "lead"), ("法规处", "participant"), ("信息中心", "participant")]),  # noqa: E501
        ("办公室牵头，各科室落实", None, [("办公室", "lead"), ("各科室", "participant")]),
        ("办公室、法制科、社管科", "lead", [("办公室", "lead"), ("法制科", "lead"), ("社管科", "lead")]),
        ("秘书处牵头，宣教中心配合", "participant", [("秘书处", "lead"), ("宣教中心", "participant")]),
        ("各处室等", None, [("各处室", "lead")]),
        ("法规处,信息中心；宣教中心", None, [("法规处", "lead"), ("信息中心", "participant"), ("宣教中心", "participant")]),  # noqa: E501
        ("", None, []),
    ],
)  # fmt: skip
def test_units_and_roles(text, role, expected):
    assert [(u.name, u.role) for u in parse.split_units(text, role=role)] == expected
