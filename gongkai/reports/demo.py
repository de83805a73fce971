"""Demo annual reports: last year's report of each demo agency with cases, and the district
aggregate, generated from the demo library and cases and published through the real verbs."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, User
from gongkai.reports import law
from gongkai.reports.models import TO_FILL, PublishedReport, Scope
from gongkai.reports.service import report_for

# agency code: (who publishes, scope, figures from other systems)
REPORTS = [
    ("PD-RSJ", "officer", Scope.AGENCY, {"licences": "1862", "licences_source": "区行政审批系统",
                                          "penalties": "214", "enforcement": "3", "fees": "0"}),
    ("SH-JGJ", "jgj-officer", Scope.AGENCY, {}),
    ("SH-GFDY", "gfdy-officer", Scope.AGENCY, {"licences": "36", "fees": "418.5"}),
    # the street office has no staff account in the demo; the district office publishes for it, so that no
    # agency's report is overdue on the day the demo is loaded
    ("PD-LJZ", "supervisor", Scope.AGENCY, {}),
    ("PD", "supervisor", Scope.AGGREGATE, {}),
]  # fmt: skip
FILLED = "各项工作按年度工作要点有序推进，主动公开、依申请公开、政策解读和平台建设均按期完成。"
PROBLEMS = (
    "一是政策解读形式还不够丰富；二是依申请公开答复的规范性有待进一步提高。"
    "下一步，将加强图解、视频等多样化解读，开展答复文书质量评查。"
)


def _on_time(year: int, scope: str) -> datetime.datetime:
    """Published ten days before the statutory deadline (or now, when that is still ahead)."""
    deadline = law.aggregate_deadline(year) if scope == Scope.AGGREGATE else law.agency_deadline(year)
    when = timezone.make_aware(datetime.datetime.combine(deadline - datetime.timedelta(days=10), datetime.time(10)))
    return min(when, timezone.now())


def load() -> str:
    year = timezone.localdate().year - 1
    created = 0
    for code, username, scope, manual in REPORTS:
        agency = Agency.objects.filter(code=code).first()
        user = User.objects.filter(username=username).first()
        if agency is None or user is None or PublishedReport.objects.latest_for(agency, year, scope):
            continue
        with transaction.atomic():
            report = report_for(agency, year, scope)
            report.edit(by=user, section1=report.section1.replace(TO_FILL, FILLED), section5=PROBLEMS)
            report.set_figures(by=user, manual=manual)
            report.publish(by=user, at=_on_time(year, scope))
        created += 1
    return f"已发布演示年度报告 {created} 份。" if created else "演示年度报告已存在，未做修改。"
