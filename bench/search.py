"""Benchmark: Chinese full-text search over a large library, against a LIKE scan.

    .venv/bin/python bench/search.py --docs 100000
    .venv/bin/python bench/search.py --docs 1000000 --like-reps 3

One run: generates N realistic government documents (1–10 KB, 30 agencies, 10 years; sentences
recombined from real work-plan phrasing), loads them into a fresh SQLite database, times the
index build, then serves the project over HTTP (a WSGI server on 127.0.0.1, one request at a time)
and measures p50/p95 of the portal search page and the API for one-word, two-word and phrase
queries with facet filters, and the same words as a ``LIKE '%…%'`` scan of the documents table.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PHRASES = [
    "深入贯彻落实党中央、国务院关于全面推进政务公开的决策部署",
    "坚持以公开为常态、不公开为例外",
    "加强公文信息公开属性源头认定",
    "严格落实先审查、后公开和一事一审原则",
    "落实政策文件与解读材料同步起草、同步审签、同步发布",
    "持续优化营商环境，推进一网通办改革",
    "做好依申请公开办理工作，提高答复的规范性",
    "依法依规做好政府信息公开申请的登记、审核、办理、答复、归档",
    "开展对政府信息公开申请集中的工作领域和热点问题的分析研判",
    "加强高校毕业生等重点群体就业服务",
    "落实一次性就业补贴和社会保险补贴政策",
    "集中发布行政执法双随机、一公开抽查事项清单",
    "推进行政许可和行政处罚信用信息双公示",
    "及时公开长三角人防一体化发展情况",
    "做好公共机构节约能源资源工作",
    "规范编制政府信息公开指南和政府信息公开目录",
    "按照统一格式、法定时限发布政府信息公开工作年度报告",
    "办好政府开放月活动，扩大公众参与",
    "完善重大行政决策公众参与机制，广泛听取意见",
    "强化政府网站和政务新媒体的日常巡查和维护",
    "做好12345市民服务热线诉求的办理和回应",
    "推进基层政务公开标准化规范化建设",
    "加强预算决算信息公开，细化公开预算金额",
    "做好根治欠薪工作，维护劳动者合法权益",
    "推动人民防空工程建设管理规范化",
]
TITLES = [
    "关于做好{y}年{t}工作的通知",
    "{a}{y}年{t}工作要点",
    "关于进一步加强{t}的实施意见",
    "{a}关于印发《{t}管理办法》的通知",
    "{y}年{t}情况通报",
    "关于开展{t}专项行动的通知",
]
TOPICS = [
    "就业创业",
    "营商环境",
    "政务公开",
    "依申请公开",
    "社会保障",
    "人民防空",
    "公共机构节能",
    "信用信息双公示",
    "根治欠薪",
    "政府开放月",
    "一网通办",
    "预算公开",
    "行政执法",
    "基层政务公开",
    "市民热线",
]
DISTRICTS = ["浦东新区", "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区"]
BUREAUS = ["人力资源和社会保障局", "市场监督管理局", "生态环境局"]
QUERIES = {
    "one word": ["就业", "营商环境", "人民防空", "预算"],
    "two words": ["就业 补贴", "营商环境 一网通办", "政务公开 年度报告"],
    "phrase": ['"政府信息公开"', '"一网通办"'],
}


def setup(data_dir: str):
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["DEBUG"] = "false"
    os.environ["SECRET_KEY"] = "bench-" + "x" * 50
    os.environ["GONGKAI_API_ANON_RATE"] = "100000000/s"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.urls import get_resolver

    _ = get_resolver().url_patterns  # import every view now: code edited during a long run is not mixed in later


def generate(n: int, seed: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from gongkai.accounts.models import Agency, AgencyKind
    from gongkai.documents.models import Document, SubjectCategory, Tag

    rng = random.Random(seed)
    city = Agency.objects.create(code="B-SH", name="上海市人民政府（基准）", kind=AgencyKind.CITY)
    agencies = []
    for i in range(30):
        district = DISTRICTS[i % 10]
        agencies.append(
            Agency.objects.create(
                code=f"B-{i:02d}", name=f"{district}{BUREAUS[i // 10]}", kind=AgencyKind.BUREAU, parent=city
            )
        )
    subjects = list(SubjectCategory.objects.filter(parent__isnull=True))
    tags = list(Tag.objects.all())
    kinds = ["notice", "opinion", "other", "circular", "plan", "statistics", "news"]
    now = timezone.now()
    batch, done = [], 0
    through = Document.tags.through
    while done < n:
        agency = agencies[done % 30]
        year = 2016 + rng.randrange(10)
        topic = rng.choice(TOPICS)
        title = rng.choice(TITLES).format(y=year, t=topic, a=agency.name)
        size = rng.randint(1000, 10000)
        paragraphs, length = [], 0
        own = rng.sample(PHRASES, rng.randint(4, 8))  # each document speaks of a few things
        while length < size // 3:  # ~3 bytes per character in UTF-8
            sentence = "，".join(rng.sample(own, 3)) + "。"
            paragraphs.append(f"<p>{sentence}</p>")
            length += len(sentence) + 7
        written = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        batch.append(
            Document(
                agency=agency,
                title=title,
                doc_number=f"基准{done % 30}〔{year}〕{done + 1}号",
                index_number=f"{agency.code}/{year}-{done + 1:07d}",
                written_on=written,
                published_at=datetime.datetime.combine(written, datetime.time(10), tzinfo=datetime.UTC),
                subject=rng.choice(subjects),
                kind=rng.choice(kinds),
                summary=rng.choice(PHRASES),
                body="".join(paragraphs),
                status="published",
                attribute="proactive",
                scope="public",
                validity="valid" if rng.random() > 0.1 else "repealed",
                is_normative=rng.random() < 0.1,
                created_at=now,
            )
        )
        done += 1
        if len(batch) == 5000 or done == n:
            with transaction.atomic():
                created = Document.objects.bulk_create(batch)
                through.objects.bulk_create(through(document_id=d.pk, tag_id=rng.choice(tags).pk) for d in created)
            batch = []
            print(f"  generated {done:,}/{n:,}", end="\r", flush=True)
    print()


def serve():
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_port


def timed_get(port: int, path: str) -> float:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - start
    assert response.status == 200, (path, response.status, body[:200])
    conn.close()
    return elapsed * 1000


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def like_scan(words: list[str]):
    from django.db.models import Q

    from gongkai.documents.models import Document

    condition = Q()
    for word in words:
        condition &= Q(title__contains=word) | Q(body__contains=word)
    queryset = Document.objects.public().filter(condition)
    start = time.perf_counter()
    total = queryset.count()
    list(queryset.order_by("-published_at").values_list("pk", flat=True)[:20])
    return (time.perf_counter() - start) * 1000, total


def segmentation_floor(n: int, sample: int = 20_000) -> None:
    """What cutting the bodies alone costs (rjieba's precise mode, one process, no other work): the floor
    under any rebuild of this corpus, timed on a sample and scaled to the corpus."""
    import rjieba

    from gongkai.documents.models import Document
    from gongkai.lib.text import html_to_text
    from gongkai.search import engine

    engine.ensure_vocabulary()
    texts = [html_to_text(body) for body in Document.objects.order_by("pk").values_list("body", flat=True)[:sample]]
    chars = sum(map(len, texts))
    start = time.perf_counter()
    for text in texts:
        rjieba.cut(text)
    per_doc = (time.perf_counter() - start) / len(texts)
    print(
        f"segmentation floor: rjieba.cut alone {per_doc * 1e3:.3f} ms per body ({chars / len(texts):,.0f} characters), "
        f"{per_doc * n:,.0f} s for {n:,} bodies on one core, {per_doc * n / 2:,.0f} s on two"
    )


def measure_suggestions(port: int, reps: int) -> None:
    prefixes = ["就", "就业", "营商", "人民防", "预算公开", "政务公开年"]
    suggest_times = []
    for prefix in prefixes:
        encoded = urllib.parse.quote(prefix)
        timed_get(port, f"/search/suggest/?q={encoded}&warm=1")
        suggest_times += [timed_get(port, f"/search/suggest/?q={encoded}&n={i}") for i in range(reps)]
    s50, s95 = percentiles(suggest_times)
    print(f"\nsuggestions ({len(prefixes)} prefixes, uncached): p50 {s50:.1f} ms, p95 {s95:.1f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=30, help="HTTP requests per query and endpoint")
    parser.add_argument("--like-reps", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", metavar="DATA_DIR", help="measure again on a corpus and index a run left behind")
    parser.add_argument("--no-plain", action="store_true", help="skip the one-process rebuild (17 min at 1M)")
    parser.add_argument("--suggest-only", action="store_true", help="measure only the suggestions (with --reuse)")
    args = parser.parse_args()

    data_dir = args.reuse or tempfile.mkdtemp(prefix="gongkai-search-bench-")
    setup(data_dir)
    from gongkai.search import engine

    print(f"data dir {data_dir}")
    from gongkai.search import bulk

    if args.reuse and engine.applied_seq() >= 0:
        print(f"reusing {engine.get_index().searcher().num_docs:,} indexed documents")
    elif args.reuse:  # the corpus of an earlier run, indexed again (a new index schema, say)
        engine.drop()
        start = time.perf_counter()
        count = bulk.rebuild(progress=bulk.terminal)
        build = time.perf_counter() - start
        print(f"\nindex build, bulk (search_rebuild): {count:,} in {build:.1f} s ({count / build:,.0f} docs/s)")
    else:
        start = time.perf_counter()
        generate(args.docs, args.seed)
        print(f"generated and stored {args.docs:,} documents in {time.perf_counter() - start:.1f} s")
        from gongkai.lib.dbmaint import refresh_statistics

        refresh_statistics()  # as the worker's hourly job does

        segmentation_floor(args.docs)
        if not args.no_plain:
            start = time.perf_counter()
            count = engine.rebuild()
            build = time.perf_counter() - start
            rate = count / build
            print(f"index build, one process (engine.rebuild): {count:,} in {build:.1f} s ({rate:,.0f} docs/s)")
            engine.drop()
        start = time.perf_counter()
        count = bulk.rebuild(progress=bulk.terminal)
        build = time.perf_counter() - start
        print()
        size = sum(f.stat().st_size for f in Path(data_dir, "search").rglob("*") if f.is_file())
        rate, mb = count / build, size / 1e6
        print(f"index build, bulk (search_rebuild): {count:,} in {build:.1f} s ({rate:,.0f} docs/s), {mb:,.0f} MB")

    port = serve()
    if args.suggest_only:
        return measure_suggestions(port, args.reps)
    from django.core.cache import caches

    facet = "&agency=B-03&agency=B-17&validity=valid"
    rows = []
    cold_all, hot_all = [], []
    for kind, queries in QUERIES.items():
        for q in queries:
            encoded = urllib.parse.quote(q)
            timed_get(port, f"/api/v1/documents?q={encoded}")  # warm
            # cold: nothing kept (no page, no facet counts); hot: the page is rendered again (a new
            # address each time) but the query's facet counts are kept; cached: the page cache answers
            cold = []
            for i in range(args.reps):
                caches["local"].clear()
                cold.append(timed_get(port, f"/search/?q={encoded}{facet}&cold={i}"))
            hot = [timed_get(port, f"/search/?q={encoded}{facet}&hot={i}") for i in range(args.reps)]
            cached = [timed_get(port, f"/search/?q={encoded}{facet}") for _ in range(args.reps)]
            caches["local"].clear()
            api = [timed_get(port, f"/api/v1/documents?q={encoded}{facet}&n={i}") for i in range(args.reps)]
            api_facets = []
            for i in range(args.reps):
                caches["local"].clear()
                api_facets.append(timed_get(port, f"/api/v1/facets?q={encoded}{facet}&n={i}"))
            words = [w.strip('"') for w in q.split()]
            like = [like_scan(words) for _ in range(args.like_reps)]
            cold_all += cold
            hot_all += hot
            rows.append(
                (
                    kind,
                    q,
                    percentiles(cold),
                    percentiles(hot),
                    percentiles(cached),
                    percentiles(api),
                    percentiles(api_facets),
                    percentiles([t for t, _ in like]),
                    like[0][1],
                )
            )
    print()
    print(
        f"{'query':<24}{'portal cold':>14}{'portal hot':>14}{'portal cached':>15}{'API list':>14}"
        f"{'API facets':>14}{'LIKE':>16}{'LIKE hits':>11}   (p50/p95 ms)"
    )
    for kind, q, cold, hot, cached, api, api_facets, like, hits in rows:
        cells = "".join(f"{p50:>7.1f}/{p95:<6.1f}" for p50, p95 in (cold, hot, cached, api, api_facets))
        print(f"{kind + ': ' + q:<24}{cells}{like[0]:>9.1f}/{like[1]:<7.1f}{hits:>11,}")
    c50, c95 = percentiles(cold_all)
    h50, h95 = percentiles(hot_all)
    print(f"\nportal results page over all queries: cold p50 {c50:.1f} / p95 {c95:.1f} ms, "
          f"hot (facet counts kept) p50 {h50:.1f} / p95 {h95:.1f} ms")  # fmt: skip
    measure_suggestions(port, args.reps)
    worst_api = max(max(r[5][1], r[6][1]) for r in rows)
    ratio = min(r[7][0] / max(r[5][0], r[6][0]) for r in rows)
    print(f"\nworst API p95 (list or facets): {worst_api:.1f} ms; smallest LIKE/API p50 ratio: {ratio:,.0f}x")


if __name__ == "__main__":
    main()
