"""Reading a work plan in the shapes it arrives in, into tasks.

Shapes: a task table exported one cell per line (each cell a tab-indented line, each row started by
its number, blank lines and page breaks anywhere); a table copied from Word or Excel (one row per
line, cells separated by tabs); a prose plan whose items are numbered 一、 / （一） / 1、 / 1. / （1）
(every innermost item is a task under its headings); a .docx (a table, or numbered paragraphs);
an .xlsx sheet. Titles, notices and footers (印发, 抄送, addresses) are not tasks.

Before any of that, ``clean_text`` takes off what copying from a web page or converting to Markdown
adds (``##`` and ``>`` markers, ``**bold**``, HTML tags and entities, full-width spaces, a heading number
left alone on its line, Markdown tables), the 红头 covering notice a plan is issued with (…关于印发《…》
的通知 … 特此通知, signature, date), and the document footer after the plan (抄送, …印发, 联系人/电话,
附件, page numbers): the footer ends the table or the last item and never becomes task text.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import asdict, dataclass, field

from docx import Document as Docx
from openpyxl import load_workbook

from gongkai.lib.files import decode_text
from gongkai.lib.packages import PackageRefused, inspect_package
from gongkai.workplans import indicators, timenodes


class PlanProblem(Exception):
    """The file yields no tasks; the message says why."""


@dataclass
class Unit:
    name: str
    role: str  # lead / participant

    ROLES = {"lead": "牵头", "participant": "参与"}


@dataclass
class ParsedTask:
    number: str
    heading: str
    name: str
    content: str
    units: list[Unit]
    time: timenodes.TimeNode
    targets: list[indicators.Target]
    problems: list[str] = field(default_factory=list)
    raw: str = ""

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "heading": self.heading,
            "name": self.name,
            "content": self.content,
            "units": [asdict(u) for u in self.units],
            "due": self.time.due.isoformat() if self.time.due else None,
            "time_kind": self.time.kind,
            "time_text": self.time.text,
            "time_event": self.time.event,
            "indicators": [
                {
                    "text": t.text,
                    "comparator": t.comparator,
                    "value": str(t.value) if t.value is not None else None,
                    "unit": t.unit,
                    "due": t.due.isoformat() if t.due else None,
                    "metric": t.metric,
                }
                for t in self.targets
            ],  # fmt: skip
            "problems": self.problems,
            "raw": self.raw,
        }


@dataclass
class ParsedPlan:
    title: str
    shape: str
    tasks: list[ParsedTask]

    SHAPES = {"cells": "表格（每格一行）", "rows": "表格（每行一条，制表符分隔）", "prose": "正文（编号条目）",
              "docx-table": "Word 表格", "docx-prose": "Word 正文", "xlsx": "Excel 表格",
              "derived": "由区级任务生成"}  # fmt: skip

    def to_json(self) -> dict:
        return {"title": self.title, "shape": self.shape, "tasks": [t.to_json() for t in self.tasks]}


# -- units --------------------------------------------------------------------------------------
_SEPARATORS = re.compile(r"[、，,；;/\s]+")
_LEAD_WORDS = ("牵头", "负责")
_PARTICIPANT_WORDS = ("落实", "配合", "参与", "协助", "按职责分工负责")


def split_units(text: str, *, role: str | None = None) -> list[Unit]:
    """“办公室牵头，各科室落实” → 办公室 (lead), 各科室 (participant). Without role words the first
    unit of a single list leads and the rest take part; ``role`` forces one role for the whole cell."""
    units: list[Unit] = []
    for part in _SEPARATORS.split((text or "").strip()):
        name, said = part.strip(), None
        for word in _LEAD_WORDS:
            if name.endswith(word) and len(name) > len(word):
                name, said = name[: -len(word)], "lead"
        for word in _PARTICIPANT_WORDS:
            if name.endswith(word) and len(name) > len(word):
                name, said = name[: -len(word)], "participant"
        name = re.sub(r"等$", "", name).strip("。.")
        if not name or name in ("等", "各"):
            continue
        units.append(Unit(name, said or role or ("lead" if not units else "participant")))
    return units


def merge_units(lead: list[Unit], others: list[Unit]) -> list[Unit]:
    seen = {u.name for u in lead}
    return lead + [u for u in others if u.name not in seen]


# -- tables --------------------------------------------------------------------------------------
COLUMNS = {
    "number": ("序号", "编号"),
    "name": ("任务名称", "工作任务", "重点任务", "任务", "项目"),
    "content": ("任务内容", "具体内容", "工作内容", "具体措施", "工作措施", "主要内容", "内容"),
    "lead": ("牵头单位", "牵头部门", "牵头处室", "牵头科室"),
    "units": ("责任单位", "责任部门", "责任处室", "责任科室", "配合单位", "责任主体", "落实单位"),
    "time": ("时间节点", "完成时间", "时间要求", "完成时限", "时限", "时间"),
}


def _norm(text) -> str:
    return re.sub(r"[\s\u3000\xa0]+", "", str(text or ""))


def column_map(header: list[str]) -> dict[str, int]:
    found = {}
    for i, cell in enumerate(header):
        cell = _norm(cell)
        for key, names in COLUMNS.items():
            if key not in found and cell in names:
                found[key] = i
                break
    return found


def _short_name(content: str) -> str:
    first = re.split(r"[。；;]", content.strip(), maxsplit=1)[0]
    return first if len(first) <= 40 else first[:39] + "…"


def tasks_from_rows(header: list[str], rows: list[list[str]], year: int, *, raw_rows=None) -> list[ParsedTask]:
    columns = column_map(header)
    if "content" not in columns and "name" not in columns:
        raise PlanProblem("找到了表格，但表头里没有“任务内容”或“任务名称”列")
    width = len(header)
    tasks, previous_name = [], ""
    for index, cells in enumerate(rows):
        problems = []
        raw = (raw_rows[index] if raw_rows else "\t".join(cells)).strip()
        if len(cells) != width:
            problems.append(f"这一行有 {len(cells)} 格，表头有 {width} 列，无法对齐，请核对")
            cells = (cells + [""] * width)[:width]
        get = _getter(cells, columns)
        content = cells[columns["content"]].strip() if "content" in columns else ""
        name = get("name")
        if not name and "name" in columns and previous_name:
            name = previous_name  # a merged cell: the row continues the previous task name
        if not name:
            name = _short_name(content)
        previous_name = name if "name" in columns else previous_name
        lead = split_units(get("lead"), role="lead") if "lead" in columns else []
        others = split_units(get("units"), role="participant" if lead else None)
        time = timenodes.parse(get("time"), year)
        if time.flagged:
            problems.append(f"时间节点“{time.text}”无法识别，请设置" if time.text else "时间节点为空，请设置")
        text = content if content.startswith(name.rstrip("…")) else f"{name}。{content}"
        tasks.append(
            ParsedTask(
                number=get("number") or str(index + 1),
                heading="",
                name=name,
                content=content,
                units=merge_units(lead, others),
                time=time,
                targets=indicators.find(text + " " + time.text, year),
                problems=problems,
                raw=raw if problems else "",
            )
        )
    return tasks


def _getter(cells, columns):
    return lambda key: _norm(cells[columns[key]]) if key in columns else ""


def _find_header(rows: list[list[str]]) -> int | None:
    for i, row in enumerate(rows):
        names = {_norm(c) for c in row}
        if names & set(COLUMNS["number"]) and len(column_map(row)) >= 2:
            return i
    return None


# one cell per line: "\t1 ", "\t任务内容…", …
def _cells_per_line(text: str) -> tuple[list[str], list[str]]:
    """(title lines, cells in order). A line without the leading tab continues the cell above,
    unless it repeats it (a page-break artefact)."""
    titles, cells = [], []
    for line in text.replace("\f", "\n").splitlines():
        if line.startswith("\t"):
            cells.append(line[1:].strip())
        elif line.strip():
            if not cells:
                titles.append(line.strip())
            elif line.strip() != cells[-1]:
                cells[-1] = (cells[-1] + line.strip()) if cells[-1] else line.strip()
    return titles, cells


def parse_cells(text: str, year: int) -> ParsedPlan:
    titles, cells = _cells_per_line(text)
    try:
        start = next(i for i, c in enumerate(cells) if _norm(c) in COLUMNS["number"])
    except StopIteration:
        raise PlanProblem("没有找到表头（应有“序号”一列）") from None
    header = []
    i = start
    while i < len(cells) and not re.fullmatch(r"\d+", _norm(cells[i])):
        header.append(cells[i])
        i += 1
    rows: list[list[str]] = []
    raws: list[str] = []
    expected = 1
    for cell in cells[i:]:
        if re.fullmatch(r"\d+", _norm(cell)) and int(_norm(cell)) == expected and (not rows or len(rows[-1]) >= 2):
            rows.append([_norm(cell)])
            raws.append(cell)
            expected += 1
        elif rows:
            rows[-1].append(cell)
            raws[-1] += "\t" + cell
    if not rows:
        raise PlanProblem("找到了表头，但没有以序号开头的行")
    # Trailing empty cells of a row may be missing when the export drops them.
    return ParsedPlan(_title(titles), "cells", tasks_from_rows(header, rows, year, raw_rows=raws))


def parse_tab_rows(text: str, year: int, shape="rows") -> ParsedPlan:
    lines = [line for line in text.replace("\f", "\n").splitlines() if line.strip()]
    rows = [[c.strip() for c in line.split("\t")] for line in lines]
    header_at = _find_header(rows)
    if header_at is None:
        raise PlanProblem("没有找到表头（应有“序号”一列和“任务内容”等列）")
    header = rows[header_at]
    body: list[list[str]] = []
    raws: list[str] = []
    for line, row in zip(lines[header_at + 1 :], rows[header_at + 1 :], strict=True):
        while row and row[-1] == "" and len(row) > len(header):
            row = row[:-1]
        if len(row) == 1 and body and not re.fullmatch(r"\d+", _norm(row[0])):
            body[-1][-1] = body[-1][-1] + row[0] if body[-1] else row[0]  # a wrapped line continues the row
            raws[-1] += line
            continue
        body.append(row)
        raws.append(line)
    return ParsedPlan(_title(list(lines[:header_at])), shape, tasks_from_rows(header, body, year, raw_rows=raws))


def _title(lines: list[str]) -> str:
    """The plan's title: its first short lines before the table or the first item (附件 notes skipped)."""
    candidates = [line.strip() for line in lines if line.strip() and not line.strip().startswith("附件")]
    short: list[str] = []
    for line in candidates[:3]:
        if len(line) > 40 or line.endswith(("。", "：", ":")):
            break  # a sentence or a salutation is not part of the title
        short.append(line)
    return "".join(short)[:100]


# -- prose ---------------------------------------------------------------------------------------
LEVELS = [
    re.compile(r"^([一二三四五六七八九十]+)、"),
    re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]"),
    re.compile(r"^(\d+)[、.．](?!\d)"),
    re.compile(r"^[（(](\d+)[)）]"),
]
FOOTER = re.compile(
    r"(ICP备|网站标识码|公网安备|抄送[:：]|印发$|^地址|\|\s*地址|电话[:：]\s*\d|^附件[:：]?$|此件公开发布)"
)


def _level(line: str) -> tuple[int, str, str] | None:
    for level, pattern in enumerate(LEVELS):
        if match := pattern.match(line):
            return level, match.group(0), line[match.end() :].strip()
    return None


def parse_prose(text: str, year: int, shape="prose") -> ParsedPlan:
    lines = [line.strip() for line in text.replace("\f", "\n").splitlines() if line.strip()]
    items: list[list] = []  # [level, label, text]
    preamble = []
    for line in lines:
        if FOOTER.search(line):
            continue
        found = _level(line)
        if found:
            items.append(list(found))
        elif items:
            items[-1][2] += line  # a paragraph continuing the item above
        else:
            preamble.append(line)
    if not items:
        raise PlanProblem("没有找到编号条目（一、（一）1、等）或任务表格")
    tasks: list[ParsedTask] = []
    path: dict[int, str] = {}
    for i, (level, label, body) in enumerate(items):
        path = {k: v for k, v in path.items() if k < level}
        is_leaf = i + 1 == len(items) or items[i + 1][0] <= level
        title = re.split(r"[。；;]", body, maxsplit=1)[0].strip("，,")
        if not is_leaf:
            path[level] = f"{label}{title}"
            continue
        content = body[len(title) :].lstrip("。；; ") if body.startswith(title) else body
        time = _time_in_text(body, year)
        tasks.append(
            ParsedTask(
                number=str(len(tasks) + 1),
                heading=" / ".join(path[k] for k in sorted(path)),
                name=(label + title)[:80],
                content=content or body,
                units=[],
                time=time,
                targets=indicators.find(body, year),
            )
        )
    return ParsedPlan(_title(preamble[:2]), shape, tasks)


def _time_in_text(body: str, year: int) -> timenodes.TimeNode:
    """Prose items rarely state a time node; one written as “于3月31日前” is taken, else 全年."""
    if match := re.search(r"(\d{1,2}月\d{1,2}日前|\d{1,2}月底前|\d{1,2}月底|上半年|下半年)", body):
        node = timenodes.parse(match[1], year)
        if not node.flagged:
            return node
    return timenodes.TimeNode("（正文未写明，按全年）", timenodes.Kind.YEAR, timenodes.month_end(year, 12))


# -- what copying and issuing add: markup, the covering notice, the footer --------------------------
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}
_CELL_TAGS = {"td", "th"}
_PAGE_NUMBER = re.compile(r"^[-—–－]\s*\d{1,3}\s*[-—–－]$")
_MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
# A line that begins the footer of an issued document: everything from it on is not the plan.
FOOTER_START = re.compile(
    r"^(抄送[:：]|抄报[:：]|主题词[:：]|(联系人|联系电话)[:：]|附件[:：]?\s*(\d|$|[^\s])|（此件[^）]*）$|此件公开发布)"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发$"
)
_NOTICE_TITLE = re.compile(r"关于印发.{2,80}的通知$")
_DATE_LINE = re.compile(r"^[（(]?\s*(\d{4}|二[〇○零]\S{2})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日\s*[)）]?$")
_LABEL_ONLY = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])$")


def _unwrap(line: str) -> str:
    """One line without Markdown or web markup; a leading tab (the cell-per-line shape) is kept."""
    tab = "\t" if line.startswith("\t") else ""
    text = line[1:] if tab else line
    text = text.replace("\u3000", " ").replace("\xa0", " ")
    while True:
        stripped = re.sub(r"^\s*(>+|#{1,6}(?=\s|$)|[-*+](?=\s))\s*", "", text)
        if stripped == text:
            break
        text = stripped
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)  # **bold**, __bold__
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)  # *emphasis*
    text = text.replace("**", "")
    return tab + text.strip()


def _html_to_lines(text: str) -> str:
    """Tags as line and cell breaks (a web table row → a tab-separated line), entities decoded."""
    if not _TAG.search(text):
        return html.unescape(text)

    def tag(match: re.Match) -> str:
        closing, name = match.group(1), match.group(2).lower()
        if name in _CELL_TAGS:
            return "\t" if closing else ""
        return "\n" if name in _BLOCK_TAGS else ""

    text = _TAG.sub(tag, text)
    return html.unescape(text)


def _markdown_table(line: str) -> str | None:
    """``| 1 | 内容 | 单位 |`` → the cells joined by tabs; None when the line is not a table row."""
    if line.count("|") >= 2 and line.strip().startswith("|"):
        return "\t".join(_unwrap(cell.strip()) for cell in line.strip().strip("|").split("|"))
    return None


def skip_notice(lines: list[str]) -> list[str]:
    """The lines after a 红头 covering notice (…关于印发《…》的通知 … its date), or all of them."""
    head = next((i for i, line in enumerate(lines[:12]) if _NOTICE_TITLE.search(line.strip())), None)
    if head is None:
        return lines
    for i in range(head + 1, min(len(lines), head + 40)):
        if _DATE_LINE.match(lines[i].strip()) and any("通知" in line or "贯彻" in line for line in lines[head + 1 : i]):
            rest = lines[i + 1 :]
            while rest and re.match(r"^[（(]此件[^）)]*[）)]$", rest[0].strip()):
                rest = rest[1:]
            return rest
    return lines


_SIGNATURE = re.compile(r"^\S{2,30}(办公室|人民政府|局|委员会|领导小组|公开办|街道办事处|管委会)$")


def _ends_plan(lines: list[str], i: int) -> bool:
    """Line ``i`` (after the plan began) starts the footer: a footer marker, a date alone on its line,
    or a signature followed by a date. Never a cell of the one-cell-per-line shape (a tab in front)."""
    line = lines[i]
    if line.startswith("\t") or "\t" in line.strip():
        return False
    body = line.strip()
    if FOOTER_START.search(body) or _DATE_LINE.match(body):
        return True
    following = next((rest.strip() for rest in lines[i + 1 :] if rest.strip()), "")
    return bool(_SIGNATURE.match(body) and _DATE_LINE.match(following))


def clean_text(text: str) -> str:
    """A pasted or exported plan without markup, covering notice or footer (see the module's docstring)."""
    text = _html_to_lines(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    lines: list[str] = []
    for raw in text.replace("\f", "\n").split("\n"):
        if _MARKDOWN_RULE.match(raw.strip()) and "-" in raw:
            continue
        if _PAGE_NUMBER.match(raw.strip().replace("\u3000", " ")):
            continue  # a page number, at a page break or at the end
        table_row = _markdown_table(raw)
        line = table_row if table_row is not None else _unwrap(raw)
        lines.append(line)
    lines = skip_notice(lines)
    kept: list[str] = []
    seen_plan = False
    for i, line in enumerate(lines):
        body = line.strip()
        if seen_plan and _ends_plan(lines, i):
            break  # the footer: it ends the table or the last item
        if body:
            seen_plan = seen_plan or bool(_level(body) or line.startswith("\t") or "\t" in body)
        if kept and _LABEL_ONLY.match(kept[-1].strip()) and body:
            kept[-1] = kept[-1].rstrip() + body  # a heading number alone on its line goes with the next line
            continue
        kept.append(line)
    return "\n".join(kept)


# -- entry points ------------------------------------------------------------------------------
def parse_text(text: str, year: int) -> ParsedPlan:
    text = clean_text(text)
    lines = [line for line in text.splitlines() if line.strip()]
    tab_rows = [line for line in lines if not line.startswith("\t") and line.count("\t") >= 2]
    if tab_rows and any("序号" in line for line in tab_rows):
        return parse_tab_rows(text, year)
    if any(_norm(line) in COLUMNS["number"] and line.startswith("\t") for line in lines):
        return parse_cells(text, year)
    return parse_prose(text, year)


def _inspect(data: bytes, name: str) -> None:
    try:
        inspect_package(data, name)  # before python-docx or openpyxl builds anything (lib/packages.py)
    except PackageRefused as exc:
        raise PlanProblem(str(exc)) from None


def parse_docx(data: bytes, year: int) -> ParsedPlan:
    _inspect(data, "Word 文件")
    try:
        doc = Docx(io.BytesIO(data))
    except Exception as exc:  # not a Word file
        raise PlanProblem(f"无法读取 Word 文件：{exc}") from None
    for table in doc.tables:
        rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
        header_at = _find_header(rows)
        if header_at is not None:
            body = [r for r in rows[header_at + 1 :] if any(c for c in r)]
            header = rows[header_at]
            title = _title([p.text for p in doc.paragraphs[:3]])
            return ParsedPlan(title, "docx-table", tasks_from_rows(header, body, year))
    text = clean_text("\n".join(p.text for p in doc.paragraphs))
    if not text.strip():
        raise PlanProblem("Word 文件里没有任务表格，也没有正文")
    return parse_prose(text, year, shape="docx-prose")


def parse_xlsx(data: bytes, year: int) -> ParsedPlan:
    _inspect(data, "Excel 文件")
    try:
        book = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except Exception as exc:  # not a workbook
        raise PlanProblem(f"无法读取 Excel 文件：{exc}") from None
    for sheet in book.worksheets:
        rows = [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
        rows = [r for r in rows if any(r)]
        header_at = _find_header(rows)
        if header_at is None:
            continue
        header = rows[header_at]
        width = max(i for i, c in enumerate(header) if c) + 1
        body = [r[:width] for r in rows[header_at + 1 :]]
        return ParsedPlan(_title([r[0] for r in rows[:header_at]]), "xlsx", tasks_from_rows(header[:width], body, year))
    raise PlanProblem("Excel 文件里没有找到任务表（应有“序号”和“任务内容”等列）")


def parse_upload(name: str, data: bytes, year: int) -> ParsedPlan:
    lower = name.lower()
    if lower.endswith(".docx"):
        plan = parse_docx(data, year)
    elif lower.endswith(".xlsx"):
        plan = parse_xlsx(data, year)
    elif lower.endswith((".txt", ".csv", ".tsv", ".md", ".html", ".htm")) or "." not in lower.rsplit("/", 1)[-1]:
        text = decode_text(data)
        if text is None:
            raise PlanProblem("无法识别文本编码（应为 UTF-8 或 GBK）")
        plan = parse_text(text, year)
    else:
        raise PlanProblem("只接受 .txt、.md、.html、.docx、.xlsx 文件，或直接粘贴文字")
    if not plan.tasks:
        raise PlanProblem("没有读出任何任务")
    return plan
