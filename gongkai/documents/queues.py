"""What the library puts in each staff member's "my queue"."""

from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.permissions import has
from gongkai.accounts.queue import QueueItem
from gongkai.documents.models import Document, Status


def _url(doc):
    return reverse("documents:detail", args=[doc.uid])


def my_drafts(user):
    """The drafter's own drafts not yet submitted (their home lists them under 我的草稿)."""
    if not has(user, "document.draft", user.agency):
        return []
    docs = Document.objects.filter(drafter=user, status=Status.DRAFT).order_by("-updated_at")
    return [QueueItem(d.title, _url(d), "我的草稿", note="补全后提交审查") for d in docs]


def returned_drafts(user):
    if not has(user, "document.draft", user.agency):
        return []
    docs = Document.objects.filter(drafter=user, status=Status.RETURNED)
    return [QueueItem(d.title, _url(d), "退回修改", note="审核人退回，请修改后重新提交") for d in docs]


def to_review(user):
    if not has(user, "document.review", user.agency):
        return []
    docs = Document.objects.filter(agency_id=user.agency_id, status=Status.IN_REVIEW).exclude(drafter=user)
    revisions = Document.objects.filter(
        agency_id=user.agency_id, status=Status.PUBLISHED, versions__pending=True
    ).exclude(drafter=user)
    return [QueueItem(d.title, _url(d), "待审查") for d in docs] + [
        QueueItem(d.title, _url(d), "修订待审查") for d in revisions if not d.current_review_of_pending()
    ]


def to_publish(user):
    if not has(user, "document.publish", user.agency):
        return []
    docs = Document.objects.filter(agency_id=user.agency_id, status=Status.APPROVED)
    return [QueueItem(d.title, _url(d), "待发布") for d in docs]


def rereview_due(user):
    if not has(user, "document.publish", user.agency):
        return []
    today = timezone.localdate()
    docs = Document.objects.filter(
        agency_id=user.agency_id, status=Status.FILED, next_rereview_on__lte=today.replace(month=12, day=31)
    )
    return [QueueItem(d.title, _url(d), "到期复审", due=d.next_rereview_on) for d in docs]
