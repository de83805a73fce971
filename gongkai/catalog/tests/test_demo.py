import io

from django.core.management import call_command

from gongkai.accounts.management.commands import load_demo
from gongkai.catalog import demo
from gongkai.catalog.models import Entry


def test_the_demo_has_a_catalogue_for_the_street(db, monkeypatch, client):
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", [demo.load])
    call_command("load_demo", stdout=io.StringIO())
    entries = Entry.objects.filter(agency__code="PD-LJZ")
    assert entries.count() == 8
    assert [e.level2 for e in entries if e.is_stale()] == ["部门决算"]
    page = client.get("/agencies/PD-LJZ/standard/").content.decode()
    assert "最低生活保障办理指南" in page and "暂无内容" in page
    assert "标准化工作专栏" in client.get("/agencies/PD-LJZ/").content.decode()
    assert demo.load().startswith("演示标准目录已存在")
