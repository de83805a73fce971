"""Working days (工作日) per the State Council's holiday notices, 调休 included.

    from gongkai.workdays import is_workday, add_workdays, workdays_between

``add_workdays(d, n)`` returns the n-th working day after ``d`` (``d`` itself not counted) as a
``WorkDate``: a ``datetime.date`` whose ``provisional`` flag says that the count ran through a year
whose notice has not been entered yet (Monday–Friday was assumed there).
"""

import datetime

from gongkai.workdays.index import OutOfCalendar, WorkDate
from gongkai.workdays.store import current_index

__all__ = [
    "OutOfCalendar",
    "WorkDate",
    "add_workdays",
    "is_workday",
    "next_workday",
    "previous_workday",
    "workdays_between",
]


def is_workday(day: datetime.date) -> bool:
    return current_index().is_workday(day)


def add_workdays(day: datetime.date, n: int) -> WorkDate:
    return current_index().add_workdays(day, n)


def workdays_between(a: datetime.date, b: datetime.date) -> int:
    """Working days after ``a`` up to and including ``b``."""
    return current_index().workdays_between(a, b)


def next_workday(day: datetime.date) -> WorkDate:
    return current_index().next_workday(day)


def previous_workday(day: datetime.date) -> WorkDate:
    return current_index().previous_workday(day)
