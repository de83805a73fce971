"""Demo inspection: the district's portal (this platform, read in-process: no server, no network) with a few
of its columns and two 新媒体 accounts — one not updated for three weeks, a single-veto finding — inspected
once, so the report, its DOCX and the district view have something real to show."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from gongkai.accounts.models import Agency, User
from gongkai.inspections.models import Column, MediaAccount, Run, Site

COLUMNS = [
    ("区人社局公开栏目", "/agencies/PD-RSJ/", "notice"),
    ("人社局促进就业等政策", "/agencies/PD-RSJ/art20/11/", "policy"),
    ("征求意见", "/consultations/", "other"),
    ("留言选登", "/interact/board/", "interaction"),
    ("政府公报", "/gazette/", "other"),
]


def load(today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    agency, office = Agency.objects.filter(code="PD").first(), User.objects.filter(username="supervisor").first()
    if agency is None or office is None or Site.objects.filter(agency=agency).exists():
        return "演示网站检查已存在或缺少区政府，未做修改。"
    site = Site.objects.create(
        agency=agency,
        name="浦东新区政务公开平台（演示）",
        url=settings.GONGKAI_SITE_URL.rstrip("/") + "/",
        identifier=settings.SITE_CODE,
        icp=settings.SITE_ICP,
        police=settings.SITE_POLICE,
        local=True,
    )
    for name, path, kind in COLUMNS:
        Column.objects.create(site=site, name=name, path=path, kind=kind)
    MediaAccount.objects.create(
        agency=agency, platform="微信公众号", name="浦东发布（演示）", last_update=today - datetime.timedelta(days=2)
    )
    MediaAccount.objects.create(
        agency=agency, platform="微博", name="浦东政务公开（演示）", last_update=today - datetime.timedelta(days=21)
    )
    run = Run.request(site, by=office)
    run.perform(external=False, max_pages=40)
    return f"已导入演示网站检查：{site.name}，{run.pages} 个页面，{run.findings.count()} 项问题。"
