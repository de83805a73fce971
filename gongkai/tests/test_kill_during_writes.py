"""kill -9 of the web server while citizens submit applications with identity files, then a restart.

Afterwards: every case that exists has its identity file (row and bytes on disk) and a query code;
case numbers have no gaps (a submission cut off burned none); a file written by a submission that
never committed has no row and is removed by the worker's sweep; and each applicant who never saw an
answer resubmits the same form and gets in — their new case, or the one already registered with the
way to recover its code. PostgreSQL only, like test_two_nodes.py (several processes on one database).
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings

from gongkai.inforequests.models import CaseFile, InfoRequest
from gongkai.inforequests.tasks import sweep_orphan_files
from gongkai.inforequests.tests.conftest import PERSON
from gongkai.tests.test_two_nodes import Node

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PDF = b"%PDF-1.7\n" + b"identity " * 2000


def _form(session: requests.Session, base: str, code: str) -> dict:
    page = session.get(f"{base}/agencies/{code}/apply/", timeout=10).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    return {"csrfmiddlewaretoken": token, "submission_key": key}


def _submit(session: requests.Session, base: str, code: str, hidden: dict, n: int) -> requests.Response:
    data = {**PERSON, **hidden, "applicant_name": f"申请人{n:03d}", "information": f"第{n}份申请所需的政府信息"}
    files = {"identity_files": (f"身份证{n}.pdf", PDF + str(n).encode(), "application/pdf")}
    return session.post(f"{base}/agencies/{code}/apply/", data=data, files=files, timeout=10, headers={"Referer": base})


def test_a_killed_server_leaves_no_case_without_its_files_and_no_applicant_locked_out(tree, tmp_path):
    node = Node("a", tmp_path)
    base = node.url("")

    # the web server only, in its own process group: kill -9 takes the master and its workers at once
    def start_web() -> subprocess.Popen:
        command = [str(Path(sys.executable).parent / "gunicorn"), "gongkai.wsgi:application",
                   f"--bind=127.0.0.1:{node.port}", "--workers=2", "--no-control-socket"]  # fmt: skip
        process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=node.env, start_new_session=True,
                                   stdout=node.log, stderr=subprocess.STDOUT)  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(base + "/robots.txt", timeout=10)
                return process
            except requests.RequestException:
                time.sleep(0.1)
        raise AssertionError("the web server did not start")

    code = tree["a"].code
    sessions = [requests.Session() for _ in range(40)]
    server = start_web()
    hidden = [_form(s, base, code) for s in sessions]
    answered: dict[int, str] = {}

    def citizen(n: int) -> None:
        try:
            response = _submit(sessions[n], base, code, hidden[n], n)
            if response.ok:
                answered[n] = response.text
        except requests.RequestException:
            pass  # the server died under them

    threads = [threading.Thread(target=citizen, args=(n,)) for n in range(len(sessions))]
    for t in threads:
        t.start()
    time.sleep(0.4)  # some submissions committed, some in flight
    os.killpg(server.pid, signal.SIGKILL)
    for t in threads:
        t.join()
    server.wait()
    committed = InfoRequest.objects.count()
    assert 0 < len(answered) < len(sessions) or committed < len(sessions), "the kill came too late to test anything"

    # what the database holds is whole
    for case in InfoRequest.objects.all():
        files = list(CaseFile.objects.filter(case=case, kind=CaseFile.Kind.IDENTITY))
        assert len(files) == 1, case.number
        stored = node.data / "media" / files[0].file.name
        assert stored.exists() and hashlib.sha256(stored.read_bytes()).hexdigest() == files[0].sha256
        assert case.query_code_hash, case.number
    numbers = sorted(int(n.rsplit("-", 1)[1]) for n in InfoRequest.objects.values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))  # no gaps

    # files written by submissions that never committed: no row; the worker's sweep takes them
    media = node.data / "media"
    known = set(CaseFile.objects.values_list("file", flat=True))
    on_disk = {p.relative_to(media).as_posix() for p in (media / "requests").rglob("*") if p.is_file()}
    orphans = on_disk - known
    settings.MEDIA_ROOT = media
    removed = set(sweep_orphan_files(now=time.time() + 7200))
    assert removed == orphans

    # everyone who saw no answer sends the same form again after the restart
    server = start_web()
    try:
        for n in range(len(sessions)):
            if n in answered:
                continue
            fresh = _form(sessions[n], base, code)
            page = _submit(sessions[n], base, code, {**fresh, "submission_key": hidden[n]["submission_key"]}, n).text
            assert 'data-testid="number"' in page, page[-500:]
            assert 'data-testid="code"' in page or "/requests/recover/" in page  # a way in either way
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
        node.log.close()
    assert InfoRequest.objects.count() == len(sessions)  # one case per applicant, none twice
    numbers = sorted(int(n.rsplit("-", 1)[1]) for n in InfoRequest.objects.values_list("number", flat=True))
    assert numbers == list(range(1, len(sessions) + 1))
