"""Read a year's holiday notice from a small YAML or CSV file (format: docs/calendar.md).

``parse_notice(text, fmt)`` returns a ``Notice`` or raises ``NoticeError`` listing every problem,
each in Chinese naming the entry, the field and the rule; nothing is saved by this module.
``preview(notice)`` compares it with what is stored, so the operator sees the change before saving.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from gongkai.workdays.index import FIRST_YEAR, LAST_YEAR
from gongkai.workdays.models import DayException, DayKind

MAX_UPLOAD_BYTES = 64 * 1024
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}
_RANGE = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2})\s*(?:\.\.|至|~|－|—)\s*(\d{4}-\d{1,2}-\d{1,2})\s*$")
_KIND_WORDS = {"放假": DayKind.HOLIDAY, "休": DayKind.HOLIDAY, "上班": DayKind.WORKDAY, "调休上班": DayKind.WORKDAY}
WEEKDAYS = "一二三四五六日"
MAX_STRETCH = 6  # 《全国年节及纪念日放假办法》(2024) 第七条: no more than 6 working days in a row, as a rule


class NoticeError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


@dataclass
class Notice:
    year: int
    source: str
    published_on: datetime.date | None
    days: list[tuple[datetime.date, str, str]]  # (date, DayKind, holiday name), date order

    @property
    def holidays(self) -> list[tuple[datetime.date, str, str]]:
        return [d for d in self.days if d[1] == DayKind.HOLIDAY]

    @property
    def workdays(self) -> list[tuple[datetime.date, str, str]]:
        return [d for d in self.days if d[1] == DayKind.WORKDAY]


@dataclass
class Preview:
    notice: Notice
    added: list[tuple[datetime.date, str, str]] = field(default_factory=list)
    removed: list[tuple[datetime.date, str, str]] = field(default_factory=list)
    changed: list[tuple[datetime.date, str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _date(value: object, where: str, errors: list[str]) -> datetime.date | None:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        try:
            return datetime.date(*map(int, m.groups()))
        except ValueError:
            pass
    errors.append(f"{where}：“{text}”不是有效日期（格式 YYYY-MM-DD）")
    return None


def _dates(value: object, where: str, errors: list[str]) -> list[datetime.date]:
    """A date, a list of dates, or a range "A..B" / "A 至 B" (inclusive)."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [d for i, v in enumerate(value, 1) for d in _dates(v, f"{where}第{i}个", errors)]
    if isinstance(value, str) and (m := _RANGE.match(value)):
        start, end = _date(m.group(1), where, errors), _date(m.group(2), where, errors)
        if start is None or end is None:
            return []
        if end < start:
            errors.append(f"{where}：区间“{value}”的结束日期早于开始日期")
            return []
        if (end - start).days > 31:
            errors.append(f"{where}：区间“{value}”超过 31 天，请检查")
            return []
        return [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]
    day = _date(value, where, errors)
    return [day] if day else []


def _check_year(raw: Any, errors: list[str]) -> int | None:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        errors.append(f"year：“{raw}”不是年份")
        return None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors.append(f"year：应为 {FIRST_YEAR}—{LAST_YEAR} 之间的年份")
        return None
    return year


def _finish(
    year: int | None,
    source: str,
    published_on: datetime.date | None,
    entries: Sequence[tuple[datetime.date, str, str, str]],
    errors: list[str],
) -> Notice:
    """Common checks once entries are (date, kind, name, where)."""
    if not source:
        errors.append("source：必须填写依据的通知名称或文号，如 国办发明电〔2025〕7号")
    seen: dict[datetime.date, str] = {}
    days: list[tuple[datetime.date, str, str]] = []
    for day, kind, name, where in entries:
        if year is not None and day.year != year:
            errors.append(f"{where}：{day.isoformat()} 不属于 {year} 年")
            continue
        if day in seen:
            errors.append(f"{where}：{day.isoformat()} 重复出现（另见{seen[day]}）")
            continue
        seen[day] = where
        if kind == DayKind.WORKDAY and day.weekday() < 5:
            errors.append(
                f"{where}：{day.isoformat()} 是星期{WEEKDAYS[day.weekday()]}，本来就是工作日，不能作为调休上班日"
            )
            continue
        days.append((day, kind, name))
    if not days and not errors:
        errors.append("文件中没有任何放假或调休上班日期")
    if errors:
        raise NoticeError(errors)
    assert year is not None  # a missing year is an error above
    return Notice(year, source, published_on, sorted(days))


# YAML 1.1 reads a bare ``off`` key as the boolean False, so it is accepted under that name too.
REST_KEYS = ("rest", "放假", False)
WORK_KEYS = ("work", "上班")


def _first(item: dict[Any, Any], keys: tuple[Any, ...]) -> Any:
    return next((item[k] for k in keys if k in item), None)


_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\]}]+", re.MULTILINE)


def parse_yaml(text: str) -> Notice:
    errors: list[str] = []
    if _ALIAS.search(text):  # an alias can expand a short paste into millions of entries
        raise NoticeError(["文件：不支持 YAML 的锚点和别名（& 与 *），请直接写出每一项"])
    try:
        data = yaml.safe_load(text)
    except RecursionError:
        raise NoticeError(["文件：嵌套层次过深，不是放假通知的格式（year、source、holidays 三项）"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark else "文件"
        raise NoticeError([f"{where}：不是有效的 YAML（{getattr(exc, 'problem', exc)}）"]) from exc
    if not isinstance(data, dict):
        raise NoticeError(["文件应包含 year、source、holidays 三项"])
    year = _check_year(data.get("year"), errors)
    source = str(data.get("source") or "").strip()
    published = data.get("published_on")
    published_on = _date(published, "published_on", errors) if published else None
    holidays = data.get("holidays")
    if not isinstance(holidays, list):
        errors.append("holidays：应为节日列表，每项包含 name、rest 和可选的 work")
        holidays = []
    entries = []
    for i, item in enumerate(holidays, 1):
        if not isinstance(item, dict) or not str(item.get("name") or "").strip():
            errors.append(f"holidays 第{i}项：必须有 name（节日名称）")
            continue
        name = str(item["name"]).strip()
        where = f"holidays 第{i}项（{name}）"
        off = _dates(_first(item, REST_KEYS), f"{where} rest", errors)
        if not off:
            errors.append(f"{where} rest：必须列出放假日期")
        entries += [(d, DayKind.HOLIDAY, name, f"{where} rest") for d in off]
        entries += [
            (d, DayKind.WORKDAY, name, f"{where} work")
            for d in _dates(_first(item, WORK_KEYS), f"{where} work", errors)
        ]
    return _finish(year, source, published_on, entries, errors)


def parse_csv(text: str) -> Notice:
    errors: list[str] = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    required = {"date", "kind", "name"}
    if not reader.fieldnames or not required <= {f.strip() for f in reader.fieldnames}:
        raise NoticeError(["表头应为 date,kind,name,source（source 可省略）"])
    entries, sources = [], set()
    for row in reader:
        line = reader.line_num
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        if not any(row.values()):
            continue
        where = f"第{line}行"
        kind = _KIND_WORDS.get(row["kind"])
        if kind is None:
            errors.append(f"{where} kind：“{row['kind']}”应为“放假”或“上班”")
        if not row["name"]:
            errors.append(f"{where} name：必须填写节日名称")
        day = _date(row["date"], f"{where} date", errors)
        if row.get("source"):
            sources.add(row["source"])
        if kind and day and row["name"]:
            entries.append((day, kind, row["name"], where))
    if len(sources) > 1:
        errors.append(f"source：同一文件只能对应一份通知，现有 {len(sources)} 种写法")
    years = {d.year for d, *_ in entries}
    year = next(iter(years)) if len(years) == 1 else None
    if len(years) > 1:
        errors.append("date：同一文件只能录入一个年度的安排")
    return _finish(year, sources.pop() if sources else "", None, entries, errors)


def parse_notice(text: str, fmt: str) -> Notice:
    if fmt == "yaml":
        return parse_yaml(text)
    if fmt == "csv":
        return parse_csv(text)
    raise NoticeError([f"文件类型：只支持 {'、'.join(sorted(FORMATS))}"])


def decode_upload(upload: Any) -> tuple[str, str]:
    """(text, format) of an uploaded file, checked by name and size; NoticeError otherwise."""
    name = upload.name.lower()
    fmt = next((f for ext, f in FORMATS.items() if name.endswith(ext)), None)
    if fmt is None:
        raise NoticeError([f"文件类型：只接受 {'、'.join(sorted(FORMATS))} 文件"])
    if upload.size > MAX_UPLOAD_BYTES:
        raise NoticeError([f"文件大小：不能超过 {MAX_UPLOAD_BYTES // 1024} KB"])
    raw = upload.read()
    if b"\0" in raw:
        raise NoticeError(["文件内容：不是文本文件"])
    try:
        return raw.decode("utf-8"), fmt
    except UnicodeDecodeError:
        raise NoticeError(["文件编码：应为 UTF-8 文本"]) from None


def _long_stretches(notice: Notice) -> list[str]:
    """Runs of more than MAX_STRETCH consecutive working days that the notice creates."""
    kinds = {d: k for d, k, _ in notice.days}
    start = datetime.date(notice.year, 1, 1)
    warnings: list[str] = []
    run_start: datetime.date | None = None
    run = 0
    for i in range((datetime.date(notice.year, 12, 31) - start).days + 1):
        day = start + datetime.timedelta(days=i)
        work = kinds[day] == DayKind.WORKDAY if day in kinds else day.weekday() < 5
        if work:
            run_start, run = (run_start or day), run + 1
            continue
        if (
            run_start is not None
            and run > MAX_STRETCH
            and any(kinds.get(run_start + datetime.timedelta(days=j)) for j in range(run))
        ):
            last = day - datetime.timedelta(days=1)
            warnings.append(
                f"{run_start.isoformat()} 至 {last.isoformat()} 连续工作 {run} 天；《全国年节及纪念日放假办法》"
                f"第七条规定除个别特殊情形外一般不超过 {MAX_STRETCH} 天，请核对通知原文"
            )
        run_start, run = None, 0
    return warnings


def preview(notice: Notice) -> Preview:
    stored = {e.date: (e.kind, e.name) for e in DayException.objects.filter(date__year=notice.year)}
    incoming = {d: (k, n) for d, k, n in notice.days}
    result = Preview(notice)
    result.added = [(d, k, n) for d, (k, n) in sorted(incoming.items()) if d not in stored]
    result.changed = [(d, k, n) for d, (k, n) in sorted(incoming.items()) if d in stored and stored[d] != (k, n)]
    result.removed = [(d, k, n) for d, (k, n) in sorted(stored.items()) if d not in incoming]
    result.warnings = _long_stretches(notice)
    return result
