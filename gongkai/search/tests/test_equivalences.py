"""Short and full forms find the same documents, for every seeded pair, without reindexing."""

from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import Event
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


def test_the_district_office_adds_previews_and_removes_a_pair_in_the_workspace(as_user, supervisor, drafter, tree):
    _publish(tree["a"], ["关于推进一网通办的通知"])
    page_url = reverse("search:equivalences")
    assert as_user(drafter).get(page_url).status_code == 403
    client = as_user(supervisor)
    response = client.post(page_url, {"short": "通办平台", "full": "一网通办", "source": "沪府令9号"})
    pair = Equivalence.objects.get(short="通办平台")
    assert response.status_code == 302 and pair.updated_by == supervisor.display_name
    assert Event.objects.filter(verb="search.equivalence_added").exists()
    preview = client.get(page_url, {"preview": "通办平台"}).content.decode()
    assert (
        'data-testid="preview-total">1<' in preview
        and "（只按原词 0 条）" in preview
        and "<strong>一网通办</strong>" in preview
    )
    # bad input: a Chinese message next to the field, nothing saved
    again = client.post(page_url, {"short": "通办平台", "full": "一网通办"}).content.decode()
    assert "“通办平台 = 一网通办”已经有了" in again
    same = client.post(page_url, {"short": "社保", "full": "社保"}).content.decode()
    assert "全称：与简称相同" in same
    quoted = client.post(page_url, {"short": "社保", "full": "“社会”保险"}).content.decode()
    assert "不能有空格、引号或其他标点" in quoted
    assert Equivalence.objects.filter(short="通办平台").count() == 1
    client.post(reverse("search:equivalence_remove", args=[pair.pk]))
    assert not Equivalence.objects.filter(pk=pair.pk).exists()
    assert Event.objects.filter(verb="search.equivalence_removed").exists()


def test_the_api_lists_pairs_to_anyone_and_lets_the_district_office_edit(client, as_user, supervisor, drafter):
    listed = client.get("/api/v1/equivalences").json()["items"]
    assert len(listed) >= 200 and any(p["short"] == "人防" and p["full"] == "人民防空" for p in listed)
    body = {"short": "通办平台", "full": "一网通办", "source": "沪府令9号"}
    anonymous = client.post("/api/v1/equivalences", body, content_type="application/json")
    assert anonymous.status_code == 401 and "登录" in anonymous.json()["error"]
    refused = as_user(drafter).post("/api/v1/equivalences", body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["error"].startswith("没有权限")
    office = as_user(supervisor)
    created = office.post("/api/v1/equivalences", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["short"] == "通办平台"
    twice = office.post("/api/v1/equivalences", body, content_type="application/json")
    assert twice.status_code == 422 and "已经有了" in twice.json()["error"]
    assert office.delete(f"/api/v1/equivalences/{created.json()['id']}").status_code == 204
    assert not Equivalence.objects.filter(short="通办平台").exists()
