"""Versions of one policy fold under the version in force; old versions rank below what is in force."""

import datetime
import re

import pytest

from gongkai.documents.law import RelationKind
from gongkai.documents.models import Relation
from gongkai.documents.versions import current_versions, title_stem
from gongkai.search import engine, query


@pytest.fixture
def three_versions(approved, officer_a):
    """2022, 2024 and 2026 revisions of one 办法, each repealing the one before."""
    made = []
    for year in (2022, 2024, 2026):
        doc = approved(
            title=f"浦东新区小微企业吸纳就业补贴办法（{year}年修订）",
            doc_number=f"浦人社规〔{year}〕1号",
            is_normative=True,
            effective_on=datetime.date(year, 3, 1),
            expires_on=datetime.date(year + 5, 12, 31),
        )
        if made:
            Relation.objects.create(source=doc, target=made[-1], kind=RelationKind.REPEALS)
        doc.publish(by=officer_a)
        made.append(doc)
    for doc in made:
        doc.refresh_from_db()
    engine.apply_changes()
    return made


def test_the_version_marks_come_off_the_title():
    assert title_stem("浦东新区小微企业吸纳就业补贴办法（2024年修订）") == "浦东新区小微企业吸纳就业补贴办法"
    assert (
        title_stem("上海市某某管理办法(试行)") == title_stem("上海市某某管理办法（第二次修订）") == "上海市某某管理办法"
    )
    assert title_stem("关于做好2026年就业工作的通知") == "关于做好2026年就业工作的通知"  # a year is not a version


def test_a_search_shows_the_version_in_force_with_its_history_folded(client, three_versions):
    v2022, v2024, v2026 = three_versions
    assert [v.validity for v in three_versions] == ["repealed", "repealed", "valid"]
    result = engine.search(query.parse("吸纳就业补贴").query, {}, group_versions=True)
    assert result.ids == [v2026.pk] and result.versions == {v2026.pk: [v2024.pk, v2022.pk]} and result.total == 1
    page = client.get("/search/?q=吸纳就业补贴").content.decode()
    assert "历史版本（2）" in page and page.index(f"/documents/{v2026.uid}/") < page.index(f"/documents/{v2024.uid}/")
    # the old versions say what they are, with the date, and no period of validity
    history = page[page.index("历史版本（2）") :]
    assert f"已废止（{v2024.repealed_on:%Y-%m-%d}）" in history and "有效期至2027" not in history
    assert "有效期至2031-12-31" in page  # the version in force keeps its own


def test_a_repealed_version_links_to_the_one_in_force(client, three_versions):
    v2022, _, v2026 = three_versions
    page = client.get(f"/documents/{v2022.uid}/").content.decode()
    assert "本文件已废止" in page and f'现行版本：<a href="/documents/{v2026.uid}/">' in page
    assert "2027-12-31" not in page  # no period of validity for a repealed item
    # a results page looks up the version in force of all its repealed items at once
    v2024 = three_versions[1]
    assert current_versions([v2022, v2024, v2026]) == {v2022.pk: v2026, v2024.pk: v2026}


def test_without_grouping_every_version_is_there_and_the_one_in_force_still_ranks_first(three_versions):
    result = engine.search(query.parse("吸纳就业补贴").query, {})
    assert set(result.ids) == {v.pk for v in three_versions} and result.ids[0] == three_versions[-1].pk


def test_titles_alike_fold_without_a_relation_and_what_is_in_force_ranks_first(approved, officer_a, client):
    period = {
        "is_normative": True,
        "effective_on": datetime.date(2024, 1, 1),
        "expires_on": datetime.date(2028, 12, 31),
    }
    trial = approved(title="浦东新区公共机构节能管理办法（试行）", **period)
    trial.publish(by=officer_a)
    trial.set_validity("expired", on=datetime.date(2025, 12, 31), by=officer_a)
    final = approved(title="浦东新区公共机构节能管理办法", **period)
    final.publish(by=officer_a)
    other_old = approved(title="浦东新区节能降耗工作方案")
    other_old.publish(by=officer_a)
    other_old.set_validity("repealed", on=datetime.date(2025, 6, 30), by=officer_a)
    other_new = approved(title="浦东新区节能宣传周活动安排")
    other_new.publish(by=officer_a)
    engine.apply_changes()
    result = engine.search(query.parse("节能").query, {}, group_versions=True)
    assert result.versions[final.pk] == [trial.pk] and trial.pk not in result.ids
    # in force before not in force
    assert result.ids.index(final.pk) < result.ids.index(other_old.pk)
    assert result.ids.index(other_new.pk) < result.ids.index(other_old.pk)
    page = client.get("/search/?q=节能").content.decode()
    assert re.search(r"已废止（2025-06-30）", page)


def test_zero_results_offer_a_spelling_the_unfiltered_count_and_the_request_entry(client, approved, officer_a, tree):
    doc = approved(title="浦东新区优化营商环境若干措施")
    doc.publish(by=officer_a)
    engine.apply_changes()
    page = client.get("/search/?q=营商坏境").content.decode()
    assert 'data-testid="zero-results"' in page
    assert "您是不是要找：" in page and "营商环境</a>（1 条）" in page
    assert "没有找到？可以" in page and 'href="/requests/apply/"' in page
    filtered = client.get(f"/search/?q=营商环境&agency={tree['b'].code}").content.decode()
    assert "去掉筛选条件后有" in filtered and "1 条</a>" in filtered
    found = client.get("/search/?q=营商环境").content.decode()
    assert 'data-testid="zero-results"' not in found and "没有找到？" not in found
