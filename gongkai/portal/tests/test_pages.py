import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.documents.law import InterpretationForm
from gongkai.documents.library import add_attachments
from gongkai.documents.models import Review, ServiceLink, SubjectCategory
from gongkai.search import engine

PDF = b"%PDF-1.7\n" + b"0" * 32


@pytest.fixture
def site(approved, make_draft, drafter, reviewer, officer_a):
    policy = approved(
        title="浦东新区一次性就业补贴实施办法",
        doc_number="浦人社规〔2026〕3号",
        needs_interpretation=True,
        is_normative=True,
        effective_on=datetime.date(2026, 4, 1),
        expires_on=datetime.date(2031, 3, 31),
    )
    interp = make_draft(
        title="一图读懂一次性就业补贴", kind="interpretation", interpretation_form=InterpretationForm.GRAPHIC
    )
    interp.interprets.set([policy])
    interp.submit(by=drafter)
    interp.review(by=reviewer, decision=Review.Decision.APPROVE, attribute="proactive", opinion="同意")
    add_attachments(policy, [(SimpleUploadedFile("申请表.pdf", PDF), "pdf")], by=drafter)
    ServiceLink.objects.create(document=policy, name="一次性就业补贴申请", url="https://zwdt.sh.gov.cn/x")
    policy.publish(by=officer_a)
    old = approved(title="旧的就业补贴办法")
    old.publish(by=officer_a)
    old.set_validity("repealed", on=datetime.date(2026, 4, 1), by=officer_a)
    engine.apply_changes()
    policy.refresh_from_db()
    interp.refresh_from_db()
    return {"policy": policy, "interp": interp, "old": old}


def test_the_home_page_lists_policies_and_interpretations(client, site):
    page = client.get("/").content.decode()
    assert "浦东新区一次性就业补贴实施办法" in page and "一图读懂一次性就业补贴" in page
    assert 'role="search"' in page and "/feeds/all.atom" in page


def test_the_document_page_shows_the_metadata_block_and_links(client, site):
    page = client.get(f"/documents/{site['policy'].uid}/").content.decode()
    for label in ("索 引 号", "主题分类", "发文机关", "成文日期", "发文字号", "发布日期", "有 效 性"):
        assert label in page
    assert site["policy"].index_number in page and "浦人社规〔2026〕3号" in page
    assert "2026-04-01 至 2031-03-31" in page and "行政规范性文件" in page
    assert "一图读懂一次性就业补贴" in page and "图表图解" in page
    assert 'class="ban"' in page and "一次性就业补贴申请" in page
    interp_page = client.get(f"/documents/{site['interp'].uid}/").content.decode()
    assert "解读的政策" in interp_page and "浦东新区一次性就业补贴实施办法" in interp_page


def test_a_repealed_document_carries_a_banner(client, site):
    page = client.get(f"/documents/{site['old'].uid}/").content.decode()
    assert "本文件已废止（2026年4月1日）" in page


def test_attachments_download_from_public_documents(client, site):
    attachment = site["policy"].attachments.get()
    response = client.get(f"/documents/{site['policy'].uid}/attachments/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_the_library_searches_filters_and_counts(client, site):
    response = client.get("/search/", {"q": "就业补贴"})
    page = response.content.decode()
    assert "<mark>就业补贴</mark>" in page
    facets = {f["name"]: f for f in response.context["facets"]}
    assert {o["label"]: o["count"] for o in facets["validity"]["options"]} == {"有效": 2, "废止": 1}
    filtered = client.get("/search/", {"q": "就业补贴", "validity": "repealed"})
    assert [r["doc"].pk for r in filtered.context["rows"]] == [site["old"].pk]


def test_bad_input_is_a_normal_page_with_a_chinese_message(client, site):
    page = client.get("/search/", {"q": "长" * 250}).content.decode()
    assert "检索词过长" in page
    response = client.get("/search/", {"kind": "nonsense", "year": "20x6", "page": "abc"})
    assert response.status_code == 200
    assert "已忽略无法识别的文种筛选条件" in response.content.decode()


def test_very_deep_pages_are_refused_politely(client, site):
    page = client.get("/search/", {"q": "就业", "page": "100000"}).content.decode()
    assert "只能浏览前 10000 条结果" in page


def test_the_normative_library_shows_validity_and_period_on_each_row(client, site):
    page = client.get("/normative/").content.decode()
    assert "浦东新区一次性就业补贴实施办法" in page and "2026-04-01 至 2031-03-31" in page and "有效" in page


def test_the_agency_column_has_the_guide_and_art20_groups(client, site, tree):
    tree["a"].office_name, tree["a"].phone = "甲局办公室", "021-1234"
    tree["a"].save()
    page = client.get(f"/agencies/{tree['a'].code}/").content.decode()
    assert "政府信息公开指南" in page and "甲局办公室" in page and "021-1234" in page
    assert "（一）行政法规、规章和规范性文件" in page and "第五十一条" in page


def test_feeds_sitemap_and_robots(client, site, tree):
    atom = client.get("/feeds/all.atom").content.decode()
    assert "<feed" in atom and "浦东新区一次性就业补贴实施办法" in atom
    assert "浦东新区一次性就业补贴实施办法" in client.get(f"/feeds/agency/{tree['a'].code}.atom").content.decode()
    tag_feed = client.get(f"/feeds/subject/{site['policy'].subject_id}.atom")
    assert tag_feed.status_code == 200
    assert str(site["policy"].uid) in client.get("/sitemap.xml").content.decode()
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /workspace/" in robots and "Sitemap:" in robots


def test_the_agency_page_lists_article_20_in_the_statutes_order_with_full_lists(client, tree, approved, officer_a):
    for i in range(11):
        approved(title=f"就业政策{i:02d}").publish(by=officer_a)
    approved(title="规范性文件甲", is_normative=True, expires_on=datetime.date(2030, 1, 1)).publish(by=officer_a)
    approved(title="机构职能", subject=SubjectCategory.objects.get(name="综合政务")).publish(by=officer_a)
    page = client.get(reverse("portal:agency", args=[tree["a"].code])).content.decode()
    positions = [page.index(f"<h3>{label}") for label in ("（一）", "（二）", "（十一）")]
    assert positions == sorted(positions)
    link = reverse("portal:agency_category", args=[tree["a"].code, 11])
    assert f'<a href="{link}">查看全部 11 条</a>' in page
    full = client.get(link).content.decode()
    listed = full.split('data-testid="category-list"', 1)[1].split("</ul>", 1)[0]
    assert listed.count("就业政策") == 11 and "规范性文件甲" not in listed and "机构职能" not in listed
    assert client.get(reverse("portal:agency_category", args=[tree["a"].code, 9])).status_code == 404


def test_the_normative_library_searches_and_filters_like_the_library(client, site, tree):
    page = client.get("/normative/", {"q": "就业补贴", "validity": "valid", "agency": tree["a"].code}).content.decode()
    assert "浦东新区一次性就业补贴实施办法" in page and "共 1 件" in page
    assert '<option value="T-A" selected>' in page and 'name="subject"' in page and 'name="year"' in page
    assert '<td class="nowrap">浦人社规〔2026〕3号</td>' in page  # a 文号 never breaks inside
    assert "共 0 件" in client.get("/normative/", {"validity": "repealed"}).content.decode()
    assert "共 0 件" in client.get("/normative/", {"q": "不存在的词语组合"}).content.decode()
    ignored = client.get("/normative/", {"agency": "NOPE"}).content.decode()
    assert "已忽略无法识别的发文机关筛选条件" in ignored and "共 1 件" in ignored
