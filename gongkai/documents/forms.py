import json

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.urls import reverse

from gongkai.documents.law import Attribute, Channel, InterpretationForm, Validity, WithholdGround
from gongkai.documents.library import check_doc_number
from gongkai.documents.models import Document, Rereview, Review, SubjectCategory, Tag
from gongkai.documents.workflow import DocumentError
from gongkai.lib.files import check_upload
from gongkai.lib.html import body_html

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class DocumentForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label="公开方式", choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    repeals = forms.ModelMultipleChoiceField(
        label="本文件废止",
        queryset=Document.objects.none(),
        required=False,
        help_text="发布后，所选文件的有效性自动改为“废止”",
    )
    amends = forms.ModelMultipleChoiceField(
        label="本文件修改",
        queryset=Document.objects.none(),
        required=False,
        help_text="发布后，所选文件的有效性自动改为“已修改”",
    )
    service_links = forms.CharField(
        label="关联办事事项",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="每行一项：事项名称|办理链接，如 一次性就业补贴申请|https://zwdt.sh.gov.cn/…",
    )
    attachments = MultipleFileField(
        label="附件",
        required=False,
        help_text="PDF、OFD、DOC/DOCX、XLS/XLSX、WPS、JPG/PNG、MP4；可多选",
    )

    class Meta:
        model = Document
        fields = [
            "title",
            "doc_number",
            "kind",
            "subject",
            "written_on",
            "changed_on",
            "summary",
            "body",
            "attribute",
            "withhold_ground",
            "attribute_reason",
            "channels",
            "scope",
            "scope_groups",
            "is_normative",
            "effective_on",
            "expires_on",
            "needs_interpretation",
            "interpretation_exemption",
            "interpretation_form",
            "interprets",
            "is_followup_interpretation",
            "co_issuers",
            "tags",
        ]
        widgets = {
            "written_on": DATE,
            "changed_on": DATE,
            "effective_on": DATE,
            "expires_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "attribute_reason": forms.Textarea(attrs={"rows": 2}),
            "tags": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["subject"].queryset = SubjectCategory.objects.select_related("parent")
        self.fields["tags"].queryset = Tag.objects.select_related("group")
        self.fields["interprets"].queryset = Document.objects.filter(agency=agency).policies()
        self.fields["interprets"].help_text = "仅政策解读填写：所解读的本机关政策文件"
        others = Document.objects.filter(agency=agency, status="published").policies()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.initial["repeals"] = [r.target_id for r in self.instance.relations_out.filter(kind="repeals")]
            self.initial["amends"] = [r.target_id for r in self.instance.relations_out.filter(kind="amends")]
            self.initial["service_links"] = "\n".join(f"{s.name}|{s.url}" for s in self.instance.service_links.all())
        self.fields["repeals"].queryset = self.fields["amends"].queryset = others
        self.fields["co_issuers"].help_text = "联合发文时选择其他发文机关；本机关为牵头机关"
        self.fields["withhold_ground"].choices = [("", "（不适用）"), *WithholdGround.choices]
        self.fields["interpretation_form"].choices = [("", "（不适用）"), *InterpretationForm.choices]
        # the body is edited in the rich-text editor (static/js/editor.js); images come from the attachments
        images = []
        if self.instance.pk:
            for item in self.instance.attachments.filter(kind__in=("jpg", "png")):
                url = reverse("portal:attachment", args=[self.instance.uid, item.pk])
                images.append({"name": item.name, "url": url})
        self.fields["body"].widget.attrs.update(
            {"data-editor": "1", "data-editor-images": json.dumps(images, ensure_ascii=False)}
        )
        self.fields["body"].label = "正文"
        self.fields["body"].help_text = (
            "分段输入；用工具栏设置标题（一、（一）1.）、加粗、列表、表格、链接、落款右对齐；"
            "从 Word、WPS 粘贴会保留段落和表格、去掉格式"
        )

    # The drafting form in four groups, in the order a drafter fills it in.
    GROUPS = (
        ("基本信息", ("title", "doc_number", "kind", "subject", "written_on", "changed_on", "summary", "co_issuers",
                      "tags")),
        ("公开属性", ("attribute", "withhold_ground", "attribute_reason", "scope", "scope_groups", "channels",
                      "is_normative", "effective_on", "expires_on")),
        ("正文与附件", ("body", "attachments")),
        ("解读与关联", ("needs_interpretation", "interpretation_exemption", "interpretation_form", "interprets",
                        "is_followup_interpretation", "repeals", "amends", "service_links")),
    )  # fmt: skip

    def groups(self) -> list[tuple[str, list]]:
        """(legend, bound fields) for each group; a field not named in GROUPS joins the last group."""
        named = {name for _legend, names in self.GROUPS for name in names}
        result = [(legend, [self[n] for n in names if n in self.fields]) for legend, names in self.GROUPS]
        rest = [self[n] for n in self.fields if n not in named]
        result[-1][1].extend(rest)
        return result

    def parts(self) -> tuple[dict, dict, dict, list]:
        """The cleaned data split into (model fields, many-to-many sets, relations and service
        links, accepted attachments): what create_draft / update_draft, set_links and
        add_attachments each take."""
        data = dict(self.cleaned_data)
        accepted = data.pop("attachments")
        many = {k: data.pop(k) for k in ("tags", "co_issuers", "interprets")}
        links = {k: data.pop(k) for k in ("repeals", "amends", "service_links")}
        return data, many, links, accepted

    def clean_doc_number(self):
        try:
            return check_doc_number(self.agency, self.cleaned_data["doc_number"], exclude_pk=self.instance.pk)
        except DocumentError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_service_links(self):
        links, errors = [], []
        for number, line in enumerate(self.cleaned_data["service_links"].splitlines(), 1):
            if not line.strip():
                continue
            name, _, url = line.partition("|")
            try:
                URLValidator(schemes=["http", "https"])(url.strip())
            except forms.ValidationError:
                errors.append(f"关联办事事项第{number}行：应为“事项名称|http(s)链接”")
                continue
            if not name.strip():
                errors.append(f"关联办事事项第{number}行：缺少事项名称")
                continue
            links.append((name.strip(), url.strip()))
        if errors:
            raise forms.ValidationError(errors)
        return links

    def clean_body(self):
        return body_html(self.cleaned_data["body"])

    def clean_attachments(self):
        limit = settings.GONGKAI_ATTACHMENT_MAX_MB * 1024 * 1024
        errors, accepted = [], []
        for upload in self.cleaned_data["attachments"]:
            kind, error = check_upload(upload, max_bytes=limit)
            if error:
                errors.append(error)
            else:
                accepted.append((upload, kind))
        if errors:
            raise forms.ValidationError(errors)
        return accepted

    def clean(self):
        data = super().clean()
        attribute = data.get("attribute")
        if attribute == Attribute.WITHHELD and not data.get("withhold_ground"):
            self.add_error("withhold_ground", "不予公开依据：不予公开必须选择第十四、十五、十六条中的依据")
        if attribute and attribute != Attribute.PROACTIVE and not (data.get("attribute_reason") or "").strip():
            self.add_error("attribute_reason", "属性说明：依申请公开、不予公开必须说明理由")
        if data.get("is_normative") and not data.get("expires_on"):
            self.add_error("expires_on", "失效日期：行政规范性文件必须写明有效期")
        if data.get("effective_on") and data.get("expires_on") and data["expires_on"] < data["effective_on"]:
            self.add_error("expires_on", "失效日期：不能早于生效日期")
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label="审查结论", choices=Review.Decision.choices, widget=forms.RadioSelect)
    attribute = forms.ChoiceField(label="认定的公开属性", choices=Attribute.choices)
    withhold_ground = forms.ChoiceField(
        label="不予公开依据", choices=[("", "（不适用）"), *WithholdGround.choices], required=False
    )
    secret = forms.BooleanField(label="涉密", required=False)
    sensitive = forms.BooleanField(label="敏感", required=False)
    privacy = forms.BooleanField(label="个人隐私", required=False)
    trade_secret = forms.BooleanField(label="商业秘密", required=False)
    opinion = forms.CharField(label="审查意见", widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class RevisionForm(forms.Form):
    title = forms.CharField(label="标题", max_length=300)
    summary = forms.CharField(label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 10}))


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    on = forms.DateField(label="日期", widget=DATE)


class RereviewForm(forms.Form):
    verdict = forms.ChoiceField(label="复审结论", choices=Rereview.Verdict.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))
