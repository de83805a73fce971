"""Demo 政府公报: two issues of the 浦东新区 gazette this year, assembled from the demo library's public items
(normative documents first), published, with their PDF and DOCX."""

from __future__ import annotations

import datetime

from django.utils import timezone

from gongkai.accounts.models import Agency, User
from gongkai.documents.models import Document
from gongkai.gazette.models import Issue


def load(today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    agency, editor = Agency.objects.filter(code="PD").first(), User.objects.filter(username="supervisor").first()
    if agency is None or editor is None or Issue.objects.filter(agency=agency).exists():
        return "演示政府公报已存在或缺少区政府，未做修改。"
    public = Document.objects.public().exclude(kind="interpretation").order_by("-is_normative", "-published_at")
    docs = list(public[:8])
    if len(docs) < 4:
        return "演示公文库文件不足，未导入政府公报。"
    for chunk in (docs[4:], docs[:4]):
        issue = Issue.open(agency, by=editor, year=today.year)
        for doc in chunk:
            issue.add(doc, by=editor)
        issue.publish(by=editor)
    return "已导入演示政府公报 2 期。"
