"""Every page × every role, and junk in every query parameter.

The permission matrix is documented in docs/architecture.md between the ``permission-matrix``
markers; this test computes it from the running site and fails when the two differ (printing the
actual table), so the document cannot drift from the code. Rules checked on top of the table: no
page ever answers 500, and staff of another agency get 404, never 403, for objects outside their
scope (they must not learn what exists there).

New pages join automatically: URLs are enumerated from the resolver, and their arguments are filled
from a small world with one object of each kind.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from gongkai.accounts.models import Role, User
from gongkai.catalog import demo as catalog_demo
from gongkai.catalog import sheet
from gongkai.catalog.models import Entry as CatalogEntry
from gongkai.catalog.models import replace_catalogue
from gongkai.conftest import make_staff
from gongkai.decisions.models import Catalogue, Consultation, Meeting
from gongkai.documents.library import add_attachments
from gongkai.documents.models import ImportJob, Tag
from gongkai.events.models import Event, Poll, Zone
from gongkai.gazette.models import Issue
from gongkai.inforequests import letters
from gongkai.inforequests.models import CaseFile, InfoRequest
from gongkai.inforequests.tests.conftest import PERSON
from gongkai.inspections.models import Run
from gongkai.inspections.models import Site as InspectedSite
from gongkai.interactions.models import Answer, Channel, Incident, Message
from gongkai.reports import service
from gongkai.subscriptions.models import Campaign, Delivery, Partner, Profile, Subscription
from gongkai.workplans import parse
from gongkai.workplans import service as plans
from gongkai.workplans.models import Share

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Columns of the matrix: who asks. "other" is an officer of another agency (outside the scope of
# every object in the world); the district supervisor sees agency A's objects, the city sysadmin all.
PERSONAS = [
    "anon",
    "citizen",
    "drafter",
    "reviewer",
    "officer",
    "head",
    "leader",
    "admin",
    "super",
    "sysadmin",
    "other",
]
SKIP_PREFIXES = ("admin/", "api/")  # Django's admin and the API have their own tests


def walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace + (p.namespace + ":" if p.namespace else "")
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), namespace + (p.name or "")


@pytest.fixture
def world(tree, approved, drafter, reviewer, officer_a, head_a, admin_a, supervisor, sysadmin, officer_b, citizen):
    doc = approved(title="关于就业补贴的通知")
    add_attachments(doc, [(SimpleUploadedFile("表.pdf", PDF), "pdf")], by=drafter)
    doc.publish(by=officer_a)
    case = InfoRequest.register(
        agency=tree["a"], by=officer_a, channel="in_person", received_on=D(2026, 3, 2), **PERSON
    )[0]
    case.reply(
        by=officer_a, on=D(2026, 3, 5), outcome="granted", text="见附件",
        files=[SimpleUploadedFile("公开.pdf", PDF, content_type="application/pdf")],
    )  # fmt: skip
    letter = case.letters.get()
    letters.issue(letter, by=officer_a, on=D(2026, 3, 5))
    report = service.report_for(tree["a"], 2025)
    report.section1 = report.section1.replace("（请补充）", "有序推进。")
    report.section5 = "问题与改进。"
    report.save()
    service.publish(report, by=officer_a)
    table = "序号\t任务名称\t任务内容\t牵头单位\t时间节点\n1\t年报\t发布年报。\t办公室\t1月\n"
    parsed = parse.parse_text(table, 2026).to_json()
    plan = plans.save(tree["a"], 2026, parsed, by=officer_a, source_name="p.txt", digest="d")
    shared = parse.parse_text("序号\t任务内容\t责任单位\t时间节点\n1\t发布年报。\t各单位\t1月\n", 2026).to_json()
    district_plan = plans.save(tree["district"], 2026, shared, by=supervisor, source_name="d.txt", digest="e")
    share = Share.objects.get(task__plan=district_plan, agency=tree["a"])  # agency A's share of the district's task
    catalogue = Catalogue.open(tree["a"], 2025, by=officer_a)
    decision = catalogue.add_entry(by=officer_a, matter="调整收费标准", unit="办公室", timing="6月", procedures=[])
    catalogue.approve(by=officer_a, on=D(2025, 3, 1), approval="经区委、区政府同意")
    catalogue.publish(by=officer_a)
    consulted = catalogue.add_entry(by=officer_a, matter="调整停车收费", unit="办公室", timing="9月",
                                    procedures=["participation"], reason="新增")  # fmt: skip
    consultation = Consultation.prepare(consulted, by=officer_a, title="草案", text="第一条 甲。\n第二条 乙。",
                                        starts_on=D(2026, 3, 2), ends_on=D(2026, 3, 31))  # fmt: skip
    consultation.announce(by=officer_a, on=D(2026, 3, 2))
    meeting = Meeting.call(tree["a"], by=officer_a, title="局务会议", held_on=D(2026, 4, 1), apply_by=D(2026, 3, 25),
                           call_text="征集", seats={"citizen": 1})  # fmt: skip
    channel = Channel.objects.get(code="consult")
    message, _ = Message.submit(tree["a"], channel, subject="补贴", text="标准？", phone="13800000000", consent=True)
    message.accept(by=officer_a)
    message.draft(by=officer_a, text="每人2000元。")
    message.review(by=officer_a, approve=True)
    message.publish(by=officer_a)
    answer = Answer.propose(tree["a"], by=officer_a, question="补贴标准？", answer="每人2000元。", document=doc)
    answer.approve(by=officer_a)
    incident = Incident.record(tree["a"], by=officer_a, title="暴雨", kind="emergency", known_at=timezone.now())
    buyer = User.objects.create_user(username="push-person", password="x" * 20, kind="public", public_kind="person")
    Profile.describe(buyer, tags=Tag.objects.filter(name="高校毕业生"), consent=True)
    subscription = Subscription.add(buyer, kind="normative")
    delivery = Delivery.objects.create(user=citizen, document=doc, reason="演示", state="sent")
    Profile.describe(citizen, tags=Tag.objects.filter(name="高校毕业生"), consent=True)
    campaign = Campaign.prepare(
        tree["a"], by=officer_a, title="推送", documents=[doc], tags=Tag.objects.filter(name="高校毕业生")
    )
    partner, _ = Partner.register(tree["a"], by=officer_a, name="协会", slug="assoc", kind="association")
    replace_catalogue(tree["a"], sheet.read(catalog_demo.workbook()).rows, by=officer_a)
    entry = CatalogEntry.objects.filter(agency=tree["a"]).first()
    gazette = Issue.open(tree["district"], by=supervisor, year=2025)
    gazette.add(doc, by=supervisor)
    gazette.publish(by=supervisor)
    site = InspectedSite.objects.create(agency=tree["a"], name="网站", url="http://testserver/", local=True)
    inspection = Run.request(site, by=officer_a)
    inspection.perform(external=False, max_pages=3)
    now = timezone.now()
    open_day = Event.plan(tree["a"], by=officer_a, title="开放日", starts_at=now + timezone.timedelta(days=3),
                          ends_at=now + timezone.timedelta(days=3, hours=2), place="大楼", capacity=5,
                          closes_at=now + timezone.timedelta(days=2))  # fmt: skip
    open_day.publish(by=officer_a)
    registration = open_day.register(name="甲", phone="13800000001")
    poll = Poll.objects.create(agency=tree["a"], title="主题征集", opens_on=now.date(), closes_on=now.date())
    zone = Zone.objects.create(agency=tree["a"], name="专区", address="某路1号", hours="工作日")
    leader = make_staff("leader-a", tree["a"], Role.LEADER)
    job = ImportJob.objects.create(agency=tree["a"], created_by=drafter, filename="批量.zip", token="m" * 32)
    users = {
        "anon": None, "citizen": citizen, "drafter": drafter, "reviewer": reviewer, "officer": officer_a,
        "head": head_a, "leader": leader, "admin": admin_a, "super": supervisor, "sysadmin": sysadmin,
        "other": officer_b,
    }  # fmt: skip
    args = {
        "uid": str(doc.uid), "code": tree["a"].code, "number": case.number, "year": "2025", "scope": "agency",
        "version": "1", "fmt": "docx", "target_type": "inforequests.inforequest", "target_id": str(case.pk),
        "token": "missing", "action": "reply", "task_pk": str(plan.tasks.first().pk), "item": "15",
        "entry_pk": str(decision.pk),
    }  # fmt: skip
    # <int:pk> means a different object on each page
    pks = {
        "documents:attachment": doc.attachments.first().pk,
        "inforequests:letter": letter.pk,
        "inforequests:letter_edit": letter.pk,
        "inforequests:file": CaseFile.objects.get(case=case).pk,
        "requests:applicant_letter": letter.pk,
        "requests:applicant_file": CaseFile.objects.get(case=case).pk,
        "workplans:board": plan.pk,
        "workplans:bulletin": plan.pk,
        "workplans:task": plan.pk,
        "workplans:share": share.pk,
        "decisions:catalogue": catalogue.pk,
        "decisions:entry": catalogue.pk,
        "decisions:consultation_new": catalogue.pk,
        "decisions:consultation": consultation.pk,
        "decisions:consultation_docx": consultation.pk,
        "decisions:meeting": meeting.pk,
        "portal:decision_entry": decision.pk,
        "portal:consultation": consultation.pk,
        "portal:consultation_report": consultation.pk,
        "portal:meeting": meeting.pk,
        "portal:attachment": doc.attachments.first().pk,
        "portal:feed_subject": doc.subject_id,
        "portal:feed_tag": 1,
        "documents:import_job": job.pk,
        "documents:import_job_cancel": job.pk,
        "documents:import_job_confirm": job.pk,
        "interactions:answer": answer.pk,
        "interactions:incident": incident.pk,
        "portal:interact_item": message.pk,
        "portal:kb_answer": answer.pk,
        "subscriptions:campaign": campaign.pk,
        "subscriptions:partner": partner.pk,
        "portal:push_item": delivery.pk,
        "portal:push_open": delivery.pk,
        "catalog:entry": entry.pk,
        "gazette:issue": gazette.pk,
        "gazette:download": gazette.pk,
        "inspections:site": site.pk,
        "inspections:run": inspection.pk,
        "inspections:run_docx": inspection.pk,
        "events:event": open_day.pk,
        "events:checkin": open_day.pk,
        "events:survey_export": open_day.pk,
        "events:zone": zone.pk,
        "portal:event": open_day.pk,
        "portal:event_poll": poll.pk,
    }
    # an argument a page names like another app's page (a message's number is not a case's)
    named = {
        "interactions:message": {"number": message.number},
        "portal:interact_rate": {"number": message.number},
        "interactions:answers_export": {"fmt": "xlsx"},
        "portal:interact_ask": {"code": "consult"},
        "portal:feed_push": {"token": subscription.feed_token},
        "portal:feed_relay": {"token": partner.feed_token},
        "portal:push_partner": {"slug": "assoc"},
        "portal:gazette_issue": {"number": str(gazette.number), "code": tree["district"].code},
        "portal:gazette_file": {"number": str(gazette.number), "fmt": "pdf", "code": tree["district"].code},
        "gazette:download": {"fmt": "pdf"},
        "portal:event_registration": {"code": registration.code},
    }
    return {"users": users, "args": args, "pks": pks, "named": named}


def concrete(route: str, name: str, world) -> str:
    def fill(match):
        key = match.group(2)
        if key == "pk":
            return str(world["pks"].get(name, 1))
        return world["named"].get(name, {}).get(key) or world["args"][key]

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def pages(world) -> list[tuple[str, str]]:
    found = []
    for route, name in walk(get_resolver().url_patterns):
        if route.startswith(SKIP_PREFIXES) or name in ("accounts:logout", "inforequests:act"):
            continue
        found.append((name, concrete(route, name, world)))
    return found


def clients(world) -> list[Client]:
    """One signed-in client per persona (signing in once, not once per page)."""
    result = []
    for persona in PERSONAS:
        client = Client()
        if world["users"][persona] is not None:
            client.force_login(world["users"][persona])
        result.append(client)
    return result


WATCHED = ("anon", "officer")  # whose GETs are also checked for writes (test_opening_a_page_writes_nothing)


def get_watching_writes(client, url, label, writes):
    """GET ``url``, noting any write it makes beyond the allowed ones (one pass serves both tests)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    found = [q["sql"] for q in queries if WRITE.match(q["sql"])]
    found = [sql for sql in found if not any(table in sql for table in ALLOWED_WRITES)]
    if found:
        writes.append(f"GET {url} ({label}) wrote: {found[0][:200]}")
    return response


def matrix(world, writes=None) -> dict[str, list[int]]:
    table, signed_in = {}, clients(world)
    writes = [] if writes is None else writes
    for name, url in pages(world):
        if signed_in[PERSONAS.index("sysadmin")].get(url).status_code == 405:
            continue  # an action: POST only, see test_actions_on_objects_outside_scope_are_404
        table[name] = [
            get_watching_writes(c, url, f"{name} as {p}", writes).status_code
            if p in WATCHED
            else c.get(url).status_code
            for p, c in zip(PERSONAS, signed_in, strict=True)
        ]
    return table


def documented() -> dict[str, list[int]]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- permission-matrix -->")[1].split("<!-- /permission-matrix -->")[0]
    rows = {}
    for line in block.strip().splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows[cells[0].strip("`")] = [int(c) for c in cells[1:]]
    return rows


def render(table) -> str:
    head = "| 页面 | " + " | ".join(PERSONAS) + " |\n| --- |" + " --- |" * len(PERSONAS) + "\n"
    return head + "\n".join(
        f"| `{name}` | " + " | ".join(str(c) for c in codes) + " |" for name, codes in table.items()
    )


def test_every_page_answers_each_role_as_documented(world):
    writes: list[str] = []
    actual = matrix(world, writes)
    assert not writes, writes[0]  # opening a page writes nothing (DESIGN: no writes on GET)
    if os.environ.get("GONGKAI_WRITE_MATRIX"):  # a developer adding pages: rewrite the documented table
        text = DOC.read_text(encoding="utf-8")
        head, rest = text.split("<!-- permission-matrix -->\n", 1)
        tail = rest.split("<!-- /permission-matrix -->", 1)[1]
        table = f"<!-- permission-matrix -->\n{render(actual)}\n<!-- /permission-matrix -->"
        DOC.write_text(head + table + tail, encoding="utf-8")
    for name, codes in actual.items():
        assert 500 not in codes, name
        other = codes[PERSONAS.index("other")]
        if name.startswith(
            ("documents:", "inforequests:", "reports:", "workplans:", "audit:", "accounts:agency", "decisions:")
        ):
            scoped = name not in ("documents:list", "documents:new", "documents:import", "documents:import_confirm",
                                  "documents:late", "documents:rereview", "documents:indicators", "inforequests:list",
                                  "inforequests:register", "inforequests:analysis", "inforequests:export",
                                  "inforequests:phrases", "inforequests:templates", "reports:list", "reports:mapping",
                                  "reports:import", "reports:import_confirm", "workplans:list", "workplans:import",
                                  "workplans:preview", "workplans:shares", "decisions:list",
                                  "decisions:meetings", "interactions:list", "interactions:answers",
                                  "interactions:answers_export", "interactions:incidents",
                                  "subscriptions:overview", "subscriptions:partners", "catalog:list",
                                  "catalog:import", "catalog:preview", "catalog:export", "gazette:list",
                                  "inspections:list", "inspections:wording", "events:list")  # fmt: skip
            if scoped:
                assert other == 404, f"{name}: another agency's officer got {other}, not 404"
    assert actual == documented(), "docs/architecture.md 的权限矩阵与实际不符，实际为：\n" + render(actual)


def test_actions_on_objects_outside_scope_are_404(client, world):
    other = world["users"]["other"]
    client.force_login(other)
    number = world["args"]["number"]
    for action in ("reply", "step", "archive", "issue_letter"):
        assert client.post(f"/workspace/requests/{number}/do/{action}/", {}).status_code == 404
    uid = world["args"]["uid"]
    for verb in ("submit", "review", "publish", "withdraw", "revise", "validity", "rereview"):
        assert client.post(f"/workspace/documents/{uid}/{verb}/", {}).status_code == 404


def query_parameters() -> list[str]:
    """Every query parameter a view reads, found in the source, so a new one is covered at once."""
    names = set()
    for path in (ROOT / "gongkai").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"GET(?:\.get|\.getlist)?\(?\[?\"(\w+)\"", text))
        names |= set(re.findall(r"_param\(\s*request,\s*\"(\w+)\"", text))
    return sorted(names | {"year", "page"})


JUNK = ["abc", "-1", "99999999999999999999２０２６' OR 1=1 --<script>"]


def test_junk_in_every_query_parameter_is_never_a_500(client, world):
    params = query_parameters()
    assert {"year", "page", "edit", "view", "tab", "version", "q"} <= set(params)
    for _name, url in pages(world):
        # staff pages as the agency's officer (who sees them), public pages as a visitor
        client.logout()
        if url.startswith("/workspace/"):
            client.force_login(world["users"]["officer"])
        for junk in JUNK:
            status = client.get(url, dict.fromkeys(params, junk)).status_code
            assert status in (200, 301, 302, 400, 403, 404, 405, 503), f"{url} with {junk!r}: {status}"


def test_the_search_page_forgives_a_bad_page_number_with_a_notice(client, world):
    response = client.get("/search/", {"page": "-1"})
    assert response.status_code == 200 and "页码无法识别，已显示第 1 页" in response.content.decode()


@pytest.mark.parametrize(
    "url,param",
    [
        ("/workspace/requests/analysis/", "year"),
        ("/workspace/requests/", "view"),
        ("/workspace/requests/phrases/", "edit"),
        ("/workspace/requests/templates/", "edit"),
        ("/workspace/documents/", "tab"),
        ("/workspace/documents/", "page"),
        ("/workspace/documents/indicators/", "year"),
        ("/workspace/calendar/", "year"),
        ("/workspace/reports/", "year"),
        ("/normative/", "page"),
    ],
)
def test_a_bad_value_is_a_400_naming_the_parameter(client, world, url, param):
    client.force_login(world["users"]["officer"])
    response = client.get(url, {param: "abc"})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"参数 {param}（" in page and "收到“abc”" in page
    assert client.get(url, {param: "-1"}).status_code == 400


WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# Writes a GET may make: the session (signing in, messages) and the audit log of reads (who exported
# or opened personal data is recorded by design).
ALLOWED_WRITES = ("django_session", "audit_event", "audit_chainlock")


def test_opening_a_page_writes_nothing(world):
    """Every page is checked during the matrix pass above (as a visitor and as the officer); here the
    pages whose object does not exist yet: this year's report, the district's aggregate."""
    signed_in = clients(world)
    unopened = [
        ("reports:edit", "/workspace/reports/T-A/2026/"),
        ("reports:edit_aggregate", "/workspace/reports/T-DIST/2026/aggregate/"),
    ]
    writes: list[str] = []
    for name, url in unopened:
        for persona in WATCHED:
            get_watching_writes(signed_in[PERSONAS.index(persona)], url, f"{name} as {persona}", writes)
    assert not writes, writes[0]
