import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.conftest import make_staff
from gongkai.documents.models import Attachment, Document, Status
from gongkai.lib.files import sniff

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


def url(name, doc=None):
    return reverse(f"documents:{name}", args=[doc.uid] if doc else [])


FORM = {
    "title": "关于开展2026年政府开放月活动的通知",
    "doc_number": "浦人社办（2026）7号",
    "kind": "notice",
    "attribute": "proactive",
    "scope": "public",
    "written_on": "2026-04-01",
    "summary": "开放月安排",
    "body": "<p>正文</p>",
    "channels": ["website", "gazette"],
}


def test_a_drafter_creates_a_draft_with_attachments(as_user, drafter):
    client = as_user(drafter)
    files = [SimpleUploadedFile("通知.pdf", PDF), SimpleUploadedFile("图解.png", PNG)]
    response = client.post(url("new"), {**FORM, "attachments": files})
    doc = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", doc)
    assert doc.doc_number == "浦人社办〔2026〕7号" and doc.channels == ["website", "gazette"]
    assert sorted(doc.attachments.values_list("kind", flat=True)) == ["pdf", "png"]


def test_a_rejected_attachment_leaves_no_half_saved_record(as_user, drafter):
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 this is an exe")
    response = as_user(drafter).post(url("new"), {**FORM, "attachments": [SimpleUploadedFile("a.pdf", PDF), fake]})
    assert "附件“报告.pdf”：文件内容与扩展名 .pdf 不符" in response.content.decode()
    assert not Document.objects.exists() and not Attachment.objects.exists()
    assert response.context["form"]["title"].value() == FORM["title"]


def test_attachments_are_checked_by_extension_and_size(as_user, drafter, settings):
    settings.GONGKAI_ATTACHMENT_MAX_MB = 1
    big = SimpleUploadedFile("大.pdf", PDF + b"0" * (1024 * 1024))
    page = as_user(drafter).post(url("new"), {**FORM, "attachments": [big, SimpleUploadedFile("x.exe", PDF)]})
    text = page.content.decode()
    assert "附件“大.pdf”：超过大小上限 1 MB" in text and "附件“x.exe”：只接受" in text


def test_a_malformed_number_is_refused_with_the_pattern(as_user, drafter):
    page = as_user(drafter).post(url("new"), {**FORM, "doc_number": "第七号"}).content.decode()
    assert "机关代字〔年份〕序号号" in page and not Document.objects.exists()


def test_the_whole_flow_through_the_pages(as_user, drafter, reviewer, officer_a, client):
    as_user(drafter).post(url("new"), FORM)
    doc = Document.objects.get()
    client.post(url("submit", doc))
    client.force_login(reviewer)
    client.post(url("review", doc), {"decision": "approve", "attribute": "proactive", "opinion": "同意主动公开"})
    client.force_login(officer_a)
    client.post(url("publish", doc))
    doc.refresh_from_db()
    assert doc.status == Status.PUBLISHED
    page = client.get(url("detail", doc)).content.decode()
    assert "同意主动公开" in page and "待发布 → 已发布" in page


def test_a_refused_transition_shows_a_chinese_message(as_user, drafter, make_draft):
    doc = make_draft()
    response = as_user(drafter).post(url("publish", doc), follow=True)
    assert response.status_code == 403  # drafters may not publish at all


def test_reviewing_ones_own_draft_is_refused_on_the_page(make_draft, tree, client):
    both = make_staff("both", tree["a"], Role.DRAFTER, Role.REVIEWER)
    doc = make_draft(by=both)
    doc.submit(by=both)
    client.force_login(both)
    page = client.post(
        url("review", doc), {"decision": "approve", "attribute": "proactive", "opinion": "好"}, follow=True
    ).content.decode()
    assert "审核人不能审查自己起草的信息" in page


def test_other_agencies_items_do_not_exist(as_user, officer_b, supervisor, make_draft):
    doc = make_draft()
    assert as_user(officer_b).get(url("detail", doc)).status_code == 404
    assert as_user(supervisor).get(url("detail", doc)).status_code == 200
    assert doc.title not in as_user(officer_b).get(url("list")).content.decode()


def test_queues_reach_my_queue(as_user, make_draft, drafter, reviewer):
    doc = make_draft()
    doc.submit(by=drafter)
    page = as_user(reviewer).get(reverse("accounts:queue")).content.decode()
    assert doc.title in page and "待审查" in page


@pytest.mark.parametrize("name", ["list", "late", "rereview", "indicators", "new"])
def test_staff_pages_render(as_user, officer_a, name, approved):
    approved()
    assert as_user(officer_a).get(url(name)).status_code == 200


def test_sniffing_recognises_office_formats():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<x/>")
        z.writestr("word/document.xml", "<x/>")
    assert sniff(buffer) == "docx"
    assert sniff(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest")) == "doc"
    assert sniff(io.BytesIO(b"\x00\x00\x00\x18ftypmp42")) == "mp4"
    assert sniff(io.BytesIO(b"plain text")) is None


def test_the_form_records_repeals_and_service_links(as_user, drafter, reviewer, officer_a, approved):
    old = approved(title="旧补贴办法")
    old.publish(by=officer_a)
    client = as_user(drafter)
    data = {**FORM, "repeals": [old.pk], "service_links": "一次性就业补贴申请|https://zwdt.sh.gov.cn/x"}
    client.post(url("new"), data)
    doc = Document.objects.get(title=FORM["title"])
    assert list(doc.service_links.values_list("name", "url")) == [("一次性就业补贴申请", "https://zwdt.sh.gov.cn/x")]
    doc.submit(by=drafter)
    doc.review(by=reviewer, decision="approve", attribute="proactive", opinion="同意")
    doc.publish(by=officer_a)
    old.refresh_from_db()
    assert old.validity == "repealed"
    page = client.get(url("detail", doc)).content.decode()
    assert "本文件废止" in page and "一次性就业补贴申请" in page


def test_a_bad_service_link_names_the_line(as_user, drafter):
    page = as_user(drafter).post(url("new"), {**FORM, "service_links": "申请\n名称|ftp://x"}).content.decode()
    assert "关联办事事项第1行：应为“事项名称|http(s)链接”" in page and "关联办事事项第2行" in page
    assert not Document.objects.exists()


def test_staff_download_attachments_of_drafts_in_their_scope_only(as_user, drafter, officer_b, supervisor):
    client = as_user(drafter)
    client.post(url("new"), {**FORM, "attachments": [SimpleUploadedFile("草稿附件.pdf", PDF)]})
    doc = Document.objects.get()
    link = reverse("documents:attachment", args=[doc.uid, doc.attachments.get().pk])
    assert link in client.get(url("detail", doc)).content.decode()
    response = client.get(link)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert as_user(officer_b).get(link).status_code == 404
    assert as_user(supervisor).get(link).status_code == 200
    assert client.get(f"/documents/{doc.uid}/attachments/{doc.attachments.get().pk}/").status_code == 404
