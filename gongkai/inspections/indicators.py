"""The 国办 检查指标 for government websites and 政务新媒体 as data (spec §4: 《政府网站与政务新媒体检查指标》,
国办秘函〔2019〕19号). Thresholds are H in the spec unless marked; the points of the deduction items are the
platform's settings (本平台设定: the spec does not give them). One place for all of them."""

from __future__ import annotations

from dataclasses import dataclass

# 首页不更新: monitored 2 weeks, no new information on the home page (spec §4.1).
HOME_STALE_DAYS = 14
# Column kinds and how long each may go without an update (spec §4.1 "long not updated" periods): 动态、要闻 2
# weeks; 通知公告、政策文件 6 months; 人事、规划计划 1 year (M that 2019 keeps them); other kinds are not timed.
COLUMN_KINDS = {
    "news": ("动态要闻", 14),
    "notice": ("通知公告", 183),
    "policy": ("政策文件", 183),
    "personnel": ("人事信息", 365),
    "plan": ("规划计划", 365),
    "interaction": ("政务咨询", None),
    "other": ("其他", None),
}
# 栏目不更新 veto: news/notice/policy columns stale ≥ 5; columns that should be updated but long are not ≥ 10;
# blank columns ≥ 5 (spec §4.1).
STALE_KEY_COLUMNS_VETO = 5
STALE_COLUMNS_VETO = 10
EMPTY_COLUMNS_VETO = 5
# 政务新媒体 内容不更新: no update in the 2 weeks before the check (spec §4.2, M).
MEDIA_STALE_DAYS = 14
# A site whose deductions leave it under 60 is 不合格 (spec §4, "< 60 → 不合格").
PASS_SCORE = 60
# The crawl: how far and how politely (本平台设定).
MAX_PAGES = 200
TIMEOUT_SECONDS = 15  # spec §4.3: a page that does not open within 15 s counts as not opening
EXTERNAL_PER_HOST = 3
EXTERNAL_MAX = 50
HOST_DELAY_SECONDS = 0.2


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    veto: bool
    points: int  # deducted per finding (0 for a veto item)
    source: str


RULES = {
    r.code: r
    for r in (
        Rule("home_stale", "首页不更新", True, 0, "检查指标 单项否决：监测2周，首页无更新"),
        Rule(
            "columns_stale",
            "栏目不更新",
            True,
            0,
            "检查指标 单项否决：动态要闻2周、通知公告和政策文件6个月未更新的栏目累计≥5，或应更新未更新≥10",
        ),
        Rule("columns_empty", "空白栏目过多", True, 0, "检查指标 单项否决：空白栏目≥5"),
        Rule("interaction_unanswered", "互动回应差", True, 0, "检查指标 单项否决：1年内有效留言超过3个月未答复"),
        Rule("wording", "严重表述错误", True, 0, "检查指标 单项否决：安全、泄密事故等严重问题（严重表述错误）"),
        Rule("media_stale", "政务新媒体内容不更新", True, 0, "检查指标 政务新媒体单项否决：检查前2周内无更新"),
        Rule("media_interaction", "政务新媒体未提供有效互动功能", True, 0, "检查指标 政务新媒体单项否决：互动回应差"),
        Rule("column_stale", "栏目更新不及时", False, 2, "检查指标 扣分项（分值本平台设定）"),
        Rule("column_empty", "空白栏目", False, 2, "检查指标 扣分项（分值本平台设定）"),
        Rule("broken_internal", "站内链接不可用", False, 1, "检查指标 扣分项：链接不可用（分值本平台设定）"),
        Rule("broken_external", "外部链接不可用", False, 1, "检查指标 扣分项：链接不可用（分值本平台设定）"),
        Rule("expired_valid", "过期规范性文件仍标为有效", False, 2, "检查指标 扣分项：信息不准确（分值本平台设定）"),
        Rule(
            "footer",
            "页脚缺少网站标识码、ICP备案号或公安机关备案号",
            False,
            3,
            "检查指标 扣分项：网站标识（分值本平台设定）",
        ),
    )
}

# Serious wording errors: outdated names of bodies reorganised in 2018 (a starting list the office edits in the
# workspace as data; 国务院机构改革方案 2018).
WORDING = [
    ("国家工商行政管理总局", "国家市场监督管理总局"),
    ("国家质量监督检验检疫总局", "国家市场监督管理总局"),
    ("国家食品药品监督管理总局", "国家市场监督管理总局"),
    ("国家卫生和计划生育委员会", "国家卫生健康委员会"),
    ("环境保护部", "生态环境部"),
    ("国土资源部", "自然资源部"),
    ("国务院法制办公室", "司法部"),
]
