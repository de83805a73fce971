import io

from django.core.management import call_command

from gongkai.accounts.management.commands import load_demo
from gongkai.documents import demo as documents_demo
from gongkai.gazette import demo
from gongkai.gazette.models import Issue


def test_the_demo_has_two_published_issues(db, monkeypatch, client):
    monkeypatch.setattr(load_demo, "DEMO_LOADERS", [documents_demo.load, demo.load])
    call_command("load_demo", stdout=io.StringIO())
    issues = list(Issue.objects.public())
    assert len(issues) == 2 and all(i.pages >= 5 and i.items.count() == 4 for i in issues)
    for issue in issues:
        assert client.get(issue.get_absolute_url()).status_code == 200
    assert demo.load().startswith("演示政府公报已存在")
