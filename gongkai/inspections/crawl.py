"""Fetching a site for an inspection: an internal crawl from its home page (same host, up to MAX_PAGES),
and bounded, polite checks of external links (a few per host, a short timeout, a pause between requests to
the same host). Pages are fetched over HTTP; the platform's own portal can be read in-process (``LocalFetcher``)
so a demo or a test needs no server."""

from __future__ import annotations

import contextlib
import datetime
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser

from gongkai.inspections import indicators

DATE = re.compile(r"(20\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
USER_AGENT = "Gongkai-Inspection/1.0 (government website inspection)"


@dataclass
class Page:
    url: str
    status: int
    text: str = ""
    links: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 400


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(url: str, status: int, body: str) -> Page:
    parser = _Parser()
    with contextlib.suppress(Exception):  # a broken page is still a page: keep what was read
        parser.feed(body)
    links = []
    for href in parser.links:
        if href.startswith(("mailto:", "javascript:", "tel:", "#")):
            continue
        links.append(urllib.parse.urldefrag(urllib.parse.urljoin(url, href))[0])
    return Page(url, status, " ".join(parser.text), links)


class HttpFetcher:
    def __init__(self, timeout: float = indicators.TIMEOUT_SECONDS):
        self.timeout = timeout

    def get(self, url: str, *, head: bool = False) -> Page:
        request = urllib.request.Request(url, method="HEAD" if head else "GET", headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = b"" if head else response.read(2_000_000)
                charset = response.headers.get_content_charset() or "utf-8"
                return parse(url, response.status, body.decode(charset, "replace"))
        except urllib.error.HTTPError as exc:
            return Page(url, exc.code, error=f"HTTP {exc.code}")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return Page(url, 0, error=f"无法打开：{str(getattr(exc, 'reason', exc))[:80]}")


class LocalFetcher:
    """The platform's own portal, read through Django's test client (no server, no network)."""

    def __init__(self):
        from django.test import Client  # noqa: PLC0415 - only for the in-process reader

        self.client = Client()

    def get(self, url: str, *, head: bool = False) -> Page:
        parts = urllib.parse.urlsplit(url)
        response = self.client.get(
            parts.path + (f"?{parts.query}" if parts.query else ""), HTTP_HOST=parts.netloc or "testserver"
        )
        body = b"" if head or response.streaming else response.content
        return parse(url, response.status_code, body.decode("utf-8", "replace"))


def latest_date(text: str, today: datetime.date) -> datetime.date | None:
    """The newest date written on a page (not in the future)."""
    found = []
    for y, m, d in DATE.findall(text):
        try:
            day = datetime.date(int(y), int(m), int(d))
        except ValueError:
            continue
        if day <= today:
            found.append(day)
    return max(found, default=None)


@dataclass
class Crawl:
    pages: dict[str, Page]
    broken_internal: list[tuple[str, str]]  # (link, found on)
    broken_external: list[tuple[str, str]]
    external_checked: int


def crawl(start: str, fetcher, *, external: bool = True, max_pages: int = indicators.MAX_PAGES,
          sleep=time.sleep) -> Crawl:  # fmt: skip
    """Breadth-first over the site's own pages from ``start``; then the external links, bounded."""
    host = urllib.parse.urlsplit(start).netloc
    pages: dict[str, Page] = {}
    found_on: dict[str, str] = {}
    queue = deque([start])
    outside: dict[str, str] = {}
    while queue and len(pages) < max_pages:
        url = queue.popleft()
        if url in pages:
            continue
        page = fetcher.get(url)
        pages[url] = page
        for link in page.links:
            split = urllib.parse.urlsplit(link)
            if split.scheme not in ("http", "https"):
                continue
            if split.netloc == host:
                if link not in pages and link not in found_on:
                    found_on[link] = url
                    queue.append(link)
            else:
                outside.setdefault(link, url)
    broken_internal = [(u, found_on.get(u, start)) for u, p in pages.items() if not p.ok]
    broken_external = []
    checked = 0
    if external:
        per_host: dict[str, int] = {}
        last_call: dict[str, float] = {}
        for link, on in outside.items():
            h = urllib.parse.urlsplit(link).netloc
            if per_host.get(h, 0) >= indicators.EXTERNAL_PER_HOST or checked >= indicators.EXTERNAL_MAX:
                continue
            wait = indicators.HOST_DELAY_SECONDS - (time.monotonic() - last_call.get(h, 0))
            if wait > 0:
                sleep(wait)
            page = fetcher.get(link, head=True)
            if page.status in (405, 501):  # HEAD not allowed: ask properly
                page = fetcher.get(link)
            last_call[h] = time.monotonic()
            per_host[h] = per_host.get(h, 0) + 1
            checked += 1
            if not page.ok:
                broken_external.append((link, on))
    return Crawl(pages, broken_internal, broken_external, checked)
