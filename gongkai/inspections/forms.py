from django import forms

from gongkai.inspections import indicators


class SiteForm(forms.Form):
    name = forms.CharField(label="网站名称", max_length=100)
    url = forms.URLField(label="首页地址", assume_scheme="https")
    identifier = forms.CharField(label="网站标识码", max_length=20, required=False)
    icp = forms.CharField(label="ICP备案号", max_length=40, required=False)
    police = forms.CharField(label="公安机关备案号", max_length=40, required=False)


class ColumnForm(forms.Form):
    name = forms.CharField(label="栏目名称", max_length=60)
    path = forms.CharField(label="栏目地址（相对首页）", max_length=300)
    kind = forms.ChoiceField(label="类别", choices=[(k, v[0]) for k, v in indicators.COLUMN_KINDS.items()])


class MediaForm(forms.Form):
    platform = forms.CharField(label="平台", max_length=20, help_text="微信公众号、微博、抖音等")
    name = forms.CharField(label="账号名称", max_length=60)
    last_update = forms.DateField(label="最近更新日期", required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))  # fmt: skip
    feed_url = forms.URLField(label="订阅源（可不填）", required=False, assume_scheme="https")
    has_interaction = forms.BooleanField(label="提供互动功能", required=False, initial=True)


class WordingForm(forms.Form):
    wrong = forms.CharField(label="错误表述", max_length=60)
    right = forms.CharField(label="正确表述", max_length=60)
