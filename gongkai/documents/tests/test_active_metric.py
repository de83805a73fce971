"""主动公开 within 20 working days (条例 art. 26): the share of the year's proactive items published on time."""

import datetime

from django.utils import timezone

from gongkai.documents.models import Document
from gongkai.lib import metrics


def test_active_disclosure_on_time_share(approved, officer_a, tree):
    today = timezone.localdate()
    formed = today - datetime.timedelta(days=60)  # 60 calendar days: past 20 working days whatever the holidays
    on_time, late = approved(title="按时公开"), approved(title="超期公开")
    Document.objects.filter(pk=on_time.pk).update(written_on=today - datetime.timedelta(days=5))
    Document.objects.filter(pk=late.pk).update(written_on=formed)
    for doc in (on_time, late):
        doc.refresh_from_db()
        doc.publish(by=officer_a)
    share, _, how = metrics.value("active_on_time", tree["a"], timezone.localtime(on_time.published_at).year)
    assert str(share) == "50.0" and "超期1件" in how
