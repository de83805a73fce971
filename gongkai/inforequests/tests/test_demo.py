from gongkai.accounts.models import Agency, AgencyKind, Department, Role
from gongkai.conftest import make_staff
from gongkai.inforequests import demo, report
from gongkai.inforequests.models import InfoRequest, Status
from gongkai.inforequests.tests.conftest import balanced


def test_demo_cases_run_through_the_real_verbs_and_balance(db, monkeypatch):
    parent = Agency.objects.create(code="SH", name="上海市人民政府", kind=AgencyKind.CITY)
    agency = Agency.objects.create(code="SH-GFDY", name="上海市国防动员办公室", kind=AgencyKind.BUREAU, parent=parent)
    Department.objects.create(agency=agency, name="秘书处")
    make_staff("gfdy-officer", agency, Role.OFFICER, Role.OFFICE_HEAD)
    monkeypatch.setattr(demo, "AGENCIES", {"SH-GFDY": ("gfdy-officer", 40, demo.AGENCIES["SH-GFDY"][2])})
    assert demo.load() == "已载入演示依申请公开案件 40 件。"
    assert demo.load() == "演示依申请公开案件已存在，未做修改。"
    cases = InfoRequest.objects.all()
    assert {Status.OPEN, Status.REPLIED} <= set(cases.values_list("status", flat=True))
    assert not cases.filter(status=Status.REPLIED, letters__issued_on__isnull=True).exists()
    assert cases.filter(archived_on__isnull=False).exists()
    for case in cases.filter(archived_on__isnull=False):
        assert case.delivery_proven() or case.status != Status.REPLIED
    for year in {c.received_on.year for c in cases}:
        assert balanced(report.table_three(cases, year), year)
