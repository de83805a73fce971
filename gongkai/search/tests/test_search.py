import datetime

import pytest
import rjieba
from django.core.management import CommandError, call_command
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.documents.models import Tag
from gongkai.search import engine, query
from gongkai.search.tokenizer import _kept, both_tokens, exact_tokens, search_tokens


@pytest.fixture
def publish(approved, officer_a):
    def make(when=None, **fields):
        doc = approved(**fields)
        doc.publish(by=officer_a, at=when)
        doc.refresh_from_db()
        return doc

    return make


@pytest.fixture
def corpus(publish):
    docs = {
        "foi": publish(
            title="关于进一步做好依申请公开工作的通知",
            doc_number="浦府办〔2023〕18号",
            body="<p>规范依申请公开办理，持续优化营商环境，公开预算金额。</p>",
        ),
        "business": publish(title="优化营商环境若干措施", body="<p>推进一网通办，提升12345市民热线服务。</p>"),
        "body_only": publish(title="年度工作安排", body="<p>本年度重点推进依申请公开规范化建设。</p>"),
        "civil": publish(title="人民防空宣传教育工作方案", body="<p>开展防空警报试鸣宣传。</p>"),
    }
    engine.apply_changes()
    return docs


def ids(text, **filters):
    parsed = query.parse(text)
    return engine.search(parsed.query, filters).ids


def test_the_same_segmentation_serves_both_sides():
    assert "依申请公开" in exact_tokens("做好依申请公开工作")
    assert {"依申请", "申请", "公开", "依申请公开"} <= set(search_tokens("依申请公开"))
    assert {"预算", "金额"} <= set(search_tokens("预算金额"))


_CHARACTERS = (
    "中华人民共和国政府信息公开条例依申请营商环境一网通办"
    "社会保险缴费基数人防就业补贴高校毕业生，。、（）《》 \n\u3000ABCabc-12345〔〕"
)
_TEXT = st.text(alphabet=st.sampled_from(list(_CHARACTERS)), max_size=80)


@given(_TEXT)
@settings(max_examples=300, deadline=None, derandomize=True)
def test_search_mode_from_one_cut_is_jiebas_search_mode(text):
    """both_tokens derives search mode from the precise cut; it must be exactly rjieba's search mode."""
    search, exact = both_tokens(text)
    assert search == [t for t in (_kept(w) for w in rjieba.cut_for_search(text)) if t is not None]
    assert exact == exact_tokens(text)


def test_search_mode_on_real_sentences():
    for text in ["中华人民共和国政府信息公开条例", "做好依申请公开办理工作，提高答复的规范性", "长三角人防一体化发展"]:
        assert both_tokens(text)[0] == [t for t in map(_kept, rjieba.cut_for_search(text)) if t is not None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("依申请公开", {"foi", "body_only"}),
        ("依申请", {"foi", "body_only"}),
        ("营商环境", {"foi", "business"}),
        ("预算", {"foi"}),
        ("一网通办", {"business"}),
        ("12345", {"business"}),
        ("浦府办〔2023〕18号", {"foi"}),
        ("浦府办[2023]18号", {"foi"}),
        ("浦府办【2023】18号", {"foi"}),
        ("依申请公开 营商环境", {"foi"}),
        ('"依申请公开工作"', {"foi"}),
        ("依申请公开 -规范化", {"foi"}),
        ("人民防空", {"civil"}),
    ],
)
def test_recall_on_real_phrases(corpus, text, expected):
    assert {key for key, doc in corpus.items() if doc.pk in ids(text)} == expected


def test_title_matches_rank_above_body_matches(corpus):
    found = ids("依申请公开")
    assert found.index(corpus["foi"].pk) < found.index(corpus["body_only"].pk)


def test_an_index_number_finds_exactly_its_document(corpus):
    assert ids(corpus["civil"].index_number) == [corpus["civil"].pk]


@pytest.mark.parametrize("text", ["", "   ", "!!!", "x" * 201, '"未闭合', "-", "AND OR"])
def test_bad_queries_never_fail(corpus, text):
    parsed = query.parse(text)
    result = engine.search(parsed.query, {})
    assert isinstance(result.ids, list)
    if len(text) > 200:
        assert parsed.message.startswith("检索词过长")


def test_the_log_follows_publication_withdrawal_and_validity(corpus, officer_a):
    doc = corpus["civil"]
    doc.withdraw(by=officer_a, reason="有误")
    assert doc.pk in ids("人民防空")  # not yet applied on this replica
    assert engine.apply_changes() == 1
    assert ids("人民防空") == []
    foi = corpus["foi"]
    foi.set_validity("repealed", on=datetime.date(2026, 6, 1), by=officer_a)
    engine.apply_changes()
    assert ids("依申请公开", validity=["repealed"]) == [foi.pk]


def test_a_scheduled_document_appears_when_its_time_comes(publish):
    later = timezone.now() + datetime.timedelta(days=2)
    doc = publish(title="定时发布的公告", when=later)
    engine.apply_changes()
    assert engine.search(query.parse("定时发布").query, {}).ids == []
    assert engine.search(query.parse("定时发布").query, {}, now=later).ids == [doc.pk]


def test_facet_counts_follow_the_query_and_the_other_facets(publish, tree):
    tag = Tag.objects.get(name="高校毕业生")
    a1 = publish(title="就业补贴办法", kind="notice", summary="相关事项。")
    a1.tags.set([tag])
    publish(title="就业见习通知", kind="opinion", summary="相关事项。")
    publish(title="防空警报通告", kind="notice", summary="相关事项。")
    engine.rebuild()
    everything = engine.search(query.parse("就业").query, {})
    assert dict(everything.facets["kind"]) == {"notice": 1, "opinion": 1}
    narrowed = engine.search(query.parse("就业").query, {"kind": ["notice"]})
    assert narrowed.total == 1
    # The kind facet ignores its own filter; the others follow it.
    assert dict(narrowed.facets["kind"]) == {"notice": 1, "opinion": 1}
    assert dict(narrowed.facets["tags"]) == {"people:高校毕业生": 1}
    assert dict(narrowed.facets["agency"]) == {"T-A": 1}


def test_rebuild_and_check(corpus, capsys):
    call_command("search_check")
    assert "一致：4 件" in capsys.readouterr().out
    writer = engine.get_index().writer(heap_size=engine.WRITER_HEAP, num_threads=1)
    writer.delete_documents_by_term("id", corpus["foi"].pk)
    writer.commit()
    writer.wait_merging_threads()
    with pytest.raises(CommandError, match=rf"缺少 1 件 \[{corpus['foi'].pk}\]"):
        call_command("search_check")
    call_command("search_rebuild")
    call_command("search_check")


def test_a_new_replica_builds_itself_from_the_database(corpus):
    engine.drop()
    assert engine.applied_seq() == -1
    assert engine.apply_changes() == 4  # no index yet: a full build
    assert corpus["foi"].pk in ids("依申请公开")
