from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.workdays.models import CalendarYear, DayException
from gongkai.workdays.tests.test_importer import YAML_2027

CAL = "/workspace/calendar/"


def test_the_calendar_marks_holidays_and_make_up_days(as_user, officer_a):
    page = as_user(officer_a).get(CAL + "?year=2026").content.decode()
    assert "国办发明电〔2025〕7号" in page
    assert 'title="国庆节调休上班"' in page and 'title="春节放假"' in page
    assert "2月15日至2月23日" in page


def test_an_unknown_year_says_so(as_user, officer_a):
    page = as_user(officer_a).get(CAL + "?year=2027").content.decode()
    assert "2027年放假安排尚未录入，此日期为暂定" in page


def test_the_calculator_shows_the_due_date_and_explains_it(as_user, officer_a):
    page = as_user(officer_a).get(CAL, {"received": "2026-09-18", "channel": "online", "today": "2026-09-30"})
    text = page.content.decode()
    assert "2026年10月22日（星期四）" in text and "计算过程" in text
    assert "不计入的节假日" in text and "计入的调休上班日" in text


def test_the_calculator_marks_a_provisional_date(as_user, officer_a):
    text = as_user(officer_a).get(CAL, {"received": "2026-12-20", "channel": "in_person"}).content.decode()
    assert 'class="provisional" role="note">（2027年放假安排尚未录入，此日期为暂定）' in text


def test_the_calculator_names_a_bad_field(as_user, officer_a):
    response = as_user(officer_a).get(CAL, {"received": "2026-09-18", "channel": "online", "fee_paid": "2026-09-20"})
    text = response.content.decode()
    assert "缴费之日：须先填写发出收费通知之日" in text
    assert response.context["form"]["received"].value() == "2026-09-18"


def test_only_calendar_editors_may_enter_a_notice(as_user, officer_a, supervisor):
    assert as_user(officer_a).get(CAL + "import/").status_code == 403
    assert as_user(supervisor).get(CAL + "import/").status_code == 200


def test_entering_a_notice_previews_before_saving(as_user, supervisor):
    client = as_user(supervisor)
    upload = SimpleUploadedFile("2027.yaml", YAML_2027.encode(), content_type="application/x-yaml")
    page = client.post(CAL + "import/", {"file": upload, "fmt": "yaml"}).content.decode()
    assert "预览：2027年" in page and "确认录入" in page
    assert not DayException.objects.filter(date__year=2027).exists()
    response = client.post(CAL + "import/", {"text": YAML_2027, "fmt": "yaml", "confirm": "1"})
    assert response.status_code == 302 and response["Location"] == CAL + "?year=2027"
    assert CalendarYear.objects.get(year=2027).complete
    assert DayException.objects.filter(date__year=2027).count() == 22


def test_a_bad_file_is_refused_with_reasons_and_nothing_saved(as_user, supervisor):
    bad = YAML_2027.replace("work: 2027-10-09", "work: 2027-10-08")
    response = as_user(supervisor).post(CAL + "import/", {"text": bad, "fmt": "yaml", "confirm": "1"})
    assert "本来就是工作日" in response.content.decode()
    assert not DayException.objects.filter(date__year=2027).exists()
    assert response.context["form"]["text"].value() == bad
