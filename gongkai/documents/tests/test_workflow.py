import datetime

import pytest
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.audit.models import Event
from gongkai.conftest import make_staff
from gongkai.documents.law import Attribute, InterpretationForm, RelationKind, Validity, WithholdGround
from gongkai.documents.library import create_draft
from gongkai.documents.models import Document, LibrarySettings, Relation, Review, Status, StatusChange
from gongkai.documents.workflow import DocumentError, rereview_due

APPROVE, RETURN = Review.Decision.APPROVE, Review.Decision.RETURN


def review(doc, by, decision=APPROVE, attribute=Attribute.PROACTIVE, **kw):
    return doc.review(by=by, decision=decision, attribute=attribute, opinion=kw.pop("opinion", "意见"), **kw)


def test_the_happy_path_records_every_step(make_draft, drafter, reviewer, officer_a):
    doc = make_draft()
    assert doc.status == Status.DRAFT and doc.index_number == "T-A/2026-00001"
    doc.submit(by=drafter)
    review(doc, reviewer)
    assert doc.status == Status.APPROVED
    doc.publish(by=officer_a)
    doc.refresh_from_db()
    assert doc.status == Status.PUBLISHED and doc.published_at is not None
    assert list(StatusChange.objects.filter(document=doc).values_list("old", "new")) == [
        ("draft", "in_review"),
        ("in_review", "approved"),
        ("approved", "published"),
    ]
    verbs = list(Event.objects.filter(target_id=str(doc.pk)).values_list("verb", flat=True))
    assert verbs == ["document.created", "document.submitted", "document.approved", "document.published"]


def test_a_return_needs_a_new_version_and_a_new_review(make_draft, drafter, reviewer):
    doc = make_draft()
    doc.submit(by=drafter)
    review(doc, reviewer, decision=RETURN, opinion="请删除涉及个人信息的段落")
    assert doc.status == Status.RETURNED
    doc.update_draft(by=drafter, body="<p>已修改</p>")
    doc.submit(by=drafter)
    assert doc.version == 2
    review(doc, reviewer)
    assert list(doc.reviews.values_list("version", "decision")) == [(1, "return"), (2, "approve")]
    assert list(doc.versions.values_list("version", flat=True)) == [1, 2]


def test_the_reviewer_cannot_review_their_own_draft(make_draft, tree):
    both = make_staff("both", tree["a"], Role.DRAFTER, Role.REVIEWER)
    doc = make_draft(by=both)
    doc.submit(by=both)
    with pytest.raises(DocumentError, match="审核人不能审查自己起草的信息"):
        review(doc, both)


def test_only_reviewers_of_the_agency_review(make_draft, drafter, officer_a, tree):
    doc = make_draft()
    doc.submit(by=drafter)
    with pytest.raises(DocumentError, match="只有本机关的审核人可以审查"):
        review(doc, officer_a)
    with pytest.raises(DocumentError, match="只有本机关的审核人可以审查"):
        review(doc, make_staff("reviewer-b", tree["b"], Role.REVIEWER))


def test_nothing_is_published_without_an_approved_review(make_draft, drafter, officer_a):
    doc = make_draft()
    with pytest.raises(DocumentError, match="当前状态为“草稿”，不能发布"):
        doc.publish(by=officer_a)
    doc.submit(by=drafter)
    with pytest.raises(DocumentError, match="不能发布"):
        doc.publish(by=officer_a)


def test_one_review_per_version(approved, reviewer):
    doc = approved()
    Document.objects.filter(pk=doc.pk).update(status=Status.IN_REVIEW)  # as if someone forced the state
    doc.refresh_from_db()
    with pytest.raises(DocumentError, match="已经审查过（一事一审）"):
        review(doc, reviewer)


def test_illegal_transitions_are_refused(make_draft, approved, drafter, reviewer, officer_a):
    doc = make_draft()
    with pytest.raises(DocumentError, match="不能审查"):
        review(doc, reviewer)
    with pytest.raises(DocumentError, match="不能撤回"):
        doc.withdraw(by=officer_a, reason="x")
    published = approved()
    published.publish(by=officer_a)
    with pytest.raises(DocumentError, match="不能修改"):
        published.update_draft(by=drafter, title="新标题")
    with pytest.raises(DocumentError, match="不能提交审查"):
        published.submit(by=drafter)


def test_submission_names_what_is_missing(make_draft, drafter):
    doc = make_draft(attribute=Attribute.WITHHELD)
    with pytest.raises(DocumentError) as excinfo:
        doc.submit(by=drafter)
    assert "属性说明：不予公开必须说明理由" in str(excinfo.value)
    assert "不予公开依据：不予公开必须选择" in str(excinfo.value)


def test_a_withheld_item_is_filed_for_rereview(approved, officer_a):
    doc = approved(
        attribute=Attribute.WITHHELD,
        withhold_ground=WithholdGround.PROCESS_INFO,
        attribute_reason="内部讨论稿",
    )
    assert doc.status == Status.FILED and doc.withhold_ground == WithholdGround.PROCESS_INFO
    assert doc.next_rereview_on == datetime.date(timezone.localdate().year + 1, 3, 31)
    with pytest.raises(DocumentError, match="不能发布"):
        doc.publish(by=officer_a)


def test_secret_findings_block_proactive_disclosure(make_draft, drafter, reviewer):
    doc = make_draft()
    doc.submit(by=drafter)
    with pytest.raises(DocumentError, match="涉密"):
        review(doc, reviewer, secret=True)


def test_rereview_converts_to_proactive(approved, officer_a):
    doc = approved(attribute=Attribute.ON_REQUEST, attribute_reason="仅涉及特定申请人")
    doc.rereview(by=officer_a, verdict="keep", reason="情况未变化")
    assert doc.status == Status.FILED
    doc.rereview(by=officer_a, verdict="convert", reason="多人申请，依申请公开转主动公开")
    doc.refresh_from_db()
    assert doc.status == Status.PUBLISHED and doc.attribute == Attribute.PROACTIVE
    assert doc.converted_on == timezone.localdate()
    assert doc in Document.objects.public()
    assert list(doc.rereviews.values_list("verdict", flat=True)) == ["keep", "convert"]


def test_rereview_dates():
    assert rereview_due(datetime.date(2026, 11, 23), 12) == datetime.date(2027, 3, 31)
    assert rereview_due(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)


def test_a_published_items_revision_is_reviewed_before_it_replaces_the_text(approved, drafter, reviewer, officer_a):
    doc = approved()
    doc.publish(by=officer_a)
    doc.revise(by=drafter, body="<p>修订后的正文</p>")
    doc.refresh_from_db()
    assert doc.body != "<p>修订后的正文</p>" and doc.pending_revision.version == 2
    with pytest.raises(DocumentError, match="第2版修订没有通过审查"):
        doc.publish(by=officer_a)
    review(doc, reviewer)
    doc.publish(by=officer_a)
    doc.refresh_from_db()
    assert doc.body == "<p>修订后的正文</p>" and doc.version == 2 and doc.pending_revision is None


def test_withdrawing_needs_a_reason_and_hides_the_item(approved, officer_a):
    doc = approved()
    doc.publish(by=officer_a)
    with pytest.raises(DocumentError, match="撤回理由"):
        doc.withdraw(by=officer_a, reason=" ")
    doc.withdraw(by=officer_a, reason="内容有误")
    assert doc not in Document.objects.public()


def test_publishing_a_repeal_updates_the_repealed_items_validity(approved, officer_a):
    old = approved(title="旧办法")
    old.publish(by=officer_a)
    new = approved(title="新办法")
    Relation.objects.create(source=new, target=old, kind=RelationKind.REPEALS)
    new.publish(by=officer_a)
    old.refresh_from_db()
    assert old.validity == Validity.REPEALED and old.repealed_on == timezone.localdate()
    assert Event.objects.filter(verb="document.validity_changed", target_id=str(old.pk)).exists()


def test_an_amendment_marks_the_amended_item(approved, officer_a):
    old = approved(title="旧办法")
    old.publish(by=officer_a)
    new = approved(title="修改决定")
    Relation.objects.create(source=new, target=old, kind=RelationKind.AMENDS)
    new.publish(by=officer_a)
    old.refresh_from_db()
    assert old.validity == Validity.AMENDED


class TestThreeSynchronisations:
    """三同步: a policy marked 需解读 is published only together with its approved interpretation."""

    def test_a_policy_needing_interpretation_waits_for_it(self, approved, make_draft, drafter, reviewer, officer_a):
        policy = approved(needs_interpretation=True)
        with pytest.raises(DocumentError, match="三同步"):
            policy.publish(by=officer_a)
        interp = make_draft(title="解读", kind="interpretation", interpretation_form=InterpretationForm.GRAPHIC)
        interp.interprets.set([policy])
        interp.submit(by=drafter)
        review(interp, reviewer)
        policy.publish(by=officer_a)
        policy.refresh_from_db()
        interp.refresh_from_db()
        assert policy.status == interp.status == Status.PUBLISHED
        assert policy.published_at == interp.published_at

    def test_an_exemption_reason_lets_the_policy_go_alone(self, approved, officer_a):
        policy = approved(needs_interpretation=True, interpretation_exemption="内容简单，无需解读")
        policy.publish(by=officer_a)
        assert policy.status == Status.PUBLISHED

    def test_an_interpretation_cannot_precede_its_policy(self, make_draft, drafter, reviewer, officer_a):
        policy = make_draft()
        interp = make_draft(title="解读", kind="interpretation", interpretation_form=InterpretationForm.TEXT)
        interp.interprets.set([policy])
        interp.submit(by=drafter)
        review(interp, reviewer)
        with pytest.raises(DocumentError, match="解读不能先于政策发布"):
            interp.publish(by=officer_a)

    def test_an_interpretation_must_name_its_policy(self, make_draft, drafter):
        interp = make_draft(title="解读", kind="interpretation", interpretation_form=InterpretationForm.TEXT)
        with pytest.raises(DocumentError, match="必须关联至少一份政策文件"):
            interp.submit(by=drafter)


class TestNumbers:
    def test_index_numbers_are_never_reused(self, make_draft, tree, drafter):
        first = make_draft()
        first.delete()
        assert make_draft().index_number == "T-A/2026-00002"

    def test_a_custom_index_pattern(self, make_draft, tree):
        LibrarySettings.objects.create(agency=tree["a"], index_pattern="SY-310115-{year}-{serial:05d}")
        assert make_draft().index_number == "SY-310115-2026-00001"

    def test_document_numbers_are_normalised_and_unique(self, make_draft):
        doc = make_draft(doc_number="浦人社[2026] 018号")
        assert doc.doc_number == "浦人社〔2026〕18号"
        with pytest.raises(DocumentError, match=f"已被“{doc.title}”（索引号 {doc.index_number}）使用"):
            make_draft(doc_number="浦人社【2026】18号")

    def test_a_malformed_number_shows_the_pattern(self, make_draft):
        with pytest.raises(DocumentError, match="机关代字〔年份〕序号号"):
            make_draft(doc_number="2026年第18号文")


def test_the_body_is_sanitised(make_draft):
    doc = make_draft(body='<p onclick="x()">正文<script>alert(1)</script></p><a href="javascript:x">链接</a>')
    assert "script" not in doc.body and "onclick" not in doc.body and "javascript" not in doc.body
    assert "正文" in doc.body


def test_joint_issuers(tree, drafter):
    doc = create_draft(agency=tree["a"], by=drafter, title="联合发文", co_issuers=[tree["street"]])
    assert list(doc.co_issuers.all()) == [tree["street"]]
