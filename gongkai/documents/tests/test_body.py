"""A document's body: typed or filed as plain text it becomes paragraphs; the portal shows them as such."""

import io
import zipfile

from django.urls import reverse

from gongkai.documents.importer import read_zip
from gongkai.documents.models import Review
from gongkai.lib.html import body_html

LETTER = "各街镇、各有关单位：\n现将有关事项通知如下。\n\n请遵照执行。\n上海市测试区甲局\n2026年3月1日"


def test_plain_text_becomes_paragraphs_with_the_signature_at_the_right():
    html = body_html(LETTER)
    assert html.count("<p") == 5
    assert html.startswith("<p>各街镇、各有关单位：</p><p>现将有关事项通知如下。</p>")
    assert html.endswith(
        '<p style="text-align: right">上海市测试区甲局</p><p style="text-align: right">2026年3月1日</p>'
    )
    assert body_html("第一段\n第二段。") == "<p>第一段</p><p>第二段。</p>"  # no date at the foot: nothing at the right
    assert body_html("<p>已是 HTML</p><script>x</script>") == "<p>已是 HTML</p>"
    assert body_html("a < b & c") == "<p>a &lt; b &amp; c</p>"


def test_a_typed_two_paragraph_body_renders_as_two_paragraphs_on_the_portal(client, approved, officer_a):
    doc = approved(title="两段正文", body="第一段：总体要求。\n\n第二段：具体措施。")
    doc.publish(by=officer_a)
    page = client.get(reverse("portal:document", args=[doc.uid])).content.decode()
    body = page.split('class="doc-body', 1)[1].split("</div>", 1)[0]
    assert body.count("<p>") == 2 and "<p>第一段：总体要求。</p>" in body and "<p>第二段：具体措施。</p>" in body


def test_everyone_sees_who_acts_next_and_the_drafter_has_a_home(
    as_user, client, make_draft, drafter, reviewer, officer_a
):
    doc = make_draft(title="待办测试")
    home = as_user(drafter).get(reverse("accounts:queue")).content.decode()
    assert 'data-testid="new-document"' in home and "我的草稿" in home and "待办测试" in home
    page = client.get(reverse("documents:detail", args=[doc.uid])).content.decode()
    assert "下一步：起草人补全后提交审查" in page
    doc.submit(by=drafter)
    doc.review(by=reviewer, decision=Review.Decision.APPROVE, attribute="proactive", opinion="同意")
    for user in (reviewer, drafter):
        page = as_user(user).get(reverse("documents:detail", args=[doc.uid])).content.decode()
        assert "下一步：由公开办" in page and "发布" in page, user
    queue = as_user(officer_a).get(reverse("accounts:queue")).content.decode()
    assert "待发布" in queue and "待办测试" in queue
    assert 'data-testid="new-document"' not in as_user(reviewer).get(reverse("accounts:queue")).content.decode()


def test_documents_and_tasks_lead_with_their_stage(as_user, make_draft, drafter, reviewer):
    doc = make_draft(title="进度条")
    page = as_user(drafter).get(reverse("documents:detail", args=[doc.uid])).content.decode()
    bar = page.split('data-testid="stage-bar"', 1)[1].split("</nav>", 1)[0]
    assert 'aria-current="step">起草' in bar and "发布" in bar
    doc.submit(by=drafter)
    page = as_user(reviewer).get(reverse("documents:detail", args=[doc.uid])).content.decode()
    assert 'aria-current="step">审查' in page.split('data-testid="stage-bar"', 1)[1]
    assert [state for _name, state in doc.stage()] == ["done", "current", "todo"]


def test_a_damaged_member_is_skipped_with_its_reason_not_a_500():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("通知.docx", b"PK" + b"x" * 200)
        archive.writestr("好的.docx", b"PK" + b"y" * 50)
    raw = bytearray(buffer.getvalue())
    at = raw.find(b"x" * 200)
    raw[at + 10] = ord("z")  # the stored bytes no longer match their CRC
    entries, error = read_zip(io.BytesIO(bytes(raw)))
    assert error == ""
    bad, good = entries
    assert bad.data is None and "已损坏" in bad.problem
    assert good.data == b"PK" + b"y" * 50
