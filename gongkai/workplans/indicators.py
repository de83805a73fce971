"""Quantitative targets in task texts (不少于4次, 不低于50%, 不超过5个小时, 10个工作日内, 3月31日前向社会公开)
and the indicators the platform can compute from its own records."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from gongkai.workdays import periods
from gongkai.workplans.timenodes import cn_number


class Comparator:
    AT_LEAST = "gte"
    AT_MOST = "lte"
    BY_DATE = "by"

    SYMBOLS = {AT_LEAST: "≥", AT_MOST: "≤", BY_DATE: "不晚于"}


@dataclass(frozen=True)
class Target:
    text: str  # the phrase as written
    comparator: str
    value: Decimal | None  # None for BY_DATE
    unit: str  # 次, %, 小时, 个工作日, 日期 …
    due: datetime.date | None = None
    metric: str = ""  # a live metric key (lib/metrics.py) when the platform has the data


_N = r"(\d+(?:\.\d+)?|[一二两三四五六七八九十]{1,3})"
_UNIT = r"(次|个|篇|场|期|项|家|件|人次|批|条|期次)"
PATTERNS = [
    (re.compile(rf"(?:不少于|不低于|至少|不得少于|不得低于){_N}\s*{_UNIT}"), Comparator.AT_LEAST, None),
    (re.compile(rf"(?:至少|不少于)(?:听取|开展|举办|召开)?{_N}\s*{_UNIT}"), Comparator.AT_LEAST, None),
    (re.compile(rf"(?:不低于|不得低于|不少于|达到|高于){_N}\s*(%|％)"), Comparator.AT_LEAST, "%"),
    (
        re.compile(rf"(?:不超过|不得超过|不多于){_N}\s*个?\s*(小时|个工作日|工作日|天|日|分钟)"),
        Comparator.AT_MOST,
        None,
    ),
    (re.compile(rf"{_N}\s*个工作日内"), Comparator.AT_MOST, "个工作日"),
]
_BY_DATE = re.compile(r"(\d{1,2})月(\d{1,2})日前(?:向社会)?(?:公开|发布|完成|报送|上线|印发)")

# Metrics computed from the platform's records (lib/metrics.py, registered by the owning apps) are
# matched to a target by words in the task text.


def _metric_for(text: str, unit: str) -> str:
    if unit == "%" and "解读" in text and any(w in text for w in ("多元化", "图表", "图解", "视频", "形式")):
        return "nontext_share"
    if "决策" in text or "列席" in text or "采纳" in text:  # the decisions app's indicators
        if "列席" in text and unit in ("次", "场", "期", "期次"):
            return "decision_attendance"
        if "采纳" in text and unit == "个工作日":
            return "decision_adoption_days"
        if "采纳" in text and unit == "%":
            return "decision_adoption_on_time"
        if "公众参与" in text and unit == "%":
            return "decision_participation"
    if "推送" in text and unit in ("次", "期", "场", "期次"):  # the subscriptions app's campaigns
        return "push_campaigns"
    if unit == "%" and any(w in text for w in ("留言", "信箱", "咨询", "知识库", "回应")):  # the interactions app's
        if "知识库" in text:
            return "kb_coverage"
        if "满意" in text:
            return "messages_satisfaction"
        if "回应" in text and any(w in text for w in ("突发", "关切", "舆情")):
            return "first_response_on_time"
        if any(w in text for w in ("答复", "办结", "回复")):
            return "messages_on_time"
    return ""


def find(text: str, year: int) -> list[Target]:
    """Every target in ``text``, in order of appearance; a phrase is read once."""
    found: list[tuple[int, Target]] = []
    taken: list[tuple[int, int]] = []
    for pattern, comparator, fixed_unit in PATTERNS:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            value = cn_number(match[1]) if not re.match(r"\d", match[1]) else Decimal(match[1])
            if value is None:
                continue
            unit = fixed_unit or match[2]
            unit = {"％": "%", "工作日": "个工作日", "日": "天"}.get(unit, unit)
            taken.append((match.start(), match.end()))
            found.append(
                (match.start(), Target(match[0], comparator, Decimal(value), unit, metric=_metric_for(text, unit)))
            )
    for match in _BY_DATE.finditer(text):
        try:
            due = datetime.date(year, int(match[1]), int(match[2]))
        except ValueError:
            continue
        found.append((match.start(), Target(match[0], Comparator.BY_DATE, None, "日期", due=due)))
    targets = [t for _, t in sorted(found, key=lambda pair: pair[0])]
    # Implied targets where the platform holds the data (the law sets the bar).
    if ("三同步" in text or ("同步发布" in text and "解读" in text)) and not any(
        t.metric == "sync_rate" for t in targets
    ):
        targets.append(Target("三同步（按要求全部同步）", Comparator.AT_LEAST, Decimal(100), "%", metric="sync_rate"))
    if "年报" in text and any(w in text for w in ("法定时限", "按时", "1月31日")):
        targets.append(Target("年报按法定时限发布", Comparator.BY_DATE, None, "日期", due=datetime.date(year, 1, 31),
                              metric="report_on_time"))  # fmt: skip
    if "依申请" in text and "答复" in text and any(w in text for w in ("及时", "时限", "期限")):
        targets.append(
            Target("依申请公开按法定期限答复", Comparator.AT_LEAST, Decimal(100), "%", metric="requests_on_time")
        )
    if "决策" in text and "目录" in text:  # the decision catalogue's date: the decisions app knows it
        dated = [t for t in targets if t.comparator == Comparator.BY_DATE and not t.metric]
        targets = [replace(t, metric="decision_catalogue") if t in dated[:1] else t for t in targets]
        if not dated and any(w in text for w in ("公布", "公开", "发布")):
            due = datetime.date(year, *periods.DECISION_CATALOGUE_DUE)
            targets.append(Target("重大行政决策事项目录按期公布", Comparator.BY_DATE, None, "日期", due=due,
                                  metric="decision_catalogue"))  # fmt: skip
    unique, seen = [], set()
    for target in targets:
        key = (target.text, target.comparator, target.value, target.unit, target.due)
        if key not in seen:
            seen.add(key)
            unique.append(target)
    return unique
