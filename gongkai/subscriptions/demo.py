"""Demo 精准推送: 500 public profiles (persons and enterprises, deterministic) with subscriptions, the demo
public users `citizen` and `company` with theirs, the ten newest demo policies matched and delivered (so
inboxes hold them), one campaign sent with opens and clicks, and two relay partners with their logs."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, AgencyKind, PublicKind, User, UserKind
from gongkai.documents.law import DocKind, Validity
from gongkai.documents.models import Document, Tag
from gongkai.subscriptions import matching, sending
from gongkai.subscriptions.models import Campaign, Delivery, Partner, Profile, Relay, Subscription

PROFILES = 500
PEOPLE_TAGS = ["高校毕业生", "老年人", "残疾人", "退役军人", "农民工", "灵活就业人员"]
THEMES = ["就业创业", "社会保障", "营商环境", "一网通办"]
QUERIES = ["就业补贴", "社保补贴", "创业贷款", "养老服务", "人防工程"]


def load(today: datetime.date | None = None) -> str:
    if Profile.objects.exists():
        return "演示精准推送已存在，未做修改。"
    rng = random.Random(20)
    tags = {t.name: t for t in Tag.objects.all()}
    districts = list(Agency.objects.filter(kind=AgencyKind.DISTRICT))
    office = User.objects.filter(username="officer").first()
    agency = Agency.objects.filter(code="PD-RSJ").first()
    if not tags or office is None or agency is None:
        return "缺少演示标签或机关，未导入精准推送。"
    unusable = make_password(None)
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(
                username=f"demo-push-{i:04d}",
                password=unusable,
                kind=UserKind.PUBLIC,
                public_kind=PublicKind.ORGANISATION if i % 5 == 0 else PublicKind.PERSON,
                full_name=f"演示用户{i:04d}",
                org_name=f"演示企业{i:04d}" if i % 5 == 0 else "",
            )
            for i in range(PROFILES)
        )
        for i, user in enumerate(users):
            district = rng.choice(districts) if districts and rng.random() < 0.7 else None
            if i % 5 == 0:
                Profile.describe(
                    user,
                    tags=[tags[rng.choice(THEMES)]],
                    district=district,
                    industry=rng.choice("CFGIEM"),
                    size=rng.choice(["micro", "small", "medium"]),
                    consent=rng.random() < 0.9,
                )
            else:
                chosen = [tags[n] for n in rng.sample(PEOPLE_TAGS, 2) + [rng.choice(THEMES)] if n in tags]
                Profile.describe(user, tags=chosen, district=district, consent=rng.random() < 0.9)
        for user in users[: PROFILES // 2]:
            if not Profile.objects.filter(user=user, consent=True).exists():
                continue
            if rng.random() < 0.5:
                Subscription.add(user, kind="tag", tag=tags[rng.choice(THEMES)])
            else:
                Subscription.add(user, kind="search", query=rng.choice(QUERIES))
        _demo_users(tags)
        partners = _partners(agency, office, tags)
        newest = (
            Document.objects.public()
            .exclude(kind=DocKind.INTERPRETATION)
            .filter(validity=Validity.VALID)
            .order_by("-published_at")[:10]
        )
        for doc in newest:
            matching.match(doc)
        sending.send_due()
        graduates = list(Document.objects.public().filter(tags=tags.get("高校毕业生")).order_by("-published_at")[:2])
        campaign = None
        if graduates and "高校毕业生" in tags:
            campaign = Campaign.prepare(
                agency,
                by=office,
                title="毕业季就业政策推送",
                documents=graduates,
                tags=[tags["高校毕业生"]],
                kind="person",
            )
            campaign.send(by=office)
            sending.send_due()
            now = timezone.now()
            rows = list(campaign.deliveries.order_by("id").values_list("pk", flat=True))
            Delivery.objects.filter(pk__in=rows[: len(rows) * 6 // 10]).update(opened_at=now)
            Delivery.objects.filter(pk__in=rows[: len(rows) * 3 // 10]).update(clicked_at=now)
        for relay in Relay.objects.filter(partner__in=partners):  # the partners' logs: delivered, one refused
            if relay.partner.webhook_url:
                relay.attempts, relay.last_status = 2, "HTTP 503"
                relay.next_try = timezone.now() + datetime.timedelta(minutes=5)
            else:
                relay.state, relay.sent_at, relay.last_status = Relay.State.SENT, timezone.now(), "订阅源"
                relay.reach, relay.reported_at = rng.randint(200, 900), timezone.now()
            relay.save()
    sent = Delivery.objects.filter(state=Delivery.State.SENT).count()
    subscriptions = Subscription.objects.count()
    campaigns = 1 if campaign else 0
    return (
        f"已导入演示精准推送：画像 {PROFILES} 个，订阅 {subscriptions} 个，已送达 {sent} 件，推送活动 {campaigns} 次。"
    )


def _demo_users(tags) -> None:
    citizen = User.objects.filter(username="citizen").first()
    if citizen is not None:
        Profile.describe(citizen, tags=[tags[n] for n in ("高校毕业生", "就业创业") if n in tags], consent=True)
        Subscription.add(citizen, kind="search", query="就业补贴")
    company = User.objects.filter(username="company").first()
    if company is not None:
        Profile.describe(
            company, tags=[tags[n] for n in ("营商环境",) if n in tags], industry="I", size="small", consent=True
        )
        if "营商环境" in tags:
            Subscription.add(company, kind="tag", tag=tags["营商环境"])


def _partners(agency, office, tags) -> list[Partner]:
    made = []
    for name, slug, kind, wanted, webhook in (
        ("浦东新区人力资源服务行业协会（演示）", "pd-hr-association", "association", ["就业创业", "高校毕业生"], ""),
        (
            "张江科学城园区服务中心（演示）",
            "zhangjiang-park",
            "park",
            ["营商环境", "小微企业"],
            "https://partner.example.invalid/gongkai-hook",
        ),
    ):
        partner, _ = Partner.register(
            agency,
            by=office,
            name=name,
            slug=slug,
            kind=kind,
            tags=[tags[n] for n in wanted if n in tags],
            webhook_url=webhook,
            members=800,
        )
        made.append(partner)
    return made
