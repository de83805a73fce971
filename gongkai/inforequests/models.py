"""依申请公开 cases. The deadline is never stored: it is computed from the case's clock events and
the working-day calendar each time (DESIGN rule 5), so a calendar correction moves it."""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
import secrets
from typing import cast

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency, Department, letter_number, notify
from gongkai.accounts.permissions import ScopedQuerySet, has
from gongkai.audit.models import StatusRow, actor_name
from gongkai.inforequests import law
from gongkai.inforequests.law import (
    ApplicantType,
    CaseKind,
    ChallengeKind,
    ChallengeResult,
    Delivery,
    DispatchMethod,
    FeeMethod,
    FormWanted,
    IdType,
    LetterKind,
    Outcome,
    ReplyType,
)
from gongkai.inforequests.rendering import PLACEHOLDER, render_docx
from gongkai.lib import sms
from gongkai.lib.errors import Refused
from gongkai.workdays import add_workdays, periods
from gongkai.workdays.clock import PARTY_LABELS, Clock, ClockError, ClockEvent, EventKind, Party, compute_clock, fmt

logger = logging.getLogger(__name__)


class CaseError(Refused):
    """A step the rules do not allow; the message is shown to the user as is."""


class Status(models.TextChoices):
    OPEN = "open", "办理中"
    REPLIED = "replied", "已答复"
    WITHDRAWN = "withdrawn", "申请人撤回"
    CLOSED = "closed", "已办结"


FINISHED = {Status.REPLIED, Status.WITHDRAWN, Status.CLOSED}


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def applicant_key(applicant_type, id_number="", credit_code="", name="", phone="") -> str:
    """One applicant across cases (repeat requests, art. 35 counts, per-month fees): the identity
    document or credit code when given, otherwise name and phone. Stored hashed."""
    if applicant_type == ApplicantType.PERSON and id_number:
        basis = "id:" + id_number.strip().upper()
    elif credit_code:
        basis = "org:" + credit_code.strip().upper()
    else:
        basis = f"name:{name.strip()}|{phone.strip()}"
    return _hash(basis)[:32]


def receipt_note(channel: str) -> str:
    """Why the receipt date is what it is, for the channel (条例 art. 31)."""
    rule = periods.RECEIPT_RULES[channel]
    return f"{rule.label}：{rule.rule}（{periods.RECEIPT_ARTICLE}）"


class CaseCounter(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="casecounter_unique")]

    def __str__(self):
        return f"{self.agency_id}/{self.year}"


class InfoRequestQuerySet(ScopedQuerySet):
    """``for_user``: cases staff may open, their agencies' (personal data stays within the agency,
    DESIGN rule 7). Cases have no ``public()``: nothing of a case is ever public."""

    def open(self):
        return self.filter(status=Status.OPEN)


class InfoRequest(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="受理机关", on_delete=models.PROTECT, related_name="requests")
    kind = models.CharField("申请类型", max_length=20, choices=CaseKind.choices, default=CaseKind.DISCLOSURE)
    number = models.CharField("申请编号", max_length=40, unique=True, editable=False)
    query_code_hash = models.CharField(max_length=64, editable=False)
    channel = models.CharField("提交方式", max_length=16)
    received_on = models.DateField("收到申请之日")
    receipt_note = models.CharField("收到日期依据", max_length=200, blank=True)
    applicant_type = models.CharField("申请人类型", max_length=16, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=12, choices=IdType.choices, blank=True)
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=60, blank=True)
    contact_person = models.CharField("联系人", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    information = models.TextField("所需信息的名称或描述")
    document_reference = models.CharField("文件名称或文号", max_length=200, blank=True)
    form_wanted = models.CharField("获取形式", max_length=12, choices=FormWanted.choices)
    delivery = models.CharField("获取方式", max_length=8, choices=Delivery.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="info_requests"
    )
    submission_key = models.CharField(max_length=64, blank=True, editable=False)
    applicant_key = models.CharField(max_length=32, default="", editable=False, db_index=True)
    department = models.ForeignKey(
        Department, verbose_name="主办处室", null=True, blank=True, on_delete=models.SET_NULL
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_requests",
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.OPEN, editable=False)
    outcome = models.CharField("办理结果", max_length=32, choices=Outcome.choices, blank=True, editable=False)
    reply_type = models.CharField("答复类型", max_length=32, choices=ReplyType.choices, blank=True, editable=False)
    # art. 36(五) / art. 41: the body that holds the information or can correct the record
    holder_name = models.CharField("负责的机关", max_length=100, blank=True, editable=False)
    holder_contact = models.CharField("该机关联系方式", max_length=200, blank=True, editable=False)
    # art. 36(一): where the published information is; art. 36(七): which procedure to use
    reply_route = models.CharField("获取或办理途径", max_length=500, blank=True, editable=False)
    # arts. 15, 32: disclosing over a third party's objection needs the public-interest finding
    public_interest_reason = models.TextField("公共利益理由", blank=True, editable=False)
    reply_text = models.TextField("答复内容", blank=True, editable=False)
    replied_on = models.DateField("答复日期", null=True, blank=True, editable=False)
    withheld_reasons = models.TextField("不予公开部分及理由", blank=True, editable=False)
    archived_on = models.DateField("归档日期", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InfoRequestQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-id"]
        constraints = [
            # the same form posted twice creates one request
            models.UniqueConstraint(
                fields=["agency", "submission_key"], condition=~models.Q(submission_key=""), name="request_once"
            )
        ]
        indexes = [models.Index(fields=["agency", "status"], name="request_agency_status")]  # staff queues

    def __str__(self):
        return self.number

    # -- intake --------------------------------------------------------------------------------
    @classmethod
    def register(cls, *, agency, by, channel, received_on, receipt_note="", submission_key="", **fields):
        """Create a case with its number and query code; returns (case, query code shown once)."""
        if submission_key:
            existing = cls.objects.filter(agency=agency, submission_key=submission_key).first()
            if existing:
                return existing, None
        code = secrets.token_hex(6).upper()  # 48 bits; wrong guesses are throttled (portal/requests.py)
        with transaction.atomic():
            counter, _ = CaseCounter.objects.select_for_update().get_or_create(agency=agency, year=received_on.year)
            counter.last += 1
            counter.save(update_fields=["last"])
            case = cls(
                agency=agency,
                number=f"{agency.code}-{received_on.year}-{counter.last:05d}",
                query_code_hash=_hash(code),
                channel=channel,
                received_on=received_on,
                receipt_note=receipt_note,
                submission_key=submission_key,
                user=by if getattr(by, "pk", None) and getattr(by, "kind", "") == "public" else None,
                handler=by if getattr(by, "pk", None) and getattr(by, "kind", "") == "staff" else None,
                applicant_key=applicant_key(
                    fields.get("applicant_type"),
                    fields.get("id_number", ""),
                    fields.get("credit_code", ""),
                    fields.get("applicant_name", ""),
                    fields.get("phone", ""),
                ),
                **fields,
            )
            try:
                with transaction.atomic():
                    case.save()
            except IntegrityError:
                # the same form posted twice at once: give the number back (no number is burned)
                counter.last -= 1
                counter.save(update_fields=["last"])
                existing = cls.objects.filter(agency=agency, submission_key=submission_key).first()
                if existing and submission_key:
                    return existing, None
                raise
            case.add_event(EventKind.RECEIVED, received_on, by=by, channel=channel)
            case.record_status("", Status.OPEN, by=by, reason=receipt_note)
            audit.record(by, "inforequest.registered", case, {"channel": channel, "received_on": received_on})
            case.tell_applicant(
                f"您向{agency.name}提出的政府信息公开申请已登记，申请编号 {case.number}，"
                f"收到申请之日为 {received_on:%Y年%-m月%-d日}。请凭申请编号和查询码查询办理进度。"
            )
        return case, code

    # -- where the case stands -----------------------------------------------------------------
    STAGES = ("登记", "分办", "办理", "答复", "送达", "归档")

    def stage(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(the stage bar: (stage, done/current/todo) for 登记 → 分办 → 办理 → 答复 → 送达 → 归档, and the
        next actions as (label, anchor on the case page)) — what the officer should do now."""
        letters = list(self.letters.all())
        unissued = any(letter.issued_on is None for letter in letters)
        finished = self.status != Status.OPEN
        done = {
            "登记": True,
            "分办": self.department_id is not None or finished,
            "办理": finished,
            "答复": finished and not unissued,
            "送达": finished and (self.delivery_proven() or self.status != Status.REPLIED),
            "归档": self.archived_on is not None,
        }
        current = next((name for name in self.STAGES if not done[name]), None)
        bar = [(name, "done" if done[name] else "current" if name == current else "todo") for name in self.STAGES]
        actions = {
            "分办": [("分办", "#assign"), ("记录办理步骤", "#step"), ("答复", "#reply")],
            "办理": [("记录办理步骤", "#step"), ("答复", "#reply")],
            "答复": [("出具文书", "#letters")],
            "送达": [("登记送达", "#dispatch")],
            "归档": [("归档", "#archive")],
        }.get(current or "", [])
        return bar, actions

    # -- the applicant -------------------------------------------------------------------------
    def status_url(self) -> str:
        return reverse("requests:status") + f"?number={self.number}"

    def tell_applicant(self, text: str) -> None:
        """Tell the applicant (in-site and by e-mail when signed in, else by the e-mail address given),
        with the status link; sent once the verb's transaction has committed. Call inside the verb."""
        url, subject = self.status_url(), f"【政府信息公开申请】{self.number}"

        def send() -> None:
            try:
                user = self.user
                if user is not None and user.is_active:
                    notify(user, text, url, email_subject=subject if user.email else "")
                elif self.email:
                    link = f"{settings.GONGKAI_SITE_URL.rstrip('/')}{url}"
                    send_mail(subject, f"{text}\n办理进度：{link}", None, [self.email])
            except OSError:  # the mail server: the case step stands, the failure is logged
                logger.warning("could not tell the applicant of %s", self.number, exc_info=True)

        transaction.on_commit(send)

    def send_code_recovery(self, *, contact: str) -> bool:
        """A lost query code: when ``contact`` is the e-mail address or the phone number given in the
        application, send a one-time link there (e-mail, or a text message through lib/sms). False
        when it matches neither or too many links went out today; the page says the same either way."""
        contact = contact.strip()
        by_mail = bool(self.email) and contact.lower() == self.email.lower()
        digits = re.sub(r"\D", "", contact)
        by_phone = len(digits) >= 7 and digits == re.sub(r"\D", "", self.phone)
        since = timezone.now() - datetime.timedelta(days=1)
        if not (by_mail or by_phone) or self.code_resets.filter(created_at__gte=since).count() >= (
            periods.QUERY_CODE_LINKS_PER_DAY
        ):
            return False
        token = secrets.token_urlsafe(24)
        with transaction.atomic():
            self.code_resets.create(token_hash=_hash(token), via="email" if by_mail else "sms")
            audit.record("申请人", "inforequest.code_link_sent", self, {"via": "email" if by_mail else "sms"})
        link = f"{settings.GONGKAI_SITE_URL.rstrip('/')}{reverse('requests:recover_link', args=[token])}"
        hours = periods.QUERY_CODE_LINK_HOURS
        text = f"政府信息公开申请 {self.number} 重新设置查询码：请在{hours}小时内打开 {link} （只能使用一次）"
        if by_mail:
            send_mail(f"【政府信息公开申请】{self.number} 重新设置查询码", text, None, [self.email])
        else:
            sms.send(self.phone, text)
        return True

    @classmethod
    def recover_code(cls, token: str) -> tuple[InfoRequest, str]:
        """Open a recovery link: a new query code replaces the old one (shown once); the link is spent."""
        reset = QueryCodeReset.objects.select_related("case").filter(token_hash=_hash(token)).first()
        cutoff = timezone.now() - datetime.timedelta(hours=periods.QUERY_CODE_LINK_HOURS)
        if reset is None or reset.used_at is not None or reset.created_at < cutoff:
            raise CaseError("链接：已失效或已经使用过，请重新申请找回查询码")
        code = secrets.token_hex(6).upper()
        with transaction.atomic():
            reset.used_at = timezone.now()
            reset.save(update_fields=["used_at"])
            case = reset.case
            case.query_code_hash = _hash(code)
            case.save(update_fields=["query_code_hash"])
            audit.record("申请人", "inforequest.code_reset", case, {"via": reset.via})
        return case, code

    def record_status(self, old: str, new: str, *, by, reason: str = "", letter=None) -> None:
        """The status row of a change made by a verb (call inside the verb's transaction)."""
        CaseStatusChange.objects.create(
            case=self, letter=letter, old=old, new=new, actor_name=actor_name(by), reason=reason[:2000]
        )

    def check_code(self, code: str) -> bool:
        return secrets.compare_digest(self.query_code_hash, _hash(code.strip().upper()))

    # -- the clock -----------------------------------------------------------------------------
    def add_event(self, kind, day, *, by, **extra):
        return CaseEvent.objects.create(case=self, kind=kind, date=day, actor_name=str(by or "系统"), **extra)

    def periods(self):
        """The periods this case's clock uses: an art. 41 correction request has its own reply period."""
        if self.kind == CaseKind.RECORD_CORRECTION:
            return {**periods.ALL, "reply": periods.RECORD_CORRECTION_REPLY}
        return periods.ALL

    def clock(self, today: datetime.date | None = None, extra: tuple[ClockEvent, ...] = ()) -> Clock:
        events = [e.as_clock_event() for e in self.events.all()] + list(extra)
        return compute_clock(events, today=today or timezone.localdate(), periods=self.periods())

    def _trial(self, kind, day, **extra) -> Clock:
        try:
            return self.clock(day, extra=(ClockEvent(kind, day, **extra),))
        except ClockError as exc:
            raise CaseError(str(exc)) from None

    def _step(self, verb, kind, day, *, by, note="", audit_extra=None, event_fields=None, **extra):
        """Add a clock event after checking the clock accepts it; audited in the same transaction."""
        if self.status in FINISHED:
            raise CaseError(f"该申请已{self.get_status_display()}，不能再{verb}")
        self._trial(kind, day, **extra)
        with transaction.atomic():
            event = self.add_event(kind, day, by=by, note=note, **extra, **(event_fields or {}))
            facts = {"date": day, "note": note, **extra, **(audit_extra or {})}
            audit.record(by, f"inforequest.{kind}", self, facts)
        return event

    # -- steps ---------------------------------------------------------------------------------
    def _open_only(self, verb):
        if self.status in FINISHED:
            raise CaseError(f"该申请已{self.get_status_display()}，不能再{verb}")

    def assign(self, *, by, department, lead=True, task="", on=None):
        """分办: the lead department answers for the case; others contribute their part."""
        self._open_only("分办")
        if department.agency_id != self.agency_id:
            raise CaseError("承办处室：必须属于受理机关")
        if self.assignments.filter(department=department, answered_on__isnull=True).exists():
            raise CaseError(f"承办处室：{department.name}已有未完成的分办")
        with transaction.atomic():
            assignment = self.assignments.create(
                department=department,
                lead=lead,
                task=task,
                assigned_on=on or timezone.localdate(),
                assigned_by=str(by),
            )
            if lead:
                self.department = department
                self.save(update_fields=["department"])
            audit.record(by, "inforequest.assigned", self, {"department": department.name, "lead": lead, "task": task})
        return assignment

    def preview_correction(self, on: datetime.date) -> list[str]:
        """What a 补正 notice sent on ``on`` would do to the clock, in the officer's words."""
        now = self.clock(on)
        trial = self._trial(EventKind.CORRECTION_REQUESTED, on)
        lines = []
        if trial.correction_late:
            lines.append(
                f"补正告知期限（收到申请后{periods.CORRECTION_NOTICE.days}个工作日）已于{fmt(trial.correction_due)}届满："
                "逾期发出必须写明理由，本案将标为“补正告知逾期”。"
            )
        else:
            lines.append(f"在补正告知期限（{fmt(trial.correction_due)}）内。")
        if trial.correction_void:
            lines.append(
                f"答复期限已于{fmt(now.due) if now.due else '—'}届满："
                "补正告知不会使期限重新计算，本案仍为超期，应尽快答复。"
            )
        else:
            lines.append(
                f"发出后答复期限停止计算；收到补正后的申请之日起重新计算{self.periods()['reply'].days}个工作日"
                f"（{periods.CORRECTION_NOTICE.article}）。申请人补正期限至"
                f"{fmt(add_workdays(on, periods.CORRECTION_ANSWER.days))}（{periods.CORRECTION_ANSWER.article}）。"
            )
        return lines

    def request_correction(self, *, by, on, note, late_reason=""):
        """补正告知 (art. 30): within 7 working days of receipt; a later one needs a stated reason, is
        marked late, and never restarts a reply period that has already run out."""
        trial = self._trial(EventKind.CORRECTION_REQUESTED, on)
        if trial.correction_late and not late_reason.strip():
            raise CaseError(
                f"逾期理由：补正告知应在收到申请后{periods.CORRECTION_NOTICE.days}个工作日内发出"
                f"（{periods.CORRECTION_NOTICE.article}，至{fmt(trial.correction_due)}），逾期发出必须写明理由"
            )
        late = {"late": True, "late_reason": late_reason.strip(), "restarts": not trial.correction_void}
        with transaction.atomic():
            event = self._step(
                "发出补正告知",
                EventKind.CORRECTION_REQUESTED,
                on,
                by=by,
                note=note,
                audit_extra=late if trial.correction_late else None,
                event_fields={"reason": late_reason.strip()} if trial.correction_late else None,
            )
            self.draft_letter(LetterKind.CORRECTION, by=by)
        return event

    def record_correction(self, *, by, on, note=""):
        return self._step("登记补正", EventKind.CORRECTION_RECEIVED, on, by=by, note=note)

    def awaiting_correction(self) -> bool:
        kinds = [e.kind for e in self.events.all()]
        return EventKind.CORRECTION_REQUESTED in kinds and EventKind.CORRECTION_RECEIVED not in kinds

    def correction_answer_due(self) -> datetime.date | None:
        """The last day the applicant has to correct (the notice's date + the platform's period)."""
        notices = [e.date for e in self.events.all() if e.kind == EventKind.CORRECTION_REQUESTED]
        return add_workdays(notices[0], periods.CORRECTION_ANSWER.days) if notices else None

    def correction_late(self) -> bool:
        """The 补正 notice went out after the 7 working days of art. 30."""
        notice = next((e for e in self.events.all() if e.kind == EventKind.CORRECTION_REQUESTED), None)
        return notice is not None and notice.date > add_workdays(self.received_on, periods.CORRECTION_NOTICE.days)

    CONSULTATION_LETTERS = {Party.THIRD_PARTY: LetterKind.CONSULTATION, Party.CO_PRODUCER: LetterKind.CO_PRODUCER}

    def start_consultation(self, *, by, on, party=Party.THIRD_PARTY, note=""):
        """征求意见: a third party (art. 32), a co-producer (art. 34) or another agency (art. 33 ¶3);
        the time is not counted. The first two answer within 15 working days of their receipt."""
        with transaction.atomic():
            event = self._step("征求意见", EventKind.CONSULTATION_STARTED, on, by=by, note=note, party=party)
            if party in self.CONSULTATION_LETTERS:
                self.draft_letter(self.CONSULTATION_LETTERS[party], by=by)
        return event

    def record_consultation_receipt(self, *, by, on, party=Party.THIRD_PARTY, note=""):
        """The consulted party received the letter: its 15 working days run from this day."""
        if party not in self.CONSULTATION_LETTERS:
            raise CaseError("征求对象：只有第三方和共同制作机关的答复期限自收到之日起计算")
        return self._step("登记收到征求意见函", EventKind.CONSULTATION_DELIVERED, on, by=by, note=note, party=party)

    def open_consultation(self) -> CaseEvent | None:
        started = [e for e in self.events.all() if e.kind == EventKind.CONSULTATION_STARTED]
        ended = sum(1 for e in self.events.all() if e.kind == EventKind.CONSULTATION_ENDED)
        return started[-1] if len(started) > ended else None

    def end_consultation(self, *, by, on, note="", objection=False):
        """The consulted party answered (``objection``: a third party objected to disclosure)."""
        current = self.open_consultation()
        party = Party(current.party) if current and current.party else Party.THIRD_PARTY
        return self._step(
            "结束征求意见",
            EventKind.CONSULTATION_ENDED,
            on,
            by=by,
            note=note,
            party=party,
            audit_extra={"objection": objection},
            event_fields={"objection": objection},
        )

    def third_party_objected(self) -> bool:
        ended = [e for e in self.events.all() if e.kind == EventKind.CONSULTATION_ENDED and e.party != Party.AGENCY]
        return any(e.objection for e in ended)

    def extend(self, *, by, on, days, note, approved_by=None):
        """延期 (art. 33 ¶2): approved by the head of the disclosure office, decided before the period
        ends; the approver is recorded by name, not only the person who entered it."""
        approver = approved_by or by
        if not has(approver, "inforequest.approve_extension", self):
            raise CaseError(
                f"批准人：延期须经政府信息公开工作机构负责人批准（{periods.EXTENSION_MAX.article}），"
                f"{getattr(approver, 'display_name', approver)}不是本机关的公开办负责人或领导"
            )
        before = self.clock(on)
        if before.due is not None and on > before.due:
            raise CaseError(
                f"日期：答复期限已于{fmt(before.due)}届满，延期应在期限届满前决定（{periods.EXTENSION_MAX.article}）"
            )
        if before.due is None and before.paused:
            raise CaseError(f"日期：期限暂停中（{before.pause_reason}），恢复计算后才能延期")
        with transaction.atomic():
            event = self._step(
                "延期",
                EventKind.EXTENSION_GRANTED,
                on,
                by=by,
                note=note,
                days=days,
                audit_extra={"approved_by": approver.display_name},
                event_fields={"approved_by": approver},
            )
            self.draft_letter(LetterKind.EXTENSION, by=by)
        return event

    # -- art. 35: requests beyond a reasonable number or frequency --------------------------------
    def reasons_state(self, on: datetime.date | None = None) -> str:
        """'' (never asked), 'asked', 'answered', or 'lapsed' (asked, no answer in the period) on ``on``."""
        asked = [e for e in self.events.all() if e.kind == EventKind.REASONS_REQUESTED]
        if not asked:
            return ""
        if any(e.kind == EventKind.REASONS_ANSWERED for e in self.events.all()):
            return "answered"
        due = add_workdays(asked[0].date, periods.REASONS_ANSWER.days)
        return "lapsed" if (on or timezone.localdate()) > due else "asked"

    def request_reasons(self, *, by, on, note):
        """Ask the applicant to state reasons (art. 35) before refusing or delaying."""
        if not note.strip():
            raise CaseError("说明：要求说明理由必须写明申请数量、频次超过合理范围的情况（第三十五条）")
        if self.reasons_state():
            raise CaseError("已经要求申请人说明理由")
        with transaction.atomic():
            event = self._step("要求说明理由", EventKind.REASONS_REQUESTED, on, by=by, note=note)
            self.draft_letter(LetterKind.REASONS, by=by)
        return event

    def record_reasons(self, *, by, on, note):
        if not note.strip():
            raise CaseError("说明：请记录申请人说明的理由")
        return self._step("登记申请人的说明", EventKind.REASONS_ANSWERED, on, by=by, note=note)

    def set_delayed_deadline(self, *, by, on, due, note):
        """Art. 35: requests far beyond a reasonable number with good reason get a delayed deadline;
        the applicant must have been asked for, and have given, the reasons first."""
        if not note.strip():
            raise CaseError("说明：确定延迟答复期限必须写明理由（第三十五条）")
        if self.reasons_state() != "answered":
            raise CaseError("延迟答复期限：须先要求申请人说明理由并登记其说明（第三十五条）")
        return self._step("确定延迟答复期限", EventKind.DELAYED_DEADLINE_SET, on, by=by, note=note, due=due)

    # -- fees (art. 42; 国办函〔2020〕109号) ------------------------------------------------------
    def requests_this_month(self) -> int:
        """This request's place among the applicant's requests to the agency in its calendar month."""
        same = InfoRequest.objects.filter(
            agency_id=self.agency_id,
            applicant_key=self.applicant_key,
            received_on__year=self.received_on.year,
            received_on__month=self.received_on.month,
        )
        earlier = models.Q(received_on__lt=self.received_on) | models.Q(received_on=self.received_on, id__lte=self.id)
        return same.filter(earlier).count()

    def fee_quote(self, method, pages=0) -> tuple[int, str]:
        """(amount in 元, how it was computed) for one method; never both (109号 art. 6)."""
        if method == FeeMethod.BY_COUNT:
            n = self.requests_this_month()
            amount = law.fee_for_nth_request(n)
            return amount, f"按件计收：本月第{n}件申请，{amount}元（{law.FEE_ARTICLE}）"
        if method == FeeMethod.BY_PAGE:
            if pages < 1:
                raise CaseError("页数：按量计收必须填写页数")
            amount = law.fee_for_pages(pages)
            return amount, f"按量计收：{pages}页，超额累进计{amount}元（{law.FEE_ARTICLE}）"
        raise CaseError("计收方式：请选择按件计收或按量计收")

    def issue_fee_notice(self, *, by, on, method, pages=0):
        self._open_only("收费")
        if hasattr(self, "fee"):
            raise CaseError("收费通知只能发出一次")
        # A fee notice is part of handling the request: it can go out only while the reply period runs.
        clock = self.clock(on)
        if clock.paused:
            raise CaseError(f"通知日期：期限暂停中（{clock.pause_reason}），答复期限计算期间才能发出收费通知")
        if clock.due is not None and on > clock.due:
            raise CaseError(f"通知日期：答复期限已于{fmt(clock.due)}届满，不能再发出收费通知")
        amount, basis = self.fee_quote(method, pages)
        if amount == 0:
            raise CaseError(f"{basis}，在免费范围内，不能收费")
        with transaction.atomic():
            Fee.objects.create(case=self, method=method, pages=pages, amount=amount, basis=basis, issued_on=on)
            event = self._step("收费", EventKind.FEE_NOTICE_ISSUED, on, by=by, note=basis)
            self.draft_letter(LetterKind.FEE, by=by)
        return event

    def record_fee_notice_receipt(self, *, by, on):
        """The applicant received the fee notice: the payment period runs from this day."""
        fee = getattr(self, "fee", None)
        if fee is None:
            raise CaseError("没有发出收费通知")
        if fee.notice_received_on:
            raise CaseError("已登记申请人收到收费通知的日期")
        if on < fee.issued_on:
            raise CaseError("收到日期：不能早于收费通知日期")
        with transaction.atomic():
            fee.notice_received_on = on
            fee.save(update_fields=["notice_received_on"])
            return self._step("登记收到收费通知", EventKind.FEE_NOTICE_RECEIVED, on, by=by)

    def record_payment(self, *, by, on):
        fee = getattr(self, "fee", None)
        if fee is None or fee.paid_on:
            raise CaseError("没有待缴的信息处理费")
        with transaction.atomic():
            fee.paid_on = on
            fee.save(update_fields=["paid_on"])
            return self._step("登记缴费", EventKind.FEE_PAID, on, by=by, note=f"{fee.amount}元")

    # -- reply and closing -----------------------------------------------------------------------
    def reply(
        self,
        *,
        by,
        on,
        text,
        outcome=None,
        reply_type=None,
        withheld_reasons="",
        files=(),
        holder_name="",
        holder_contact="",
        route="",
        public_interest="",
    ):
        """答复 (arts. 36–39, 41): the reply type decides the table 三 row, the letter and its remedy."""
        self._open_only("答复")
        reply_type = reply_type or outcome
        if reply_type not in ReplyType.values:
            raise CaseError("答复类型：请选择一种法定的答复类型")
        holder_name, holder_contact, route = holder_name.strip(), holder_contact.strip(), route.strip()
        # art. 36(五): when the holder is known, the reply names it (its own letter and article).
        if reply_type == ReplyType.UNAVAILABLE_NOT_HELD and holder_name:
            reply_type = ReplyType.NOT_HELD_OTHER_BODY
        record = reply_type in law.RECORD_REPLIES
        if record != (self.kind == CaseKind.RECORD_CORRECTION):
            raise CaseError(
                "答复类型：更正申请（第四十一条）只能作更正答复" if record is False
                else "答复类型：更正答复只适用于更正本人信息记录的申请（第四十一条）"
            )  # fmt: skip
        if reply_type in (ReplyType.OTHER_UNCORRECTED, ReplyType.OTHER_UNPAID):
            raise CaseError("答复类型：逾期不补正、逾期未缴费请用“办结”而不是答复")
        if not text.strip():
            raise CaseError("答复内容：必须填写")
        if reply_type == ReplyType.PARTIAL and not withheld_reasons.strip():
            raise CaseError("不予公开部分及理由：部分公开必须逐项写明不予公开的内容和理由（第三十七条）")
        if reply_type in law.NEEDS_ROUTE and not route:
            raise CaseError(law.NEEDS_ROUTE[reply_type])
        if reply_type in law.NEEDS_HOLDER and not holder_name:
            raise CaseError(law.NEEDS_HOLDER[reply_type])
        if holder_contact and not holder_name:
            raise CaseError("负责的机关：填写了联系方式，请同时写明机关名称")
        if reply_type == ReplyType.RECORD_REFUSED and not withheld_reasons.strip():
            raise CaseError("不予更正的理由：必须写明（第四十一条）")
        if reply_type == ReplyType.REFUSED_EXCESSIVE and self.reasons_state(on) not in ("answered", "lapsed"):
            raise CaseError(
                "答复类型：以无正当理由大量反复申请不予处理前，须先要求申请人说明理由，"
                "并登记其说明或等说明期限届满（第三十五条）"
            )
        outcome = law.REPLY_OUTCOME[reply_type]
        over_objection = outcome in (Outcome.GRANTED, Outcome.PARTIAL) and self.third_party_objected()
        if over_objection and not public_interest.strip():
            raise CaseError(
                "公共利益理由：第三方不同意公开，决定公开须认定不公开会对公共利益造成重大影响并写明理由，"
                "同时书面告知第三方（第十五条、第三十二条）"
            )
        if on < self.received_on:
            raise CaseError("答复日期：不能早于收到申请之日")
        with transaction.atomic():
            self.record_status(self.status, Status.REPLIED, by=by, reason=law.ReplyType(reply_type).label)
            self.status, self.outcome, self.reply_text, self.replied_on = Status.REPLIED, outcome, text, on
            self.reply_type, self.reply_route = reply_type, route
            self.holder_name, self.holder_contact = holder_name, holder_contact
            self.withheld_reasons = withheld_reasons.strip()
            self.public_interest_reason = public_interest.strip() if over_objection else ""
            self.save(
                update_fields=[
                    "status", "outcome", "reply_text", "replied_on", "withheld_reasons", "reply_type", "reply_route",
                    "holder_name", "holder_contact", "public_interest_reason",
                ]
            )  # fmt: skip
            for upload in files:
                CaseFile.store(self, upload, kind=CaseFile.Kind.RELEASED)
            facts = {"outcome": outcome, "reply_type": reply_type, "on": on, "files": len(files)}
            if over_objection:
                facts["public_interest"] = public_interest.strip()
            audit.record(by, "inforequest.replied", self, facts)
            self.draft_letter(LetterKind.REPLY, by=by)
            if over_objection:
                self.draft_letter(LetterKind.DISCLOSURE_NOTICE, by=by)

    def close_without_reply(self, *, by, on, outcome, note):
        """Close as （六）1 (not corrected) or （六）2 (fee unpaid) when the applicant's time has run out."""
        if outcome not in (Outcome.OTHER_UNCORRECTED, Outcome.OTHER_UNPAID):
            raise CaseError("只有逾期不补正或逾期未缴费可以不经答复办结")
        if outcome == Outcome.OTHER_UNCORRECTED:
            if not self.awaiting_correction():
                raise CaseError("没有待补正的补正告知，不能按逾期不补正办结")
            due = self.correction_answer_due()
            if on <= due:
                raise CaseError(f"补正期限至{due:%Y年%-m月%-d日}，期满后才能按逾期不补正办结")
        if outcome == Outcome.OTHER_UNPAID:
            fee = getattr(self, "fee", None)
            if fee is None or fee.paid_on:
                raise CaseError("没有未缴的收费通知，不能按逾期未缴费办结")
            if not fee.notice_received_on:
                raise CaseError("缴费期限自申请人收到收费通知之日起计算：请先登记申请人收到收费通知的日期")
            due = self.clock(on).fee_payment_due
            if due and on <= due:
                raise CaseError(f"缴费期限至{due:%Y年%-m月%-d日}，期满后才能按逾期未缴费办结")
        with transaction.atomic():
            self._finish(Status.CLOSED, by=by, on=on, outcome=outcome, note=note, verb="closed")
            self.draft_letter(LetterKind.REPLY, by=by)

    def withdraw(self, *, by, on, note=""):
        return self._finish(Status.WITHDRAWN, by=by, on=on, outcome=Outcome.OTHER, note=note, verb="withdrawn")

    def _finish(self, status, *, by, on, outcome, note, verb):
        if self.status in FINISHED:
            raise CaseError(f"该申请已{self.get_status_display()}")
        with transaction.atomic():
            self.record_status(self.status, status, by=by, reason=note)
            self.status, self.outcome, self.replied_on, self.reply_type = status, outcome, on, outcome
            self.save(update_fields=["status", "outcome", "replied_on", "reply_type"])
            audit.record(by, f"inforequest.{verb}", self, {"outcome": outcome, "on": on, "note": note})

    # -- delivery, archive, remedies -----------------------------------------------------------
    def dispatch(self, *, by, method, sent_on, tracking_number="", letter=None, note=""):
        """送达: how the reply (or another letter) went out; EMS needs its tracking number."""
        if method not in DispatchMethod.values:
            raise CaseError("送达方式：请选择一种送达方式")
        tracking_number = tracking_number.strip().upper()
        if method == DispatchMethod.EMS and not tracking_number:
            raise CaseError("邮件号：EMS 邮寄必须填写邮件号")
        if letter is not None and (letter.case_id != self.pk or not letter.issued_on):
            raise CaseError("文书：只能送达本案已出具的文书")
        if sent_on < self.received_on:
            raise CaseError("寄出日期：不能早于收到申请之日")
        with transaction.atomic():
            item = self.dispatches.create(
                method=method, tracking_number=tracking_number, sent_on=sent_on, letter=letter, note=note
            )
            facts = {"method": method, "tracking": tracking_number, "on": sent_on}
            audit.record(by, "inforequest.dispatched", self, facts)
            what = f"《{letter.title}》" if letter is not None else "答复"
            tracking = f"，邮件号 {tracking_number}" if tracking_number else ""
            self.tell_applicant(
                f"{self.agency.name}已于 {sent_on:%Y年%-m月%-d日} "
                f"以{DispatchMethod(method).label}方式向您送达{what}{tracking}。"
            )
        return item

    def record_delivery(self, *, by, dispatch, on, returned=False, note=""):
        if dispatch.case_id != self.pk:
            raise CaseError("送达记录不属于本案")
        if dispatch.received_on or dispatch.returned_on:
            raise CaseError("该送达已有签收或退回记录")
        if on < dispatch.sent_on:
            raise CaseError("签收或退回日期：不能早于寄出日期")
        with transaction.atomic():
            if returned:
                dispatch.returned_on = on
            else:
                dispatch.received_on = on
            dispatch.note = "\n".join(filter(None, [dispatch.note, note]))
            dispatch.save(update_fields=["received_on", "returned_on", "note"])
            verb = "returned" if returned else "delivered"
            audit.record(by, f"inforequest.{verb}", self, {"tracking": dispatch.tracking_number, "on": on})

    def delivery_proven(self) -> bool:
        return any(d.proven for d in self.dispatches.all())

    def archive(self, *, by, on):
        """办结归档: a finished case whose reply has provably reached (or been returned from) the applicant."""
        if self.status not in FINISHED:
            raise CaseError("办理中的申请不能归档")
        if self.archived_on:
            raise CaseError("该申请已归档")
        if self.status == Status.REPLIED and not self.delivery_proven():
            raise CaseError("答复尚无送达凭证（签收、退回或电子送达记录），不能归档")
        if self.letters.filter(issued_on__isnull=True).exists():
            raise CaseError("还有未出具的文书草稿，请出具或删除后再归档")
        with transaction.atomic():
            self.record_status(self.status, "archived", by=by)
            self.archived_on = on
            self.save(update_fields=["archived_on"])
            audit.record(by, "inforequest.archived", self, {"on": on})

    def report_challenge(self, *, by, kind, body, filed_on, after_review=False, note=""):
        """复议/诉讼报备 (art. 51): recorded for table 四."""
        if kind not in ChallengeKind.values:
            raise CaseError("类型：请选择行政复议或行政诉讼")
        if not body.strip():
            raise CaseError("复议机关或法院：必须填写")
        if filed_on < self.received_on:
            raise CaseError("受理日期：不能早于收到申请之日")
        if after_review and kind != ChallengeKind.LAWSUIT:
            raise CaseError("复议后起诉只适用于行政诉讼")
        with transaction.atomic():
            item = self.challenges.create(
                kind=kind, body=body.strip(), filed_on=filed_on, after_review=after_review, note=note
            )
            audit.record(by, "inforequest.challenged", self, {"kind": kind, "body": body, "on": filed_on})
        return item

    def decide_challenge(self, *, by, challenge, result, decided_on, note=""):
        if challenge.case_id != self.pk:
            raise CaseError("该复议诉讼记录不属于本案")
        if result not in ChallengeResult.values or result == ChallengeResult.PENDING:
            raise CaseError("结果：请选择维持、纠正或其他结果")
        if decided_on < challenge.filed_on:
            raise CaseError("审结日期：不能早于受理日期")
        with transaction.atomic():
            challenge.result, challenge.decided_on = result, decided_on
            challenge.note = "\n".join(filter(None, [challenge.note, note]))
            challenge.save(update_fields=["result", "decided_on", "note"])
            audit.record(by, "inforequest.challenge_decided", self, {"result": result, "on": decided_on})

    # -- letters -------------------------------------------------------------------------------
    def draft_letter(self, kind, *, by):
        # Local: the letter composer reads these models (cases, templates, letters).
        from gongkai.inforequests.letters import draft  # noqa: PLC0415

        return draft(self, kind, by=by)


EVENT_LABELS = [
    (EventKind.RECEIVED.value, "收到申请"),
    (EventKind.CONSULTATION_DELIVERED.value, "被征求意见方收到征求意见函"),
    (EventKind.FEE_NOTICE_RECEIVED.value, "申请人收到收费通知"),
    (EventKind.REASONS_REQUESTED.value, "要求申请人说明理由"),
    (EventKind.REASONS_ANSWERED.value, "申请人说明理由"),
    (EventKind.CORRECTION_REQUESTED.value, "发出补正告知"),
    (EventKind.CORRECTION_RECEIVED.value, "收到补正"),
    (EventKind.CONSULTATION_STARTED.value, "开始征求意见"),
    (EventKind.CONSULTATION_ENDED.value, "征求意见结束"),
    (EventKind.EXTENSION_GRANTED.value, "延期答复"),
    (EventKind.FEE_NOTICE_ISSUED.value, "发出收费通知"),
    (EventKind.FEE_PAID.value, "缴费"),
    (EventKind.DELAYED_DEADLINE_SET.value, "确定延迟答复期限"),
]


class CaseEvent(models.Model):
    case = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=EVENT_LABELS)
    date = models.DateField()
    days = models.PositiveSmallIntegerField(default=0)
    party = models.CharField(max_length=12, blank=True)
    due = models.DateField(null=True, blank=True)
    channel = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)
    reason = models.TextField("逾期理由", blank=True)  # a late 补正 notice's stated reason (art. 30)
    objection = models.BooleanField("第三方不同意公开", default=False)  # CONSULTATION_ENDED (art. 32)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )  # EXTENSION_GRANTED: the head of the disclosure office who approved it (art. 33 ¶2)
    actor_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.date}"

    @property
    def party_label(self) -> str:
        return PARTY_LABELS.get(cast(Party, self.party), "") if self.party else ""

    def as_clock_event(self) -> ClockEvent:
        return ClockEvent(
            EventKind(self.kind),
            self.date,
            channel=self.channel,
            days=self.days,
            due=self.due,
            party=Party(self.party) if self.party else Party.THIRD_PARTY,
        )


class Assignment(models.Model):
    """分办: a department asked to handle (lead) or contribute to a case."""

    case = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey(Department, verbose_name="承办处室", on_delete=models.PROTECT)
    lead = models.BooleanField("主办", default=True)
    task = models.CharField("分办事项", max_length=300, blank=True)
    assigned_on = models.DateField("分办日期")
    assigned_by = models.CharField(max_length=150)
    answered_on = models.DateField("办复日期", null=True, blank=True)
    answer = models.TextField("承办意见", blank=True)

    class Meta:
        ordering = ["assigned_on", "id"]

    def __str__(self):
        return f"{self.case_id} → {self.department_id}"

    def answer_with(self, *, by, text, on=None):
        if self.answered_on:
            raise CaseError("该分办已办复")
        if not text.strip():
            raise CaseError("承办意见：必须填写")
        with transaction.atomic():
            self.answer, self.answered_on = text.strip(), on or timezone.localdate()
            self.save(update_fields=["answer", "answered_on"])
            audit.record(by, "inforequest.assignment_answered", self.case, {"department": self.department.name})


class Fee(models.Model):
    case = models.OneToOneField(InfoRequest, on_delete=models.CASCADE, related_name="fee")
    method = models.CharField("计收方式", max_length=8, choices=FeeMethod.choices)
    pages = models.PositiveIntegerField("页数", default=0)
    amount = models.PositiveIntegerField("金额（元）")
    basis = models.CharField("计算依据", max_length=200)
    issued_on = models.DateField("通知日期")
    # the payment period runs from the applicant's receipt of the notice
    notice_received_on = models.DateField("申请人收到通知日期", null=True, blank=True)
    paid_on = models.DateField("缴费日期", null=True, blank=True)

    def __str__(self):
        return f"{self.case_id} {self.amount}元"


def case_file_path(instance, filename):
    return f"requests/{instance.case.agency.code}/{instance.case.number}/{secrets.token_hex(8)}/{filename}"


class CaseFile(models.Model):
    """Files of a case: the applicant's identity copy, information released with the reply."""

    class Kind(models.TextChoices):
        IDENTITY = "identity", "身份证明"
        EVIDENCE = "evidence", "更正证据"  # art. 41: evidence that a record is inaccurate
        RELEASED = "released", "公开的信息"

    case = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    file = models.FileField(upload_to=case_file_path, max_length=300)
    name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name

    @classmethod
    def store(cls, case, upload, *, kind):
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        return cls.objects.create(
            case=case, kind=kind, file=upload, name=upload.name[:200], size=upload.size, sha256=digest.hexdigest()
        )


class Dispatch(models.Model):
    """送达: one sending of a letter or the information, with its proof."""

    case = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="dispatches")
    letter = models.ForeignKey("Letter", null=True, blank=True, on_delete=models.SET_NULL)
    method = models.CharField("送达方式", max_length=8, choices=DispatchMethod.choices)
    tracking_number = models.CharField("邮件号", max_length=40, blank=True)
    sent_on = models.DateField("寄出（送达）日期")
    received_on = models.DateField("签收日期", null=True, blank=True)
    returned_on = models.DateField("退回日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self):
        return f"{self.case_id} {self.method} {self.tracking_number}"

    @property
    def proven(self) -> bool:
        return bool(self.received_on or self.returned_on or self.method in law.PROVEN_ON_SENDING)


class Challenge(models.Model):
    """复议/诉讼报备: one administrative review or lawsuit arising from the case (table 四)."""

    case = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="challenges")
    kind = models.CharField("类型", max_length=8, choices=ChallengeKind.choices)
    body = models.CharField("复议机关或法院", max_length=100)
    filed_on = models.DateField("受理日期")
    after_review = models.BooleanField("复议后起诉", default=False)
    result = models.CharField("结果", max_length=10, choices=ChallengeResult.choices, default=ChallengeResult.PENDING)
    decided_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["filed_on", "id"]

    def __str__(self):
        return f"{self.case_id} {self.kind}"

    def result_on(self, day: datetime.date) -> str:
        """The result as it stood on ``day`` (a decision after it counts as 尚未审结)."""
        if self.decided_on and self.decided_on <= day:
            return self.result
        return ChallengeResult.PENDING


class LetterTemplate(models.Model):
    """The wording of each letter, kept as data (seeded from letters.DEFAULTS, edited by the office)."""

    kind = models.CharField("文书", max_length=24, choices=LetterKind.choices)
    # the reply type (law.ReplyType) for replies; blank for the other letters
    outcome = models.CharField("答复类型", max_length=32, choices=ReplyType.choices, blank=True)
    title = models.CharField("标题", max_length=60)
    body = models.TextField("正文模板")
    articles = models.CharField("引用条款", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "outcome"]
        constraints = [models.UniqueConstraint(fields=["kind", "outcome"], name="lettertemplate_unique")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.get_outcome_display()}".strip()


class ReplyPhrase(models.Model):
    """答复口径: standard wording an office keeps for a kind of reply."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="reply_phrases")
    outcome = models.CharField("办理结果", max_length=32, choices=Outcome.choices, blank=True)
    title = models.CharField("标题", max_length=60)
    text = models.TextField("口径")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["outcome", "title"]

    def __str__(self):
        return self.title


def letter_path(instance, filename):
    return f"requests/{instance.case.agency.code}/{instance.case.number}/letters/{filename}"


class Letter(models.Model):
    """A letter of the case: drafted from its template, editable until issued, then frozen as DOCX."""

    case = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("文书", max_length=24, choices=LetterKind.choices)
    title = models.CharField("标题", max_length=60)
    body = models.TextField("正文")
    articles = models.CharField("引用条款", max_length=200, blank=True)
    drafted_on = models.DateField(auto_now_add=True)
    issued_on = models.DateField("出具日期", null=True, blank=True)
    issued_by = models.CharField(max_length=150, blank=True)
    file = models.FileField(upload_to=letter_path, max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    number = models.CharField("文号", max_length=80, blank=True)  # given at issue, when the agency numbers its letters

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.case_id} {self.title}"

    def _check_filled(self, body: str, hint: str = "") -> None:
        unfilled = PLACEHOLDER.findall(body)
        if unfilled:
            raise CaseError(f"正文：还有未填写的内容 {'、'.join('{' + u + '}' for u in unfilled)}{hint}")

    def edit(self, *, by, body: str) -> None:
        """Change a draft's wording; an issued letter is frozen."""
        if self.issued_on:
            raise CaseError("文书已出具，不能再修改")
        if not body.strip():
            raise CaseError("正文：不能为空")
        self._check_filled(body)
        with transaction.atomic():
            self.body = body.strip()
            self.save(update_fields=["body"])
            audit.record(by, "inforequest.letter_edited", self.case, {"letter": self.pk})

    def issue(self, *, by, on) -> None:
        """Freeze the letter: the DOCX is generated once, stored with the case and hashed."""
        if self.issued_on:
            raise CaseError("文书已出具")
        if "{复议机关}" in self.body:
            raise CaseError(
                f"行政复议机关：{self.case.agency.name}的复议机关尚未确定，请区政务公开办在机关设置中填写"
                "（《中华人民共和国行政复议法》第二十四条、第二十七条），然后重新生成或编辑本文书"
            )
        self._check_filled(self.body, "，请先编辑")
        if on < self.case.received_on:
            raise CaseError("出具日期：不能早于收到申请之日")
        with transaction.atomic():
            pattern = self.case.agency.letter_number_pattern
            if pattern:
                counter, _ = LetterCounter.objects.select_for_update().get_or_create(
                    agency=self.case.agency, year=on.year
                )
                counter.last += 1
                counter.save(update_fields=["last"])
                self.number = letter_number(pattern, on.year, counter.last)
            data = render_docx(self, on)
            self.issued_on, self.issued_by = on, str(by)
            self.sha256 = hashlib.sha256(data).hexdigest()
            self.file.save(f"{self.case.number}-{self.kind}-{self.pk}.docx", ContentFile(data), save=False)
            self.save(update_fields=["issued_on", "issued_by", "sha256", "file", "number"])
            self.case.record_status("draft", "issued", by=by, reason=self.title, letter=self)
            audit.record(by, "inforequest.letter_issued", self.case, {"letter": self.pk, "sha256": self.sha256})
            if self.kind in law.APPLICANT_LETTERS:
                self.case.tell_applicant(
                    f"{self.case.agency.name}已就您的申请（{self.case.number}）出具《{self.title}》，"
                    f"日期 {on:%Y年%-m月%-d日}，可在办理进度页查看和下载。"
                )


class LetterCounter(models.Model):
    """The last serial of an agency's numbered letters in a year (Agency.letter_number_pattern)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="lettercounter_unique")]

    def __str__(self):
        return f"{self.agency} {self.year}: {self.last}"


class QueryCodeReset(models.Model):
    """A one-time link that sets a new query code for an applicant who lost theirs."""

    case = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="code_resets")
    token_hash = models.CharField(max_length=64, unique=True)
    via = models.CharField(max_length=8)  # email / sms
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.case} {self.via} {self.created_at:%Y-%m-%d %H:%M}"


class CaseStatusChange(StatusRow):
    """A case's (or one of its letters') status history: registered, replied, closed, withdrawn,
    archived; a letter drafted → issued."""

    case = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="status_changes")
    letter = models.ForeignKey(Letter, null=True, blank=True, on_delete=models.CASCADE, related_name="status_changes")

    LABELS = {**dict(Status.choices), "archived": "已归档", "draft": "草稿", "issued": "已出具"}

    class Meta:
        ordering = ["case", "at", "id"]


class Reminder(models.Model):
    """A deadline reminder sent once per case, due date and lead time (the worker is idempotent)."""

    case = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="reminders")
    due = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "due", "days_before"], name="reminder_once"),
        ]

    def __str__(self):
        return f"{self.case_id} {self.due} -{self.days_before}"
