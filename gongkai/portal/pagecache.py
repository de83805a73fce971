"""The page cache: what an anonymous visitor reads is rendered once and served from memory until
something public changes.

The key holds the *public version* — the newest row of the change log (every save of a document, an
attachment, a relation, an agency or a published report writes one, in its own transaction: see
``search.models.watch``), how far this machine's search replica has applied it, and the current
minute (a scheduled item becomes public when its time comes, without any write) — plus the address
and the 适老化 cookie. So a withdrawn item is gone from the next request on, on every machine, and a
cached page is never older than a minute. Each process keeps its own cache (``CACHES``); nothing has to
be invalidated because a change makes a new key.

Only pages that are the same for every anonymous visitor are cached: GET or HEAD, nobody signed in,
no session and no pending messages; a response is kept only when it is a 200 that sets no cookie.
"""

from __future__ import annotations

import functools
import hashlib
import time

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from gongkai.portal.context_processors import A11Y_COOKIE
from gongkai.search import engine
from gongkai.search.models import ChangeLog

BUCKET_SECONDS = 60  # the longest a scheduled publication waits to appear on a cached page
TIMEOUT_SECONDS = 2 * BUCKET_SECONDS  # keys of past minutes are never asked for again; let them go


def clock() -> float:
    return time.time()


def public_version() -> str:
    return f"{ChangeLog.head()}.{engine.applied_seq()}.{int(clock() // BUCKET_SECONDS)}"


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    # a session may hold a signed-in user or messages; "messages" holds messages for the next page
    return not cookies.get("sessionid") and not cookies.get("messages") and not request.user.is_authenticated


def cached_page(view):
    """Serve ``view`` from the page cache for anonymous visitors (see the module's docstring)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        a11y = "1" if request.COOKIES.get(A11Y_COOKIE) == "1" else "0"
        key = f"page:{view.__module__}.{view.__name__}:{public_version()}:{a11y}:{path}"
        hit = caches["local"].get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        # a page that asked for a CSRF token carries this visitor's token: never share it
        personal = response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        if response.status_code == 200 and not personal and not response.streaming:
            caches["local"].set(key, (response.content, response["Content-Type"]), TIMEOUT_SECONDS)
        return response

    return wrapper
