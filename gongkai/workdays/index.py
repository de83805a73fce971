"""A precomputed working-day index: constant-time working-day arithmetic.

Pure Python, no Django: built from the calendar's exceptions (holidays and 调休 make-up working
days) and the set of years whose State Council notice has been entered. Days not listed are
working days Monday to Friday. A year whose notice is missing is still computed as Monday–Friday,
but every result that counts through it is marked provisional.

For each day ``i`` since ``FIRST_DAY`` the index keeps ``cum[i]``, the number of working days in
``[FIRST_DAY, day i]``; ``pos[c]`` is the day index of the ``c``-th working day. Then:

* working days after ``a`` up to and including ``b`` = ``cum[b] - cum[a]``
* the ``n``-th working day after ``d`` = ``pos[cum[d] + n]``
"""

from __future__ import annotations

import bisect
import datetime
from array import array
from collections.abc import Callable
from dataclasses import dataclass

FIRST_YEAR = 2004  # the first year the chinesecalendar data covers
LAST_YEAR = 2099  # beyond the notices, Monday–Friday is assumed (provisionally) up to here
FIRST_DAY = datetime.date(FIRST_YEAR, 1, 1)
LAST_DAY = datetime.date(LAST_YEAR, 12, 31)


class OutOfCalendar(ValueError):
    """A date outside the years the index covers."""


class WorkDate(datetime.date):
    """A date computed by working-day arithmetic; ``provisional`` when it counted through a year
    whose holiday notice has not been entered (Monday–Friday was assumed there)."""

    provisional: bool = False
    unknown_years: tuple[int, ...] = ()

    @classmethod
    def make(cls, day: datetime.date, unknown_years: tuple[int, ...] = ()) -> WorkDate:
        result = cls(day.year, day.month, day.day)
        result.unknown_years = unknown_years
        result.provisional = bool(unknown_years)
        return result

    def __reduce__(self) -> tuple[Callable[..., WorkDate], tuple[datetime.date, tuple[int, ...]]]:
        return (WorkDate.make, (datetime.date(self.year, self.month, self.day), self.unknown_years))


@dataclass(frozen=True)
class DayInfo:
    date: datetime.date
    is_workday: bool
    name: str  # holiday name for an exception, "" for an ordinary day


class CalendarIndex:
    def __init__(self, exceptions: dict[datetime.date, tuple[bool, str]], complete_years: set[int]):
        """``exceptions`` maps a date to (is working day, holiday name)."""
        self.base = FIRST_DAY.toordinal()
        self.size = LAST_DAY.toordinal() - self.base + 1
        self.exceptions = dict(exceptions)
        self.complete_years = frozenset(complete_years)
        self._exception_days = sorted(self.exceptions)

        work = bytearray(self.size)
        cum = array("l", bytes(8 * self.size))
        pos = array("l", [-1])  # pos[0] is unused: working days are numbered from 1
        count = 0
        weekday = FIRST_DAY.weekday()
        overrides = {d.toordinal() - self.base: w for d, (w, _name) in self.exceptions.items()}
        for i in range(self.size):
            is_work = overrides[i] if i in overrides else (weekday + i) % 7 < 5
            if is_work:
                work[i] = 1
                count += 1
                pos.append(i)
            cum[i] = count
        self.work, self.cum, self.pos = work, cum, pos

        # incomplete[k] = number of years before FIRST_YEAR + k whose notice is missing.
        incomplete = [0]
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            incomplete.append(incomplete[-1] + (year not in self.complete_years))
        self._incomplete = incomplete

        # Prebuilt results, so add_workdays only indexes lists (the hot path of every deadline).
        self._firm: list[WorkDate | None] = [None] + [WorkDate.make(self._day(i)) for i in pos[1:]]
        self._unknown_cache: dict[tuple[int, tuple[int, int]], WorkDate] = {}

    # -- helpers -------------------------------------------------------------------------------
    def _day(self, i: int) -> datetime.date:
        return datetime.date.fromordinal(self.base + i)

    def _index(self, day: datetime.date) -> int:
        i = day.toordinal() - self.base
        if not 0 <= i < self.size:
            raise OutOfCalendar(f"日期 {day.isoformat()} 超出工作日历范围（{FIRST_YEAR}—{LAST_YEAR} 年）")
        return i

    def unknown_years(self, first: int, last: int) -> tuple[int, ...]:
        """Years in [first, last] whose holiday notice has not been entered."""
        lo, hi = max(first, FIRST_YEAR), min(last, LAST_YEAR)
        if lo > hi or self._incomplete[hi - FIRST_YEAR + 1] == self._incomplete[lo - FIRST_YEAR]:
            return ()
        return tuple(y for y in range(lo, hi + 1) if y not in self.complete_years)

    def is_complete(self, year: int) -> bool:
        return year in self.complete_years

    # -- arithmetic ----------------------------------------------------------------------------
    def is_workday(self, day: datetime.date) -> bool:
        return bool(self.work[self._index(day)])

    def add_workdays(self, day: datetime.date, n: int) -> WorkDate:
        """The n-th working day after ``day`` (``day`` itself is not counted); n < 0 counts back."""
        i = self._index(day)
        if n > 0:
            c = self.cum[i] + n
            first_year = day.year + (day.month == 12 and day.day == 31)
        elif n < 0:
            c = self.cum[i] - self.work[i] + n + 1
            first_year = None
        else:
            return WorkDate.make(day)  # nothing counted, nothing assumed
        if not 1 <= c < len(self.pos):
            raise OutOfCalendar(
                f"从 {day.isoformat()} 起算 {n} 个工作日超出工作日历范围（{FIRST_YEAR}—{LAST_YEAR} 年）"
            )
        result = self._firm[c]
        assert result is not None  # 1 ≤ c: a numbered working day
        if first_year is None:  # counting back: the counted days run from the result to the day before
            before = day - datetime.timedelta(days=1)
            span = (result.year, before.year)
        else:
            span = (first_year, result.year)
        if self._incomplete[span[1] - FIRST_YEAR + 1] != self._incomplete[span[0] - FIRST_YEAR]:
            key = (c, span)
            cached = self._unknown_cache.get(key)
            if cached is None:
                cached = WorkDate.make(result, self.unknown_years(*span))
                self._unknown_cache[key] = cached
            return cached
        return result

    def workdays_between(self, a: datetime.date, b: datetime.date) -> int:
        """Working days after ``a`` up to and including ``b`` (negative when ``b`` is before ``a``)."""
        return self.cum[self._index(b)] - self.cum[self._index(a)]

    def next_workday(self, day: datetime.date) -> WorkDate:
        return self.add_workdays(day, 1)

    def previous_workday(self, day: datetime.date) -> WorkDate:
        return self.add_workdays(day, -1)

    # -- explanation support -------------------------------------------------------------------
    def exceptions_between(self, a: datetime.date, b: datetime.date) -> list[DayInfo]:
        """Listed holidays and make-up working days in (a, b], in date order."""
        lo = bisect.bisect_right(self._exception_days, a)
        hi = bisect.bisect_right(self._exception_days, b)
        return [DayInfo(d, *self.exceptions[d]) for d in self._exception_days[lo:hi]]

    def day_info(self, day: datetime.date) -> DayInfo:
        if day in self.exceptions:
            return DayInfo(day, *self.exceptions[day])
        return DayInfo(day, self.is_workday(day), "")
