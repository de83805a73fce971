import io

from django.core.management import call_command

from gongkai.accounts.management.commands import load_demo
from gongkai.accounts.models import User
from gongkai.decisions import demo as decisions_demo
from gongkai.documents import demo as documents_demo
from gongkai.gazette import demo as gazette_demo
from gongkai.inspections import demo
from gongkai.inspections.models import Run
from gongkai.interactions import demo as interactions_demo


def test_the_demo_has_an_inspection_report_of_the_portal(db, monkeypatch, client):
    loaders = [documents_demo.load, decisions_demo.load, interactions_demo.load, gazette_demo.load, demo.load]
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", loaders)
    call_command("load_demo", stdout=io.StringIO())
    run = Run.objects.get()
    assert run.state == "done" and run.pages == 40
    rules = set(run.findings.values_list("rule", flat=True))
    assert "media_stale" in rules and run.vetoed  # the 微博 account not updated for three weeks
    assert "footer" not in rules and "home_stale" not in rules and "broken_internal" not in rules
    assert "column_empty" not in rules and "column_stale" not in rules, list(
        run.findings.values_list("detail", flat=True)
    )
    client.force_login(User.objects.get(username="supervisor"))
    assert client.get(f"/workspace/inspections/runs/{run.pk}/").status_code == 200
    assert demo.load().startswith("演示网站检查已存在")
