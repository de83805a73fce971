from django import forms

from gongkai.accounts.models import Agency, AgencyKind
from gongkai.documents.models import SubjectCategory, Tag
from gongkai.subscriptions import industries
from gongkai.subscriptions.models import Channel, Frequency, Partner, Subscription


def _tags():
    return Tag.objects.exclude(group__code="audience").select_related("group")


class TagChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.group.name}·{obj.name}"


class ProfileForm(forms.Form):
    tags = TagChoice(
        label="我关心的（人群、主题、区域）",
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    district = forms.ModelChoiceField(label="所在区", queryset=Agency.objects.none(), required=False)
    industry = forms.ChoiceField(
        label="行业门类（企业）", choices=[("", "—"), *industries.SECTION_CHOICES], required=False
    )
    division = forms.CharField(label="行业大类代码（企业，可不填，如 39）", max_length=2, required=False)
    size = forms.ChoiceField(label="企业规模", choices=[("", "—"), *industries.SIZES.items()], required=False)
    channel = forms.ChoiceField(label="接收方式", choices=[c for c in Channel.choices if c[0] != Channel.FEED])
    frequency = forms.ChoiceField(label="频率", choices=Frequency.choices)
    consent = forms.BooleanField(label="我同意接收政策推送（可随时撤回）", required=False)

    def __init__(self, *args, enterprise=False, **kwargs):
        super().__init__(*args, **kwargs)
        # 行业 and 规模 follow from the enterprise's 门类 and size below, not from ticks
        self.fields["tags"].queryset = _tags().exclude(group__code__in=["industry", "size"])
        self.fields["district"].queryset = Agency.objects.active().filter(kind=AgencyKind.DISTRICT)
        if not enterprise:
            for name in ("industry", "division", "size"):
                del self.fields[name]


class SubscriptionForm(forms.Form):
    kind = forms.ChoiceField(label="订阅", choices=Subscription.Kind.choices)
    tag = forms.ModelChoiceField(label="标签", queryset=Tag.objects.none(), required=False)
    agency = forms.ModelChoiceField(label="机关", queryset=Agency.objects.none(), required=False)
    subject = forms.ModelChoiceField(label="主题分类", queryset=SubjectCategory.objects.none(), required=False)
    query = forms.CharField(label="检索词", max_length=100, required=False)
    channel = forms.ChoiceField(label="接收方式", choices=Channel.choices)
    frequency = forms.ChoiceField(label="频率", choices=Frequency.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].queryset = Tag.objects.select_related("group")
        self.fields["agency"].queryset = Agency.objects.active()
        self.fields["subject"].queryset = SubjectCategory.objects.all()


class CampaignForm(forms.Form):
    title = forms.CharField(label="名称", max_length=100)
    documents = forms.CharField(label="政策（发文字号或完整标题，每行一个）", widget=forms.Textarea(attrs={"rows": 3}))
    tags = TagChoice(label="对象标签", queryset=Tag.objects.none(), widget=forms.CheckboxSelectMultiple)
    district = forms.ModelChoiceField(label="区域（可不选）", queryset=Agency.objects.none(), required=False)
    kind = forms.ChoiceField(
        label="对象", choices=[("", "个人和企业"), ("person", "个人"), ("enterprise", "企业")], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = _tags()
        self.fields["district"].queryset = Agency.objects.active().filter(kind=AgencyKind.DISTRICT)


class PartnerForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    slug = forms.SlugField(label="代码（英文字母、数字）", max_length=40)
    kind = forms.ChoiceField(label="类别", choices=Partner.Kind.choices)
    tags = TagChoice(
        label="关注的标签（不选则接收本区全部政策）",
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    webhook_url = forms.URLField(label="接收地址（webhook，可不填，改用订阅源）", required=False, assume_scheme="https")
    members = forms.IntegerField(label="会员或居民数", min_value=0, max_value=10_000_000, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = _tags()
