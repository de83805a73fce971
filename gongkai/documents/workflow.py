"""The document workflow: 草稿 → 待审查 → (退回) → 待发布 → 已发布 → 撤回, and 失效 / 废止.

Each verb checks the state and the actor, changes the state inside one transaction, writes a
``StatusChange`` row and an audit event in that transaction. Violations raise ``DocumentError``
with a Chinese message. Rules: 先审查、后公开 and 一事一审 (spec §1.1, art. 17); 三同步 (policy and
interpretation published together); art. 18 re-review; art. 26 timeliness.
"""

from __future__ import annotations

import calendar
import datetime

from django.db import transaction
from django.utils import timezone

from gongkai import audit
from gongkai.documents.law import Attribute, DocKind, RelationKind, Validity
from gongkai.lib.errors import Refused
from gongkai.search.models import log_change


class DocumentError(Refused):
    """A transition the rules do not allow; the message is shown to the user as is."""


def _name(user) -> str:
    return str(user) if user is not None else "系统"


def rereview_due(after: datetime.date, months: int) -> datetime.date:
    """The next art. 18 re-review date. Yearly (the default) means by 31 March of the next year, the
    annual re-review the work plans ask for; any other interval counts months from ``after``."""
    if months % 12 == 0:
        return datetime.date(after.year + months // 12, 3, 31)
    month0 = after.month - 1 + months
    year, month = after.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(after.day, calendar.monthrange(year, month)[1]))


class WorkflowMixin:
    """Verbs of ``Document``."""

    # -- helpers ---------------------------------------------------------------------------------
    def _change(self, new, *, by, verb, reason="", data=None, fields=()):
        from gongkai.documents.models import StatusChange

        old = self.status
        self.status = new
        self.save(update_fields=["status", "updated_at", *fields])
        StatusChange.objects.create(document=self, old=old, new=new, actor_name=_name(by), reason=reason)
        log_change(self)
        audit.record(by, f"document.{verb}", self, {"from": old, "to": new, "version": self.version, **(data or {})})

    def _require_status(self, *allowed, action: str):
        from gongkai.documents.models import Status

        if self.status not in allowed:
            names = "、".join(Status(s).label for s in allowed)
            raise DocumentError(f"当前状态为“{self.get_status_display()}”，不能{action}（仅{names}状态可以）")

    def _require(self, user, action: str, message: str):
        from gongkai.accounts.permissions import has

        if not has(user, action, self):
            raise DocumentError(message)

    def snapshot(self, *, by, pending=False):
        from gongkai.documents.models import DocumentVersion

        return DocumentVersion.objects.update_or_create(
            document=self,
            version=self.version,
            defaults={
                "title": self.title,
                "summary": self.summary,
                "body": self.body,
                "attribute": self.attribute,
                "pending": pending,
                "created_by_name": _name(by),
            },
        )[0]

    def check_complete(self) -> list[str]:
        """What must be filled in before review, as Chinese messages naming the field."""
        problems = []
        if not self.title.strip():
            problems.append("标题：必须填写")
        if self.attribute != Attribute.PROACTIVE and not self.attribute_reason.strip():
            problems.append(f"属性说明：{self.get_attribute_display()}必须说明理由")
        if self.attribute == Attribute.WITHHELD and not self.withhold_ground:
            problems.append("不予公开依据：不予公开必须选择第十四、十五、十六条中的依据")
        if self.attribute != Attribute.WITHHELD and self.withhold_ground:
            problems.append("不予公开依据：只有不予公开的信息才填写")
        if self.scope == "targeted" and not self.scope_groups.strip():
            problems.append("定向公开对象：定向公开必须写明对象")
        if self.is_normative and not self.expires_on:
            problems.append("失效日期：行政规范性文件必须写明有效期")
        if self.is_interpretation and not self.interprets.exists():
            problems.append("解读的政策：政策解读必须关联至少一份政策文件")
        if self.is_interpretation and not self.interpretation_form:
            problems.append("解读形式：必须选择")
        return problems

    # -- verbs -----------------------------------------------------------------------------------
    def update_draft(self, *, by, **changes):
        from gongkai.documents.models import EDITABLE

        self._require_status(*EDITABLE, action="修改")
        self._require(by, "document.draft", "只有本机关的起草人或公开办可以修改草稿")
        diff = {k: v for k, v in changes.items() if getattr(self, k) != v}
        with transaction.atomic():
            for name, value in diff.items():
                setattr(self, name, value)
            self.save()
            audit.record(by, "document.draft_updated", self, {"fields": sorted(diff)})
        return diff

    def submit(self, *, by):
        from gongkai.documents.models import EDITABLE, Status

        self._require_status(*EDITABLE, action="提交审查")
        self._require(by, "document.draft", "只有本机关的起草人或公开办可以提交审查")
        if problems := self.check_complete():
            raise DocumentError("提交前请补全：" + "；".join(problems))
        with transaction.atomic():
            if self.status == Status.RETURNED:
                self.version += 1  # 一事一审: a returned version is spent; the resubmission is a new one
            self.snapshot(by=by)
            self._change(Status.IN_REVIEW, by=by, verb="submitted", fields=["version"])

    def review(
        self,
        *,
        by,
        decision: str,
        attribute: str,
        opinion: str,
        withhold_ground: str = "",
        secret=False,
        sensitive=False,
        privacy=False,
        trade_secret=False,
        source: str = "",
    ):
        """Record the 审查 of the current version (or of a pending revision) and move on."""
        from gongkai.documents.models import Review, Status

        revision = self.pending_revision
        if revision is None:
            self._require_status(Status.IN_REVIEW, action="审查")
        version = revision.version if revision else self.version
        if not source:
            self._require(by, "document.review", "只有本机关的审核人可以审查")
            if by.pk and by.pk == self.drafter_id:
                raise DocumentError("审核人不能审查自己起草的信息（审起分离）")
        if Review.objects.filter(document=self, version=version).exists():
            raise DocumentError(f"第{version}版已经审查过（一事一审），修改后须重新提交")
        if not opinion.strip():
            raise DocumentError("审查意见：必须填写")
        if attribute == Attribute.WITHHELD and not withhold_ground:
            raise DocumentError("不予公开依据：认定不予公开必须选择依据")
        if decision == Review.Decision.APPROVE and attribute == Attribute.PROACTIVE and secret:
            raise DocumentError("审查发现涉密内容，不能认定为主动公开")
        if revision and decision == Review.Decision.APPROVE and attribute != Attribute.PROACTIVE:
            raise DocumentError("已发布信息的修订只能按主动公开审查；如需不再公开，请撤回")
        with transaction.atomic():
            review = Review.objects.create(
                document=self,
                version=version,
                reviewer=by if getattr(by, "pk", None) else None,
                reviewer_name=_name(by),
                decision=decision,
                attribute=attribute,
                withhold_ground=withhold_ground if attribute == Attribute.WITHHELD else "",
                secret=secret,
                sensitive=sensitive,
                privacy=privacy,
                trade_secret=trade_secret,
                opinion=opinion,
                source=source,
            )
            data = {"decision": decision, "attribute": attribute, "findings": review.findings}
            if revision is not None:
                audit.record(by, "document.revision_reviewed", self, {"version": version, **data})
                if decision == Review.Decision.RETURN:
                    revision.delete()
                return review
            if decision == Review.Decision.RETURN:
                self._change(Status.RETURNED, by=by, verb="returned", reason=opinion, data=data)
                return review
            self.attribute, self.withhold_ground = attribute, review.withhold_ground
            fields = ["attribute", "withhold_ground"]
            if attribute == Attribute.PROACTIVE:
                self._change(Status.APPROVED, by=by, verb="approved", data=data, fields=fields)
            else:
                self.next_rereview_on = rereview_due(timezone.localdate(), self.settings.rereview_months)
                self._change(Status.FILED, by=by, verb="filed", data=data, fields=[*fields, "next_rereview_on"])
        return review

    def accept_external_review(
        self, *, system: str, reviewer_name: str, opinion: str, attribute: str, withhold_ground: str = ""
    ):
        """A filing from an OA system that already reviewed the 公开属性 (agency setting
        ``oa_prereviewed``): record that review as this version's and move on as a review would."""
        from gongkai.documents.models import EDITABLE, Status

        self._require_status(*EDITABLE, action="登记外部审查")
        if problems := self.check_complete():
            raise DocumentError("备案数据不完整：" + "；".join(problems))
        with transaction.atomic():
            self.snapshot(by=system)
            self._change(Status.IN_REVIEW, by=system, verb="submitted", data={"source": system})
            return self.review(
                by=reviewer_name,
                decision="approve",
                attribute=attribute,
                withhold_ground=withhold_ground,
                opinion=opinion,
                source=system,
            )

    @property
    def settings(self):
        from gongkai.documents.models import LibrarySettings

        return LibrarySettings.for_agency(self.agency)

    @property
    def pending_revision(self):
        if not self.pk:
            return None
        return self.versions.filter(pending=True).first()

    def current_review_of_pending(self):
        revision = self.pending_revision
        return revision and self.reviews.filter(version=revision.version).first()

    def _approved(self, version) -> bool:
        return self.reviews.filter(version=version, decision="approve").exists()

    def publish(self, *, by, at: datetime.datetime | None = None):
        """Publish an approved item (and, 三同步, its approved interpretations in the same transaction)."""
        from gongkai.documents.models import Status

        self._require(by, "document.publish", "只有本机关的公开办可以发布")
        revision = self.pending_revision
        if self.status == Status.PUBLISHED and revision is not None:
            return self._publish_revision(revision, by=by)
        self._require_status(Status.APPROVED, action="发布")
        if not self._approved(self.version):
            raise DocumentError("当前版本没有通过审查，不能发布（先审查、后公开）")
        at = at or timezone.now()
        with transaction.atomic():
            companions = []
            if self.is_interpretation:
                unpublished = [p for p in self.interprets.all() if p.status != Status.PUBLISHED]
                if unpublished and not all(p.status == Status.APPROVED for p in unpublished):
                    raise DocumentError(f"所解读的政策“{unpublished[0].title}”尚未通过审查，解读不能先于政策发布")
                companions = unpublished
            elif self.needs_interpretation and not self.interpretation_exemption:
                ready = [i for i in self.interpretations.all() if i.status in (Status.APPROVED, Status.PUBLISHED)]
                if not ready:
                    raise DocumentError(
                        "该政策需要解读：解读材料通过审查后与政策同时发布（三同步），或填写免于同步解读的理由"
                    )
                companions = [i for i in ready if i.status == Status.APPROVED]
            self._publish_one(by=by, at=at)
            for other in companions:
                if not other._approved(other.version):
                    raise DocumentError(f"“{other.title}”当前版本没有通过审查，不能同时发布")
                other._publish_one(by=by, at=at, data={"with": str(self.uid)})

    def _publish_one(self, *, by, at, data=None):
        from gongkai.documents.models import Status

        self.published_at = at
        self._change(Status.PUBLISHED, by=by, verb="published", data=data, fields=["published_at"])
        for relation in self.relations_out.select_related("target"):
            target = relation.target
            if relation.kind == RelationKind.REPEALS:
                target.set_validity(Validity.REPEALED, on=timezone.localtime(at).date(), by=by, because=self)
            elif relation.kind == RelationKind.AMENDS and target.validity == Validity.VALID:
                target.set_validity(Validity.AMENDED, on=timezone.localtime(at).date(), by=by, because=self)

    def _publish_revision(self, revision, *, by):
        if not self._approved(revision.version):
            raise DocumentError(f"第{revision.version}版修订没有通过审查，不能发布（先审查、后公开）")
        with transaction.atomic():
            self.title, self.summary, self.body = revision.title, revision.summary, revision.body
            self.version = revision.version
            self.save(update_fields=["title", "summary", "body", "version", "updated_at"])
            revision.pending = False
            revision.save(update_fields=["pending"])
            log_change(self)
            audit.record(by, "document.revision_published", self, {"version": self.version})

    def revise(self, *, by, title=None, summary=None, body=None):
        """Change a published item's content: a new version, reviewed before it replaces the public one."""
        from gongkai.documents.models import DocumentVersion, Status

        self._require_status(Status.PUBLISHED, action="修订")
        self._require(by, "document.draft", "只有本机关的起草人或公开办可以修订")
        if self.pending_revision is not None:
            raise DocumentError("已有一份待审查的修订，请先完成审查")
        with transaction.atomic():
            revision = DocumentVersion.objects.create(
                document=self,
                version=self.version + 1,
                title=title if title is not None else self.title,
                summary=summary if summary is not None else self.summary,
                body=body if body is not None else self.body,
                attribute=self.attribute,
                pending=True,
                created_by_name=_name(by),
            )
            audit.record(by, "document.revised", self, {"version": revision.version})
        return revision

    def withdraw(self, *, by, reason: str):
        from gongkai.documents.models import Status

        self._require_status(Status.PUBLISHED, action="撤回")
        self._require(by, "document.publish", "只有本机关的公开办可以撤回")
        if not reason.strip():
            raise DocumentError("撤回理由：必须填写")
        with transaction.atomic():
            self.withdrawn_reason = reason
            self._change(Status.WITHDRAWN, by=by, verb="withdrawn", reason=reason, fields=["withdrawn_reason"])

    def set_validity(self, validity: str, *, on: datetime.date, by, because=None):
        """失效 / 废止 / 已修改, with its date; publishing a repealing document calls this."""
        if validity == self.validity:
            return
        with transaction.atomic():
            old = self.validity
            self.validity = validity
            fields = ["validity"]
            if validity == Validity.REPEALED:
                self.repealed_on, fields = on, [*fields, "repealed_on"]
            elif validity == Validity.EXPIRED:
                self.expires_on, fields = on, [*fields, "expires_on"]
            self.save(update_fields=[*fields, "updated_at"])
            log_change(self)
            data = {"from": old, "to": validity, "on": on}
            if because is not None:
                data["by_document"] = str(because.uid)
            audit.record(by, "document.validity_changed", self, data)

    def rereview(self, *, by, verdict: str, reason: str):
        """Art. 18 re-review of an item not actively disclosed; converting publishes it."""
        from gongkai.documents.models import Rereview, Status

        self._require_status(Status.FILED, action="复审")
        self._require(by, "document.publish", "只有本机关的公开办可以复审")
        if not reason.strip():
            raise DocumentError("复审理由：必须填写")
        with transaction.atomic():
            Rereview.objects.create(document=self, reviewer_name=_name(by), verdict=verdict, reason=reason)
            if verdict == Rereview.Verdict.KEEP:
                self.next_rereview_on = rereview_due(timezone.localdate(), self.settings.rereview_months)
                self.save(update_fields=["next_rereview_on", "updated_at"])
                audit.record(by, "document.rereview_kept", self, {"reason": reason})
                return
            old_attribute = self.attribute
            self.attribute, self.withhold_ground = Attribute.PROACTIVE, ""
            self.converted_on = timezone.localdate()
            self.next_rereview_on = None
            self.published_at = timezone.now()
            self._change(
                Status.PUBLISHED,
                by=by,
                verb="converted",
                reason=reason,
                data={"from_attribute": old_attribute},
                fields=["attribute", "withhold_ground", "converted_on", "next_rereview_on", "published_at"],
            )

    # -- derived facts ---------------------------------------------------------------------------
    def disclosure_due(self):
        """The art. 26 deadline: 20 working days after the item was formed or changed."""
        from gongkai.workdays import add_workdays
        from gongkai.workdays.periods import ACTIVE_DISCLOSURE

        formed = self.formed_on
        return add_workdays(formed, ACTIVE_DISCLOSURE.days) if formed else None

    def is_late(self) -> bool:
        due = self.disclosure_due()
        published = self.published_on
        return bool(
            due
            and published
            and self.attribute == Attribute.PROACTIVE
            and self.kind != DocKind.NEWS
            and published > due
        )
