"""Office files and zips that unpack to far more than they weigh are refused before any parser runs,
by every importer, with the file and the limit named in Chinese."""

import io
import zipfile

import pytest
from docx import Document as Docx
from openpyxl import Workbook

from gongkai.documents import importer as documents_importer
from gongkai.documents.importer import parse_docx, read_zip
from gongkai.lib import packages
from gongkai.lib.packages import PackageRefused, inspect_package
from gongkai.reports.importer import ImportProblem
from gongkai.reports.importer import read as read_report
from gongkai.workplans.parse import PlanProblem, parse_upload

PARAGRAPH = b"<w:p><w:r><w:t>\xe5\x90\x84\xe6\x9c\x89\xe5\x85\xb3\xe5\x8d\x95\xe4\xbd\x8d</w:t></w:r></w:p>"


def _replace(package: bytes, member: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == member else source.read(info))
    return out.getvalue()


def docx_with(paragraphs: int) -> bytes:
    out = io.BytesIO()
    Docx().save(out)
    body = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    xml = body + PARAGRAPH * paragraphs + b"</w:body></w:document>"
    return _replace(out.getvalue(), "word/document.xml", xml)


def xlsx_with(rows: int, columns: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for r in range(rows):
        sheet.append([r] * columns)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_small_docx_that_unpacks_to_a_huge_document_is_refused_by_every_importer():
    bomb = docx_with(100_000)  # ~8 MB of XML
    assert len(bomb) < 200_000
    parsed = parse_docx(io.BytesIO(bomb), "通知.docx")
    assert parsed.warnings == ["通知.docx：段落超过 10,000 个，文件过于复杂，请拆分后再上传"] and not parsed.title
    with pytest.raises(PlanProblem, match="Word 文件：段落超过 10,000 个"):
        parse_upload("要点.docx", bomb, 2026)
    normal = docx_with(200)
    inspect_package(normal, "正常.docx")  # an ordinary document passes
    assert not [w for w in parse_docx(io.BytesIO(normal), "正常.docx").warnings if "超过" in w]


def test_a_workbook_with_too_many_cells_is_refused(monkeypatch):
    limits = {**packages.ELEMENT_LIMITS, b"<c ": ("单元格", 3000), b"<c>": ("单元格", 3000)}
    monkeypatch.setattr(packages, "ELEMENT_LIMITS", limits)  # the real limit is 15,000: slower to build
    huge = xlsx_with(rows=400, columns=10)
    with pytest.raises(ImportProblem, match="XLSX 文件：单元格超过 3,000 个"):
        read_report("年报.xlsx", huge, 2025)
    with pytest.raises(PlanProblem, match="Excel 文件：单元格超过 3,000 个"):
        parse_upload("要点.xlsx", huge, 2026)
    inspect_package(xlsx_with(rows=200, columns=10), "正常.xlsx")


def test_the_unpacked_size_counts_real_bytes_of_every_member(monkeypatch):
    monkeypatch.setattr(packages, "MAX_MEMBER_BYTES", 1024 * 1024)
    padded = _replace(docx_with(10), "word/styles.xml", b"<w:styles>" + b" " * (2 * 1024 * 1024) + b"</w:styles>")
    with pytest.raises(PackageRefused, match="其中 word/styles.xml 解压后超过 1 MB"):
        inspect_package(padded, "通知.docx")


def test_a_zip_of_documents_counts_what_each_document_unpacks_to(monkeypatch):
    monkeypatch.setattr(documents_importer, "MAX_UNPACKED_BYTES", 3 * 1024 * 1024)
    one = docx_with(9_000)  # 1.2 MB unpacked (0.4 MB of paragraphs, the rest styles and theme), 30 KB packed
    entries, error = read_zip(io.BytesIO(zip_of({"甲.docx": one, "乙.docx": one})))
    assert error == "" and [e.name for e in entries] == ["甲.docx", "乙.docx"] and all(e.data for e in entries)
    entries, error = read_zip(io.BytesIO(zip_of({f"{i}.docx": one for i in range(5)})))
    assert error == "压缩包解压后超过 3 MB（含其中各文件解压后的内容）" and entries == []


def test_a_document_too_complex_in_a_zip_is_skipped_with_its_reason():
    entries, error = read_zip(io.BytesIO(zip_of({"正常.docx": docx_with(5), "过大.docx": docx_with(40_000)})))
    assert error == ""
    skipped = {e.name: e.problem for e in entries}
    assert skipped["正常.docx"] == ""
    assert skipped["过大.docx"] == "跳过：过大.docx：段落超过 10,000 个，文件过于复杂，请拆分后再上传"


def test_nesting_deeper_than_the_limit_is_refused():
    inner = docx_with(1)
    for level in range(packages.MAX_DEPTH):
        inner = zip_of({f"第{level}层.zip": inner})
    with pytest.raises(PackageRefused, match=f"压缩包嵌套超过 {packages.MAX_DEPTH} 层"):
        inspect_package(inner, "批量.zip")
