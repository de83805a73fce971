"""Who may do what: the one place permission rules live.

Views call ``require(user, action, obj)`` (404 for objects outside the user's scope, 403 for an
action the user's role lacks), templates use ``{% can "action" obj as ok %}``, and the API calls
``has(user, action, obj)``. Every rule is a function of (user, obj) registered in ``RULES``.

Scope (DESIGN rule 6): staff see their own agency; the district supervisor (区政务公开办) sees their
agency and every agency below it; the system administrator sees all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from gongkai.accounts.models import Agency, AgencyKind, Role


def visible_agency_ids(user) -> set[int] | None:
    """Agency ids whose staff pages ``user`` may open; ``None`` means every agency."""
    if not getattr(user, "is_agency_staff", False):
        return set()
    if user.has_role(Role.SYSADMIN):
        return None
    if user.has_role(Role.SUPERVISOR):
        return user.agency.subtree_ids()
    return {user.agency_id}


_M = TypeVar("_M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[_M]):
    """The one ``for_user``: rows of the agencies in the user's scope (DESIGN rule 6). A model whose
    agency is not its own ``agency`` field names the path in ``agency_field`` (e.g. ``plan__agency``)."""

    agency_field = "agency"

    def for_user(self, user):
        ids = visible_agency_ids(user)
        return self.all() if ids is None else self.filter(**{f"{self.agency_field}_id__in": ids})


def _in_scope(user, agency_id: int | None) -> bool:
    ids = visible_agency_ids(user)
    return ids is None or agency_id in ids


def _agency_id(obj) -> int | None:
    if isinstance(obj, Agency):
        return obj.pk
    return getattr(obj, "agency_id", None)


def _staff(user, obj=None) -> bool:
    return getattr(user, "is_agency_staff", False)


def _view_agency(user, obj) -> bool:
    return _staff(user) and _in_scope(user, _agency_id(obj))


def _manage_agency(user, obj) -> bool:
    if not _view_agency(user, obj):
        return False
    if user.has_role(Role.SYSADMIN):
        return True
    return user.has_role(Role.AGENCY_ADMIN) and user.agency_id == _agency_id(obj)


def _view_audit(user, obj) -> bool:
    # obj is the agency id the events belong to (None for platform-wide events).
    if not _staff(user):
        return False
    if user.has_role(Role.SYSADMIN):
        return True
    if obj is None:
        return False
    return _in_scope(user, obj) and user.has_role(
        Role.OFFICER, Role.OFFICE_HEAD, Role.LEADER, Role.AGENCY_ADMIN, Role.SUPERVISOR, Role.REVIEWER
    )


def _set_review_body(user, obj) -> bool:
    # the district (or city) office that supervises the agency names its review body
    return _view_agency(user, obj) and user.has_role(Role.SUPERVISOR, Role.SYSADMIN)


def _read_deadlines(user, obj=None) -> bool:
    # the people who act on statutory deadlines: an agency's office and the supervising offices
    return _staff(user) and user.has_role(Role.OFFICER, Role.OFFICE_HEAD, Role.LEADER, Role.SUPERVISOR, Role.SYSADMIN)


def _use_calendar_admin(user, obj=None) -> bool:
    return _staff(user) and user.has_role(Role.SYSADMIN, Role.SUPERVISOR)


def _agency_role(*roles):
    """Staff of the object's own agency holding one of ``roles`` (the district office supervises,
    it does not draft, review or publish for the agencies below it)."""

    def rule(user, obj) -> bool:
        return _staff(user) and user.agency_id == _agency_id(obj) and user.has_role(*roles)

    return rule


def _see_personal_data(user, case) -> bool:
    # an applicant's full personal data and identity files: the people handling the case — the
    # agency's disclosure office and leaders, and the staff of a department the case was assigned to
    if not (_staff(user) and user.agency_id == _agency_id(case)):
        return False
    if user.has_role(Role.OFFICER, Role.OFFICE_HEAD, Role.LEADER):
        return True
    return user.department_id is not None and case.assignments.filter(department_id=user.department_id).exists()


def _draft_reply(user, message) -> bool:
    # a message's reply: the agency's office, and the staff of the department it was assigned to
    if not (_staff(user) and user.agency_id == _agency_id(message)):
        return False
    if user.has_role(Role.OFFICER, Role.OFFICE_HEAD, Role.LEADER, Role.SUPERVISOR):
        return True
    return user.department_id is not None and user.department_id == getattr(message, "department_id", None)


def _supervise_message(user, message) -> bool:
    # 督办: the agency's office head or a leader, or the district (city) office above the agency
    if _agency_role(Role.OFFICE_HEAD, Role.LEADER)(user, message):
        return True
    return _view_agency(user, message) and user.has_role(Role.SUPERVISOR, Role.SYSADMIN)


def _push_manage(user, obj=None) -> bool:
    roles = (Role.OFFICER, Role.OFFICE_HEAD, Role.LEADER, Role.SUPERVISOR)
    if obj is None:
        return _staff(user) and user.has_role(*roles)
    return _agency_role(*roles)(user, obj)


def _gazette_edit(user, obj=None) -> bool:
    roles = (Role.OFFICER, Role.OFFICE_HEAD, Role.SUPERVISOR)
    governments = (AgencyKind.CITY, AgencyKind.DISTRICT)  # a government publishes a gazette, not its bureaus
    if obj is None:
        return _staff(user) and user.has_role(*roles) and user.agency.kind in governments
    agency = obj if isinstance(obj, Agency) else getattr(obj, "agency", None)
    return _agency_role(*roles)(user, obj) and agency is not None and agency.kind in governments


def _report_on_task(user, task) -> bool:
    # a work-plan task's progress: the plan's office, and the staff of a department responsible for it
    if not (_staff(user) and user.agency_id == _agency_id(task)):
        return False
    if RULES["workplan.manage"](user, task):
        return True
    return user.department_id is not None and task.units.filter(department_id=user.department_id).exists()


RULES: dict[str, Callable] = {
    "document.view": _view_agency,
    "document.draft": _agency_role(Role.DRAFTER, Role.OFFICER),
    "document.review": _agency_role(Role.REVIEWER),
    "document.publish": _agency_role(Role.OFFICER, Role.OFFICE_HEAD),
    # 依申请公开 cases: handled by the agency's disclosure office
    "inforequest.handle": _agency_role(Role.OFFICER, Role.OFFICE_HEAD, Role.LEADER),
    # 条例 art. 33 ¶2: an extension is approved by the head of the disclosure office (or a leader above it)
    "inforequest.personal_data": _see_personal_data,
    "inforequest.approve_extension": _agency_role(Role.OFFICE_HEAD, Role.LEADER),
    # the platform-wide letter templates: the district (or city) office that sets the standard wording
    "inforequest.templates": _use_calendar_admin,
    # annual reports: the agency's disclosure office (an aggregate: the government's, incl. the district office)
    "report.edit": _agency_role(Role.OFFICER, Role.OFFICE_HEAD, Role.LEADER, Role.SUPERVISOR),
    # work plans: imported and supervised by the agency's disclosure office (a district's by its 政务公开办)
    "workplan.manage": _agency_role(Role.OFFICER, Role.OFFICE_HEAD, Role.LEADER, Role.SUPERVISOR),
    "workplan.report": _report_on_task,
    # a body's share of a district plan's task: reported by that body's disclosure office
    "workplan.report_share": _agency_role(Role.OFFICER, Role.OFFICE_HEAD, Role.LEADER),
    # 重大行政决策: the body's catalogue, kept by its office (a district's by its 政务公开办 too)
    "decision.manage": _agency_role(Role.OFFICER, Role.OFFICE_HEAD, Role.LEADER, Role.SUPERVISOR),
    # 政民互动: messages are accepted, routed, reviewed, published (选登) by the agency's office; a department a
    # message was assigned to drafts its reply; 督办 by the office head, a leader or the district office
    "interaction.handle": _agency_role(Role.OFFICER, Role.OFFICE_HEAD, Role.LEADER, Role.SUPERVISOR),
    "interaction.draft": _draft_reply,
    "interaction.supervise": _supervise_message,
    # the knowledge base: written by the office and the drafting staff, published by the office
    "knowledge.edit": _agency_role(Role.OFFICER, Role.OFFICE_HEAD, Role.DRAFTER, Role.SUPERVISOR),
    "knowledge.approve": _agency_role(Role.OFFICER, Role.OFFICE_HEAD, Role.SUPERVISOR),
    # 精准推送: campaigns and relay partners, kept by the agency's office (the menu: any such office)
    "push.manage": _push_manage,
    # 标准目录: kept (imported, linked) by the body's disclosure office
    "catalog.manage": _agency_role(Role.OFFICER, Role.OFFICE_HEAD, Role.SUPERVISOR),
    # 政府公报: edited by a government's office (the district's 政务公开办; the menu: any such office)
    "gazette.edit": _gazette_edit,
    # website inspection: a body's sites and accounts, kept by its office; the wording list by the district office
    "inspection.manage": _agency_role(Role.OFFICER, Role.OFFICE_HEAD, Role.SUPERVISOR),
    "inspection.wording": _use_calendar_admin,
    # open events, their check-in and questionnaires, and the 专区: the body's office
    "event.manage": _agency_role(Role.OFFICER, Role.OFFICE_HEAD, Role.SUPERVISOR),
    "workspace.enter": _staff,
    "agency.view": _view_agency,
    "agency.manage": _manage_agency,
    "agency.review_body": _set_review_body,
    # the district (or city) office watches the agencies below it: overdue reports and cases in its 待办
    "agency.supervise": _set_review_body,
    "audit.view": _view_audit,
    "calendar.edit": _use_calendar_admin,
    # the district (or city) office keeps the search's equivalences (简称 = 全称) for everyone
    "search.equivalences": _use_calendar_admin,
    "calendar.warnings": _read_deadlines,
    # annual reports the district office itself compiles (the government's aggregate)
    "report.aggregate": _agency_role(Role.OFFICER, Role.OFFICE_HEAD, Role.LEADER, Role.SUPERVISOR),
    # an agency's own report is compiled by its disclosure office (reminders go to them)
    "report.compile": _agency_role(Role.OFFICER, Role.OFFICE_HEAD, Role.LEADER),
}

# Rules whose object decides scope: failing them on an out-of-scope object is a 404, not a 403, so
# that staff cannot probe which objects exist in other agencies.
_SCOPED = {
    "agency.view",
    "agency.manage",
    "agency.review_body",
    "document.view",
    "document.draft",
    "document.review",
    "document.publish",
    "inforequest.handle",
    "report.edit",
    "workplan.manage",
    "decision.manage",
    "interaction.handle",
    "interaction.draft",
    "knowledge.edit",
    "push.manage",
    "catalog.manage",
    "gazette.edit",
    "inspection.manage",
    "event.manage",
}


def has(user, action: str, obj=None) -> bool:
    return RULES[action](user, obj)


def require(user, action: str, obj=None) -> None:
    if has(user, action, obj):
        return
    if action in _SCOPED and not _view_agency(user, obj):
        raise Http404("未找到")
    raise PermissionDenied("您没有执行此操作的权限")


def get_agency_for_user(user, code: str) -> Agency:
    """The agency with ``code`` if ``user`` may see it, else 404."""
    try:
        return Agency.objects.for_user(user).get(code=code)
    except Agency.DoesNotExist:
        raise Http404("未找到该机关") from None
