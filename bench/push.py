"""Benchmark: 精准推送 at scale — a new policy's recipients among 1,000,000 profiles and 100,000
subscriptions (a fifth of them saved searches), found through the inverted indexes, and its deliveries
queued.

    .venv/bin/python bench/push.py --profiles 1000000 --subscriptions 100000

One run: a fresh SQLite database in a temporary folder; profiles with 2–3 demand-side tags (the library's
taxonomy) spread over 16 districts, 90 % consenting; subscriptions by tag, agency, normative flag and saved
search (with equivalents). Then, for policies of different reach, times ``matching.recipients`` (profiles
and subscriptions, each person once) and ``matching.queue`` (bulk insert, ignoring duplicates), and queues
the same policy again to show it adds nothing. Prints one table; the figures go to docs/subscriptions.md.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ["就业补贴", "社保补贴", "创业贷款", "养老服务", "人防工程", "技术改造", "稳岗返还", "租房补贴"]


def setup(data_dir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DEBUG"] = "false"
    os.environ["SECRET_KEY"] = "bench-" + "x" * 50
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def generate(profiles: int, subscriptions: int, seed: int) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from gongkai.accounts.models import Agency, AgencyKind, User
    from gongkai.documents.models import Tag
    from gongkai.search.models import Equivalence
    from gongkai.subscriptions import matching
    from gongkai.subscriptions.models import Profile, ProfileTag, SearchTerm, Subscription

    rng = random.Random(seed)
    city = Agency.objects.create(code="B-SH", name="上海市人民政府（基准）", kind=AgencyKind.CITY)
    districts = [
        Agency.objects.create(code=f"B-D{i:02d}", name=f"基准区{i:02d}", kind=AgencyKind.DISTRICT, parent=city)
        for i in range(16)
    ]
    bureau = Agency.objects.create(code="B-RSJ", name="基准区人社局", kind=AgencyKind.BUREAU, parent=districts[0])
    Equivalence.objects.get_or_create(short="社保", full="社会保险")
    tags = {t.name: t for t in Tag.objects.select_related("group")}
    people = [t for t in tags.values() if t.group.code in ("people", "theme")]
    firms = [t for t in tags.values() if t.group.code in ("industry", "size", "theme")]
    person, enterprise = tags["个人"], tags["企业"]
    unusable = make_password(None)
    started = time.perf_counter()
    step = 20_000
    for start in range(0, profiles, step):
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(
                        username=f"b{i}",
                        password=unusable,
                        kind="public",
                        public_kind="organisation" if i % 5 == 0 else "person",
                    )
                    for i in range(start, min(profiles, start + step))
                ],
                batch_size=2000,
            )
            rows, links = [], []
            for user in users:
                firm = user.public_kind == "organisation"
                rows.append(
                    Profile(
                        user=user,
                        kind="enterprise" if firm else "person",
                        consent=rng.random() < 0.9,
                        district=districts[rng.randrange(16)] if rng.random() < 0.8 else None,
                    )
                )
            Profile.objects.bulk_create(rows, batch_size=2000)
            for profile in rows:
                pool = firms if profile.kind == "enterprise" else people
                chosen = rng.sample(pool, 2 + (rng.random() < 0.5))
                chosen.append(enterprise if profile.kind == "enterprise" else person)
                links.extend(ProfileTag(profile=profile, tag=t) for t in chosen)
            ProfileTag.objects.bulk_create(links, batch_size=5000)
        print(f"  profiles {min(profiles, start + step):>9,} ({time.perf_counter() - started:.0f} s)", flush=True)
    user_ids = list(User.objects.filter(kind="public").values_list("pk", flat=True)[:subscriptions])
    subs, terms = [], []
    theme_tags = [t for t in tags.values() if t.group.code == "theme"]
    for n, user_id in enumerate(user_ids):
        kind = ("search", "tag", "agency", "normative")[n % 5 % 4] if n % 5 else "search"
        query = rng.choice(QUERIES) if kind == "search" else ""
        slots = matching.query_slots(query) if query else []
        sub = Subscription(
            user_id=user_id,
            kind=kind,
            tag=rng.choice(theme_tags) if kind == "tag" else None,
            agency=bureau if kind == "agency" else None,
            query=query,
            slots=len(slots),
            feed_token=f"t{n}",
        )
        subs.append((sub, slots))
    with transaction.atomic():
        Subscription.objects.bulk_create([s for s, _ in subs], batch_size=5000)
        for sub, slots in subs:
            terms.extend(SearchTerm(subscription=sub, slot=i, term=t) for i, ts in enumerate(slots) for t in ts)
        SearchTerm.objects.bulk_create(terms, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  subscriptions {len(subs):,}, saved-search terms {len(terms):,} ({time.perf_counter() - started:.0f} s)")
    return {"bureau": bureau, "district": districts[0], "tags": tags}


def policy(world: dict, title: str, summary: str, tag_names: list[str], agency=None):
    from django.utils import timezone

    from gongkai.documents.models import Document

    doc = Document.objects.create(
        agency=agency or world["bureau"],
        title=title,
        summary=summary,
        status="published",
        published_at=timezone.now(),
        index_number=f"B-{time.monotonic_ns()}",
    )
    doc.tags.set([world["tags"][n] for n in tag_names])
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=1_000_000)
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-push-") as data_dir:
        setup(data_dir)
        print(f"generating {args.profiles:,} profiles and {args.subscriptions:,} subscriptions …")
        world = generate(args.profiles, args.subscriptions, args.seed)
        from django.db import connection

        from gongkai.subscriptions import matching
        from gongkai.subscriptions.models import Delivery

        cases = [
            (
                "district, 1 people tag (退役军人)",
                "关于做好退役军人就业服务工作的通知",
                "退役军人就业服务。",
                ["个人", "退役军人"],
                None,
            ),
            (
                "district, 2 tags (高校毕业生+就业创业)",
                "高校毕业生就业创业补贴办法",
                "社会保险补贴和一次性就业补贴。",
                ["个人", "高校毕业生", "就业创业"],
                None,
            ),
            (
                "city-wide, enterprises (小微企业)",
                "小微企业技术改造补贴办法",
                "技术改造补贴。",
                ["企业", "小微企业"],
                "city",
            ),
        ]
        print(
            f"\n{'policy':<42} {'recipients':>10} {'find (s)':>9} {'queue (s)':>10} {'queued/s':>10} {'again (s)':>10}"
        )
        for label, title, summary, tag_names, where in cases:
            agency = None
            if where == "city":
                from gongkai.accounts.models import Agency

                agency = Agency.objects.get(code="B-SH")
            doc = policy(world, title, summary, tag_names, agency)
            started = time.perf_counter()
            targets = matching.recipients(doc)
            found = time.perf_counter() - started
            started = time.perf_counter()
            matching.queue(doc, targets)
            queued = time.perf_counter() - started
            started = time.perf_counter()
            matching.queue(doc, targets)
            again = time.perf_counter() - started
            rows = Delivery.objects.filter(document=doc).count()
            assert rows == len(targets), (rows, len(targets))
            rate = len(targets) / queued
            print(f"{label:<42} {len(targets):>10,} {found:>9.2f} {queued:>10.2f} {rate:>10,.0f} {again:>10.2f}")
        print(f"\nSQLite {connection.Database.sqlite_version}; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
