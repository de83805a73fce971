"""时间节点: the phrases work plans use for a task's deadline, turned into a due date and a kind.
Every rule is a small function tested phrase by phrase (tests/test_phrases.py)."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from gongkai.workdays import add_workdays

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """Arabic or simple Chinese numerals up to 99: 3, 十, 十二, 二十, 三十五."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in CN_DIGITS and c != "十" for c in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    return CN_DIGITS[text] if len(text) == 1 else None


class Kind:
    DATE = "date"  # a day (or the end of a month) in the plan year or a named year
    YEAR = "year"  # 全年: by 31 December
    CONTINUOUS = "continuous"  # 实时、及时、长期: no single deadline
    RELATIVE = "relative"  # after an event whose date the office sets
    UNKNOWN = "unknown"  # kept verbatim, a person sets the date

    LABELS = {DATE: "截止日期", YEAR: "全年", CONTINUOUS: "持续", RELATIVE: "事件后", UNKNOWN: "待设置"}


@dataclass(frozen=True)
class TimeNode:
    text: str
    kind: str
    due: datetime.date | None = None
    event: str = ""  # RELATIVE: the event, e.g. 新规出台
    offset: int = 0  # RELATIVE: how many units after it
    offset_unit: str = ""  # RELATIVE: 天 / 个工作日 / 个月

    @property
    def flagged(self) -> bool:
        return self.kind == Kind.UNKNOWN

    def due_after(self, event_date: datetime.date) -> datetime.date:
        """A RELATIVE node's due date once the office has set the event's date."""
        if self.offset_unit == "个月":
            return add_months(event_date, self.offset)
        if self.offset_unit == "个工作日":
            return add_workdays(event_date, self.offset)
        return event_date + datetime.timedelta(days=self.offset)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


CONTINUOUS_WORDS = ("实时", "及时", "长期", "常态化", "持续", "经常性", "随时", "动态")
YEAR_WORDS = ("全年", "年内", "年底前", "年底", "年末", "全年度", "本年度", "12月底")
QUARTERS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_NUM = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_RELATIVE = re.compile(r"^(?P<event>.+?)后(?P<n>\d+|[一二三四五六七八九十两]+)(?P<unit>个工作日|个月|天|日|周)内?$")
_FULL_DATE = re.compile(r"(?P<y>20\d\d)[.．/年-](?P<m>\d{1,2})(?:[.．/月-](?P<d>\d{1,2})日?)?")
_MONTH_DAY = re.compile(rf"(?P<next>次年|下一年|明年)?{_NUM}月{_NUM}日")
_MONTH_END = re.compile(rf"(?P<next>次年|下一年|明年)?{_NUM}月(底|末|份|中旬|上旬|下旬)?")


def parse(text: str, year: int) -> TimeNode:
    raw = (text or "").strip()
    clean = re.sub(r"\s+", "", raw)
    if not clean:
        return TimeNode(raw, Kind.UNKNOWN)
    if clean in CONTINUOUS_WORDS or (len(clean) <= 6 and any(w in clean for w in CONTINUOUS_WORDS)):
        return TimeNode(raw, Kind.CONTINUOUS)
    if match := _RELATIVE.match(clean):
        n = cn_number(match["n"]) or 0
        unit = {"日": "天", "周": "天"}.get(match["unit"], match["unit"])
        offset = n * 7 if match["unit"] == "周" else n
        return TimeNode(raw, Kind.RELATIVE, event=match["event"], offset=offset, offset_unit=unit)
    if clean in YEAR_WORDS or clean.rstrip("前") in YEAR_WORDS:
        return TimeNode(raw, Kind.YEAR, datetime.date(year, 12, 31))
    if clean in ("上半年", "上半年内", "年中"):
        return TimeNode(raw, Kind.DATE, datetime.date(year, 6, 30))
    if clean in ("下半年", "下半年内"):
        return TimeNode(raw, Kind.DATE, datetime.date(year, 12, 31))
    if match := re.fullmatch(r"(?:第)?([一二三四1-4])季度(?:末|内|前)?", clean):
        return TimeNode(raw, Kind.DATE, month_end(year, QUARTERS[match[1]]))
    if match := _FULL_DATE.search(clean):
        y, m = int(match["y"]), int(match["m"])
        if 1 <= m <= 12:
            due = datetime.date(y, m, int(match["d"])) if match["d"] else month_end(y, m)
            return TimeNode(raw, Kind.DATE if due != datetime.date(y, 12, 31) else Kind.YEAR, due)
    if match := _MONTH_DAY.search(clean):
        y = year + (1 if match["next"] else 0)
        m, d = cn_number(match[2]) or 0, cn_number(match[3]) or 0
        if m and d and 1 <= m <= 12:
            try:
                return TimeNode(raw, Kind.DATE, datetime.date(y, m, d))
            except ValueError:
                pass
    if match := _MONTH_END.search(clean):
        y = year + (1 if match["next"] else 0)
        m = cn_number(match[2]) or 0
        if m and 1 <= m <= 12 and len(clean) <= 12:
            when = match[3] or ""
            day = {"上旬": 10, "中旬": 20}.get(when)
            due = datetime.date(y, m, day) if day else month_end(y, m)
            return TimeNode(raw, Kind.YEAR if due == datetime.date(year, 12, 31) else Kind.DATE, due)
    return TimeNode(raw, Kind.UNKNOWN)
