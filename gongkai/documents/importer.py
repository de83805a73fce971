"""Reading a 公文 laid out per GB/T 9704-2012 from a .docx (spec §6.4).

``parse_docx(fileobj)`` returns what it recognised — 发文机关标志, 发文字号, 标题, 主送, 正文, 附件说明,
发文机关署名, 成文日期 and the 附注 hint "（此件公开发布）" — with warnings for what it could not.
Nothing is saved here: the workspace shows a preview and creates drafts only for confirmed files.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import docx

from gongkai.documents.law import Attribute, DocKind, WithholdGround
from gongkai.lib import docnumbers as numbers
from gongkai.lib.files import sniff
from gongkai.lib.html import text_to_html
from gongkai.lib.packages import PackageRefused, inspect_package

MAX_FILES_IN_ZIP = 200
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

_NUMBER_IN_LINE = re.compile(
    r"([\u4e00-\u9fff]+[\[【（(﹝［〔]\s*\d{4}\s*[\]】）)﹞］〕]\s*第?\d+\s*号|[\u4e00-\u9fff]*令第?\d+号)"
)
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_DATE = re.compile(
    r"^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$"
)
_SECRET = re.compile(r"(绝密|机密|秘密)(★|\s|$)")
_NOTES = {
    "此件公开发布": Attribute.PROACTIVE,
    "此件主动公开": Attribute.PROACTIVE,
    "此件依申请公开": Attribute.ON_REQUEST,
    "此件不予公开": Attribute.WITHHELD,
    "此件不公开": Attribute.WITHHELD,
}
_KIND_BY_ENDING = [(label, code) for code, label in DocKind.choices if len(label) <= 2] + [("令", DocKind.ORDER)]


@dataclass
class ParsedDocument:
    filename: str
    issuer: str = ""
    doc_number: str = ""
    title: str = ""
    addressee: str = ""
    paragraphs: list[str] = field(default_factory=list)
    attachment_note: str = ""
    signatory: str = ""
    written_on: datetime.date | None = None
    attribute_hint: str = ""
    classified: bool = False
    kind: str = DocKind.OTHER
    cc: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def hint_label(self) -> str:
        return Attribute(self.attribute_hint).label if self.attribute_hint else ""

    @property
    def body_html(self) -> str:
        return text_to_html("\n".join(self.paragraphs))

    def draft_fields(self) -> dict:
        """Fields for ``create_draft``; the attribute hint is a proposal the reviewer still decides."""
        fields = {
            "title": self.title,
            "doc_number": self.doc_number,
            "written_on": self.written_on,
            "kind": self.kind,
            "summary": "",
            "body": self.body_html,
            "attribute": self.attribute_hint or Attribute.PROACTIVE,
        }
        if self.classified:
            fields.update(
                attribute=Attribute.WITHHELD,
                withhold_ground=WithholdGround.STATE_SECRET,
                attribute_reason="公文版头标有密级（GB/T 9704 份号、密级），依法确定为国家秘密",
            )
        elif self.attribute_hint and self.attribute_hint != Attribute.PROACTIVE:
            fields["attribute_reason"] = "公文附注：" + next(k for k, v in _NOTES.items() if v == self.attribute_hint)
        return fields


def _cn_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if text.endswith("十"):
        return _CN_DIGITS[text[0]] * 10
    if "十" in text:
        tens, ones = text.split("十")
        return _CN_DIGITS[tens] * 10 + _CN_DIGITS[ones]
    return _CN_DIGITS[text]


def parse_date(text: str) -> datetime.date | None:
    text = text.replace(" ", "")
    try:
        if m := _DATE.match(text):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _CN_DATE.match(text):
            year = int("".join(str(_CN_DIGITS[c]) for c in m[1]))
            return datetime.date(year, _cn_number(m[2]), _cn_number(m[3]))
    except (ValueError, KeyError):
        return None
    return None


def _paragraphs(fileobj) -> list[str]:
    document = docx.Document(fileobj)
    lines = [p.text.strip() for p in document.paragraphs]
    for table in document.tables:  # some templates put the 版记 in a table
        for row in table.rows:
            lines.extend(cell.text.strip() for cell in row.cells)
    return [re.sub(r"[ \u3000\t]+", " ", line) for line in lines if line]


def parse_docx(fileobj, filename: str = "") -> ParsedDocument:
    result = ParsedDocument(filename=filename)
    data = fileobj.read()
    try:
        if zipfile.is_zipfile(io.BytesIO(data)):  # (not a zip at all: python-docx says so below)
            inspect_package(data, filename or "该文件")  # before python-docx builds anything (lib/packages.py)
    except PackageRefused as exc:
        result.warnings.append(str(exc))
        return result
    try:
        lines = _paragraphs(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a damaged file
        result.warnings.append(f"无法读取该 .docx 文件（{type(exc).__name__}）")
        return result
    i = 0
    # 版头: 份号, 密级, 紧急程度, 发文机关标志, 发文字号 (+ 签发人).
    while i < len(lines) and i < 8:
        line = lines[i]
        if re.fullmatch(r"\d{6}", line) or _SECRET.search(line):
            result.classified = True
        elif line.endswith("文件") and not result.issuer:
            result.issuer = line[:-2]
        elif m := _NUMBER_IN_LINE.search(line):
            try:
                result.doc_number = numbers.parse(m.group(1)).text
            except ValueError as exc:
                result.warnings.append(str(exc))
            i += 1
            break
        elif result.issuer or result.classified or len(line) > 12:
            break
        i += 1
    # 标题: everything up to the 主送 line (ending with a colon) or the first long paragraph.
    title_lines: list[str] = []
    while i < len(lines):
        line = lines[i]
        if line.endswith(("：", ":")) and len(line) <= 60:
            result.addressee = line.rstrip("：:")
            i += 1
            break
        if title_lines and (len(line) > 40 or line.startswith(("一、", "为", "根据"))):
            break
        title_lines.append(line)
        i += 1
    result.title = "".join(title_lines)
    # 正文 … 附件说明 … 署名 … 成文日期 … 附注; 版记 (抄送, 印发) ends it.
    body_done = False
    while i < len(lines):
        line = lines[i]
        note = line.strip("（）() ")
        if note in _NOTES:
            result.attribute_hint = _NOTES[note]
        elif line.startswith(("抄送：", "抄送:")):
            result.cc = line[3:]
        elif re.search(r"印发$", line) or re.search(r"\d{4}年\d{1,2}月\d{1,2}日印发", line):
            pass
        elif (date := parse_date(line)) is not None and not result.written_on:
            result.written_on = date
            body_done = True
        elif line.startswith(("附件：", "附件:")):
            result.attachment_note = line[3:]
            body_done = True
        elif body_done and not result.written_on and len(line) <= 30:
            if result.attachment_note and re.match(r"^\d+[.．、]", line):
                result.attachment_note += "；" + line
            else:
                result.signatory = line
        elif not body_done:
            result.paragraphs.append(line)
        i += 1
    if result.paragraphs and not result.written_on and len(result.paragraphs[-1]) <= 30:
        # a signatory line followed by no date: keep it out of the body
        result.signatory = result.signatory or result.paragraphs.pop()
    result.kind = next((code for ending, code in _KIND_BY_ENDING if result.title.endswith(ending)), DocKind.OTHER)
    if not result.title:
        result.warnings.append("未识别出标题")
    if not result.doc_number:
        result.warnings.append("未识别出发文字号")
    if not result.written_on:
        result.warnings.append("未识别出成文日期")
    if result.classified:
        result.warnings.append("版头标有份号或密级：按不予公开（国家秘密）登记，不得公开")
    return result


@dataclass
class ZipEntry:
    name: str
    data: bytes | None
    problem: str = ""


def stage_entry(index: int, entry: ZipEntry, folder: Path) -> tuple[dict, ParsedDocument | None]:
    """One file of an upload as the preview lists it: skipped with its problem, or kept in the staging
    folder as ``<index>.docx`` and read. The single-file import and the batch job (ImportJob) share it."""
    item: dict = {"index": index, "name": entry.name, "problem": entry.problem}
    if entry.data is None:
        return item, None
    if sniff(io.BytesIO(entry.data)) != "docx":
        item["problem"] = "跳过：文件内容不是 .docx"
        return item, None
    (folder / f"{index}.docx").write_bytes(entry.data)
    return item, parse_docx(io.BytesIO(entry.data), entry.name)


def read_zip(fileobj) -> tuple[list[ZipEntry], str]:
    """The .docx members of a zip, each with its bytes or the reason it was skipped; or an error."""
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError):  # a damaged directory
        return [], "压缩包无法打开（不是有效的 zip 文件）"
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_FILES_IN_ZIP:
        return [], f"压缩包内文件超过 {MAX_FILES_IN_ZIP} 个"
    if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        return [], f"压缩包解压后超过 {MAX_UNPACKED_BYTES // (1024 * 1024)} MB"
    entries, spent = [], 0
    for info in infos:
        name = info.filename
        if info.flag_bits & 0x800 == 0:  # not marked UTF-8: Chinese Windows zips use GBK
            with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
                name = info.filename.encode("cp437").decode("gbk")
        base = name.rsplit("/", 1)[-1]
        if base.startswith(("~$", ".")) or "__MACOSX" in name:
            continue
        if not base.lower().endswith(".docx"):
            entries.append(ZipEntry(base, None, "跳过：不是 .docx 文件"))
            continue
        entry = _read_member(archive, info, base)
        if entry.data is not None and zipfile.is_zipfile(io.BytesIO(entry.data)):
            # what a .docx inside unpacks to counts against the same total: a zip of zips cannot slip
            # past it (lib/packages.py)
            try:
                spent += inspect_package(entry.data, base, max_total=MAX_UNPACKED_BYTES - spent)
            except PackageRefused as exc:
                if exc.over_total:
                    limit = MAX_UNPACKED_BYTES // (1024 * 1024)
                    return [], f"压缩包解压后超过 {limit} MB（含其中各文件解压后的内容）"
                entry = ZipEntry(base, None, f"跳过：{exc}")
        entries.append(entry)
    return entries, ""


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, base: str) -> ZipEntry:
    """A member's bytes, read no further than the size limit whatever the archive declares (a crafted
    header can understate it); a damaged member (bad CRC, broken deflate) is skipped with the reason."""
    try:
        with archive.open(info) as member:
            data = member.read(MAX_UNPACKED_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError):
        return ZipEntry(base, None, "跳过：文件已损坏（校验失败，无法解压）")
    if len(data) > MAX_UNPACKED_BYTES:
        return ZipEntry(base, None, f"跳过：解压后超过 {MAX_UNPACKED_BYTES // (1024 * 1024)} MB")
    return ZipEntry(base, data)
