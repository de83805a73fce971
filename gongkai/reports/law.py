"""The national annual-report format, 国办公开办函〔2021〕30号 (spec §2), as data. Every label here is
the official text, character for character; the tables, checks, exports and importer all read it.

Deadlines (条例 art. 49): departments publish last year's report by 31 January; the people's
government's office publishes the aggregate report by 31 March.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from gongkai.inforequests.law import TABLE_COLUMNS, Outcome

FORMAT = "国办公开办函〔2021〕30号"
REPORT_TITLE = "{name}{year}年政府信息公开工作年度报告"

# spec §2.1
SECTIONS = [
    ("一", "一、总体情况"),
    ("二", "二、主动公开政府信息情况"),
    ("三", "三、收到和处理政府信息公开申请情况"),
    ("四", "四、政府信息公开行政复议、行政诉讼情况"),
    ("五", "五、存在的主要问题及改进情况"),
    ("六", "六、其他需要报告的事项"),
]
PROSE_SECTIONS = ("一", "五", "六")


def agency_deadline(year: int) -> datetime.date:
    """A department's report on ``year`` is due by 31 January of the next year (art. 49)."""
    return datetime.date(year + 1, 1, 31)


def aggregate_deadline(year: int) -> datetime.date:
    """A people's government's aggregate report on ``year`` is due by 31 March (art. 49)."""
    return datetime.date(year + 1, 3, 31)


# -- table 二 (spec §2.2): four blocks headed by the art. 20 item ----------------------------------
T2_FIRST_COLUMNS = ["本年制发件数", "本年废止件数", "现行有效件数"]
T2_DECISIONS = "本年处理决定数量"
T2_FEES = "本年收费金额（单位：万元）"


@dataclass(frozen=True)
class T2Block:
    item: str  # 第二十条第（…）项
    column: str | None  # None for the first block, which has three columns
    rows: tuple[tuple[str, str], ...]  # (key, label)


TABLE_TWO = [
    T2Block("第二十条第（一）项", None, (("rules", "规章"), ("normative", "行政规范性文件"))),
    T2Block("第二十条第（五）项", T2_DECISIONS, (("licences", "行政许可"),)),
    T2Block("第二十条第（六）项", T2_DECISIONS, (("penalties", "行政处罚"), ("enforcement", "行政强制"))),
    T2Block("第二十条第（八）项", T2_FEES, (("fees", "行政事业性收费"),)),
]
T2_CONTENT = "信息内容"
T2_MANUAL = ("licences", "penalties", "enforcement", "fees")  # from other systems, entered by the office

# -- table 三 (spec §2.3) ---------------------------------------------------------------------
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANT = "申请人情况"
T3_NATURAL = "自然人"
T3_ORGS = "法人或其他组织"
T3_TOTAL = "总计"
T3_COLUMNS = TABLE_COLUMNS  # 7 data columns, official order (inforequests/law.py)
T3_RESULTS = "三、本年度办理结果"
T3_GROUPS = {
    "（一）": "（一）予以公开",
    "（二）": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）": "（三）不予公开",
    "（四）": "（四）无法提供",
    "（五）": "（五）不予处理",
    "（六）": "（六）其他处理",
}


@dataclass(frozen=True)
class T3Row:
    key: str
    level1: str
    level2: str = ""
    level3: str = ""

    @property
    def label(self) -> str:
        return self.level3 or self.level2 or self.level1

    @property
    def editable(self) -> bool:
        return self.key != "total"  # （七）总计 is always the sum of the leaf rows


def _outcome_row(outcome: Outcome) -> T3Row:
    # An outcome's label is its group prefix and, inside groups （三）–（六）, the leaf label.
    label = outcome.label
    prefix = label[:3]
    leaf = label[3:] if prefix in ("（三）", "（四）", "（五）", "（六）") else ""
    return T3Row(outcome.value, T3_RESULTS, T3_GROUPS[prefix], leaf)


# The mapping from a case's outcome to its row is spec §2.6: each Outcome is one leaf row.
TABLE_THREE = [
    T3Row("new", "一、本年新收政府信息公开申请数量"),
    T3Row("carried_in", "二、上年结转政府信息公开申请数量"),
    *[_outcome_row(o) for o in Outcome],
    T3Row("total", T3_RESULTS, "（七）总计"),
    T3Row("carried_out", "四、结转下年度继续办理"),
]
T3_BY_KEY = {row.key: row for row in TABLE_THREE}
T3_LEAVES = [o.value for o in Outcome]

# What each outcome means (spec §2.6), shown next to the mapping in the workspace.
OUTCOME_SITUATIONS = {
    Outcome.GRANTED: "已主动公开（第三十六条第（一）项）或予以公开（第（二）项）",
    Outcome.PARTIAL: "部分公开，可以区分处理（第三十七条）——只计这一行",
    Outcome.WITHHELD_SECRET: "属于国家秘密（第十四条）",
    Outcome.WITHHELD_LAW: "其他法律、行政法规禁止公开（第十四条）",
    Outcome.WITHHELD_SECURITY: "危及国家安全、公共安全、经济安全、社会稳定（第十四条）",
    Outcome.WITHHELD_THIRD_PARTY: "公开会损害第三方合法权益（第十五条）",
    Outcome.WITHHELD_INTERNAL: "人事管理、后勤管理、内部工作流程等内部事务信息（第十六条第一款）",
    Outcome.WITHHELD_PROCESS: "讨论记录、过程稿、磋商信函、请示报告等过程性信息（第十六条第二款）",
    Outcome.WITHHELD_ENFORCEMENT: "行政执法案卷信息（第十六条第二款）",
    Outcome.WITHHELD_QUERY: "工商、不动产登记资料等有专门查询规定的（第三十六条第（七）项）",
    Outcome.UNAVAILABLE_NOT_HELD: "经检索没有所申请的信息，或不属于本机关负责公开（第三十六条第（四）、（五）项）",
    Outcome.UNAVAILABLE_NEEDS_CREATION: "需要另行制作或加工、分析（第三十八条）",
    Outcome.UNAVAILABLE_UNCLEAR: "补正后申请内容仍不明确（第三十条）",
    Outcome.REFUSED_PETITION: "以申请形式提出信访、投诉、举报等诉求（第三十九条第一款）",
    Outcome.REFUSED_REPEAT: "重复申请（第三十六条第（六）项）",
    Outcome.REFUSED_PUBLICATION: "要求提供公报、报刊、书籍等公开出版物（第三十九条第二款）",
    Outcome.REFUSED_EXCESSIVE: "无正当理由大量、频繁申请（第三十五条）",
    Outcome.REFUSED_CONFIRMATION: "要求确认或重新出具已获取的信息（不属于已有的政府信息，第二条）",
    Outcome.OTHER_UNCORRECTED: "无正当理由逾期不补正（第三十条）",
    Outcome.OTHER_UNPAID: "逾期未缴纳信息处理费（国办函〔2020〕109号《政府信息公开信息处理费管理办法》）",
    Outcome.OTHER: "申请人撤回等其他情形",
}

# -- table 四 (spec §2.4) ---------------------------------------------------------------------
T4_REVIEW = "行政复议"
T4_LAWSUIT = "行政诉讼"
T4_GROUPS = ["行政复议", "未经复议直接起诉", "复议后起诉"]
T4_RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
T4_CELLS = [(group, result) for group in T4_GROUPS for result in T4_RESULTS]  # 15, in official order
