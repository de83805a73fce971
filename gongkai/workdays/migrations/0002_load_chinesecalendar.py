"""Load 2004–2026 holidays and make-up working days from the pinned ``chinesecalendar`` package.

The package (1.11.0) encodes each year's 国务院办公厅《关于部分节假日安排的通知》; its 2026 data
match the notice of 2025-11-04 exactly (spec §7). Later years are entered by an operator (docs/).
Notice numbers and dates are filled in only where the spec or the issue gives them.
"""

import datetime

from django.db import migrations

FIRST, LAST = 2004, 2026

# Official short names as the notices print them.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

# year: (notice number, publication date) — spec §7 and issue 3.
KNOWN_NOTICES = {
    2017: ("国办发明电〔2016〕17号", datetime.date(2016, 12, 1)),
    2024: ("", datetime.date(2023, 10, 25)),
    2025: ("", datetime.date(2024, 11, 12)),
    2026: ("国办发明电〔2025〕7号", datetime.date(2025, 11, 4)),
}


def source_for(year):
    number, _ = KNOWN_NOTICES.get(year, ("", None))
    title = f"国务院办公厅关于{year}年部分节假日安排的通知"
    return f"{title}（{number}）" if number else f"{title}（据 chinesecalendar 1.11.0）"


def load(apps, schema_editor):
    import chinese_calendar

    CalendarYear = apps.get_model("workdays", "CalendarYear")
    DayException = apps.get_model("workdays", "DayException")
    rows = []
    for table, kind in ((chinese_calendar.holidays, "holiday"), (chinese_calendar.workdays, "workday")):
        for day, name in table.items():
            if FIRST <= day.year <= LAST:
                rows.append(DayException(date=day, kind=kind, name=NAMES.get(name, name), source=source_for(day.year)))
    DayException.objects.bulk_create(sorted(rows, key=lambda r: r.date))
    for year in range(FIRST, LAST + 1):
        _, published = KNOWN_NOTICES.get(year, ("", None))
        CalendarYear.objects.create(year=year, complete=True, source=source_for(year), published_on=published)


def unload(apps, schema_editor):
    apps.get_model("workdays", "DayException").objects.filter(date__year__lte=LAST).delete()
    apps.get_model("workdays", "CalendarYear").objects.filter(year__lte=LAST).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
