from django import forms

from gongkai.decisions.models import PROCEDURES, STAGES, CommentGroup, Hearing
from gongkai.decisions.models.consultation import docx_text
from gongkai.lib.errors import Refused
from gongkai.lib.files import decode_text, sniff
from gongkai.workdays import periods

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OpenForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2015, max_value=2100)


class EntryForm(forms.Form):
    matter = forms.CharField(label="决策事项", max_length=300)
    unit = forms.CharField(label="承办单位", max_length=100)
    timing = forms.CharField(label="计划完成时间", max_length=100, required=False)
    procedures = forms.MultipleChoiceField(
        label="适用程序", choices=list(PROCEDURES.items()), required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label="调整理由（目录公布后必填）", max_length=500, required=False)


class ApproveForm(forms.Form):
    on = forms.DateField(label="同意日期", widget=DATE)
    approval = forms.CharField(label="同意情况", max_length=200, initial="经区委、区政府同意")


class OutsideForm(forms.Form):
    matter = forms.CharField(label="决策事项", max_length=300)
    unit = forms.CharField(label="承办单位", max_length=100)
    reason = forms.CharField(label="未列入目录的理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="调出理由", max_length=500)


class StepForm(forms.Form):
    stage = forms.ChoiceField(label="阶段", choices=[(s.code, s.label) for s in STAGES if s.code != "catalogue"])
    on = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(label="说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    documents = forms.CharField(
        label="文件（公文库中的发文字号或完整标题，每行一个）", required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="决策草案、风险评估报告、合法性审查意见、决策文件及其解读等；门户只显示其中已公开的文件",
    )  # fmt: skip

    def resolve(self, documents) -> list:
        """The library items the lines name, looked up in ``documents`` (the user's scope); a line that
        names none is an error on the field, naming the line."""
        found, missing = [], []
        for line in (self.cleaned_data.get("documents") or "").splitlines():
            line = line.strip()
            if not line:
                continue
            doc = documents.by_reference(line)
            if doc is None:
                missing.append(line)
            else:
                found.append(doc)
        if missing:
            self.add_error("documents", f"文件：公文库中找不到“{'”“'.join(missing[:3])}”（请填写发文字号或完整标题）")
        return found


class ConsultationForm(forms.Form):
    title = forms.CharField(label="草案名称", max_length=200)
    text = forms.CharField(
        label="草案正文", required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text="按“第一条……”或“一、……”分条的，公众可以逐条提意见；不能分条的，就全文提意见",
    )  # fmt: skip
    file = forms.FileField(label="或上传草案（.docx）", required=False, help_text=".docx 或 .txt，不超过 5 MB")
    explanation = forms.CharField(label="起草说明", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="截止日期", widget=DATE)
    short_reason = forms.CharField(
        label=f"期限少于{periods.COMMENT_PERIOD_MIN_DAYS}日的理由", required=False,
        widget=forms.Textarea(attrs={"rows": 2}), help_text="将在征求意见页面上公布",
    )  # fmt: skip
    other_channels = forms.CharField(label="其他提交方式（信函、传真等）", required=False, max_length=500)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        name = upload.name.lower()
        if not name.endswith((".docx", ".txt")):
            raise forms.ValidationError("上传草案：只接受 .docx 或 .txt 文件")
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("上传草案：超过 5 MB")
        if name.endswith(".docx") and sniff(upload) != "docx":
            raise forms.ValidationError("上传草案：文件内容不是 DOCX，与扩展名不符")
        data = upload.read()
        if name.endswith(".txt"):
            text = decode_text(data)
            if text is None:
                raise forms.ValidationError("上传草案：无法识别文本编码（请存为 UTF-8 或 GBK）")
            return text
        try:
            return docx_text(data)
        except Refused as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file"):
            self.add_error("text", "草案正文：请粘贴正文或上传 .docx 文件")
        return data

    @property
    def draft_text(self) -> str:
        return self.cleaned_data.get("file") or self.cleaned_data.get("text") or ""


class HearingForm(forms.Form):
    kind = forms.ChoiceField(label="形式", choices=Hearing.Kind.choices)
    held_at = forms.DateTimeField(label="举行时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label="地点", max_length=200)
    notice = forms.CharField(label="通知", widget=forms.Textarea(attrs={"rows": 3}))
    participants = forms.CharField(label="参加人名单", widget=forms.Textarea(attrs={"rows": 3}))


class ModerateForm(forms.Form):
    comment = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label="审核结果", choices=[("publish", "公开（自动隐去个人信息）"),
                                                        ("keep", "不公开（计入采纳情况）"),
                                                      ("reject", "不予受理")])  # fmt: skip
    note = forms.CharField(label="审核说明", max_length=300, required=False)


class AnswerForm(forms.Form):
    group = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="采纳情况", choices=CommentGroup.Outcome.choices)
    reason = forms.CharField(label="理由（不予采纳必填）", max_length=1000, required=False)


class DecideForm(forms.Form):
    on = forms.DateField(label="决策日期", widget=DATE)
    meeting = forms.CharField(label="决策会议", max_length=100, help_text="如“区政府第12次常务会议”")


class ReportForm(forms.Form):
    summary = forms.CharField(
        label="意见收集和采纳的总体情况", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="如：共收到意见N条，经梳理归并为M条，采纳X条，部分采纳Y条；集中意见未予采纳的，说明理由",
    )  # fmt: skip


class MeetingForm(forms.Form):
    title = forms.CharField(label="会议", max_length=200, help_text="如“区政府第15次常务会议”")
    held_on = forms.DateField(label="会议日期", widget=DATE)
    apply_by = forms.DateField(label="报名截止日期", widget=DATE)
    call_text = forms.CharField(label="征集公告", widget=forms.Textarea(attrs={"rows": 4}))
    citizen = forms.IntegerField(label="市民代表名额", min_value=0, max_value=20, initial=2)
    small = forms.IntegerField(label="小微企业代表名额", min_value=0, max_value=20, initial=1)
    private = forms.IntegerField(label="民营企业代表名额", min_value=0, max_value=20, initial=1)

    @property
    def seats(self) -> dict[str, int]:
        return {c: self.cleaned_data[c] for c in ("citizen", "small", "private")}


class SelectForm(forms.Form):
    chosen = forms.MultipleChoiceField(label="选定列席人员", choices=[], widget=forms.CheckboxSelectMultiple)
    rules = forms.CharField(label="遴选规则", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(p.pk, f"{p.name}（{p.get_category_display()}）") for p in people]


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(label="实际列席", choices=[], required=False,
                                         widget=forms.CheckboxSelectMultiple)  # fmt: skip

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(p.pk, f"{p.name}（{p.get_category_display()}）") for p in people]


class OpinionForm(forms.Form):
    representative = forms.IntegerField(widget=forms.HiddenInput)
    opinion = forms.CharField(label="列席意见", widget=forms.Textarea(attrs={"rows": 2}))
    reply = forms.CharField(label="答复", widget=forms.Textarea(attrs={"rows": 2}))


# -- the portal's forms (the public) ---------------------------------------------------------------
class CommentForm(forms.Form):
    article = forms.TypedChoiceField(label="针对", coerce=int, empty_value=None, required=False, choices=[])
    text = forms.CharField(
        label="意见内容", widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"纯文本，不超过 {periods.COMMENT_MAX_CHARS} 字；公开前会隐去身份证号、电话、邮箱和门牌号",
    )  # fmt: skip
    name = forms.CharField(label="姓名或称呼（可不填）", max_length=60, required=False)
    email = forms.EmailField(label="电子邮箱（未登录时必填，用于确认意见和接收采纳情况，不公开）", required=False)

    def __init__(self, *args, articles=(), signed_in=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = [(0, "草案全文"), *((a.seq, a.label) for a in articles)]
        if signed_in:
            del self.fields["name"], self.fields["email"]


class ApplyForm(forms.Form):
    category = forms.ChoiceField(label="类别", choices=[])
    name = forms.CharField(label="姓名", max_length=60)
    contact = forms.CharField(label="手机号或电子邮箱（不公开）", max_length=100)
    intro = forms.CharField(label="个人简介（职业、关注的领域，不公开）", max_length=1000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = list(categories)
