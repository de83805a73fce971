"""政府公报: an issue assembled from public items in the editor's order, published with page numbers from
the rendered PDF; the PDF (bookmarks, pages, text when a font is embedded) and the DOCX; the portal archive
with its search filter, the issue page and the feed; a draft issue is not public."""

import datetime
import io

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from gongkai.accounts.models import Role
from gongkai.conftest import make_staff
from gongkai.gazette import render
from gongkai.gazette.models import GazetteError, Issue


@pytest.fixture
def editor(tree):
    return make_staff("district-office", tree["district"], Role.OFFICER)


@pytest.fixture
def docs(approved, officer_a):
    made = []
    for title, normative in (
        ("测试区养老服务补贴办法", True),
        ("关于做好防汛工作的通知", False),
        ("关于张三同志任职的通知", False),
    ):
        extra = {"expires_on": datetime.date(2031, 1, 1)} if normative else {}
        doc = approved(
            title=title, is_normative=normative, body="<p>第一条 为了规范管理，制定本办法。</p>" * 40, **extra
        )
        doc.publish(by=officer_a)
        made.append(doc)
    return made


def test_an_issue_is_assembled_ordered_and_published_with_page_numbers(tree, editor, docs, approved, client):
    issue = Issue.open(tree["district"], by=editor, year=2026)
    with pytest.raises(GazetteError, match="尚未公开"):
        issue.add(approved(title="未公开的文件"), by=editor)
    items = [issue.add(d, by=editor) for d in docs]
    assert [i.section for i in items] == ["normative", "documents", "personnel"]
    assert client.get(f"/gazette/{tree['district'].code}/2026/{issue.number}/").status_code == 404  # a draft
    issue.publish(by=editor)
    issue.refresh_from_db()
    pages = [i.page for i in issue.ordered()]
    assert pages == sorted(pages) and pages[0] >= 2 and issue.pages >= pages[-1]
    reader = PdfReader(io.BytesIO(render.pdf(issue)))
    assert len(reader.pages) == issue.pages
    outline = [o.title for o in reader.outline]
    assert outline == [d.title for d in docs]
    for item in issue.ordered():  # each bookmark points at the page the contents give
        dest = next(o for o in reader.outline if o.title == item.document.title)
        assert reader.get_destination_page_number(dest) + 1 == item.page
    if render.embedded():
        assert "测试区养老服务补贴办法" in reader.pages[0].extract_text()
    text = "\n".join(p.text for p in Docx(io.BytesIO(render.docx(issue))).paragraphs)
    assert f"测试区养老服务补贴办法　……　{pages[0]}" in text and "行政规范性文件" in text
    with pytest.raises(GazetteError, match="已经出版"):
        issue.add(docs[0], by=editor)


def test_the_editor_orders_items_within_a_section(tree, editor, approved, officer_a):
    issue = Issue.open(tree["district"], by=editor, year=2026)
    a, b = (approved(title=t) for t in ("甲通知", "乙通知"))
    for d in (a, b):
        d.publish(by=officer_a)
    first, second = issue.add(a, by=editor), issue.add(b, by=editor)
    issue.move(second, by=editor, up=True)
    assert [i.document.title for i in issue.ordered()] == ["乙通知", "甲通知"]
    issue.remove(first, by=editor)
    assert [i.document.title for i in issue.ordered()] == ["乙通知"]


def test_the_portal_archive_searches_and_serves_the_files(tree, editor, docs, client):
    issue = Issue.open(tree["district"], by=editor, year=2026)
    for d in docs:
        issue.add(d, by=editor)
    issue.publish(by=editor)
    base = f"/gazette/{tree['district'].code}/2026/{issue.number}"
    page = client.get(f"{base}/").content.decode()
    assert "测试区养老服务补贴办法" in page and "页码" in page
    assert client.get(f"{base}.pdf").content[:5] == b"%PDF-"
    assert client.get(f"{base}.docx").content[:2] == b"PK"
    found = client.get("/gazette/?q=任职").content.decode()
    assert "关于张三同志任职的通知" in found and "防汛" not in found.split("gazette-found")[1].split("</ul>")[0]
    assert "测试区养老服务补贴办法" in client.get("/gazette/?section=normative").content.decode()
    assert client.get("/gazette/?section=bogus").status_code == 400
    assert issue.title in client.get("/feeds/gazette.atom").content.decode()
