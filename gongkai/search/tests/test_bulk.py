"""The bulk rebuild makes the same index as the plain one, and carries on after an interruption."""

import pytest
from django.utils import timezone

from gongkai.documents.models import Document, Tag
from gongkai.search import bulk, engine, query


def _library(agency, n=25):
    now = timezone.now()
    docs = Document.objects.bulk_create(
        Document(agency=agency, title=f"关于做好第{i}批稳岗返还工作的通知", index_number=f"B/{i}", status="published",
                 published_at=now, body=f"<p>社会保险缴费基数与稳岗返还，第{i}项。</p>",
                 doc_number=f"浦人社发〔2026〕{i}号")
        for i in range(n)
    )  # fmt: skip
    tag = Tag.objects.first()
    for doc in docs[:5]:
        doc.tags.add(tag)
    return docs


def _snapshot():
    searches = {}
    for text in ("稳岗返还", "社保缴费基数", "第3批", "浦人社发〔2026〕7号"):
        result = engine.search(query.parse(text).query, {}, limit=50)
        searches[text] = (result.ids, result.total, result.facets)
    return searches


def test_the_bulk_rebuild_gives_the_same_index(tree):
    _library(tree["a"])
    engine.rebuild()
    plain = _snapshot()
    engine.drop()
    lines = []
    assert bulk.rebuild(progress=lines.append) == 25
    assert _snapshot() == plain and lines and "件/秒" in lines[-1] and "剩余约" in lines[-1]
    assert engine.applied_seq() >= 0 and not bulk._progress_file().exists()


def test_an_interrupted_bulk_rebuild_carries_on(tree, monkeypatch):
    _library(tree["a"])
    engine.rebuild()
    plain = _snapshot()
    engine.drop()
    monkeypatch.setattr(bulk, "BATCH", 4)
    monkeypatch.setattr(bulk, "COMMIT_EVERY", 4)
    real, calls = bulk._write, {"n": 0}

    def dies_on_the_fourth_batch(*args):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(bulk, "_write", dies_on_the_fourth_batch)
    with pytest.raises(KeyboardInterrupt):
        bulk.rebuild()
    assert bulk._progress_file().exists()
    monkeypatch.setattr(bulk, "_write", real)
    assert bulk.rebuild() == 25  # the ones committed before, and the rest
    assert _snapshot() == plain
