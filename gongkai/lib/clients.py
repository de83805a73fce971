"""Who is asking: the client's address, trusting forwarding headers only from configured proxies; and the
counters the portal keeps per person and per address (rate limits, lockouts after wrong codes).

``GONGKAI_TRUSTED_PROXIES`` is the number of reverse proxies in front of the platform (default 0:
none). With 0 the address is the TCP peer (REMOTE_ADDR) and X-Forwarded-For is ignored — any
client can write that header. With n > 0 the n-th address from the right of X-Forwarded-For is the
client (each trusted proxy appends the address it received the request from).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    peer = str(request.META.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "GONGKAI_TRUSTED_PROXIES", 0))
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    if proxies <= 0 or not forwarded:
        return peer
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-min(proxies, len(hops))] if hops else peer


def over_limit(keys: Iterable[str], limit: int) -> bool:
    """Whether any of ``keys`` (a person, an address …) has reached ``limit`` hits in its window."""
    return any((cache.get(key) or 0) >= limit for key in keys)


def count_hit(keys: Iterable[str], *, seconds: int) -> None:
    """One more hit under each key; a key's window starts with its first hit and lasts ``seconds``."""
    for key in keys:
        cache.add(key, 0, timeout=seconds)
        cache.incr(key)
