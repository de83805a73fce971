"""Creating items: numbers assigned, content cleaned, first version recorded."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai import audit
from gongkai.documents import numbers
from gongkai.documents.models import Document, IndexCounter, LibrarySettings
from gongkai.documents.workflow import DocumentError
from gongkai.lib.html import clean_html


def next_index_number(agency, year: int) -> str:
    """Allocate the next 索引号 of ``agency`` for ``year``; serials only increase, so none is reused."""
    pattern = LibrarySettings.for_agency(agency).index_pattern
    with transaction.atomic():
        counter, _ = IndexCounter.objects.select_for_update().get_or_create(agency=agency, year=year)
        while True:
            counter.last_serial += 1
            number = numbers.format_index_number(pattern, code=agency.code, year=year, serial=counter.last_serial)
            if not Document.objects.filter(index_number=number).exists():
                break
        counter.save(update_fields=["last_serial"])
    return number


def check_doc_number(agency, raw: str, *, exclude_pk=None) -> str:
    """The normalised 发文字号, or DocumentError naming the rule or the existing item."""
    if not raw.strip():
        return ""
    try:
        text = numbers.parse(raw).text
    except ValueError as exc:
        raise DocumentError(str(exc)) from None
    clash = Document.objects.filter(agency=agency, doc_number=text).exclude(pk=exclude_pk).first()
    if clash:
        raise DocumentError(f"发文字号 {text} 已被“{clash.title}”（索引号 {clash.index_number}）使用")
    return text


def create_draft(*, agency, by, tags=(), co_issuers=(), interprets=(), **fields) -> Document:
    """A new item in 草稿, with its 索引号 and version 1 recorded."""
    fields["doc_number"] = check_doc_number(agency, fields.get("doc_number", ""))
    fields["body"] = clean_html(fields.get("body", ""))
    year = (fields.get("written_on") or timezone.localdate()).year
    with transaction.atomic():
        document = Document(agency=agency, drafter=by if getattr(by, "pk", None) else None, **fields)
        document.index_number = next_index_number(agency, year)
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError as exc:
            raise DocumentError(f"保存失败：编号冲突（{exc}）") from exc
        document.tags.set(tags)
        document.co_issuers.set(co_issuers)
        document.interprets.set(interprets)
        document.snapshot(by=by)
        audit.record(by, "document.created", document, {"index_number": document.index_number})
    return document


def add_attachments(document, accepted, *, by) -> list:
    """Save checked uploads [(upload, kind)] to ``document``; call inside the item's transaction."""
    import hashlib

    from gongkai.documents.models import Attachment

    saved = []
    for upload, kind in accepted:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        saved.append(
            Attachment.objects.create(
                document=document,
                file=upload,
                name=upload.name[:200],
                kind=kind,
                size=upload.size,
                sha256=digest.hexdigest(),
            )
        )
    if saved:
        audit.record(by, "document.attachments_added", document, {"files": [a.name for a in saved]})
    return saved
