from django import forms
from django.contrib.auth import authenticate, password_validation
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.models import Agency, LoginThrottle, OrganisationType, PublicKind, User, UserKind, notify
from gongkai.accounts.validators import validate_credit_code
from gongkai.lib.clients import client_address

GENERIC_LOGIN_ERROR = "用户名或密码不正确。"


class LoginForm(forms.Form):
    """Log in one kind of user; repeated wrong passwords make the next try wait (LoginThrottle)."""

    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)

    def __init__(self, request, *args, kind: str = UserKind.STAFF, **kwargs):
        self.request, self.kind, self.user = request, kind, None
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(autocomplete="username", autofocus=True)
        self.fields["password"].widget.attrs.update(autocomplete="current-password")

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        now, address = timezone.now(), client_address(self.request)
        if until := LoginThrottle.wait_until(username, address, now):
            raise forms.ValidationError(self._locked_message(until), code="locked")
        user = authenticate(self.request, username=username, password=password)
        if user is None:
            until, started = LoginThrottle.register_failure(username, address, now)
            if until:
                if started:
                    self._tell_owner(username, address, until)
                raise forms.ValidationError(self._locked_message(until), code="locked")
            raise forms.ValidationError(GENERIC_LOGIN_ERROR, code="invalid_login")
        LoginThrottle.clear(username, address)
        if user.kind != self.kind:
            where = "工作台（/workspace/）" if user.kind == UserKind.STAFF else "门户的公众登录页"
            raise forms.ValidationError(f"此账号请从{where}登录。", code="wrong_entry")
        self.user = user
        return self.cleaned_data

    @staticmethod
    def _locked_message(until) -> str:
        local = timezone.localtime(until)
        return f"用户名或密码不正确，且错误次数较多：请于 {local:%H:%M:%S} 后再试。忘记密码请联系单位管理员。"

    @staticmethod
    def _tell_owner(username: str, address: str, until) -> None:
        """The account's owner learns that someone is guessing (and from where); the audit keeps it."""
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            return
        audit.record(None, "account.login_delayed", user, {"until": until, "client": address})
        text = (
            f"您的账号在 {timezone.localtime():%Y-%m-%d %H:%M} 有多次密码错误（来自地址 {address}），登录已暂时放慢。"
            "如果不是您本人，请尽快联系单位管理员。"
        )
        notify(user, text, email_subject="【安全提醒】账号多次密码错误")


class PublicRegistrationForm(forms.ModelForm):
    """Register a public account as a person (自然人) or an organisation (法人或其他组织)."""

    password1 = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label="确认密码", strip=False, widget=forms.PasswordInput)

    class Meta:
        model = User
        fields = [
            "username",
            "public_kind",
            "full_name",
            "phone",
            "email",
            "org_name",
            "org_type",
            "credit_code",
        ]
        labels = {"full_name": "姓名（组织填联系人）"}
        widgets = {"public_kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_kind"].required = True
        self.fields["public_kind"].choices = PublicKind.choices
        self.fields["full_name"].required = True
        self.fields["org_type"].choices = [("", "请选择"), *OrganisationType.choices]

    def clean_credit_code(self):
        if self.cleaned_data.get("public_kind") != PublicKind.ORGANISATION:
            return ""
        code = self.cleaned_data["credit_code"].strip().upper()
        if code:
            validate_credit_code(code)
        return code

    def clean(self):
        data = super().clean()
        if data.get("public_kind") == PublicKind.ORGANISATION:
            for name, label in (
                ("org_name", "组织名称"),
                ("org_type", "组织类别"),
                ("credit_code", "统一社会信用代码"),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, f"{label}：法人或其他组织必须填写")
        else:
            for name in ("org_name", "org_type", "credit_code"):
                data[name] = ""
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "确认密码：两次输入的密码不一致")
        elif p1:
            self.instance.username = data.get("username", "")
            try:
                password_validation.validate_password(p1, self.instance)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data

    def save(self, commit=True):
        user = super().save(commit=False)
        user.kind = UserKind.PUBLIC
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class AgencyContactsForm(forms.ModelForm):
    website = forms.URLField(label="网站", required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = [*Agency.CONTACT_FIELDS, "letter_number_pattern"]


class ReviewBodyForm(forms.Form):
    review_body = forms.CharField(
        label="行政复议机关",
        max_length=100,
        required=False,
        help_text="留空则按机关类型和上级自动确定；实行垂直领导的机关填写上一级主管部门",
    )
    vertically_managed = forms.BooleanField(
        label="实行垂直领导（海关、金融、外汇管理、税务、国家安全机关等，行政复议法第二十七条）", required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("vertically_managed") and not (data.get("review_body") or "").strip():
            self.add_error(
                "review_body", "行政复议机关：实行垂直领导的机关必须填写上一级主管部门（行政复议法第二十七条）"
            )
        return data
