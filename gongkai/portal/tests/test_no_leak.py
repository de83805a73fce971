"""The no-leak proof: nothing but public() reaches any public surface (DESIGN rule 1)."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.documents.law import Attribute, Scope, WithholdGround
from gongkai.documents.library import add_attachments
from gongkai.documents.models import Review
from gongkai.search import engine

PDF = b"%PDF-1.7\n" + b"0" * 32
MARKERS = [
    "PUBLIC",
    "DRAFT",
    "REVIEW",
    "RETURNED",
    "APPROVED",
    "ONREQUEST",
    "WITHHELD",
    "TARGETED",
    "FUTURE",
    "WITHDRAWN",
]


@pytest.fixture
def world(make_draft, approved, drafter, reviewer, officer_a):
    """One public document and one of every kind that must stay hidden, each with a marker word."""

    def doc(marker, **fields):
        return {"title": f"{marker}专项通知", "body": f"<p>{marker}正文</p>", **fields}

    public = approved(**doc("MARKPUBLIC"))
    public.publish(by=officer_a)
    hidden = {}
    hidden["draft"] = make_draft(**doc("MARKDRAFT"))
    hidden["in_review"] = make_draft(**doc("MARKREVIEW"))
    hidden["in_review"].submit(by=drafter)
    hidden["returned"] = make_draft(**doc("MARKRETURNED"))
    hidden["returned"].submit(by=drafter)
    hidden["returned"].review(by=reviewer, decision=Review.Decision.RETURN, attribute=Attribute.PROACTIVE, opinion="改")
    hidden["approved"] = approved(**doc("MARKAPPROVED"))
    hidden["on_request"] = approved(**doc("MARKONREQUEST", attribute=Attribute.ON_REQUEST, attribute_reason="特定"))
    hidden["withheld"] = approved(
        **doc(
            "MARKWITHHELD",
            attribute=Attribute.WITHHELD,
            withhold_ground=WithholdGround.STATE_SECRET,
            attribute_reason="涉密",
        )
    )
    hidden["targeted"] = approved(**doc("MARKTARGETED", scope=Scope.TARGETED, scope_groups="各街道"))
    hidden["targeted"].publish(by=officer_a)
    hidden["future"] = approved(**doc("MARKFUTURE"))
    hidden["future"].publish(by=officer_a, at=timezone.now() + datetime.timedelta(days=3))
    hidden["withdrawn"] = approved(**doc("MARKWITHDRAWN"))
    hidden["withdrawn"].publish(by=officer_a)
    hidden["withdrawn"].withdraw(by=officer_a, reason="有误")
    for d in [public, *hidden.values()]:
        add_attachments(d, [(SimpleUploadedFile(f"{d.pk}.pdf", PDF), "pdf")], by=officer_a)
    engine.apply_changes()
    return public, hidden


def public_urls(public, hidden, tree):
    everyone = [public, *hidden.values()]
    urls = [
        "/",
        "/search/",
        "/search/?sort=date",
        "/normative/",
        "/feeds/all.atom",
        "/sitemap.xml",
        f"/agencies/{tree['a'].code}/",
        f"/feeds/agency/{tree['a'].code}.atom",
    ]
    urls += [f"/search/?q=MARK{name}" for name in MARKERS]
    urls += [f"/search/?q={d.index_number}" for d in everyone]
    urls += [f"/feeds/subject/{public.subject_id}.atom"]
    urls += [f"/documents/{d.uid}/" for d in everyone]
    urls += [f"/documents/{d.uid}/attachments/{d.attachments.get().pk}/" for d in everyone]
    # the open API: list, search, facets, detail, interpretations
    urls += [
        "/api/v1/documents",
        "/api/v1/documents?order=date&limit=100",
        "/api/v1/facets",
        "/api/v1/interpretations",
        "/api/v1/agencies",
    ]
    urls += [f"/api/v1/documents?q=MARK{name}" for name in MARKERS]
    urls += [f"/api/v1/documents/{d.uid}" for d in everyone]
    return urls


def collect(client, urls):
    seen = []
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        cache.clear()  # the API's anonymous rate limit is not under test here
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        if "q=" in url:  # a search page repeats what was asked; only what it found counts
            asked = parse_qs(urlsplit(url).query)["q"][0]
            text = text.replace(asked, "")
        seen.append((url, response.status_code, text))
    return seen


def test_nothing_non_public_reaches_any_public_url(client, world, tree):
    public, hidden = world
    pages = collect(client, public_urls(public, hidden, tree))
    everything = "\n".join(text for _, _, text in pages)
    for name, doc in hidden.items():
        marker = doc.title.replace("专项通知", "")
        assert marker not in everything, name
        assert str(doc.uid) not in everything, name
        assert doc.index_number not in everything, name
    assert "MARKPUBLIC" in everything and str(public.uid) in everything
    downloads = {url: status for url, status, _ in pages if "/attachments/" in url}
    assert sum(status == 200 for status in downloads.values()) == 1


def test_revoking_removes_it_from_every_surface_at_once(client, world, tree, officer_a):
    public, hidden = world
    public.withdraw(by=officer_a, reason="发布有误")
    engine.apply_changes()
    pages = collect(client, public_urls(public, hidden, tree))
    assert not any("MARKPUBLIC" in text for _, _, text in pages)
