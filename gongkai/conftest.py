"""Shared fixtures: a small agency tree and named personas, so an access test is three lines."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connections

from gongkai.accounts.models import Agency, AgencyKind, Department, Role, RoleGrant, User, UserKind
from gongkai.documents.law import Attribute
from gongkai.documents.library import create_draft
from gongkai.documents.models import Review, SubjectCategory
from gongkai.workdays import store

PASSWORD = "correct-horse-battery-staple"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` run on the PostgreSQL run (.ci/run's second pass); a SQLite run leaves
    them out and says so, rather than running them to skip."""
    from django.conf import settings  # noqa: PLC0415 — read at collection, once Django is configured

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    kept = [item for item in items if item.get_closest_marker("postgres") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # The working-day index is process-wide; a test's rolled-back calendar must not leak into the next:
    # the index is checked against the database's calendar version before its next use.
    store.recheck()
    # the page cache keys on change-log numbers, which a rolled-back test hands out again
    # (the shared cache is a table: a test's rows roll back with it)
    caches["local"].clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _reseed_after_transactional_flush(request, django_db_blocker):
    """A transactional test (browser journeys, the worker) ends by flushing the database, which also
    empties what the migrations seeded (calendar, subject classes). Put it back at once, so that the
    next test in this process — whatever the order pytest-xdist hands tests out in — finds it."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(marker and marker.kwargs.get("transaction"))
    if not transactional:
        return
    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
        connections.close_all()


@pytest.fixture
def tree(db):
    """市 → 区 → (局 A, 街道); 市 → 局 B. Returns a dict by short key."""
    city = Agency.objects.create(code="T-CITY", name="测试市人民政府", kind=AgencyKind.CITY)
    district = Agency.objects.create(code="T-DIST", name="测试区人民政府", kind=AgencyKind.DISTRICT, parent=city)
    a = Agency.objects.create(code="T-A", name="测试区甲局", kind=AgencyKind.BUREAU, parent=district)
    street = Agency.objects.create(code="T-ST", name="测试区乙街道", kind=AgencyKind.SUBDISTRICT, parent=district)
    b = Agency.objects.create(code="T-B", name="测试市丙局", kind=AgencyKind.BUREAU, parent=city)
    for agency in (city, district, a, street, b):
        Department.objects.create(agency=agency, name="办公室")
    return {"city": city, "district": district, "a": a, "street": street, "b": b}


def make_staff(username, agency, *roles, **fields):
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        kind=UserKind.STAFF,
        agency=agency,
        department=fields.pop("department", None) or agency.departments.first(),
        full_name=fields.pop("full_name", username),
        **fields,
    )
    for role in roles:
        RoleGrant.objects.create(user=user, role=role)
    return user


@pytest.fixture
def drafter(tree):
    return make_staff("drafter-a", tree["a"], Role.DRAFTER)


@pytest.fixture
def reviewer(tree):
    return make_staff("reviewer-a", tree["a"], Role.REVIEWER)


@pytest.fixture
def officer_a(tree):
    return make_staff("officer-a", tree["a"], Role.OFFICER)


@pytest.fixture
def head_a(tree):
    """The head of agency A's disclosure office: approves extensions (条例 art. 33 ¶2)."""
    return make_staff("head-a", tree["a"], Role.OFFICE_HEAD, full_name="甲局公开办负责人")


@pytest.fixture
def officer_b(tree):
    return make_staff("officer-b", tree["b"], Role.OFFICER)


@pytest.fixture
def admin_a(tree):
    return make_staff("admin-a", tree["a"], Role.AGENCY_ADMIN)


@pytest.fixture
def supervisor(tree):
    return make_staff("supervisor", tree["district"], Role.SUPERVISOR)


@pytest.fixture
def sysadmin(tree):
    return make_staff("sysadmin", tree["city"], Role.SYSADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def citizen(db):
    return User.objects.create_user(
        username="citizen", password=PASSWORD, kind=UserKind.PUBLIC, public_kind="person", full_name="张三"
    )


@pytest.fixture
def as_user(client):
    """``as_user(user)`` returns the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def make_draft(tree, drafter):
    def make(**fields):
        agency, by = fields.pop("agency", tree["a"]), fields.pop("by", drafter)
        defaults = {
            "title": "关于做好2026年就业创业工作的通知",
            "written_on": datetime.date(2026, 3, 2),
            "summary": "部署就业创业工作。",
            "body": "<p>各科室：</p><p>现将有关事项通知如下。</p>",
            "subject": SubjectCategory.objects.get(name="劳动、人事、监察"),
        }
        defaults.update(fields)
        return create_draft(agency=agency, by=by, **defaults)

    return make


@pytest.fixture
def approved(make_draft, drafter, reviewer):
    """A draft submitted and approved as 主动公开."""

    def make(**fields):
        attribute, ground = fields.get("attribute", Attribute.PROACTIVE), fields.get("withhold_ground", "")
        doc = make_draft(**fields)
        doc.submit(by=drafter)
        doc.review(
            by=reviewer, decision=Review.Decision.APPROVE, attribute=attribute, withhold_ground=ground, opinion="同意"
        )
        doc.refresh_from_db()
        return doc

    return make


from gongkai.browser import page  # noqa: E402, F401 — the Playwright fixture for browser journeys
