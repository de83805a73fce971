"""Short and full forms find the same documents, for every seeded pair, without reindexing."""

from django.utils import timezone

from gongkai.documents.models import Document
from gongkai.search import engine, query
from gongkai.search.models import Equivalence


def _publish(agency, titles: list[str]) -> list[Document]:
    now = timezone.now()
    docs = Document.objects.bulk_create(
        Document(agency=agency, title=t, index_number=f"EQ/{i}", status="published", published_at=now)
        for i, t in enumerate(titles)
    )
    engine.rebuild()
    return docs


def test_every_seeded_short_form_finds_what_its_full_form_finds_and_back(tree):
    pairs = list(Equivalence.objects.values_list("short", "full"))
    assert len(pairs) >= 200
    titles = [f"关于{full}的通知" for _, full in pairs] + [f"关于{short}的通知" for short, _ in pairs]
    docs = _publish(tree["a"], titles)
    with_full, with_short = docs[: len(pairs)], docs[len(pairs) :]
    misses = []
    for (short, full), doc_full, doc_short in zip(pairs, with_full, with_short, strict=True):
        by_short = set(engine.search(query.parse(short).query, {}, limit=100, with_facets=False).ids)
        by_full = set(engine.search(query.parse(full).query, {}, limit=100, with_facets=False).ids)
        if doc_full.pk not in by_short or doc_short.pk not in by_full:
            misses.append(f"{short} = {full}")
    assert misses == []


def test_a_short_form_inside_a_longer_word_is_expanded(tree):
    titles = ["社会保险缴费基数调整的通知", "社保缴费基数的问答", "人民防空工程管理规定"]
    full, short, other = _publish(tree["a"], titles)
    found = engine.search(query.parse("社保缴费基数").query, {}, with_facets=False).ids
    assert set(found) == {full.pk, short.pk}
    assert engine.search(query.parse("人防").query, {}, with_facets=False).ids == [other.pk]
    assert any("社会保险" in piece for piece in query.parse("社保缴费基数").highlight)  # marked in results too


def test_an_edit_takes_effect_at_the_next_search_without_reindexing(tree):
    (doc,) = _publish(tree["a"], ["关于推进一网通办的通知"])
    assert engine.search(query.parse("通办平台").query, {}, with_facets=False).ids == []
    pair = Equivalence.objects.create(short="通办平台", full="一网通办", source="测试")
    assert engine.search(query.parse("通办平台").query, {}, with_facets=False).ids == [doc.pk]
    pair.delete()
    assert engine.search(query.parse("通办平台").query, {}, with_facets=False).ids == []
