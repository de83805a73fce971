import importlib

import chinese_calendar
import pytest

from gongkai.workdays.index import CalendarIndex

NAMES = importlib.import_module("gongkai.workdays.migrations.0002_load_chinesecalendar").NAMES


def package_exceptions():
    """The package's data with the Chinese names the migration stores."""
    exceptions = {d: (False, NAMES[name]) for d, name in chinese_calendar.holidays.items()}
    exceptions.update({d: (True, NAMES[name]) for d, name in chinese_calendar.workdays.items()})
    return exceptions


@pytest.fixture(scope="session")
def pure_index():
    """An index built straight from the package (2004–2026 complete), no database."""
    return CalendarIndex(package_exceptions(), set(range(2004, 2027)))
