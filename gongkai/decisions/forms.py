from django import forms

from gongkai.decisions.models import PROCEDURES

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
