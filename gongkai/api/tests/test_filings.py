import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.api.auth import issue_token
from gongkai.documents.models import AgencyToken, Document, LibrarySettings, Status

PDF = b"%PDF-1.7\n" + b"0" * 32
META = {
    "source_system": "OA-PD",
    "source_id": "2026-000123",
    "title": "关于印发《浦东新区就业补贴实施细则》的通知",
    "doc_number": "浦人社规[2026]3号",
    "written_on": "2026-04-01",
    "kind": "通知",
    "subject": "劳动、人事、监察\\就业",
    "attribute": "主动公开",
    "is_normative": True,
    "expires_on": "2031-03-31",
    "body": "<p>各有关单位：</p>",
}


@pytest.fixture
def token(tree):
    return issue_token(tree["a"], "OA 公文备案")


def post(client, token, meta, files=()):
    data = {"metadata": json.dumps(meta, ensure_ascii=False)}
    if files:
        data["files"] = list(files)
    return client.post("/api/v1/filings", data, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_filing_creates_a_draft_awaiting_review(client, token, tree):
    response = post(client, token, META, [SimpleUploadedFile("细则.pdf", PDF)])
    assert response.status_code == 201, response.json()
    body = response.json()
    doc = Document.objects.get(uid=body["id"])
    assert body["created"] and body["status"] == Status.DRAFT and body["index_number"] == "T-A/2026-00001"
    assert doc.doc_number == "浦人社规〔2026〕3号" and doc.is_normative and doc.subject.name == "就业"
    assert doc.agency == tree["a"] and doc.attachments.count() == 1


def test_filing_is_idempotent(client, token):
    first = post(client, token, META).json()
    again = post(client, token, {**META, "title": "重复推送"})
    assert again.status_code == 200 and again.json() == {**first, "created": False}
    assert Document.objects.count() == 1


def test_every_field_error_comes_back_at_once_in_chinese(client, token):
    bad = {
        **META,
        "title": "",
        "doc_number": "第3号",
        "written_on": "2026-13-01",
        "kind": "公函",
        "attribute": "不予公开",
        "subject": "不存在的分类",
    }
    response = post(client, token, bad, [SimpleUploadedFile("x.pdf", b"not a pdf")])
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert set(fields) == {
        "title",
        "doc_number",
        "written_on",
        "kind",
        "withhold_ground",
        "attribute_reason",
        "subject",
        "files[0]",
    }
    assert "机关代字〔年份〕序号号" in fields["doc_number"] and "标题必须填写" in fields["title"]
    assert not Document.objects.exists()


def test_a_duplicate_document_number_names_the_existing_item(client, token):
    post(client, token, META)
    response = post(client, token, {**META, "source_id": "other"})
    assert response.status_code == 422
    assert "已被“关于印发《浦东新区就业补贴实施细则》的通知”" in response.json()["fields"]["doc_number"]


def test_a_prereviewing_agency_gets_an_approved_item_with_the_oa_review(client, token, tree):
    LibrarySettings.objects.create(agency=tree["a"], oa_prereviewed=True)
    meta = {**META, "review": {"reviewer": "法制科 王芳", "opinion": "经审查，同意主动公开"}}
    body = post(client, token, meta).json()
    doc = Document.objects.get(uid=body["id"])
    assert doc.status == Status.APPROVED
    review = doc.reviews.get()
    assert review.reviewer_name == "法制科 王芳" and review.source == "OA:OA-PD" and review.reviewer is None


def test_the_review_record_is_ignored_where_the_agency_reviews_itself(client, token):
    meta = {**META, "review": {"reviewer": "王芳", "opinion": "同意"}}
    assert post(client, token, meta).json()["status"] == Status.DRAFT


def test_a_bad_or_revoked_token_is_refused(client, token):
    response = post(client, "gk_wrong", META)
    assert response.status_code == 401 and "机关接口令牌" in response.json()["error"]

    AgencyToken.objects.update(revoked=True)
    assert post(client, token, META).status_code == 401


def test_metadata_must_be_json(client, token):
    response = client.post("/api/v1/filings", {"metadata": "{not json"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400 and response.json()["error"] == "metadata 必须是 JSON 对象"


def test_the_openapi_document_is_generated(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/filings" in schema["paths"]


def test_wrong_types_bad_characters_and_implausible_values_are_422s_naming_the_field(client, token):
    cases = {
        "kind": (["通知"], "kind：应为文字"),
        "attribute": ({"x": 1}, "attribute：应为文字"),
        "title": ("标题\ud800", "title：含有无效的字符"),
        "is_normative": ("false", "is_normative：应为 true 或 false"),
        "written_on": ("1800-01-01", "written_on：“1800-01-01”不在 1949—2100 年之间"),
        "summary": ("长" * 2001, "summary：不能超过 2000 个字符"),
    }
    for n, (field, (value, message)) in enumerate(cases.items()):
        meta = {**META, field: value, "source_id": f"bad-{n}", "doc_number": f"浦人社规〔2026〕{50 + n}号"}
        data = {"metadata": json.dumps(meta)}  # \ud800 travels escaped, as a client's JSON would carry it
        response = client.post("/api/v1/filings", data, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 422, field
        assert response.json()["fields"][field].startswith(message), response.json()
    long_name = SimpleUploadedFile("长" * 300 + ".pdf", PDF)
    response = post(client, token, {**META, "source_id": "bad-file"}, [long_name])
    assert response.status_code == 422 and "文件名不能超过 200 个字符" in response.json()["fields"]["files[0]"]
    assert not Document.objects.exists()
