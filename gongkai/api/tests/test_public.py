import pytest
from django.core.cache import cache

from gongkai.search import engine


@pytest.fixture
def published(approved, officer_a):
    docs = []
    for i in range(5):
        doc = approved(title=f"就业补贴第{i}号办法", doc_number=f"浦人社规〔2026〕{i + 1}号")
        doc.publish(by=officer_a)
        docs.append(doc)
    engine.apply_changes()
    return docs


@pytest.fixture(autouse=True)
def _fresh_throttle(db):
    cache.clear()


def test_the_document_list_searches_and_pages_by_cursor(client, published):
    first = client.get("/api/v1/documents", {"q": "就业补贴", "limit": 2, "order": "date"}).json()
    assert first["total"] == 5 and len(first["items"]) == 2 and first["next_cursor"]
    seen = [item["id"] for item in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = client.get("/api/v1/documents", {"q": "就业补贴", "limit": 2, "order": "date", "cursor": cursor}).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert sorted(seen) == sorted(str(d.uid) for d in published)
    assert set(first["items"][0]) >= {"id", "index_number", "title", "doc_number", "agency", "published_at", "validity"}


def test_filters_and_document_numbers(client, published):
    found = client.get("/api/v1/documents", {"q": "浦人社规[2026]3号"}).json()
    assert [i["id"] for i in found["items"]] == [str(published[2].uid)]
    assert client.get("/api/v1/documents", {"validity": "repealed"}).json()["total"] == 0
    assert client.get("/api/v1/documents", {"agency": "T-A", "normative": "false"}).json()["total"] == 5


def test_detail_facets_interpretations_agencies(client, published, tree):
    detail = client.get(f"/api/v1/documents/{published[0].uid}").json()
    assert detail["title"] == "就业补贴第0号办法" and "body_html" in detail and detail["attachments"] == []
    facets = client.get("/api/v1/facets", {"q": "就业补贴"}).json()
    assert facets["total"] == 5 and {"value": "T-A", "count": 5} in facets["facets"]["agency"]
    assert client.get("/api/v1/interpretations").json()["total"] == 0
    codes = {a["code"] for a in client.get("/api/v1/agencies").json()}
    assert {"T-A", "T-B"} <= codes


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 500}, "limit"),
        ({"validity": "bogus"}, "validity"),
        ({"year": "20x6"}, "year"),
        ({"cursor": "xyz"}, "cursor"),
        ({"q": "长" * 201}, "q"),
        ({"order": "random"}, "order"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(client, db, params, field):
    response = client.get("/api/v1/documents", params)
    assert response.status_code == 422
    assert field in response.json()["error"]


def test_unknown_or_malformed_ids_are_404(client, db):
    assert client.get("/api/v1/documents/not-a-uuid").status_code == 404
    response = client.get("/api/v1/documents/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404 and response.json()["error"] == "未找到该信息"


def test_anonymous_callers_are_rate_limited_with_a_clear_message(client, db, settings):
    settings.GONGKAI_API_ANON_RATE = "3/m"
    statuses = [client.get("/api/v1/agencies").status_code for _ in range(4)]
    response = client.get("/api/v1/agencies")
    assert statuses[:3] == [200, 200, 200] and response.status_code == 429
    assert response.json()["error"].startswith("请求过于频繁") and "Retry-After" in response


def test_the_limit_can_be_switched_off_for_load_measurements(client, db, settings):
    settings.GONGKAI_API_ANON_RATE = "off"
    assert {client.get("/api/v1/agencies").status_code for _ in range(5)} == {200}


def test_the_openapi_document_and_browsable_page(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/documents",
        "/api/v1/documents/{uid}",
        "/api/v1/facets",
        "/api/v1/interpretations",
        "/api/v1/agencies",
        "/api/v1/filings",
    } <= set(paths)
    assert client.get("/api/v1/docs").status_code == 200


def test_validation_errors_are_chinese_and_name_parameters_as_written(client, db):
    cases = {
        "limit=500": "limit 必须在 1—100 之间",
        "limit=abc": "limit 必须是整数",
        "validity=xx": "validity 只能是 valid、expired、repealed、amended 之一",
        "year=abc": "year 必须是整数",
        "normative=maybe": "normative 只能是 true 或 false",
        "order=random": "order 只能是 relevance、date 之一",
        "q=" + "长" * 201: "q 不能超过 200 个字符",
    }
    for query, message in cases.items():
        response = client.get(f"/api/v1/documents?{query}")
        body = response.json()
        name = query.split("=")[0]
        assert response.status_code == 422 and body["fields"] == {name: message}, query
        assert body["error"] == f"请求参数有误：{message}"
        assert "filters" not in response.content.decode() and "Input should" not in response.content.decode()


def test_a_forged_forwarding_header_does_not_escape_the_limit(client, db, settings):
    settings.GONGKAI_API_ANON_RATE = "3/m"
    statuses = [
        client.get("/api/v1/agencies", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code for i in range(5)
    ]  # a new "client" each time, from the same peer
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_a_configured_proxy_each_forwarded_client_has_its_own_limit(client, db, settings):
    settings.GONGKAI_API_ANON_RATE = "2/m"
    settings.GONGKAI_TRUSTED_PROXIES = 1

    # the proxy appends the address it saw; whatever the client wrote before that is not trusted
    def get(client_ip, forged="1.2.3.4"):
        return client.get("/api/v1/agencies", HTTP_X_FORWARDED_FOR=f"{forged}, {client_ip}").status_code

    assert [get("203.0.113.7", forged=f"9.9.9.{i}") for i in range(3)] == [200, 200, 429]
    assert get("203.0.113.8") == 200  # another real client behind the same proxy


def test_out_of_range_years_are_a_chinese_422_not_a_500(client, db):
    for query in ("year=99999999999999999999", "year=0"):
        response = client.get(f"/api/v1/documents?{query}")
        assert response.status_code == 422 and response.json()["fields"] == {"year": "year 必须在 1949—2100 之间"}
    response = client.get("/api/v1/facets?year=9223372036854775808")
    assert response.status_code == 422 and "year 必须在 1949—2100 之间" in response.json()["error"]


def test_every_api_error_is_json_even_before_the_api_handlers_run(client, db):
    wrong_method = client.delete("/api/v1/documents")
    assert wrong_method.status_code == 405 and wrong_method["Content-Type"].startswith("application/json")
    assert wrong_method.json()["error"].startswith("不支持该请求方法") and "GET" in wrong_method["Allow"]
    unknown = client.get("/api/v1/no-such-thing")
    assert unknown.status_code == 404 and unknown.json()["error"] == "未找到该接口或信息"
    assert client.get("/api/v1/docs")["Content-Type"].startswith("text/html")  # the browsable page stays a page
