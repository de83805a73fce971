from django import forms

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.Form):
    title = forms.CharField(label="活动", max_length=100)
    kind = forms.ChoiceField(
        label="形式", choices=[(k, k) for k in ("开放日", "政策解读", "体验活动", "座谈交流", "问答活动")]
    )
    starts_at = forms.DateTimeField(label="开始时间", widget=DT)
    ends_at = forms.DateTimeField(label="结束时间", widget=DT)
    closes_at = forms.DateTimeField(label="报名截止", widget=DT)
    place = forms.CharField(label="地点", max_length=200)
    map_url = forms.URLField(label="地图链接（可不填）", required=False, assume_scheme="https")
    capacity = forms.IntegerField(label="名额", min_value=1, max_value=5000)
    audience = forms.CharField(label="面向", max_length=100, initial="社会公众")
    programme = forms.CharField(label="活动安排", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RegisterForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    phone = forms.CharField(label="手机号", max_length=15)
    email = forms.EmailField(label="电子邮箱（可不填，用于接收通知）", required=False)


class CheckInForm(forms.Form):
    code = forms.CharField(label="签到码", max_length=8)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label="题型", choices=[("single", "单选"), ("multiple", "多选"), ("rating", "评分（1—5）"), ("text", "文字")]
    )
    text = forms.CharField(label="题目", max_length=200)
    options = forms.CharField(
        label="选项（单选、多选题，每行一个）", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    required = forms.BooleanField(label="必答", required=False, initial=True)


class VisitForm(forms.Form):
    purpose = forms.ChoiceField(label="事由", choices=[(p, p) for p in ("查阅", "申请", "咨询", "其他")])
    people = forms.IntegerField(label="人数", min_value=1, max_value=200, initial=1)
