import uuid

from django import forms
from django.utils import timezone

from gongkai.accounts.validators import validate_credit_code, validate_id_card
from gongkai.inforequests.law import ApplicantType, IdType, Outcome
from gongkai.inforequests.models import InfoRequest
from gongkai.workdays import periods as law
from gongkai.workdays.clock import Party

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
APPLICANT_FIELDS = [
    "applicant_type", "applicant_name", "id_type", "id_number", "credit_code", "legal_representative",
    "contact_person", "phone", "email", "address", "information", "document_reference", "form_wanted", "delivery",
]  # fmt: skip


class ApplicationForm(forms.ModelForm):
    """The online application (条例 art. 29): who asks, what is sought, in which form."""

    submission_key = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = InfoRequest
        fields = APPLICANT_FIELDS
        widgets = {"information": forms.Textarea(attrs={"rows": 4}), "applicant_type": forms.RadioSelect}
        labels = {"applicant_name": "姓名（法人或其他组织填名称）"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = uuid.uuid4().hex
        self.fields["id_type"].choices = [("", "（法人或其他组织不填）"), *IdType.choices]

    def clean(self):
        data = super().clean()
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


class StatusLookupForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=40)
    code = forms.CharField(label="查询码", max_length=16)


class StepForm(forms.Form):
    STEPS = [
        ("request_correction", "发出补正告知"),
        ("record_correction", "登记收到补正"),
        ("start_consultation", "开始征求意见"),
        ("end_consultation", "征求意见结束"),
        ("extend", "延期答复"),
    ]
    step = forms.ChoiceField(label="办理步骤", choices=STEPS)
    on = forms.DateField(label="日期", widget=DATE)
    party = forms.ChoiceField(
        label="征求对象", choices=[(Party.THIRD_PARTY, "第三方"), (Party.AGENCY, "其他机关")], required=False
    )
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=law.EXTENSION_MAX.days, required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("step") == "extend" and not data.get("days"):
            self.add_error("days", f"延长工作日数：延期必须填写（1—{law.EXTENSION_MAX.days}）")
        if data.get("step") == "request_correction" and not (data.get("note") or "").strip():
            self.add_error("note", "说明：补正告知必须写明需要补正的事项")
        return data


class ReplyForm(forms.Form):
    outcome = forms.ChoiceField(label="办理结果（年报表三的行）", choices=Outcome.choices)
    on = forms.DateField(label="答复日期", widget=DATE)
    text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 5}))
