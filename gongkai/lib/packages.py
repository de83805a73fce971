"""Limits on Office files (.docx, .xlsx) and zips before any parser sees them.

A .docx or .xlsx is a zip of XML. A small upload can unpack to gigabytes (a 150 KB .docx held 48 MB
of XML and took 90 s and 1.5 GB to parse), and a zip can hold zips. ``inspect_package`` reads every
member as a stream — never trusting the sizes the archive declares — and stops at the first limit
passed: the bytes of one member and of all members together (nested packages counted into the same
total, to a nesting depth), the number of members, and the elements a parser would build (paragraphs
and table cells of a document, rows and cells of a workbook). Each refusal names the file and the
limit in Chinese. At the limits a parse takes about a second (bench/imports.py, docs/documents.md).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

MAX_MEMBER_BYTES = 25 * 1024 * 1024  # one XML part (a 300-page document is about 5 MB)
MAX_TOTAL_BYTES = 60 * 1024 * 1024  # everything unpacked, nested packages included
MAX_MEMBERS = 3000
MAX_DEPTH = 3  # a zip of .docx files holding embedded workbooks: 3 levels
# elements a parser turns into objects: counted on the raw XML, in every part of the package
# (a 300-page document has about 10,000 paragraphs; a work plan or a report table a few hundred rows)
ELEMENT_LIMITS = {
    b"<w:p>": ("段落", 10_000),
    b"<w:p ": ("段落", 10_000),
    b"<w:tc>": ("表格单元格", 20_000),
    b"<w:tc ": ("表格单元格", 20_000),
    b"<row ": ("表格行", 3_000),
    b"<row>": ("表格行", 3_000),
    b"<c ": ("单元格", 15_000),
    b"<c>": ("单元格", 15_000),
}
_CHUNK = 1 << 16
_PACKAGE_MAGIC = b"PK\x03\x04"


class PackageRefused(ValueError):
    """The file passes a limit; the message is for the person who uploaded it. ``over_total``: the
    allowance for everything unpacked ran out (a batch stops there; other refusals skip one file)."""

    def __init__(self, message: str, *, over_total: bool = False):
        super().__init__(message)
        self.over_total = over_total


@dataclass
class _Tally:
    """Bytes and members are counted over the whole upload; elements per package (each document of a
    zip has its own allowance)."""

    max_total: int
    total: int = 0
    members: int = 0


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def _count(chunk: bytes, carry: bytes, elements: dict[str, int], name: str) -> None:
    text = carry + chunk
    for needle, (label, _limit) in ELEMENT_LIMITS.items():
        elements[label] = elements.get(label, 0) + text.count(needle) - carry.count(needle)
    for label, limit in ELEMENT_LIMITS.values():
        if elements.get(label, 0) > limit:
            raise PackageRefused(f"{name}：{label}超过 {limit:,} 个，文件过于复杂，请拆分后再上传")


def _walk(data: bytes, name: str, tally: _Tally, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise PackageRefused(f"{name}：压缩包嵌套超过 {MAX_DEPTH} 层")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError):
        raise PackageRefused(f"{name}：文件已损坏，无法打开") from None
    elements: dict[str, int] = {}
    tally.members += len(infos)
    if tally.members > MAX_MEMBERS:
        raise PackageRefused(f"{name}：包含的文件超过 {MAX_MEMBERS} 个")
    for info in infos:
        size, carry, head, nested = 0, b"", b"", bytearray()
        try:
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    size += len(chunk)
                    tally.total += len(chunk)
                    if size > MAX_MEMBER_BYTES:
                        raise PackageRefused(f"{name}：其中 {info.filename} 解压后超过 {_mb(MAX_MEMBER_BYTES)}")
                    if tally.total > tally.max_total:
                        raise PackageRefused(
                            f"{name}：解压后超过 {_mb(tally.max_total)}（含嵌套的压缩包）", over_total=True
                        )
                    if not head:
                        head = chunk[:4]
                    if head == _PACKAGE_MAGIC:
                        nested += chunk  # bounded by the total above
                    elif info.filename.endswith(".xml"):
                        _count(chunk, carry, elements, name)
                        carry = chunk[-8:]
        except PackageRefused:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError):
            raise PackageRefused(f"{name}：其中 {info.filename} 已损坏（校验失败，无法解压）") from None
        if nested:
            _walk(bytes(nested), f"{name} 中的 {info.filename}", tally, depth + 1)


def inspect_package(data: bytes, name: str, *, max_total: int = MAX_TOTAL_BYTES) -> int:
    """Raise ``PackageRefused`` when the .docx/.xlsx/.zip in ``data`` passes a limit (see the module);
    otherwise return the bytes it unpacks to. ``max_total`` is the allowance for everything unpacked."""
    tally = _Tally(max_total)
    _walk(data, name, tally, 1)
    return tally.total
