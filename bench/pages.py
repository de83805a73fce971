"""Benchmark: public pages under gunicorn, side by side with a bare Django view.

    .venv/bin/python bench/pages.py                      # demo data + 20,000 documents, 3 rounds of 4 s
    .venv/bin/python bench/pages.py --docs 100000 --rounds 5 --seconds 5

One run: loads the demo data and N generated documents into a fresh SQLite database (DEBUG off, the
search index built), starts gunicorn with 2 sync workers on 127.0.0.1, then drives every page in
turn with the same load generator (C concurrent connections, one request per connection, as a
browser without keep-alive), round after round so that drift of the machine hits every page alike.
The baseline is bench/pagesite.py's bare view: 20 rows of published documents, no template. Prints
requests/s, p50 and p99 per page and each page's share of the baseline's rate. The anonymous API rate
limit is switched off for the run (GONGKAI_API_ANON_RATE=off).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(BENCH)]


def environment(data_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        DJANGO_SETTINGS_MODULE="pagesite",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(BENCH)]),
        GONGKAI_DATA_DIR=data_dir,
        DEBUG="false",
        SECRET_KEY="bench-pages-" + "k" * 50,
        GONGKAI_API_ANON_RATE="off",
        ALLOWED_HOSTS="127.0.0.1",
    )
    return env


def prepare(data_dir: str, docs: int) -> None:
    os.environ.update(environment(data_dir))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    if docs:
        from search import generate  # bench/search.py's corpus

        generate(docs, seed=11)
    from gongkai.lib.dbmaint import refresh_statistics
    from gongkai.search import engine

    refresh_statistics()
    engine.rebuild()


def pages(distinct: int) -> dict[str, str | list[str]]:
    """The public pages, addressed the way a visitor reaches them, read from the loaded data. A list is
    a page read at many addresses in turn (every request another document or query): the page cache
    rarely holds it, so it measures the pages as rendered."""
    from gongkai.accounts.models import Agency
    from gongkai.documents.models import Document
    from gongkai.reports.models import PublishedReport

    doc = Document.objects.public().filter(agency__code="PD-RSJ").order_by("-published_at").first()
    agency = doc.agency.code
    report = PublishedReport.objects.public().filter(report__agency__code=agency, report__scope="agency").first()
    agency_with_guide = Agency.objects.get(code=agency)
    q = urllib.parse.quote("就业 补贴")
    result = {
        "bare view (baseline)": "/__bench__/bare",
        "portal home": "/",
        "document page": f"/documents/{doc.uid}/",
        "search results": f"/search/?q={q}",
        "search, faceted": f"/search/?q={q}&validity=valid&year={doc.written_on.year if doc.written_on else 2025}",
        "normative library": "/normative/",
        "agency column": f"/agencies/{agency_with_guide.code}/",
        "apply form": f"/agencies/{agency}/apply/",
        "API list": f"/api/v1/documents?q={q}",
    }
    if report:
        result["annual report"] = f"/agencies/{agency}/reports/{report.report.year}/"
    uids = Document.objects.public().order_by("?").values_list("uid", flat=True)[:distinct]
    result[f"document, {distinct:,} distinct"] = [f"/documents/{uid}/" for uid in uids]
    words = ["就业", "补贴", "营商环境", "人民防空", "预算", "政务公开", "一网通办", "根治欠薪", "节能", "执法"]
    queries = [f"{a} {b}" if a != b else a for a in words for b in words]
    result[f"search, {len(queries)} distinct"] = [
        f"/search/?q={urllib.parse.quote(q)}&page={p}" for q in queries for p in (1, 2)
    ]
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(data_dir: str, port: int, workers: int) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "gongkai.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--log-level=warning",
        "--no-control-socket",
    ]
    env = environment(data_dir)
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("gunicorn did not start")


def get(port: int, path: str | list[str]) -> float:
    if isinstance(path, list):
        path = path[next(_turn) % len(path)]
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status} {body[:200]!r}")
    return time.perf_counter() - start


_turn = itertools.count()


def load(port: int, path: str | list[str], seconds: float, concurrency: int) -> tuple[int, float, list[float]]:
    """Drive one page for `seconds` with `concurrency` connections; (requests, elapsed, latencies)."""
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def run():
        mine = []
        while time.perf_counter() < deadline:
            mine.append(get(port, path))
        with lock:
            latencies.extend(mine)

    start = time.perf_counter()
    threads = [threading.Thread(target=run) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies), time.perf_counter() - start, latencies


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20_000, help="generated documents besides the demo")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=4.0, help="per page per round")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--distinct", type=int, default=2000, help="documents read in turn for the uncached page")
    parser.add_argument("--reuse", metavar="DATA_DIR", help="measure again on data a run left behind")
    args = parser.parse_args()

    data_dir = args.reuse or tempfile.mkdtemp(prefix="gongkai-pages-bench-")
    print(f"data dir {data_dir}")
    if args.reuse:
        os.environ.update(environment(data_dir))
        import django

        django.setup()
    else:
        started = time.perf_counter()
        prepare(data_dir, args.docs)
        print(f"demo + {args.docs:,} documents loaded and indexed in {time.perf_counter() - started:.0f} s")
    targets = pages(args.distinct)
    from django.db import connections

    connections.close_all()

    port = free_port()
    server = start_gunicorn(data_dir, port, args.workers)
    try:
        for path in targets.values():  # warm every worker: imports, template loading, index readers
            for _ in range(4 * args.workers):
                get(port, path if isinstance(path, str) else path[:1])
        totals = {name: [0, 0.0, []] for name in targets}
        for r in range(args.rounds):
            for name, path in targets.items():
                n, elapsed, lat = load(port, path, args.seconds, args.concurrency)
                totals[name][0] += n
                totals[name][1] += elapsed
                totals[name][2].extend(lat)
            print(f"  round {r + 1}/{args.rounds} done", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    base_rate = totals["bare view (baseline)"][0] / totals["bare view (baseline)"][1]
    print(
        f"\ngunicorn {args.workers} sync workers, {args.concurrency} connections, "
        f"{args.rounds} × {args.seconds:g} s per page, "
        f"{'data of ' + args.reuse if args.reuse else f'{args.docs:,} generated documents + demo'}\n"
    )
    print(f"{'page':<26}{'req/s':>8}{'of bare':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for name, (n, elapsed, lat) in totals.items():
        lat.sort()
        p99 = lat[min(len(lat) - 1, int(0.99 * (len(lat) - 1)))] * 1000
        rate = n / elapsed
        print(f"{name:<26}{rate:>8.0f}{rate / base_rate:>9.0%}{statistics.median(lat) * 1000:>9.1f}{p99:>9.1f}")


if __name__ == "__main__":
    main()
