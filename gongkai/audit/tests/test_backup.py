"""manage.py backup / restore: a round trip on the database in use (SQLite or PostgreSQL) gives back the
same rows, the same files and an intact audit chain, and a damaged backup restores nothing."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from gongkai.audit import anchors
from gongkai.audit.backup import _files, table_counts
from gongkai.audit.models import Event, verify_chain
from gongkai.documents.library import add_attachments
from gongkai.documents.models import Attachment, Document
from gongkai.search import engine, query

PDF = b"%PDF-1.7\n" + b"backup" * 100


@pytest.fixture
def published(approved, drafter, officer_a):
    doc = approved(title="浦东新区稳岗补贴办法")
    add_attachments(doc, [(SimpleUploadedFile("申请表.pdf", PDF), "pdf")], by=drafter)
    doc.publish(by=officer_a)
    anchors.write_checkpoint()
    return doc


# committed data (pg_dump reads in its own session), with what the migrations seeded restored first
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_round_trip_gives_back_every_row_file_and_the_audit_chain(published, tmp_path, capsys):
    before, files = table_counts(), _files(Path(settings.MEDIA_ROOT))
    head = verify_chain().head
    assert files and before["documents_document"] == 1 and before["audit_event"] > 3
    call_command("backup", str(tmp_path / "b"))
    assert "已备份" in capsys.readouterr().out
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["tables"] == table_counts() and set(manifest["media"]) == set(files)

    # lose the documents and the files (the audit table refuses deletes on PostgreSQL: it stays)
    Attachment.objects.all().delete()
    Document.objects.all().delete()
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()
    engine.drop()

    call_command("restore", str(tmp_path / "b"), "--yes")
    assert "已恢复" in capsys.readouterr().out
    after = table_counts()
    assert after == manifest["tables"] and after["documents_document"] == 1
    assert _files(Path(settings.MEDIA_ROOT)) == files
    report = verify_chain()
    assert report.ok and report.count == Event.objects.count() and anchors.verify_checkpoints() == []
    assert report.count > manifest["audit"]["events"] or report.head == head
    assert engine.search(query.parse("稳岗补贴").query, {}).ids == [published.pk]  # the index was rebuilt


def test_a_damaged_backup_is_refused_before_anything_changes(published, tmp_path):
    call_command("backup", str(tmp_path / "b"))
    victim = next((tmp_path / "b" / "media").rglob("*.pdf"))
    victim.write_bytes(b"%PDF-1.7\ntampered")
    before = table_counts()
    with pytest.raises(CommandError, match="备份已损坏，没有恢复任何内容：media/.*的哈希与清单不符"):
        call_command("restore", str(tmp_path / "b"), "--yes")
    assert table_counts() == before
    with pytest.raises(CommandError, match="不是空目录"):
        call_command("backup", str(tmp_path / "b"))
