import datetime
from typing import Any

from django import forms
from django.utils import timezone

from gongkai.workdays import periods as law
from gongkai.workdays.clock import ClockEvent, EventKind, Party

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, help_text=help_text)


class ClockCalculatorForm(forms.Form):
    """Try the clock: a receipt date and the events a case might have."""

    received = _date("收到申请之日", required=True)
    channel = forms.ChoiceField(
        label="提交方式", choices=[(k, r.label) for k, r in law.RECEIPT_RULES.items()], initial="online"
    )
    correction_requested = _date("发出补正告知之日")
    correction_received = _date("收到补正之日")
    consultation_started = _date("开始征求意见之日")
    consultation_party = forms.ChoiceField(
        label="征求对象", choices=[(Party.THIRD_PARTY, "第三方"), (Party.AGENCY, "其他机关")], required=False
    )
    consultation_ended = _date("征求意见结束之日")
    extension_granted = _date("批准延期之日")
    extension_days = forms.IntegerField(
        label="延长工作日数", required=False, min_value=1, max_value=law.EXTENSION_MAX.days
    )
    fee_notice_issued = _date("发出收费通知之日")
    fee_paid = _date("缴费之日")
    today = _date("计算截至", help_text="默认今天")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pairs = [
            ("correction_received", "correction_requested", "收到补正之日：须先填写发出补正告知之日"),
            ("consultation_ended", "consultation_started", "征求意见结束之日：须先填写开始征求意见之日"),
            ("fee_paid", "fee_notice_issued", "缴费之日：须先填写发出收费通知之日"),
        ]
        for later, earlier, message in pairs:
            if data.get(later) and not data.get(earlier):
                self.add_error(later, message)
            elif data.get(later) and data.get(earlier) and data[later] < data[earlier]:
                self.add_error(later, f"{self.fields[later].label}：不能早于{self.fields[earlier].label}")
        if bool(data.get("extension_granted")) != bool(data.get("extension_days")):
            self.add_error("extension_days", "延期：批准延期之日和延长工作日数须同时填写")
        received = data.get("received")
        if received:
            for name, value in data.items():
                if isinstance(value, datetime.date) and name not in ("received", "today") and value < received:
                    self.add_error(name, f"{self.fields[name].label}：不能早于收到申请之日")
        return data

    def events(self) -> list[ClockEvent]:
        d = self.cleaned_data
        events = [ClockEvent(EventKind.RECEIVED, d["received"], channel=d["channel"])]
        simple = [
            ("correction_requested", EventKind.CORRECTION_REQUESTED),
            ("correction_received", EventKind.CORRECTION_RECEIVED),
            ("fee_notice_issued", EventKind.FEE_NOTICE_ISSUED),
            ("fee_paid", EventKind.FEE_PAID),
            ("consultation_ended", EventKind.CONSULTATION_ENDED),
        ]
        if d.get("consultation_started"):
            party = d.get("consultation_party") or Party.THIRD_PARTY
            events.append(ClockEvent(EventKind.CONSULTATION_STARTED, d["consultation_started"], party=Party(party)))
        events += [ClockEvent(kind, d[name]) for name, kind in simple if d.get(name)]
        if d.get("extension_granted"):
            events.append(ClockEvent(EventKind.EXTENSION_GRANTED, d["extension_granted"], days=d["extension_days"]))
        return events

    def as_of(self) -> datetime.date:
        today: datetime.date | None = self.cleaned_data.get("today")
        return today or timezone.localdate()


class NoticeUploadForm(forms.Form):
    file = forms.FileField(label="通知文件（.yaml / .yml / .csv）", required=False)
    text = forms.CharField(
        label="或直接粘贴 YAML 内容", required=False, widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"})
    )
    fmt = forms.ChoiceField(label="粘贴内容的格式", choices=[("yaml", "YAML"), ("csv", "CSV")], initial="yaml")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请上传通知文件或粘贴内容")
        return data
