import datetime

import chinese_calendar
import pytest

from gongkai.workdays import (
    OutOfCalendar,
    WorkDate,
    add_workdays,
    is_workday,
    next_workday,
    previous_workday,
    workdays_between,
)

D = datetime.date


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # spec §1.4 worked vectors
        (D(2026, 9, 18), 7, D(2026, 9, 29)),
        (D(2026, 9, 18), 20, D(2026, 10, 22)),
        (D(2026, 9, 18), 40, D(2026, 11, 19)),
        (D(2026, 2, 13), 20, D(2026, 3, 19)),
        # 春节 2024 (off 10–17 Feb, make-up Sat 18 Feb) and 2025 (off 28 Jan–4 Feb, make-up 26 Jan, 8 Feb)
        (D(2024, 2, 9), 20, D(2024, 3, 14)),
        (D(2025, 1, 24), 20, D(2025, 2, 27)),
        # 国庆 2024 (make-up Sun 29 Sep, Sat 12 Oct) and 2025 (off 1–8 Oct, make-up Sun 28 Sep, Sat 11 Oct)
        (D(2024, 9, 27), 20, D(2024, 10, 30)),
        (D(2025, 9, 26), 20, D(2025, 10, 30)),
        (D(2025, 9, 30), 1, D(2025, 10, 9)),
        (D(2025, 10, 10), 7, D(2025, 10, 20)),
        # received on a make-up Saturday (14 Feb 2026): day 1 is after the whole 春节 break
        (D(2026, 2, 14), 20, D(2026, 3, 20)),
        (D(2026, 2, 14), 1, D(2026, 2, 24)),
        # received on a Sunday that is a make-up day: the next day is day 1
        (D(2024, 9, 29), 1, D(2024, 9, 30)),
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        # received on an ordinary Saturday: Monday is day 1
        (D(2026, 3, 7), 1, D(2026, 3, 9)),
    ],
)
def test_it_counts_working_days_after_the_start(db, start, n, expected):
    result = add_workdays(start, n)
    assert result == expected
    assert isinstance(result, WorkDate) and not result.provisional


def test_it_knows_holidays_and_make_up_days(db):
    assert not is_workday(D(2026, 10, 1))  # 国庆
    assert not is_workday(D(2026, 2, 16))  # 春节, a Monday
    assert is_workday(D(2026, 9, 20))  # Sunday made a working day
    assert is_workday(D(2026, 10, 10))  # Saturday made a working day
    assert not is_workday(D(2026, 10, 11))  # an ordinary Sunday


def test_it_counts_between_two_dates(db):
    assert workdays_between(D(2026, 9, 18), D(2026, 10, 22)) == 20
    assert workdays_between(D(2026, 10, 22), D(2026, 9, 18)) == -20
    assert workdays_between(D(2026, 10, 1), D(2026, 10, 7)) == 0


def test_it_steps_to_the_next_and_previous_working_day(db):
    assert next_workday(D(2026, 9, 30)) == D(2026, 10, 8)
    assert previous_workday(D(2026, 10, 8)) == D(2026, 9, 30)
    assert previous_workday(D(2026, 9, 21)) == D(2026, 9, 20)
    assert add_workdays(D(2026, 10, 8), -2) == D(2026, 9, 29)


def test_it_refuses_dates_outside_the_calendar(db):
    with pytest.raises(OutOfCalendar, match="超出工作日历范围"):
        add_workdays(D(2003, 12, 31), 5)


def test_it_agrees_with_the_package(pure_index):
    """Every day of 2024–2026 and every 10th day since 2004 (bench/workdays.py checks a million).

    chinese_calendar.find_workday(n, d) rolls a non-working d forward first, so it returns the
    (n+1)-th working day after such a d; compare like with like."""
    days = [D(2004, 1, 1) + datetime.timedelta(days=i) for i in range(0, (D(2024, 1, 1) - D(2004, 1, 1)).days, 10)]
    days += [D(2024, 1, 1) + datetime.timedelta(days=i) for i in range((D(2026, 11, 30) - D(2024, 1, 1)).days)]
    for day in days:
        works = chinese_calendar.is_workday(day)
        assert pure_index.is_workday(day) == works
        expected = chinese_calendar.find_workday(20 if works else 19, day)
        assert pure_index.add_workdays(day, 20) == expected, day
