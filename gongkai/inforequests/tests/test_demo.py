import datetime
import io

from docx import Document as Docx

from gongkai.accounts.models import Agency, AgencyKind, Department, Role
from gongkai.conftest import make_staff
from gongkai.inforequests import demo, report
from gongkai.inforequests.law import REPLY_ARTICLES, REVIEW_FIRST, LetterKind, ReplyType
from gongkai.inforequests.models import InfoRequest, Letter, Status
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


def test_the_demo_plans_every_reply_type_and_its_letters_read_back_from_docx(db, monkeypatch):
    today = datetime.date.today()
    planned = {p.outcome for code, (_, n, topics) in demo.AGENCIES.items() for p in demo.plan(code, n, topics, today)}
    closures = {ReplyType.OTHER, ReplyType.OTHER_UNCORRECTED, ReplyType.OTHER_UNPAID}  # closed by their verbs
    assert {t.value for t in ReplyType} - closures <= planned
    # Load the district bureau with its statutory special cases and read every issued letter back.
    city = Agency.objects.create(code="SH", name="上海市人民政府", kind=AgencyKind.CITY)
    district = Agency.objects.create(code="PD", name="浦东新区人民政府", kind=AgencyKind.DISTRICT, parent=city)
    agency = Agency.objects.create(code="PD-RSJ", name="浦东新区人社局", kind=AgencyKind.BUREAU, parent=district)
    Department.objects.create(agency=agency, name="办公室")
    make_staff("officer", agency, Role.OFFICER, Role.OFFICE_HEAD)
    monkeypatch.setattr(demo, "AGENCIES", {"PD-RSJ": ("officer", 20, demo.AGENCIES["PD-RSJ"][2])})
    demo.load()
    cases = InfoRequest.objects.all()
    kinds = set(cases.values_list("reply_type", flat=True))
    assert {"record_corrected", "record_forwarded", "record_refused", "refused_excessive"} <= kinds
    assert Letter.objects.filter(kind=LetterKind.DISCLOSURE_NOTICE, issued_on__isnull=False).exists()
    assert any(c.correction_late() for c in cases)
    replies = Letter.objects.filter(kind=LetterKind.REPLY, issued_on__isnull=False).select_related("case")
    assert replies.count() >= 20
    for letter in replies:
        with letter.file.open("rb") as handle:
            text = "\n".join(p.text for p in Docx(io.BytesIO(handle.read())).paragraphs)
        case = letter.case
        assert "{" not in text and "浦东新区人民政府申请行政复议" in text, case.number
        article = REPLY_ARTICLES[case.reply_type].split("、")[0].split("；")[0]
        assert not article or article in text, (case.number, case.reply_type)
        review_first = "先申请行政复议" in text or "先向浦东新区人民政府" in text
        assert review_first == (case.outcome in REVIEW_FIRST), case.number
    for year in {c.received_on.year for c in cases}:
        assert balanced(report.table_three(cases, year), year)
