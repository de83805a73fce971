"""Checking uploaded files by content and extension, before anything is saved."""

from __future__ import annotations

import zipfile

# kind: (extensions, label)
KINDS = {
    "pdf": ({".pdf"}, "PDF"),
    "ofd": ({".ofd"}, "OFD"),
    "doc": ({".doc", ".wps", ".xls", ".et"}, "DOC/XLS/WPS"),
    "docx": ({".docx"}, "DOCX"),
    "xlsx": ({".xlsx"}, "XLSX"),
    "jpg": ({".jpg", ".jpeg"}, "JPG"),
    "png": ({".png"}, "PNG"),
    "mp4": ({".mp4"}, "MP4"),
}
ALLOWED_EXTENSIONS = sorted({ext for exts, _ in KINDS.values() for ext in exts})


def _zip_names(head: bytes, fileobj) -> set[str]:
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return set()
    finally:
        fileobj.seek(0)


def sniff(fileobj) -> str | None:
    """The kind of file by its content, or None when unrecognised."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE compound file: DOC, XLS, WPS, ET
        return "doc"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"PK\x03\x04"):
        names = _zip_names(head, fileobj)
        if "OFD.xml" in names:
            return "ofd"
        if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
            return "docx"
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            return "xlsx"
    return None


def check_upload(upload, *, max_bytes: int) -> tuple[str | None, str | None]:
    """(kind, None) when acceptable, else (None, a Chinese message naming the file and the rule)."""
    name = upload.name or ""
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_EXTENSIONS:
        allowed = "、".join(label for _, label in KINDS.values())
        return None, f"附件“{name}”：只接受 {allowed} 文件"
    if upload.size > max_bytes:
        return None, f"附件“{name}”：超过大小上限 {max_bytes // (1024 * 1024)} MB"
    kind = sniff(upload)
    if kind is None or ext not in KINDS[kind][0]:
        return None, f"附件“{name}”：文件内容与扩展名 {ext} 不符"
    return kind, None


def decode_text(data: bytes) -> str | None:
    """Text from an upload saved as UTF-8 (with or without BOM) or GBK/GB18030, as Chinese offices
    save it; None when it is neither."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def download(field_file, filename: str, *, missing: str = "文件不存在"):
    """A stored file as a download; 404 when it is missing on disk. Callers check who may have it."""
    from django.http import FileResponse, Http404

    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404(missing) from None
    return FileResponse(handle, as_attachment=True, filename=filename)
