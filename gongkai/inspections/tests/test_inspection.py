"""Each inspection rule against a fixture site served on this machine (and a second server standing for an
external site): stale and empty columns, broken internal and external links, banned wording, the footer's
identifiers, an expired normative document still marked valid, messages unanswered for 3 months, 新媒体
accounts; the veto thresholds; the report, its DOCX and the district view."""

import datetime
import functools
import http.server
import io
import threading

import pytest
from django.utils import timezone
from docx import Document as Docx

from gongkai.accounts.models import Role
from gongkai.audit.models import Event
from gongkai.conftest import make_staff
from gongkai.inspections import crawl, indicators
from gongkai.inspections.models import Column, MediaAccount, Run, Site, Wording
from gongkai.interactions.models import Channel, Message

TODAY = timezone.localdate()


def day(n: int) -> str:
    return (TODAY - datetime.timedelta(days=n)).isoformat()


class External(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def site_files(tmp_path):
    external, ext_url = serve(External)

    def build(pages: dict[str, str]):
        for name, body in pages.items():
            (tmp_path / name).write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
        server, url = serve(functools.partial(Quiet, directory=str(tmp_path)))
        servers.append(server)
        return url + "/index.html"

    servers = [external]
    yield build, ext_url
    for s in servers:
        s.shutdown()


@pytest.fixture
def office(tree):
    return make_staff("a-office", tree["a"], Role.OFFICER)


def test_every_rule_on_a_fixture_site(tree, office, site_files, approved, officer_a):
    build, ext = site_files
    home = build(
        {
            "index.html": f"<p>{day(3)} 最新动态</p><a href='news.html'>动态</a><a href='notice.html'>通知</a>"
            f"<a href='empty.html'>专题</a><a href='missing.html'>坏链接</a><a href='{ext}/gone'>外链</a>"
            f"<a href='{ext}/ok'>好外链</a><p>经国家工商行政管理总局批准</p>"
            "<p>网站标识码3101150001 沪ICP备00000000号</p>",
            "news.html": f"<li>{day(30)} 旧动态</li>",
            "notice.html": f"<li>{day(10)} 通知</li><p>市场监督管理部门和环境保护部门联合检查</p>",
            "empty.html": "<p>建设中</p>",
        }
    )
    site = Site.objects.create(
        agency=tree["a"],
        name="测试甲局网站",
        url=home,
        identifier="3101150001",
        icp="沪ICP备00000000号",
        police="沪公网安备31011502000001号",
    )
    for name, path, kind in (
        ("工作动态", "news.html", "news"),
        ("通知公告", "notice.html", "notice"),
        ("专题", "empty.html", "other"),
    ):
        Column.objects.create(site=site, name=name, path=path, kind=kind)
    expired = approved(title="过期的规范性文件", is_normative=True, expires_on=TODAY + datetime.timedelta(days=30))
    expired.publish(by=officer_a)
    type(expired).objects.filter(pk=expired.pk).update(expires_on=TODAY - datetime.timedelta(days=1))
    Message.submit(
        tree["a"],
        Channel.objects.get(code="consult"),
        subject="旧留言",
        text="三个多月没人答复",
        phone="13800000000",
        received_on=TODAY - datetime.timedelta(days=100),
    )
    MediaAccount.objects.create(
        agency=tree["a"], platform="微信公众号", name="测试甲局", last_update=TODAY - datetime.timedelta(days=30)
    )
    MediaAccount.objects.create(
        agency=tree["a"], platform="微博", name="测试甲局", last_update=TODAY, has_interaction=False
    )
    run = Run.request(site, by=office)
    run.perform()
    rules = sorted(run.findings.values_list("rule", flat=True))
    assert rules == sorted(
        [
            "column_stale",
            "column_empty",
            "broken_internal",
            "broken_external",
            "wording",
            "footer",
            "expired_valid",
            "interaction_unanswered",
            "media_stale",
            "media_interaction",
        ]
    )
    found = {f.rule: f.detail for f in run.findings.all()}
    assert "missing.html" in found["broken_internal"] and "/gone" in found["broken_external"]
    assert "国家工商行政管理总局" in found["wording"] and "公安机关备案号" in found["footer"]
    assert "环境保护部" not in " ".join(found.values())  # “环境保护部门” is not the old ministry's name
    assert run.vetoed and not run.passed and run.pages == 5 and run.external_checked == 2
    assert run.score == 100 - 2 - 2 - 1 - 1 - 3 - 2  # the deductions


def test_the_veto_thresholds_for_home_and_columns(tree, office, site_files):
    build, _ = site_files
    pages = {"index.html": f"<p>{day(20)}</p>" + "".join(f"<a href='c{i}.html'>栏目{i}</a>" for i in range(10))}
    pages.update({f"c{i}.html": f"<li>{day(200)}</li>" if i < 5 else "<p>空</p>" for i in range(10)})
    site = Site.objects.create(agency=tree["a"], name="乙", url=build(pages), identifier="x", icp="y", police="z")
    for i in range(10):
        Column.objects.create(site=site, name=f"栏目{i}", path=f"c{i}.html", kind="notice")
    run = Run.request(site, by=office)
    run.perform(external=False)
    rules = set(run.findings.values_list("rule", flat=True))
    assert {"home_stale", "columns_stale", "columns_empty"} <= rules
    assert run.findings.filter(rule="column_stale").count() == indicators.STALE_KEY_COLUMNS_VETO


def test_the_report_trend_docx_and_the_district_view(tree, office, site_files, supervisor, officer_b, as_user):
    build, _ = site_files
    site = Site.objects.create(agency=tree["a"], name="测试甲局网站", url=build({"index.html": f"<p>{day(1)}</p>"}))
    client = as_user(office)
    client.post(f"/workspace/inspections/sites/{site.pk}/", {"action": "run"})  # runs at once in the test backend
    run = Run.objects.get()
    assert run.state == "done" and not run.vetoed and run.score == 97  # only the footer is missing
    page = client.get(f"/workspace/inspections/runs/{run.pk}/").content.decode()
    assert "合格" in page and "页脚缺少" in page
    text = "\n".join(
        p.text
        for p in Docx(io.BytesIO(client.get(f"/workspace/inspections/runs/{run.pk}/report.docx").content)).paragraphs
    )
    assert "一、单项否决指标" in text and "未发现问题" in text and "扣 3 分" in text
    district = as_user(supervisor).get("/workspace/inspections/").content.decode()
    assert "测试甲局网站" in district and "97" in district
    assert as_user(officer_b).get(f"/workspace/inspections/runs/{run.pk}/").status_code == 404


def test_the_platform_portal_is_read_in_process(tree, office, approved, officer_a):
    doc = approved(title="本平台的文件")
    doc.publish(by=officer_a)
    site = Site.objects.create(agency=tree["a"], name="门户", url="http://testserver/", local=True)
    result = crawl.crawl(site.url, crawl.LocalFetcher(), external=False, max_pages=30)
    assert result.pages["http://testserver/"].ok and len(result.pages) > 5
    assert not [u for u, _ in result.broken_internal if "/documents/" in u]


def test_sites_columns_accounts_and_the_wording_list_are_kept_through_the_workspace(tree, office, supervisor, as_user):
    client = as_user(office)
    client.post("/workspace/inspections/", {"name": "甲局网站", "url": "https://a.example.gov.cn/"})
    site = Site.objects.get()
    client.post(f"/workspace/inspections/sites/{site.pk}/", {"action": "column", "name": "通知公告", "path": "tzgg/",
                                                              "kind": "notice"})  # fmt: skip
    client.post(f"/workspace/inspections/sites/{site.pk}/", {"action": "media", "platform": "微博", "name": "甲局",
                                                              "has_interaction": "on"})  # fmt: skip
    assert site.columns.get().kind == "notice" and MediaAccount.objects.get(agency=tree["a"]).platform == "微博"
    district = as_user(supervisor)
    district.post("/workspace/inspections/wording/", {"wrong": "国家旅游局", "right": "文化和旅游部"})
    added = Wording.objects.get(wrong="国家旅游局")
    district.post("/workspace/inspections/wording/", {"delete": str(added.pk)})
    assert not Wording.objects.filter(wrong="国家旅游局").exists()
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert {"inspection.site_registered", "inspection.column_added", "inspection.account_added",
            "inspection.wording_set", "inspection.wording_removed"} <= verbs  # fmt: skip
