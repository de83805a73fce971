import datetime

import pytest

from gongkai.audit.models import Event
from gongkai.workdays import add_workdays, store
from gongkai.workdays.clock import ClockEvent, EventKind, compute_clock
from gongkai.workdays.importer import NoticeError, parse_yaml
from gongkai.workdays.models import CalendarYear, DayException, DayKind
from gongkai.workdays.tests.conftest import package_exceptions

D = datetime.date


def test_the_migration_loaded_the_package_data(db):
    stored = {
        d: (kind == DayKind.WORKDAY, name) for d, kind, name in DayException.objects.values_list("date", "kind", "name")
    }
    expected = {d: v for d, v in package_exceptions().items() if d.year <= 2026}
    assert stored == expected
    assert set(CalendarYear.objects.filter(complete=True).values_list("year", flat=True)) == set(range(2004, 2027))
    assert CalendarYear.objects.get(year=2026).source.endswith("（国办发明电〔2025〕7号）")


def clock_2027():
    events = [ClockEvent(EventKind.RECEIVED, D(2026, 12, 25), channel="in_person")]
    return compute_clock(events, today=D(2026, 12, 25))


NOTICE_2027 = [  # an illustrative 2027 notice, not the real one
    (D(2027, 1, 1), DayKind.HOLIDAY, "元旦"),
    (D(2027, 1, 4), DayKind.HOLIDAY, "元旦"),
    (D(2027, 1, 9), DayKind.WORKDAY, "元旦"),
]


def test_entering_a_notice_moves_an_existing_due_date(db, django_capture_on_commit_callbacks):
    before = clock_2027()
    assert before.due == D(2027, 1, 22) and before.provisional  # Monday–Friday assumed
    with django_capture_on_commit_callbacks(execute=True):
        summary = CalendarYear.enter_notice(year=2027, days=NOTICE_2027, source="测试通知〔2026〕1号")
    assert summary["added"] == ["2027-01-01", "2027-01-04", "2027-01-09"]
    after = clock_2027()
    # Two weekday holidays push it back two days; the make-up Saturday pulls it one day forward.
    assert after.due == D(2027, 1, 25) and not after.provisional
    assert "不计入的节假日：2027年1月1日（元旦）、2027年1月4日（元旦）" in "\n".join(after.steps)
    event = Event.objects.get(verb="calendar.notice_entered")
    assert event.target_id == "2027" and event.data["source"] == "测试通知〔2026〕1号"


def test_a_single_day_correction_moves_due_dates(db):
    assert add_workdays(D(2026, 11, 2), 5) == D(2026, 11, 9)
    DayException.set_day(date=D(2026, 11, 5), kind=DayKind.HOLIDAY, name="测试假日", source="更正")
    assert add_workdays(D(2026, 11, 2), 5) == D(2026, 11, 10)
    DayException.objects.get(date=D(2026, 11, 5)).remove()
    assert add_workdays(D(2026, 11, 2), 5) == D(2026, 11, 9)
    assert list(Event.objects.values_list("verb", flat=True)) == ["calendar.day_set", "calendar.day_removed"]


def test_marking_a_year_incomplete_makes_its_dates_provisional(db):
    assert not add_workdays(D(2026, 3, 2), 5).provisional
    CalendarYear.objects.get(year=2026).mark_incomplete(reason="发现数据错误，待核对")
    assert add_workdays(D(2026, 3, 2), 5).provisional


def test_another_process_notices_a_change_within_the_recheck_interval(db):
    assert add_workdays(D(2026, 11, 2), 5) == D(2026, 11, 9)
    # Written behind this process's back (as another process would), without the verb.
    DayException.objects.create(date=D(2026, 11, 5), kind=DayKind.HOLIDAY, name="测试假日")
    assert add_workdays(D(2026, 11, 2), 5) == D(2026, 11, 9)  # still within the recheck interval
    store._checked_at = float("-inf")  # the interval has passed
    assert add_workdays(D(2026, 11, 2), 5) == D(2026, 11, 10)


def test_a_paste_that_expands_or_nests_without_end_is_refused_in_chinese():
    bomb = (
        'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    )
    with pytest.raises(NoticeError, match="不支持 YAML 的锚点和别名"):
        parse_yaml(bomb)
    with pytest.raises(NoticeError, match="嵌套层次过深"):
        parse_yaml("[" * 3000 + "]" * 3000)
