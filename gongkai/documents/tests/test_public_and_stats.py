import datetime

import pytest
from django.utils import timezone

from gongkai.documents.law import Attribute, InterpretationForm, Scope, WithholdGround
from gongkai.documents.models import Document, Review, Status
from gongkai.documents.stats import interpretation_stats, late_items

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(y, m, d):
    return datetime.datetime(y, m, d, 10, tzinfo=SHANGHAI)


@pytest.fixture
def published(approved, officer_a):
    def make(when=None, **fields):
        doc = approved(**fields)
        doc.publish(by=officer_a, at=when)
        doc.refresh_from_db()
        return doc

    return make


def test_public_excludes_every_non_public_state_attribute_scope_and_future_date(
    published, approved, make_draft, drafter, reviewer, officer_a
):
    visible = published(title="公开的")
    draft = make_draft(title="草稿")
    in_review = make_draft(title="审查中")
    in_review.submit(by=drafter)
    returned = make_draft(title="退回")
    returned.submit(by=drafter)
    returned.review(by=reviewer, decision=Review.Decision.RETURN, attribute=Attribute.PROACTIVE, opinion="改")
    waiting = approved(title="待发布")
    on_request = approved(title="依申请", attribute=Attribute.ON_REQUEST, attribute_reason="特定对象")
    withheld = approved(
        title="不予公开",
        attribute=Attribute.WITHHELD,
        withhold_ground=WithholdGround.STATE_SECRET,
        attribute_reason="涉密",
    )
    targeted = published(title="定向", scope=Scope.TARGETED, scope_groups="各街道")
    future = published(title="定时发布", when=timezone.now() + datetime.timedelta(days=2))
    withdrawn = published(title="撤回的")
    withdrawn.withdraw(by=officer_a, reason="有误")

    public = set(Document.objects.public())
    assert public == {visible}
    for hidden in (draft, in_review, returned, waiting, on_request, withheld, targeted, future, withdrawn):
        assert hidden not in public, hidden.title
    assert {on_request.status, withheld.status} == {Status.FILED}
    # The scheduled one appears once its time has come.
    assert future in Document.objects.public(now=timezone.now() + datetime.timedelta(days=3))


def test_repealed_items_stay_public_with_their_validity(published, officer_a):
    doc = published()
    doc.set_validity("repealed", on=datetime.date(2026, 6, 1), by=officer_a)
    assert doc in Document.objects.public()


def test_the_late_flag_counts_working_days_across_a_holiday(published):
    # Formed Fri 18 Sep 2026; 20 working days skip 中秋 and 国庆 and count two make-up days: due 22 Oct.
    on_time = published(written_on=datetime.date(2026, 9, 18), when=at(2026, 10, 22), title="按时")
    late = published(written_on=datetime.date(2026, 9, 18), when=at(2026, 10, 23), title="超期")
    # A change date restarts the period.
    changed = published(
        written_on=datetime.date(2026, 1, 5), changed_on=datetime.date(2026, 9, 18), when=at(2026, 10, 22)
    )
    assert on_time.disclosure_due() == datetime.date(2026, 10, 22)
    assert not on_time.is_late() and late.is_late() and not changed.is_late()
    assert late_items(Document.objects.all()) == [late]


def test_interpretation_indicators(published, approved, make_draft, drafter, reviewer, officer_a, tree):
    policy = approved(needs_interpretation=True, title="政策一")
    for form in (InterpretationForm.GRAPHIC, InterpretationForm.TEXT):
        interp = make_draft(title=f"解读{form}", kind="interpretation", interpretation_form=form)
        interp.interprets.set([policy])
        interp.submit(by=drafter)
        interp.review(by=reviewer, decision=Review.Decision.APPROVE, attribute=Attribute.PROACTIVE, opinion="同意")
    policy.publish(by=officer_a, at=at(2026, 5, 6))
    alone = approved(needs_interpretation=True, interpretation_exemption="简单事项", title="政策二")
    alone.publish(by=officer_a, at=at(2026, 5, 7))
    stats = interpretation_stats(tree["a"], 2026)
    assert (stats.policies, stats.synchronised, stats.exempted) == (2, 1, 1)
    assert stats.sync_rate == 1.0
    assert (stats.interpretations, stats.non_text, stats.non_text_share) == (2, 1, 0.5)
    assert interpretation_stats(tree["a"], 2025).sync_rate is None
