import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from gongkai import audit
from gongkai.accounts.management.commands import load_demo
from gongkai.accounts.models import Agency, Department, Role, RoleGrant, User
from gongkai.audit.models import Event
from gongkai.search import engine, query


@pytest.fixture
def no_app_demo_loaders(monkeypatch):
    """The apps' own demo data is tested in their apps; here only agencies and users."""

    monkeypatch.setattr(load_demo, "DEMO_LOADERS", [])


def counts():
    return (
        Agency.objects.count(),
        Department.objects.count(),
        User.objects.count(),
        RoleGrant.objects.count(),
    )


def test_load_demo_creates_every_role_once(db, settings, capsys, no_app_demo_loaders):
    call_command("load_demo")
    first = capsys.readouterr().out
    assert "密码只显示这一次" in first
    assert set(RoleGrant.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.filter(kind="public").count() == 2
    before, logins = counts(), (settings.DATA_DIR / "demo-logins.txt").read_text()
    hashes = dict(User.objects.values_list("username", "password"))

    call_command("load_demo")
    assert "未做修改" in capsys.readouterr().out
    assert counts() == before
    assert (settings.DATA_DIR / "demo-logins.txt").read_text() == logins
    assert dict(User.objects.values_list("username", "password")) == hashes


def test_demo_passwords_log_in(client, db, settings, no_app_demo_loaders):
    call_command("load_demo")
    username, password, _ = (settings.DATA_DIR / "demo-logins.txt").read_text().splitlines()[2].split("\t")
    assert client.post("/workspace/login/", {"username": username, "password": password}).status_code == 302


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_runs_queued_and_periodic_jobs(settings, officer_a, tree):
    """The worker commits as a real process would, so this test runs outside a test transaction."""

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    audit.record(officer_a, "test.event", tree["a"])
    call_command("worker", "--once")
    result = DBTaskResult.objects.get(task_path="gongkai.audit.tasks.verify_audit_chain")
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"ok": True, "count": Event.objects.count(), "problem": None}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_keeps_the_search_index_current(settings, approved, officer_a):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    doc = approved(title="工人巡查后台任务验证")
    doc.publish(by=officer_a)
    call_command("worker", "--once")
    assert engine.search(query.parse("后台任务验证").query, {}).ids == [doc.pk]
    assert not DBTaskResult.objects.filter(task_path__contains="search").exists()
