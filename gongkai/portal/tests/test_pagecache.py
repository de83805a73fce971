"""The page cache serves anonymous visitors from memory and never shows what is no longer public."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.conftest import PASSWORD
from gongkai.documents.models import Document
from gongkai.portal import pagecache


def test_a_repeated_visit_is_served_from_the_cache_with_one_query(
    client, approved, officer_a, django_assert_num_queries
):
    doc = approved(title="浦东新区稳岗补贴办法")
    doc.publish(by=officer_a)
    pages = ["/", reverse("portal:document", args=[doc.uid]), reverse("portal:normative"), "/search/?q=稳岗"]
    first = {page: client.get(page).content for page in pages}
    for page in pages:
        with django_assert_num_queries(1):  # the public version: the newest change-log row
            again = client.get(page)
        assert again.status_code == 200 and again.content == first[page], page
    assert "稳岗补贴" in first["/"].decode()


def test_withdrawing_a_document_takes_it_off_every_cached_page_at_once(client, approved, officer_a):
    doc = approved(title="浦东新区稳岗补贴办法")
    doc.publish(by=officer_a)
    page = reverse("portal:document", args=[doc.uid])
    assert client.get(page).status_code == 200 and "稳岗补贴" in client.get("/").content.decode()
    doc.withdraw(by=officer_a, reason="内容有误")
    assert client.get(page).status_code == 404
    assert "稳岗补贴" not in client.get("/").content.decode()


def test_a_change_made_outside_the_verbs_also_moves_the_version(client, approved, officer_a, tree):
    doc = approved(title="浦东新区稳岗补贴办法")
    doc.publish(by=officer_a)
    client.get("/")
    agency = tree["a"]
    agency.name = "测试区甲局（更名）"
    agency.save()  # e.g. in the admin
    assert "测试区甲局（更名）" in client.get("/").content.decode()
    Document.objects.filter(pk=doc.pk).update(status="withdrawn")  # a bulk update sends no signal …
    doc.refresh_from_db()
    doc.save()  # … but any later save of it does
    assert "稳岗补贴" not in client.get("/").content.decode()


def test_an_item_that_becomes_public_without_a_write_appears_within_a_minute(client, approved, officer_a, monkeypatch):
    doc = approved(title="浦东新区稳岗补贴办法")
    doc.publish(by=officer_a)
    late = approved(title="定时发布的通知")
    now = pagecache.clock()
    monkeypatch.setattr(pagecache, "clock", lambda: now)
    client.get("/")
    # a scheduled publication: its time comes and nothing is written (here: a bulk update, no signal)
    Document.objects.filter(pk=late.pk).update(
        status="published", published_at=timezone.now() - datetime.timedelta(seconds=1), index_number="X/1"
    )
    assert "定时发布的通知" not in client.get("/").content.decode()  # still the cached page
    monkeypatch.setattr(pagecache, "clock", lambda: now + pagecache.BUCKET_SECONDS)
    assert "定时发布的通知" in client.get("/").content.decode()


def test_signed_in_visitors_and_large_print_get_their_own_pages(client, citizen):
    anonymous = client.get("/").content.decode()
    large = Client()
    large.cookies["gk_a11y"] = "1"
    assert 'class="a11y"' in large.get("/").content.decode() and 'class="a11y"' not in anonymous
    signed_in = Client()
    signed_in.login(username=citizen.username, password=PASSWORD)
    assert citizen.display_name in signed_in.get("/").content.decode()
    assert citizen.display_name not in client.get("/").content.decode()


def test_public_pages_carry_no_csrf_token_and_the_large_print_switch_needs_none(db):
    client = Client(enforce_csrf_checks=True)
    response = client.get("/")
    assert "csrftoken" not in response.cookies and "csrfmiddlewaretoken" not in response.content.decode()
    switched = client.post(reverse("portal:a11y"), {"next": "/"})
    assert switched.status_code == 302 and switched.cookies["gk_a11y"].value == "1"


def test_a_response_that_sets_a_cookie_is_never_shared(rf, db):
    calls = []

    def view(request):
        from django.http import HttpResponse  # noqa: PLC0415 — a throwaway view for this test

        calls.append(1)
        response = HttpResponse("x")
        response.set_cookie("personal", "1")
        return response

    from django.contrib.auth.models import AnonymousUser  # noqa: PLC0415 — as above

    cached = pagecache.cached_page(view)
    for _ in range(2):
        request = rf.get("/somewhere/")
        request.user = AnonymousUser()
        cached(request)
    assert len(calls) == 2
