import datetime

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gongkai.workdays.clock import ClockEvent, EventKind, Party, compute_clock
from gongkai.workdays.index import CalendarIndex
from gongkai.workdays.tests.conftest import package_exceptions

D = datetime.date
dates = st.dates(min_value=D(2005, 1, 1), max_value=D(2030, 12, 31))
known_dates = st.dates(min_value=D(2005, 1, 1), max_value=D(2026, 10, 31))
counts = st.integers(min_value=0, max_value=60)

EXCEPTIONS = package_exceptions()
INDEX = CalendarIndex(EXCEPTIONS, set(range(2004, 2027)))


@given(dates, st.integers(min_value=1, max_value=60))
def test_add_workdays_lands_on_a_working_day(day, n):
    assert INDEX.is_workday(INDEX.add_workdays(day, n))


@given(dates, counts)
def test_add_workdays_is_strictly_increasing_in_n(day, n):
    assert INDEX.add_workdays(day, n + 1) > INDEX.add_workdays(day, n)


@given(dates, counts)
def test_workdays_between_inverts_add_workdays(day, n):
    assert INDEX.workdays_between(day, INDEX.add_workdays(day, n)) == n


@given(dates, st.integers(min_value=1, max_value=60))
def test_counting_back_inverts_counting_forward(day, n):
    forward = INDEX.add_workdays(day, n)
    assert INDEX.add_workdays(forward, -n) == (day if INDEX.is_workday(day) else INDEX.previous_workday(day))


@given(known_dates, st.integers(min_value=1, max_value=40), st.integers(min_value=0, max_value=30))
def test_a_known_year_is_never_provisional(day, n, _):
    assume(INDEX.add_workdays(day, n).year <= 2026)
    assert not INDEX.add_workdays(day, n).provisional


@given(dates, st.integers(min_value=1, max_value=60))
def test_an_unknown_year_always_yields_a_provisional_result(day, n):
    result = INDEX.add_workdays(day, n)
    counted_years = set(range((day + datetime.timedelta(days=1)).year, result.year + 1))
    unknown = {year for year in counted_years if year >= 2027}
    assert result.provisional == bool(unknown)
    assert set(result.unknown_years) == unknown


@settings(max_examples=15, deadline=None)  # each example builds a whole index
@given(
    st.lists(st.dates(min_value=D(2020, 1, 1), max_value=D(2026, 12, 31)), min_size=1, max_size=3),
    st.lists(st.tuples(dates, counts), min_size=5, max_size=5),
)
def test_adding_a_holiday_never_makes_a_due_date_earlier(new_holidays, probes):
    changed = dict(EXCEPTIONS)
    for day in new_holidays:
        changed[day] = (False, "测试假日")
    more = CalendarIndex(changed, set(range(2004, 2027)))
    for day, n in probes:
        assert more.add_workdays(day, n) >= INDEX.add_workdays(day, n)


@given(
    st.dates(min_value=D(2020, 1, 1), max_value=D(2026, 6, 30)),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=40),
)
def test_pausing_never_makes_a_due_date_earlier(received, start_after, length):
    start = received + datetime.timedelta(days=start_after)
    end = start + datetime.timedelta(days=length)
    plain = compute_clock([ClockEvent(EventKind.RECEIVED, received)], today=received, index=INDEX)
    paused = compute_clock(
        [
            ClockEvent(EventKind.RECEIVED, received),
            # another agency (art. 33 ¶3): no statutory answer period, the pause lasts until it ends
            ClockEvent(EventKind.CONSULTATION_STARTED, start, party=Party.AGENCY),
            ClockEvent(EventKind.CONSULTATION_ENDED, end, party=Party.AGENCY),
        ],
        today=received,
        index=INDEX,
    )
    assert paused.due >= plain.due
    # The pause costs exactly the working days it covered before the due date, no more.
    if start < plain.due:
        assert INDEX.workdays_between(received, paused.due) == 20 + INDEX.workdays_between(start, end)


@given(
    st.dates(min_value=D(2020, 1, 1), max_value=D(2026, 6, 30)),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=0, max_value=60),
)
def test_a_third_party_never_pauses_the_clock_past_its_fifteen_days(received, start_after, delivery_after, length):
    # Art. 32: the third party has 15 working days from its receipt of the letter; whatever the
    # recorded end, the pause costs at most the working days up to that date.
    start = received + datetime.timedelta(days=start_after)
    delivered = start + datetime.timedelta(days=delivery_after)
    end = delivered + datetime.timedelta(days=length)
    clock = compute_clock(
        [
            ClockEvent(EventKind.RECEIVED, received),
            ClockEvent(EventKind.CONSULTATION_STARTED, start),
            ClockEvent(EventKind.CONSULTATION_DELIVERED, delivered, party=Party.THIRD_PARTY),
            ClockEvent(EventKind.CONSULTATION_ENDED, end),
        ],
        today=end,
        index=INDEX,
    )
    limit = INDEX.add_workdays(delivered, 15)
    assert clock.third_party_due == limit
    plain = INDEX.add_workdays(received, 20)
    if start < plain:
        assert INDEX.workdays_between(received, clock.due) == 20 + INDEX.workdays_between(start, min(end, limit))
