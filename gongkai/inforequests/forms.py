import re
import uuid

from django import forms
from django.conf import settings
from django.utils import timezone

from gongkai.accounts.models import Department, Role, User, UserKind
from gongkai.accounts.validators import validate_credit_code, validate_id_card
from gongkai.documents.forms import MultipleFileField
from gongkai.inforequests.law import (
    RECORD_REPLIES,
    ApplicantType,
    CaseKind,
    ChallengeKind,
    ChallengeResult,
    DispatchMethod,
    FeeMethod,
    IdType,
    Outcome,
    ReplyType,
)
from gongkai.inforequests.letters import PLACEHOLDER, PLACEHOLDER_HELP
from gongkai.inforequests.models import InfoRequest, LetterTemplate, ReplyPhrase
from gongkai.lib.files import check_upload
from gongkai.workdays import periods as law
from gongkai.workdays.clock import PARTY_LABELS, Party

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
IDENTITY_KINDS, IDENTITY_MAX_MB = {"pdf", "jpg", "png"}, 10
APPLICANT_FIELDS = [
    "kind", "applicant_type", "applicant_name", "id_type", "id_number", "credit_code", "legal_representative",
    "contact_person", "phone", "email", "address", "information", "document_reference", "form_wanted", "delivery",
]  # fmt: skip


class ApplicationForm(forms.ModelForm):
    """The online application (条例 art. 29): who asks, what is sought, in which form."""

    submission_key = forms.CharField(widget=forms.HiddenInput)
    identity_files = MultipleFileField(
        label="身份证明（可选；更正申请请一并上传证据）",
        required=False,
        help_text="身份证件或营业执照、证明记录不准确的材料的照片或扫描件，PDF、JPG、"
        "PNG，每个不超过 {IDENTITY_MAX_MB} MB；"
        "表单有错误时需要重新选择文件",
    )

    class Meta:
        model = InfoRequest
        fields = APPLICANT_FIELDS
        widgets = {
            "information": forms.Textarea(attrs={"rows": 4}),
            "applicant_type": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "form_wanted": forms.RadioSelect,
            "delivery": forms.RadioSelect,
        }
        labels = {"applicant_name": "姓名（法人或其他组织填名称）"}
        help_texts = {
            "kind": "认为行政机关提供的与您自身相关的政府信息记录不准确的，可以要求更正（第四十一条），"
            "请在下面写明需要更正的记录、不准确之处，并上传证据",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = uuid.uuid4().hex
        self.fields["kind"].required = False  # most people ask for information: that is the default
        self.fields["id_type"].choices = [("", "（法人或其他组织不填）"), *IdType.choices]
        # nothing chosen for the applicant: no "---------" option to pick or to find pre-selected
        for name in ("applicant_type", "form_wanted", "delivery"):
            if name in self.fields:
                self.fields[name].choices = [(k, v) for k, v in self.fields[name].choices if k != ""]

    def clean_phone(self):
        """A telephone number: digits, with +, -, spaces, parentheses or 转 (extension) between them."""
        phone = self.cleaned_data["phone"].strip()
        digits = re.sub(r"\D", "", phone)
        if not re.fullmatch(r"\+?[0-9][0-9 \-()（）转]*", phone) or not 5 <= len(digits) <= 20:
            raise forms.ValidationError("联系电话：只能填写数字（可含 +、-、空格、括号、“转”），5—20 位数字")
        return phone

    def clean_identity_files(self):
        uploads = self.cleaned_data["identity_files"]
        errors = []
        for upload in uploads:
            kind, error = check_upload(upload, max_bytes=IDENTITY_MAX_MB * 1024 * 1024)
            if error or kind not in IDENTITY_KINDS:
                errors.append(f"身份证明：{error or f'“{upload.name}”只接受 PDF、JPG、PNG 文件'}")
        if errors:
            raise forms.ValidationError(errors)
        return uploads

    def clean(self):
        data = super().clean()
        data["kind"] = data.get("kind") or CaseKind.DISCLOSURE
        person = data.get("applicant_type") == ApplicantType.PERSON
        if person:
            if not data.get("id_type"):
                self.add_error("id_type", "证件类型：自然人必须选择")
            if not data.get("id_number"):
                self.add_error("id_number", "证件号码：自然人必须填写")
            elif data.get("id_type") == IdType.ID_CARD:
                try:
                    validate_id_card(data["id_number"])
                except forms.ValidationError as exc:
                    self.add_error("id_number", exc)
            data["credit_code"] = ""
        elif data.get("applicant_type"):
            if not data.get("credit_code"):
                self.add_error("credit_code", "统一社会信用代码：法人或其他组织必须填写")
            else:
                try:
                    validate_credit_code(data["credit_code"].strip().upper())
                    data["credit_code"] = data["credit_code"].strip().upper()
                except forms.ValidationError as exc:
                    self.add_error("credit_code", exc)
            if not data.get("contact_person"):
                self.add_error("contact_person", "联系人：法人或其他组织必须填写")
        return data


class RegistrationForm(ApplicationForm):
    """Staff registration of an offline request; the receipt date follows art. 31 for its channel."""

    channel = forms.ChoiceField(
        label="提交方式", choices=[(k, r.label) for k, r in law.RECEIPT_RULES.items() if k != "online"]
    )
    received_on = forms.DateField(
        label="收到申请之日",
        widget=DATE,
        help_text="当面提交：提交之日；邮寄：签收之日；平常信函：与申请人确认之日；传真、电子邮件：双方确认之日（第三十一条）",
    )

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("收到申请之日：不能晚于今天")
        return day


class CodeRecoveryForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=40)
    contact = forms.CharField(
        label="申请时填写的电子邮箱或联系电话", max_length=100, help_text="找回链接会发到这个邮箱或手机号"
    )


class StatusLookupForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=40)
    code = forms.CharField(label="查询码", max_length=16)


class StepForm(forms.Form):
    STEPS = [
        ("request_correction", "发出补正告知"),
        ("record_correction", "登记收到补正"),
        ("start_consultation", "开始征求意见"),
        ("record_consultation_receipt", "登记对方收到征求意见函"),
        ("end_consultation", "征求意见结束（收到答复）"),
        ("extend", "延期答复"),
        ("request_reasons", "要求申请人说明理由（第三十五条）"),
        ("record_reasons", "登记申请人说明的理由（第三十五条）"),
        ("delay", "确定延迟答复期限（第三十五条）"),
    ]
    step = forms.ChoiceField(label="办理步骤", choices=STEPS)
    on = forms.DateField(label="日期", widget=DATE)
    party = forms.ChoiceField(
        label="征求对象",
        choices=[(p.value, PARTY_LABELS[p]) for p in (Party.THIRD_PARTY, Party.CO_PRODUCER, Party.AGENCY)],
        required=False,
        help_text="第三方（第三十二条）、共同制作机关（第三十四条）自收到之日起15个工作日内答复；其他机关（第三十三条第三款）",
    )
    objection = forms.BooleanField(label="第三方不同意公开", required=False)
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=law.EXTENSION_MAX.days, required=False)
    approved_by = forms.ModelChoiceField(
        label="批准人（公开办负责人或领导）",
        queryset=User.objects.none(),
        required=False,
        help_text="第三十三条第二款：延期须经政府信息公开工作机构负责人同意",
    )
    due = forms.DateField(label="延迟答复期限（第三十五条）", widget=DATE, required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    late_reason = forms.CharField(
        label="逾期理由（补正告知超过7个工作日时必填）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        heads = User.objects.filter(
            agency_id=case.agency_id,
            is_active=True,
            kind=UserKind.STAFF,
            role_grants__role__in=[Role.OFFICE_HEAD, Role.LEADER],
        ).distinct()
        self.fields["approved_by"].queryset = heads
        self.fields["approved_by"].label_from_instance = lambda user: user.display_name

    def clean(self):
        data = super().clean()
        if data.get("step") == "delay" and not data.get("due"):
            self.add_error("due", "延迟答复期限：确定延迟答复期限必须填写日期")
        if data.get("step") == "extend":
            if not data.get("days"):
                self.add_error("days", f"延长工作日数：延期必须填写（1—{law.EXTENSION_MAX.days}）")
            if not data.get("approved_by"):
                self.add_error("approved_by", "批准人：延期必须写明批准的公开办负责人或领导（第三十三条第二款）")
        if data.get("step") == "request_correction" and not (data.get("note") or "").strip():
            self.add_error("note", "说明：补正告知必须写明需要补正的事项")
        if data.get("step") in ("request_reasons", "record_reasons") and not (data.get("note") or "").strip():
            self.add_error("note", "说明：必须写明申请数量、频次情况或申请人说明的理由（第三十五条）")
        return data


def _checked_files(uploads, label):
    limit = settings.GONGKAI_ATTACHMENT_MAX_MB * 1024 * 1024
    errors = [error for upload in uploads for _kind, error in [check_upload(upload, max_bytes=limit)] if error]
    if errors:
        raise forms.ValidationError([f"{label}：{e}" for e in errors])
    return uploads


def reply_choices(case) -> list[tuple[str, str]]:
    """The reply types this case can take: an art. 41 correction request its own three, a disclosure
    request the rest (the two 办结 outcomes are closures, not replies)."""
    if case.kind == CaseKind.RECORD_CORRECTION:
        return [(t.value, t.label) for t in ReplyType if t in RECORD_REPLIES]
    closures = (ReplyType.OTHER_UNCORRECTED, ReplyType.OTHER_UNPAID, ReplyType.NOT_HELD_OTHER_BODY)
    return [(t.value, t.label) for t in ReplyType if t not in RECORD_REPLIES and t not in closures]


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果（年报表三的行）", choices=[])
    on = forms.DateField(label="答复日期", widget=DATE)
    text = forms.CharField(
        label="答复内容",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="写明提供的信息、获取方式；答复书的法律依据和救济途径由模板自动填入",
    )
    withheld_reasons = forms.CharField(
        label="不予公开部分及理由（部分公开）／不予更正的理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="部分公开时逐项写明，每行一项：不予公开的内容——理由和依据（第三十七条）",
    )
    route = forms.CharField(
        label="获取途径／办理途径",
        max_length=500,
        required=False,
        help_text="已主动公开：写明在哪里、怎样获取（第三十六条第（一）项）；行政查询事项：写明依照哪一规定向哪个机构查询（第（七）项）",
    )
    holder_name = forms.CharField(
        label="负责公开（或有权更正）的机关",
        max_length=100,
        required=False,
        help_text="本机关不掌握、但知道由哪个机关负责公开时填写，答复书将告知该机关（第三十六条第（五）项）",
    )
    holder_contact = forms.CharField(label="该机关的联系方式", max_length=200, required=False)
    public_interest = forms.CharField(
        label="公共利益理由（第三方不同意公开而决定公开时必填）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # a field named "files" (the form moves it into base_fields; self.files stays the uploads);
    # django-stubs reads the name as BaseForm.files
    files = MultipleFileField(label="公开的信息（附件）", required=False)  # type: ignore[assignment]

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = reply_choices(case)

    def clean_files(self):
        return _checked_files(self.cleaned_data["files"], "公开的信息")

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.PARTIAL and not (data.get("withheld_reasons") or "").strip():
            self.add_error("withheld_reasons", "不予公开部分及理由：部分公开必须逐项写明（第三十七条）")
        return data


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(label="承办处室", queryset=Department.objects.none())
    lead = forms.BooleanField(label="主办（不勾选为协办）", required=False, initial=True)
    task = forms.CharField(label="分办事项", max_length=300, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(agency_id=case.agency_id)
        self.fields["department"].label_from_instance = lambda department: department.name


class AnswerForm(forms.Form):
    assignment = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label="承办意见", widget=forms.Textarea(attrs={"rows": 2}))


class FeeForm(forms.Form):
    method = forms.ChoiceField(label="计收方式", choices=FeeMethod.choices)
    pages = forms.IntegerField(label="页数（按量计收）", min_value=1, max_value=100000, required=False)
    on = forms.DateField(label="通知日期", widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("method") == FeeMethod.BY_PAGE and not data.get("pages"):
            self.add_error("pages", "页数：按量计收必须填写页数")
        return data


class DateForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE)


class CloseForm(forms.Form):
    KINDS = [
        ("withdraw", "申请人撤回（（六）3）"),
        (Outcome.OTHER_UNCORRECTED, "逾期不补正（（六）1）"),
        (Outcome.OTHER_UNPAID, "逾期未缴费（（六）2）"),
    ]
    kind = forms.ChoiceField(label="办结方式", choices=KINDS)
    on = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class DispatchForm(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=DispatchMethod.choices)
    tracking_number = forms.CharField(label="邮件号", max_length=40, required=False)
    sent_on = forms.DateField(label="寄出（送达）日期", widget=DATE)
    letter = forms.TypedChoiceField(label="送达的文书", coerce=int, required=False, empty_value=None)
    note = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        issued = case.letters.filter(issued_on__isnull=False)
        self.fields["letter"].choices = [("", "（不指定）"), *[(x.pk, x.title) for x in issued]]

    def clean(self):
        data = super().clean()
        if data.get("method") == DispatchMethod.EMS and not (data.get("tracking_number") or "").strip():
            self.add_error("tracking_number", "邮件号：EMS 邮寄必须填写邮件号")
        return data


class DeliveryForm(forms.Form):
    dispatch = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label="签收或退回日期", widget=DATE)
    returned = forms.BooleanField(label="被退回", required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)


class ChallengeForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ChallengeKind.choices)
    body = forms.CharField(label="复议机关或法院", max_length=100)
    filed_on = forms.DateField(label="受理日期", widget=DATE)
    after_review = forms.BooleanField(label="复议后起诉", required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)


class DecisionForm(forms.Form):
    challenge = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(
        label="结果", choices=[c for c in ChallengeResult.choices if c[0] != ChallengeResult.PENDING]
    )
    decided_on = forms.DateField(label="审结日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=500, required=False)


class LetterForm(forms.Form):
    letter = forms.IntegerField(widget=forms.HiddenInput)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 10}), required=False)
    on = forms.DateField(label="出具日期", widget=DATE, required=False)


class PhraseForm(forms.ModelForm):
    class Meta:
        model = ReplyPhrase
        fields = ["outcome", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class CorrectionForm(forms.Form):
    """The applicant's own answer to a correction notice, on the status page."""

    text = forms.CharField(label="补正内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class TemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["title", "body", "articles"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def clean_body(self):
        body = self.cleaned_data["body"]
        unknown = sorted(set(PLACEHOLDER.findall(body)) - set(PLACEHOLDER_HELP))
        if unknown:
            raise forms.ValidationError(f"正文模板：不认识的占位符 {'、'.join('{' + u + '}' for u in unknown)}")
        return body
