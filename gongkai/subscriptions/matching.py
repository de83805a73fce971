"""Who a published policy reaches, found through inverted indexes (never a scan of profiles):

* profiles: the policy's specific demand-side tags (人群, 行业, 规模, 主题) → ``ProfileTag`` (tag → profiles),
  kept to the policy's audience (个人/企业 tags) and region (a district body's policy reaches that district);
* subscriptions: by tag, agency, 主题分类 and normative flag (indexed columns); saved searches through
  ``SearchTerm`` (term → subscriptions): a subscription matches when every word of its query, or one of its
  equivalents (社保 = 社会保险), is among the policy's search tokens;

and only people who consented. One delivery per person per policy, whatever the number of rules that
matched (a unique constraint and ``ignore_conflicts``: queuing twice adds nothing).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from gongkai.accounts.models import AgencyKind
from gongkai.documents.law import DocKind
from gongkai.documents.models import Document
from gongkai.lib.text import html_to_text
from gongkai.search import query as search_query
from gongkai.search import tokenizer
from gongkai.subscriptions.models import (
    Channel,
    Delivery,
    Frequency,
    Matched,
    Partner,
    Profile,
    ProfileTag,
    Relay,
    SearchTerm,
    Subscription,
)

# Tags that say who a policy is for in general (个人/企业) or where: they narrow, they do not match alone.
BROAD_GROUPS = ("audience", "region")
BATCH = 5000
LOOKBACK = datetime.timedelta(days=7)  # a policy published while the worker was down is still pushed


@dataclass(frozen=True)
class Target:
    reason: str
    channel: str
    frequency: str
    subscription_id: int | None = None


def query_slots(query: str) -> list[list[str]]:
    """The words of a saved search, each with its equivalents: [[社保, 社会保险], [补贴]]."""
    _, words = tokenizer.both_tokens(query.strip()[:100])
    slots = []
    for word in dict.fromkeys(w for w in words if w.strip()):
        terms = {word}
        for variant in search_query.variants(word):
            terms.add(variant)
        slots.append(sorted(t[:40] for t in terms))
    return slots


def document_tokens(doc: Document) -> set[str]:
    text = f"{doc.title} {doc.summary} {html_to_text(doc.body or '')[:20000]}"
    search, precise = tokenizer.both_tokens(text)
    return set(search) | set(precise)


def district_of(agency) -> int | None:
    """The district a body belongs to (itself when it is one); None for city-level bodies."""
    seen = 0
    while agency is not None and seen < 5:
        if agency.kind == AgencyKind.DISTRICT:
            return agency.pk
        agency, seen = agency.parent, seen + 1
    return None


def profile_targets(doc: Document) -> dict[int, Target]:
    """Consenting profiles sharing a specific tag with the policy, in its audience and region."""
    tags = list(doc.tags.select_related("group"))
    specific = [t.pk for t in tags if t.group.code not in BROAD_GROUPS]
    audience = {t.name for t in tags if t.group.code == "audience"}
    kinds = ["person"] if audience == {"个人"} else ["enterprise"] if audience == {"企业"} else None
    return _profiles(specific, kinds=kinds, district=district_of(doc.agency), reason="符合您的画像")


def _profiles(specific, *, kinds, district: int | None, reason: str) -> dict[int, Target]:
    if not specific:
        return {}
    profiles = Profile.objects.filter(
        consent=True, pk__in=ProfileTag.objects.filter(tag_id__in=specific).values("profile_id")
    )
    if kinds:
        profiles = profiles.filter(kind__in=kinds)
    if district:
        profiles = profiles.filter(Q(district_id__isnull=True) | Q(district_id=district))
    shared: dict[tuple[str, str], Target] = {}  # a few distinct targets, shared: no object per person
    found = {}
    for user_id, channel, frequency in profiles.values_list("user_id", "channel", "frequency").iterator(
        chunk_size=BATCH
    ):
        target = shared.get((channel, frequency))
        if target is None:
            target = shared[(channel, frequency)] = Target(reason, channel, frequency)
        found[user_id] = target
    return found


def subscription_targets(doc: Document, tokens: set[str] | None = None) -> dict:
    """Active subscriptions of consenting people that the policy matches. Returns {user_id: Target}."""
    subject_ids = [doc.subject_id, doc.subject.parent_id] if doc.subject_id and doc.subject else []
    agencies = [doc.agency_id, *doc.co_issuers.values_list("pk", flat=True)]
    rules = (
        Q(kind=Subscription.Kind.TAG, tag_id__in=doc.tags.values("pk"))
        | Q(kind=Subscription.Kind.AGENCY, agency_id__in=agencies)
        | Q(kind=Subscription.Kind.SUBJECT, subject_id__in=[s for s in subject_ids if s])
    )
    if doc.is_normative:
        rules |= Q(kind=Subscription.Kind.NORMATIVE)
    tokens = document_tokens(doc) if tokens is None else tokens
    searched = (
        SearchTerm.objects.filter(term__in=list(tokens), subscription__active=True)
        .values("subscription_id")
        .annotate(found=Count("slot", distinct=True))
        .filter(found=F("subscription__slots"))
        .values("subscription_id")
    )
    rules |= Q(pk__in=searched)
    found = Subscription.objects.filter(rules, active=True, user__push_profile__consent=True)
    targets: dict[int, Target] = {}
    for pk, user_id, kind, channel, frequency, query in (
        found.values_list("pk", "user_id", "kind", "channel", "frequency", "query")
        .order_by("pk")
        .iterator(chunk_size=BATCH)
    ):
        if user_id not in targets:
            why = (
                f"您订阅的检索词“{query}”"
                if kind == Subscription.Kind.SEARCH
                else f"您的订阅（{Subscription.Kind(kind).label}）"
            )
            targets[user_id] = Target(why, channel, frequency, pk)
    return targets


def recipients(doc: Document) -> dict[int, Target]:
    """Everyone the policy reaches, once each: a subscription's channel wins over the profile's."""
    found = profile_targets(doc)
    found.update(subscription_targets(doc))
    return found


def queue(doc: Document, targets: dict[int, Target], *, campaign=None) -> int:
    """Deliveries for ``targets``, idempotent (a second call adds nothing). Returns the rows attempted."""
    now = timezone.now()
    rows = [
        Delivery(
            user_id=user_id,
            document=doc,
            campaign=campaign,
            subscription_id=t.subscription_id,
            reason=t.reason[:200],
            channel=t.channel,
            frequency=t.frequency,
            created_at=now,
        )
        for user_id, t in targets.items()
    ]
    for start in range(0, len(rows), BATCH):
        Delivery.objects.bulk_create(rows[start : start + BATCH], ignore_conflicts=True)
    return len(rows)


def pushable():
    """Public policies (not interpretations: they travel with their policy) published recently."""
    since = timezone.now() - LOOKBACK
    return Document.objects.public().exclude(kind=DocKind.INTERPRETATION).filter(published_at__gte=since)


def match(doc: Document) -> int:
    """Find and queue the recipients of one policy, relay it to partners, once."""
    with transaction.atomic():
        marker, created = Matched.objects.select_for_update().get_or_create(document=doc)
        if not created:
            return 0
        targets = recipients(doc)
        queue(doc, targets)
        marker.recipients = len(targets)
        marker.save(update_fields=["recipients"])
        relay_to_partners(doc)
    return len(targets)


def match_pending() -> int:
    """The worker's job: every public policy not yet matched (scheduled ones once their time has come)."""
    done = 0
    for doc in pushable().exclude(pk__in=Matched.objects.values("document_id")).select_related("agency", "subject"):
        done += match(doc)
    return done


def relay_to_partners(doc: Document) -> int:
    """Relays for partners whose tags the policy carries (a partner without tags takes every policy of
    its own agency's district)."""
    tag_ids = set(doc.tags.values_list("pk", flat=True))
    district = district_of(doc.agency)
    made = 0
    for partner in Partner.objects.filter(active=True).prefetch_related("tags").select_related("agency"):
        wanted = {t.pk for t in partner.tags.all()}
        if wanted and not wanted & tag_ids:
            continue
        if not wanted and district_of(partner.agency) not in (None, district):
            continue
        _, created = Relay.objects.get_or_create(
            partner=partner, document=doc, defaults={"nonce": secrets.token_hex(16)}
        )
        made += created
    return made


def audience(*, tag_ids, district_id: int | None, kind: str) -> dict[int, Target]:
    """A campaign's segment: consenting profiles with one of the tags, in the district, of the kind."""
    kinds = [kind] if kind in ("person", "enterprise") else None
    found = _profiles(list(tag_ids), kinds=kinds, district=district_id, reason="政策推送活动")
    return {
        u: Target("政策推送活动", Channel.INBOX if t.channel == Channel.FEED else t.channel, Frequency.IMMEDIATE)
        for u, t in found.items()
    }
