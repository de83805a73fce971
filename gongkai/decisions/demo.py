"""Demo 重大行政决策: the district's catalogue of last year and of this year (published by 31 March when the
demo is loaded after it, else approved and waiting), one entry changed after publication with its reason,
and one decision taken outside the catalogue."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, User
from gongkai.decisions.models import Catalogue

ENTRIES = [
    ("编制区国土空间近期规划", "区规划资源局", "12月", ["participation", "experts", "risk", "legality", "collective"]),
    ("调整区公共停车场收费标准", "区发展改革委", "6月", ["participation", "risk", "legality", "collective"]),
    ("制定区养老服务设施布局专项规划", "区民政局", "10月", ["participation", "experts", "legality", "collective"]),
    ("实施区老旧小区加装电梯补贴办法", "区建设和交通委", "9月", ["participation", "legality", "collective"]),
]


def load(today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    agency, office = Agency.objects.filter(code="PD").first(), User.objects.filter(username="supervisor").first()
    if agency is None or office is None or Catalogue.objects.filter(agency=agency).exists():
        return "演示重大行政决策目录已存在，未做修改。"
    with transaction.atomic():
        for year in (today.year - 1, today.year):
            catalogue = Catalogue.open(agency, year, by=office)
            for matter, unit, timing, procedures in ENTRIES:
                catalogue.add_entry(by=office, matter=matter, unit=unit, timing=timing, procedures=procedures)
            approved = min(datetime.date(year, 3, 15), today)
            catalogue.approve(by=office, on=approved, approval="经区委、区政府同意")
            published = timezone.make_aware(datetime.datetime(year, 3, 20, 10))
            if published > timezone.now():
                continue  # this year's, before 20 March: approved, to be published by 31 March
            catalogue.publish(by=office, at=published)
            catalogue.entries.get(number=2).revise(
                by=office, reason="根据听证会意见，延后至第三季度提交区政府常务会议审议", matter=ENTRIES[1][0],
                unit=ENTRIES[1][1], timing="9月", procedures=ENTRIES[1][3],
            )  # fmt: skip
            catalogue.record_outside(
                by=office, matter="修订区防汛防台专项应急预案", unit="区应急局",
                reason="汛期前根据上级预案调整急需修订，编制目录时无法预见",
            )  # fmt: skip
    return "已导入演示重大行政决策目录。"
