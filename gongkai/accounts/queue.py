"""The staff "my queue" page collects work items from every domain app.

An app registers a provider in its ``AppConfig.ready()``; a provider takes the user and returns
``QueueItem``s (what is due, for whom, by when). The page sorts them by due date.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class QueueItem:
    title: str
    url: str
    kind: str
    due: datetime.date | None = None
    note: str = ""
    # "" for what needs action now; EARLIER_YEARS for what is left over from a past year (shown folded)
    group: str = ""


EARLIER_YEARS = "往年未结"


PROVIDERS: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def items_for(user) -> list[QueueItem]:
    items = [item for provider in PROVIDERS for item in provider(user)]
    return sorted(items, key=lambda i: (i.group != "", i.due is None, i.due or datetime.date.max, i.title))


def grouped(items: list[QueueItem]) -> tuple[list[QueueItem], list[QueueItem]]:
    """(what needs action now, what is left over from earlier years)."""
    return [i for i in items if not i.group], [i for i in items if i.group]
