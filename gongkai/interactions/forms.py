from django import forms

from gongkai.accounts.models import Agency, Department
from gongkai.interactions.models import Incident, Message
from gongkai.workdays import periods

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# -- the public -------------------------------------------------------------------------------------
class AskForm(forms.Form):
    subject = forms.CharField(label="标题", max_length=100)
    text = forms.CharField(
        label="留言内容", widget=forms.Textarea(attrs={"rows": 6}), max_length=periods.MESSAGE_MAX_CHARS,
        help_text=f"不超过 {periods.MESSAGE_MAX_CHARS} 字。输入时下方会列出知识库中可能已有的答案。",
    )  # fmt: skip
    private_text = forms.CharField(
        label="不公开的内容（可不填）", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如门牌号、证件号等只给办理人员看的内容；选登时无论如何都不会公开",
    )  # fmt: skip
    name = forms.CharField(label="姓名", max_length=60, required=False)
    phone = forms.CharField(label="电话（不公开）", max_length=30, required=False)
    email = forms.EmailField(label="电子邮箱（不公开，用于接收答复通知）", required=False)
    consent = forms.BooleanField(label="同意在答复后选登我的留言（个人信息会被隐去）", required=False)
    kb_seen = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, signed_in=False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            for name in ("name", "phone", "email"):
                self.fields[name].required = False
                self.fields[name].help_text = "已登录：默认使用账号中的联系方式"


class LookupForm(forms.Form):
    number = forms.CharField(label="留言编号", max_length=30)
    code = forms.CharField(label="查询码", max_length=20)


class RateForm(forms.Form):
    rating = forms.ChoiceField(label="满意度", choices=Message.Rating.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="评价说明（可不填）", max_length=300, required=False)


# -- the workspace ----------------------------------------------------------------------------------
class AcceptForm(forms.Form):
    department: forms.ModelChoiceField = forms.ModelChoiceField(
        label="承办处室（可不选，由公开办答复）", queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class AssignForm(forms.Form):
    department: forms.ModelChoiceField = forms.ModelChoiceField(label="分办至处室", queryset=Department.objects.none())

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class TransferForm(forms.Form):
    to: forms.ModelChoiceField = forms.ModelChoiceField(label="转办机关", queryset=Agency.objects.none())
    reason = forms.CharField(label="转办理由", max_length=300)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = agencies


class TransferAnswerForm(forms.Form):
    accept = forms.TypedChoiceField(label="是否接收", choices=[("1", "接收"), ("0", "不接收，退回")],
                                    coerce=lambda v: v == "1")  # fmt: skip
    reason = forms.CharField(label="退回理由", max_length=300, required=False)


class ConvertForm(forms.Form):
    kind = forms.ChoiceField(label="转出类别", choices=Message.Conversion.choices)
    reason = forms.CharField(label="转出理由和办理渠道（告知留言人）", widget=forms.Textarea(attrs={"rows": 2}))


class DraftForm(forms.Form):
    text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)


class ReviewForm(forms.Form):
    approve = forms.TypedChoiceField(label="审核", choices=[("1", "同意答复"), ("0", "退回修改")],
                                     coerce=lambda v: v == "1")  # fmt: skip
    note = forms.CharField(label="审核意见（退回必填）", max_length=300, required=False)
    to_kb = forms.BooleanField(label="同时把问答收入政策咨询知识库（待审核）", required=False)


class SuperviseForm(forms.Form):
    note = forms.CharField(label="督办意见", max_length=300)


class PublishForm(forms.Form):
    text = forms.CharField(label="选登留言（可删节）", widget=forms.Textarea(attrs={"rows": 4}))
    reply = forms.CharField(label="选登答复", widget=forms.Textarea(attrs={"rows": 4}))
    confirm = forms.BooleanField(label="已核对预览，确认选登", required=False)


class AnswerForm(forms.Form):
    question = forms.CharField(label="问题", max_length=200)
    answer = forms.CharField(label="答复", widget=forms.Textarea(attrs={"rows": 5}))
    document = forms.CharField(label="对应政策（发文字号或完整标题，可不填）", max_length=300, required=False)
    tags = forms.CharField(label="标签（用顿号或逗号分隔）", max_length=200, required=False)

    @property
    def tag_list(self) -> list[str]:
        raw = self.cleaned_data.get("tags") or ""
        return [t for t in raw.replace("，", "、").replace(",", "、").split("、") if t.strip()]


class IncidentForm(forms.Form):
    title = forms.CharField(label="事件", max_length=200)
    kind = forms.ChoiceField(label="类别", choices=Incident.Kind.choices)
    known_at = forms.DateTimeField(label="获知时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class ResponseForm(forms.Form):
    text = forms.CharField(label="回应内容", widget=forms.Textarea(attrs={"rows": 4}))
    publish = forms.BooleanField(label="在门户公布", required=False, initial=True)
