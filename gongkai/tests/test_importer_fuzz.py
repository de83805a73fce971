"""Hypothesis fuzzing of every importer: random text, random bytes and real files with bytes flipped.

Each importer may only answer with its own error type (a Chinese message for the page) or a result —
never another exception, which would be a 500 — and within a bounded time. Derandomised, so CI runs
the same examples every time.
"""

import io
import zipfile

import yaml
from docx import Document as Docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from gongkai.documents.importer import parse_docx, read_zip
from gongkai.reports.importer import ImportProblem
from gongkai.reports.importer import read as read_report
from gongkai.workdays.importer import NoticeError, parse_notice
from gongkai.workplans.parse import PlanProblem, parse_text, parse_upload

FUZZ = settings(
    max_examples=40, deadline=2000, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


def _docx() -> bytes:
    doc = Docx()
    for line in (
        "上海市浦东新区人力资源和社会保障局",
        "浦人社〔2026〕3号",
        "关于做好就业补贴工作的通知",
        "一、总体要求",
    ):
        doc.add_paragraph(line)
    table = doc.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("序号", "任务内容", "责任单位"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("1", "做好政策解读", "办公室"), strict=True):
        cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "任务内容", "责任单位", "完成时限"])
    sheet.append([1, "做好政策解读", "办公室", "6月底前"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip(member: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("通知.docx", member)
        archive.writestr("说明.txt", "附件")
    return out.getvalue()


DOCX, XLSX = _docx(), _xlsx()
ZIP = _zip(DOCX)
REPORT_HTML = "<table><tr><td>（一）自然人</td><td>1</td><td>2</td></tr></table>".encode()


@st.composite
def damaged(draw, original: bytes) -> bytes:
    """The file with a few bytes changed, a piece cut out, or cut short."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        start = draw(st.integers(0, len(data) - 1))
        del data[start : start + draw(st.integers(1, 200))]
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


any_bytes = st.binary(max_size=2000)
json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.dates().map(str),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30,
)
notice_like = st.fixed_dictionaries(
    {"year": st.integers(1900, 2200) | st.text(max_size=6), "source": st.text(max_size=30), "holidays": json_like}
)


@FUZZ
@given(
    text=st.text(max_size=2000) | notice_like.map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    fmt=st.sampled_from(["yaml", "csv"]),
)
def test_the_holiday_notice_importer(text, fmt):
    try:
        parse_notice(text, fmt)
    except NoticeError as exc:
        assert exc.args[0] and all(isinstance(m, str) and m for m in exc.args[0])


@FUZZ
@given(data=any_bytes | damaged(DOCX))
def test_the_document_docx_importer(data):
    parsed = parse_docx(io.BytesIO(data), "x.docx")  # reports a damaged file as a warning, never raises
    assert isinstance(parsed.warnings, list)


@FUZZ
@given(data=any_bytes | damaged(ZIP))
def test_the_document_zip_importer(data):
    entries, error = read_zip(io.BytesIO(data))
    assert isinstance(error, str) and all(e.data is not None or e.problem for e in entries)


@FUZZ
@given(data=any_bytes | damaged(REPORT_HTML) | damaged(XLSX), name=st.sampled_from(["年报.html", "年报.xlsx"]))
def test_the_annual_report_importer(data, name):
    try:
        read_report(name, data, 2025)
    except ImportProblem as exc:
        assert str(exc)


@FUZZ
@given(
    data=any_bytes | damaged(DOCX) | damaged(XLSX) | st.text(max_size=1500).map(str.encode),
    name=st.sampled_from(["要点.docx", "要点.xlsx", "要点.txt", "要点.pdf"]),
)
def test_the_work_plan_importer(data, name):
    try:
        parse_upload(name, data, 2026)
    except PlanProblem as exc:
        assert str(exc)


@FUZZ
@given(text=st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("一二三（）、\t\n1."), max_size=2000))
def test_the_work_plan_paste_importer(text):
    try:
        parse_text(text, 2026)
    except PlanProblem as exc:
        assert str(exc)
