import re

from django import forms
from django.utils import timezone

from gongkai.accounts.models import Agency
from gongkai.documents.models import Document
from gongkai.inforequests.models import InfoRequest
from gongkai.lib.files import sniff
from gongkai.workplans.models import Role, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _check_content(upload, label):
    """A .docx or .xlsx must be one by its content, not only by its name."""

    ext = upload.name.lower().rsplit(".", 1)[-1]
    if ext in ("docx", "xlsx") and sniff(upload) != ext:
        raise forms.ValidationError(f"{label}：文件内容不是 {ext.upper()}，与扩展名不符")


class ImportForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2015, max_value=2100)
    title = forms.CharField(label="标题（可不填，默认取文件中的标题）", max_length=200, required=False)
    text = forms.CharField(
        label="粘贴任务表或工作要点正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="可直接从 Word、Excel 或网页复制粘贴；也可以上传文件",
    )
    file = forms.FileField(label="或上传文件", required=False, help_text=".txt、.md、.html、.docx、.xlsx，不超过 5 MB")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            if not upload.name.lower().endswith((".txt", ".md", ".html", ".htm", ".docx", ".xlsx")):
                raise forms.ValidationError("上传文件：只接受 .txt、.md、.html、.docx、.xlsx 文件")
            if upload.size > 5 * 1024 * 1024:
                raise forms.ValidationError("上传文件：超过 5 MB")
            _check_content(upload, "上传文件")
        return upload

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError("请粘贴任务表或正文，或者上传文件")
        return data


class ProgressForm(forms.Form):
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    on = forms.DateField(label="日期", widget=DATE)
    links = forms.CharField(
        label="佐证（每行一个）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="公文库文件的链接或索引号，依申请公开案件的申请编号",
    )
    marks_done = forms.BooleanField(label="该任务已完成", required=False)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["on"].initial = timezone.localdate()

    def clean_links(self):
        found, errors = [], []
        for number, line in enumerate((self.cleaned_data["links"] or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            uid = re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", line)
            doc = Document.objects.filter(agency=self.agency, uid=uid[0]).first() if uid else None
            doc = doc or Document.objects.filter(agency=self.agency, index_number=line).first()
            if doc:
                found.append({"kind": "document", "uid": str(doc.uid), "title": doc.title})
                continue
            case = InfoRequest.objects.filter(agency=self.agency, number=line.upper()).first()
            if case:
                found.append({"kind": "request", "number": case.number})
                continue
            errors.append(f"佐证：第{number}行“{line[:40]}”不是本机关公文库的文件，也不是本机关的申请编号")
        if errors:
            raise forms.ValidationError(errors)
        return found


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=Status.choices)


class DueForm(forms.Form):
    due = forms.DateField(label="截止日期", widget=DATE)


class FigureForm(forms.Form):
    indicator = forms.IntegerField(widget=forms.HiddenInput)
    actual = forms.DecimalField(label="实际值", required=False, min_value=0, max_digits=12, decimal_places=2)
    actual_date = forms.DateField(label="实际完成日期", required=False, widget=DATE)
    evidence = forms.CharField(label="佐证说明", required=False, max_length=1000)


class EventForm(forms.Form):
    event = forms.CharField(widget=forms.HiddenInput)
    day = forms.DateField(label="日期", widget=DATE)


class PeriodForm(forms.Form):
    start = forms.DateField(label="自", widget=DATE)
    end = forms.DateField(label="至", widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("通报期间：开始日期不能晚于结束日期")
        return data


class TaskForm(forms.Form):
    name = forms.CharField(label="任务名称", max_length=300)
    content = forms.CharField(
        label="任务内容", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    due = forms.DateField(label="截止日期（不填为全年）", required=False, widget=DATE)


class AssignForm(forms.Form):
    agency = forms.ModelChoiceField(label="单位", queryset=Agency.objects.none())
    role = forms.ChoiceField(label="角色", choices=Role.choices, initial=Role.PARTICIPANT)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            below = plan.agency.subtree_ids() - {plan.agency_id}
            self.fields["agency"].queryset = Agency.objects.filter(pk__in=below, is_active=True)


class MatchForm(forms.Form):
    text = forms.CharField(widget=forms.HiddenInput)
    department = forms.IntegerField(label="对应处室")
