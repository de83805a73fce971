"""Two machines on one PostgreSQL database, as docs/operations.md describes: each node has its own data
directory (search replica, uploads, checkpoints), its own web process (gunicorn) and its own worker.

* A document published through node A's workspace is found by search on node B within seconds.
* The background queue runs each job exactly once with both workers taking from it.
* Deadline reminders go out once, though both workers run the reminder job.
* Failed query codes count across nodes: the lock holds whichever node the guesser asks.

PostgreSQL only (``postgres`` marker): on a SQLite run this module is deselected, not skipped; CI's
second run (.ci/run) is on PostgreSQL.
"""

from __future__ import annotations

import datetime
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gongkai.accounts.models import Notification
from gongkai.audit.tasks import write_audit_checkpoint
from gongkai.conftest import PASSWORD
from gongkai.inforequests.models import InfoRequest, Reminder
from gongkai.inforequests.tests.conftest import PERSON
from gongkai.workdays import periods

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    def __init__(self, name: str, base: Path):
        db = connection.settings_dict
        self.name, self.port, self.data = name, _free_port(), base / name
        self.data.mkdir(parents=True)
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DATABASE_URL": f"postgres://{db['USER']}{password}@{host}/{db['NAME']}",
            "GONGKAI_DATA_DIR": str(self.data),
            "DEBUG": "true",  # plain HTTP on loopback: cookies without the Secure flag
            "SECRET_KEY": "two-nodes-share-one-secret-key-" + "k" * 40,
            "GONGKAI_LOG_FORMAT": "json",
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        self.processes: list[subprocess.Popen] = []
        self.log = (base / f"{name}.log").open("w")

    def start(self) -> Node:
        venv = Path(sys.executable).parent
        web = [
            str(venv / "gunicorn"),
            "gongkai.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            "--workers=2",
            "--no-control-socket",
        ]
        worker = [sys.executable, "manage.py", "worker", "--interval", "0.3"]
        for command in (web, worker):
            self.processes.append(
                subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"node {self.name} did not start")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.log.close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get_json(self, path: str) -> dict:
        with urllib.request.urlopen(self.url(path), timeout=10) as response:
            return json.loads(response.read())


class Browser:
    """A visitor with cookies and CSRF tokens, on one node."""

    def __init__(self, node: Node):
        self.node, self.jar = node, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.node.url(path), timeout=10) as response:
            return response.read().decode()

    def post(self, path: str, data: dict, *, form_at: str | None = None) -> tuple[int, str]:
        page = self.get(form_at or path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.node.url(path), data=body, headers={"Referer": self.node.url(path)})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()


def _case_due_in(agency, officer, workdays: int) -> InfoRequest:
    """An open case whose reply is due ``workdays`` working days from today."""
    today = timezone.localdate()
    for back in range(1, 60):
        case, _code = InfoRequest.register(
            agency=agency, by=officer, channel="in_person", received_on=today - datetime.timedelta(days=back), **PERSON
        )
        if case.clock(today).left == workdays:
            return case
        case.delete()
    raise AssertionError("no receipt day gives that deadline")


@pytest.fixture
def nodes(tmp_path):
    started = []
    try:
        for name in ("a", "b"):
            started.append(Node(name, tmp_path).start())
        yield started
    finally:
        for node in started:
            node.stop()


def _wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {seconds} s")


def test_two_nodes_share_one_database_and_keep_their_own_replicas(approved, officer_a, tree, request, settings):
    doc = approved(title="两节点稳岗补贴实施办法")
    case = _case_due_in(tree["a"], officer_a, periods.REQUEST_REMINDER_WORKDAYS[0])
    # the suite hashes with MD5 for speed; the nodes run the production hashers
    officer_a.password = PBKDF2PasswordHasher().encode(PASSWORD, "two-nodes-salt", iterations=1000)
    officer_a.save(update_fields=["password"])
    a, b = request.getfixturevalue("nodes")

    # published through node A's workspace …
    officer = Browser(a)
    status, _ = officer.post("/workspace/login/", {"username": officer_a.username, "password": PASSWORD})
    assert status == 200
    status, page = officer.post(
        f"/workspace/documents/{doc.uid}/publish/", {}, form_at=f"/workspace/documents/{doc.uid}/"
    )
    assert status == 200, page[-800:]
    published = time.monotonic()
    doc.refresh_from_db()
    assert doc.status == "published", page[-1500:]
    # … found by search on node B, from B's own replica
    found = _wait(
        lambda: b.get_json("/api/v1/documents?q=" + urllib.parse.quote("稳岗补贴"))["items"], 15, "search on node B"
    )
    lag = time.monotonic() - published
    assert [item["id"] for item in found] == [str(doc.uid)] and lag < 10, lag
    assert (b.data / "search").is_dir() and (a.data / "search").is_dir()  # two replicas
    assert f"/documents/{doc.uid}/" in Browser(b).get("/search/?q=" + urllib.parse.quote("稳岗补贴"))  # the portal too

    # the queue: 40 jobs, two workers, each job once
    _wait(lambda: not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists(), 20, "queue drained")
    anchors = [node.data / "audit-anchors" / "checkpoints.jsonl" for node in (a, b)]

    def lines():
        return sum(len(p.read_text().splitlines()) if p.exists() else 0 for p in anchors)

    before = lines()
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }  # the real queue
    results = [write_audit_checkpoint.enqueue() for _ in range(40)]
    ids = [r.id for r in results]
    _wait(lambda: DBTaskResult.objects.filter(id__in=ids, status="SUCCESSFUL").count() == 40, 30, "40 jobs run")
    assert lines() - before == 40  # exactly once each: no job lost, none run twice
    assert all(len(r.worker_ids) == 1 for r in DBTaskResult.objects.filter(id__in=ids))

    # reminders: both workers ran the reminder job on start; the case got one reminder
    assert Reminder.objects.filter(case=case).count() == 1
    assert Notification.objects.filter(user=officer_a, text__contains=case.number).count() == 1

    # query-code failures count on both nodes: the lock is shared
    guesser_a, guesser_b = Browser(a), Browser(b)
    for i in range(periods.QUERY_CODE_FAILURES):
        guesser = guesser_a if i % 2 else guesser_b
        status, page = guesser.post("/requests/status/", {"number": case.number, "code": f"WRONG{i:04d}"})
        assert "查询码" in page
    for guesser in (guesser_a, guesser_b):
        _status, page = guesser.post("/requests/status/", {"number": case.number, "code": "ANYTHING"})
        assert f"{periods.QUERY_CODE_LOCK_MINUTES} 分钟" in page, page[-600:]
