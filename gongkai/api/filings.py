"""公文备案: OA systems file documents into the library.

``POST /api/v1/filings`` (multipart): a ``metadata`` JSON field and zero or more ``files``.
Idempotent on (agency, source_system, source_id). Every field error is returned at once, in Chinese.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from django.conf import settings
from django.db import transaction
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from gongkai.api.auth import AgencyTokenAuth
from gongkai.api.public import PLAUSIBLE_YEARS
from gongkai.documents.law import Attribute, DocKind, WithholdGround
from gongkai.documents.library import add_attachments, create_draft
from gongkai.documents.models import Document, LibrarySettings, SubjectCategory
from gongkai.documents.workflow import DocumentError
from gongkai.lib import docnumbers as numbers
from gongkai.lib.files import check_upload

router = Router(tags=["公文备案"])

REQUIRED = {"source_system": "来源系统", "source_id": "来源系统编号", "title": "标题"}


def _choice(value, enum, field, errors):
    if value in (None, ""):
        return None
    by_label = {label.split("（")[0]: code for code, label in enum.choices}
    if value in enum.values:
        return value
    if value in by_label:
        return by_label[value]
    errors[field] = f"{field}：“{value}”不是可用的取值（可用：{'、'.join(by_label)}）"
    return None


def _date(value, field, errors):
    if value in (None, ""):
        return None
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        errors[field] = f"{field}：“{value}”不是有效日期（格式 YYYY-MM-DD）"
        return None
    low, high = PLAUSIBLE_YEARS
    if not low <= day.year <= high:
        errors[field] = f"{field}：“{value}”不在 {low}—{high} 年之间"
        return None
    return day


def _subject(value, errors):
    if not value:
        return None
    top, _, sub = str(value).partition("\\")
    found = SubjectCategory.objects.filter(name=sub or top, parent__name=top if sub else None).first()
    if found is None and not sub:
        found = SubjectCategory.objects.filter(name=top, parent__isnull=True).first()
    if found is None:
        errors["subject"] = f"subject：“{value}”不是已配置的主题分类（格式：一级分类 或 一级分类\\二级分类）"
    return found


# What each metadata field must be in the JSON: text (with its longest length) or a strict boolean.
TEXT_LIMITS = {
    "source_system": 50, "source_id": 100, "title": 300, "doc_number": 100, "summary": 2000,
    "body": 2_000_000, "attribute_reason": 2000, "kind": 30, "attribute": 30, "withhold_ground": 60,
    "subject": 100, "written_on": 10, "expires_on": 10,
}  # fmt: skip
BOOLEANS = ("is_normative", "needs_interpretation")
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_FILE_NAME = 200  # Attachment.name


def _shape(meta: dict, errors: dict[str, str]) -> dict:
    """The metadata with every field of the wrong JSON type, too long or holding invalid characters
    reported and dropped, so the field checks below see only text and booleans."""
    clean = dict(meta)
    for field, limit in TEXT_LIMITS.items():
        value = meta.get(field)
        if value is None:
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            errors[field] = f"{field}：应为文字"
        elif isinstance(value, str) and _SURROGATE.search(value):
            errors[field] = f"{field}：含有无效的字符（不成对的 UTF-16 代理项）"
        elif len(str(value)) > limit:
            errors[field] = f"{field}：不能超过 {limit} 个字符"
        else:
            continue
        clean.pop(field)
    for field in BOOLEANS:
        if field in meta and not isinstance(meta[field], bool):
            errors[field] = (
                f"{field}：应为 true 或 false（JSON 布尔值），收到 {json.dumps(meta[field], ensure_ascii=False)[:30]}"
            )
            clean.pop(field)
    return clean


def validate(agency, meta: dict, files) -> tuple[dict, list, dict]:
    """(document fields, accepted files, errors by field): every problem found in one pass."""
    errors: dict[str, str] = {}
    meta = _shape(meta, errors)
    for field, label in REQUIRED.items():
        if not str(meta.get(field) or "").strip():
            errors.setdefault(field, f"{field}：{label}必须填写")
    fields: dict[str, Any] = {
        "title": str(meta.get("title") or "").strip(),
        "summary": str(meta.get("summary") or ""),
        "body": str(meta.get("body") or ""),
        "attribute_reason": str(meta.get("attribute_reason") or ""),
        "is_normative": bool(meta.get("is_normative")),
        "needs_interpretation": bool(meta.get("needs_interpretation")),
        "source_system": str(meta.get("source_system") or "").strip(),
        "source_id": str(meta.get("source_id") or "").strip(),
    }
    if number := str(meta.get("doc_number") or "").strip():
        try:
            fields["doc_number"] = numbers.parse(number).text
        except ValueError as exc:
            errors["doc_number"] = f"doc_number：{exc}"
    fields["written_on"] = _date(meta.get("written_on"), "written_on", errors)
    fields["expires_on"] = _date(meta.get("expires_on"), "expires_on", errors)
    fields["kind"] = _choice(meta.get("kind"), DocKind, "kind", errors) or DocKind.OTHER
    fields["attribute"] = _choice(meta.get("attribute"), Attribute, "attribute", errors) or Attribute.PROACTIVE
    fields["withhold_ground"] = _choice(meta.get("withhold_ground"), WithholdGround, "withhold_ground", errors) or ""
    fields["subject"] = _subject(meta.get("subject"), errors)
    if fields["attribute"] == Attribute.WITHHELD and not fields["withhold_ground"]:
        errors["withhold_ground"] = "withhold_ground：不予公开必须给出第十四、十五、十六条中的依据"
    if fields["attribute"] != Attribute.PROACTIVE and not fields["attribute_reason"].strip():
        errors["attribute_reason"] = "attribute_reason：依申请公开、不予公开必须说明理由"
    if fields["is_normative"] and not fields["expires_on"]:
        errors.setdefault("expires_on", "expires_on：行政规范性文件必须写明有效期")
    review = meta.get("review")
    if review is not None and (not isinstance(review, dict) or not review.get("reviewer") or not review.get("opinion")):
        errors["review"] = "review：OA 审查记录须包含 reviewer（审核人）和 opinion（审查意见）"
    limit = settings.GONGKAI_ATTACHMENT_MAX_MB * 1024 * 1024
    accepted = []
    for index, upload in enumerate(files or []):
        if len(upload.name or "") > MAX_FILE_NAME or _SURROGATE.search(upload.name or ""):
            errors[f"files[{index}]"] = f"附件：文件名不能超过 {MAX_FILE_NAME} 个字符"
            continue
        kind, error = check_upload(upload, max_bytes=limit)
        if error:
            errors[f"files[{index}]"] = error
        else:
            accepted.append((upload, kind))
    if "doc_number" in fields and "doc_number" not in errors:
        clash = Document.objects.filter(agency=agency, doc_number=fields["doc_number"]).exclude(
            source_system=fields["source_system"], source_id=fields["source_id"]
        )
        if existing := clash.first():
            errors["doc_number"] = (
                f"doc_number：发文字号 {existing.doc_number} 已被“{existing.title}”"
                f"（索引号 {existing.index_number}）使用"
            )
    return fields, accepted, errors


def _result(doc: Document, created: bool) -> dict:
    return {
        "id": str(doc.uid),
        "index_number": doc.index_number,
        "status": doc.status,
        "status_label": doc.get_status_display(),
        "created": created,
    }


@router.post("/filings", auth=AgencyTokenAuth(), response={200: dict, 201: dict, 400: dict, 422: dict})
# django-ninja reads the annotation as is: "File[...] | None" would stop it parsing the uploads
def file_document(request, metadata: Form[str], files: File[list[UploadedFile]] = None):  # type: ignore[assignment]
    agency = request.auth
    try:
        meta = json.loads(metadata)
        if not isinstance(meta, dict):
            raise ValueError
    except ValueError:
        return Status(400, {"error": "metadata 必须是 JSON 对象"})
    keys = [meta.get("source_system"), meta.get("source_id")]
    plain = all(isinstance(k, str) and not _SURROGATE.search(k) for k in keys)
    existing = (
        Document.objects.filter(agency=agency, source_system=keys[0], source_id=keys[1]).exclude(source_id="").first()
        if plain
        else None
    )
    if existing is not None:
        return Status(200, _result(existing, created=False))
    fields, accepted, errors = validate(agency, meta, files)
    if errors:
        return Status(422, {"error": "备案数据有误，未保存任何内容", "fields": errors})
    system = f"OA:{fields['source_system']}"
    review = meta.get("review")
    try:
        with transaction.atomic():
            doc = create_draft(agency=agency, by=system, **fields)
            add_attachments(doc, accepted, by=system)
            if review and LibrarySettings.for_agency(agency).oa_prereviewed:
                doc.accept_external_review(
                    system=system,
                    reviewer_name=str(review["reviewer"]),
                    opinion=str(review["opinion"]),
                    attribute=fields["attribute"],
                    withhold_ground=fields["withhold_ground"],
                )
    except DocumentError as exc:
        # A concurrent filing of the same source item may have won the race: answer as a repeat.
        again = Document.objects.filter(
            agency=agency, source_system=fields["source_system"], source_id=fields["source_id"]
        ).first()
        if again is not None:
            return Status(200, _result(again, created=False))
        return Status(422, {"error": str(exc), "fields": {}})
    doc.refresh_from_db()
    return Status(201, _result(doc, created=True))
