"""Suggestions: popular queries only once two people typed them, titles and 发文字号; no database write
on a page view; the box works without JavaScript."""

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.search import engine, suggest
from gongkai.search.models import QuerySeen


def _search_from(address: str, text: str) -> None:
    Client(REMOTE_ADDR=address).get("/search/", {"q": text})


def test_a_query_is_suggested_only_once_two_people_typed_it(db, settings, tmp_path):
    _search_from("203.0.113.1", "稳岗返还怎么申请")
    _search_from("203.0.113.1", "稳岗返还怎么申请")  # the same person twice
    suggest.tally()
    assert suggest.suggest("稳岗")["suggestions"] == []
    _search_from("203.0.113.2", "稳岗返还怎么申请")
    suggest.tally()
    assert {"text": "稳岗返还怎么申请", "kind": "热门"} in suggest.suggest("稳岗")["suggestions"]
    # anonymised: no address is kept, and the key changes every day
    assert not QuerySeen.objects.filter(person__contains="203.0.113").exists()
    assert QuerySeen.objects.values("person").distinct().count() == 2


def test_a_search_page_view_writes_no_database_row(db):
    with CaptureQueriesContext(connection) as queries:
        Client().get("/search/", {"q": "就业"})
    assert not [
        q["sql"] for q in queries.captured_queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert suggest.log_file().exists()


def test_old_counts_are_forgotten_after_ninety_days(db):
    old = datetime.date.today() - datetime.timedelta(days=suggest.DAYS + 1)
    QuerySeen.objects.create(day=old, text="旧的检索", person="a")
    suggest.tally()
    assert not QuerySeen.objects.filter(text="旧的检索").exists()


def test_titles_and_numbers_are_suggested_and_scheduled_titles_never(client, approved, officer_a):
    doc = approved(title="浦东新区稳岗返还实施办法", doc_number="浦人社规〔2026〕7号")
    doc.publish(by=officer_a)
    later = approved(title="浦东新区稳岗返还操作口径")
    later.publish(by=officer_a, at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3))
    engine.apply_changes()
    body = client.get("/search/suggest/", {"q": "稳岗返还"}).json()
    texts = [s["text"] for s in body["suggestions"]]
    assert "浦东新区稳岗返还实施办法" in texts and "浦东新区稳岗返还操作口径" not in texts
    numbers = client.get("/search/suggest/", {"q": "浦人社规〔2026"}).json()["suggestions"]
    assert {"text": "浦人社规〔2026〕7号", "kind": "文号"} in numbers


def test_the_box_is_a_plain_form_that_submits_without_javascript(client, db):
    page = client.get("/").content.decode()
    assert 'role="search" method="get" action="/search/"' in page and 'name="q"' in page
    assert 'list="site-q-list"' in page and '<datalist id="site-q-list">' in page and "js/suggest.js" in page
