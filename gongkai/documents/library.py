"""Creating items: numbers assigned, content cleaned, first version recorded."""

from __future__ import annotations

import hashlib
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai import audit
from gongkai.documents.importer import parse_docx
from gongkai.documents.law import RelationKind
from gongkai.documents.models import Attachment, Document, IndexCounter, LibrarySettings, Relation, ServiceLink
from gongkai.documents.workflow import DocumentError
from gongkai.lib import docnumbers as numbers
from gongkai.lib.html import body_html


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
    fields["body"] = body_html(fields.get("body", ""))
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


def draft_from_docx(*, agency, by, name: str, data: bytes) -> Document:
    """A .docx read as a draft of ``agency``, the file kept as its attachment, in one transaction; refused
    (``DocumentError``) as ``create_draft`` refuses, e.g. a 发文字号 already used."""
    parsed = parse_docx(io.BytesIO(data), name)
    with transaction.atomic():
        doc = create_draft(agency=agency, by=by, **parsed.draft_fields())
        add_attachments(doc, [(SimpleUploadedFile(name, data), "docx")], by=by)
    return doc


def set_links(document, *, repeals=(), amends=(), service_links=(), by) -> None:
    """Replace the item's 废止 / 修改 relations and its service links (call inside its transaction)."""

    wanted = {(t.pk, RelationKind.REPEALS) for t in repeals} | {(t.pk, RelationKind.AMENDS) for t in amends}
    current = set(
        document.relations_out.filter(kind__in=[RelationKind.REPEALS, RelationKind.AMENDS]).values_list(
            "target_id", "kind"
        )
    )
    for target_id, kind in current - wanted:
        Relation.objects.filter(source=document, target_id=target_id, kind=kind).delete()
    for target_id, kind in wanted - current:
        Relation.objects.create(source=document, target_id=target_id, kind=kind)
    links = [(s.name, s.url) for s in document.service_links.all()]
    if links != list(service_links):
        document.service_links.all().delete()
        ServiceLink.objects.bulk_create(ServiceLink(document=document, name=n, url=u) for n, u in service_links)
    if current != wanted or links != list(service_links):
        audit.record(
            by,
            "document.links_updated",
            document,
            {"relations": sorted(f"{k}:{t}" for t, k in wanted), "service_links": [n for n, _ in service_links]},
        )
