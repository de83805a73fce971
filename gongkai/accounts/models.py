"""Agencies, their departments, and the people who use the platform."""

from __future__ import annotations

import datetime
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import RegexValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from gongkai import audit
from gongkai.accounts.validators import validate_credit_code


def validate_letter_number_pattern(value: str) -> None:
    """A letter number pattern holds {号} (the serial) once, and at most one {年}."""
    if value and (value.count("{号}") != 1 or value.count("{年}") > 1):
        raise ValidationError(
            "依申请公开文书编号格式：必须含一个 {号}（顺序号），可含一个 {年}，如 浦人社依复〔{年}〕{号}号"
        )


class AgencyKind(models.TextChoices):
    CITY = "city", "市人民政府"
    DISTRICT = "district", "区人民政府"
    BUREAU = "bureau", "委办局"
    SUBDISTRICT = "subdistrict", "街道办事处"
    TOWN = "town", "镇人民政府"


# The tree is 市 → 区 → 委办局 / 街道 / 镇; a city also has its own 委办局.
ALLOWED_PARENT_KINDS = {
    AgencyKind.CITY: {None},
    AgencyKind.DISTRICT: {AgencyKind.CITY},
    AgencyKind.BUREAU: {AgencyKind.CITY, AgencyKind.DISTRICT},
    AgencyKind.SUBDISTRICT: {AgencyKind.DISTRICT},
    AgencyKind.TOWN: {AgencyKind.DISTRICT},
}


class AgencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_user(self, user):
        """The agencies whose staff pages ``user`` may open (see accounts.permissions)."""
        # Local: the permission rules are built on these models and import them.
        from gongkai.accounts.permissions import visible_agency_ids  # noqa: PLC0415

        ids = visible_agency_ids(user)
        return self.all() if ids is None else self.filter(pk__in=ids)


class Agency(models.Model):
    """A body that discloses information (机关 / 单位)."""

    name = models.CharField("机关名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, blank=True)
    code = models.CharField(
        "机关代码",
        max_length=32,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9-]*$", "机关代码只能包含字母、数字和连字符")],
        help_text="用于索引号、申请编号和网址，如 SH-JGJ；设定后不宜更改。",
    )
    kind = models.CharField("机关类型", max_length=16, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region_code = models.CharField(
        "行政区划代码",
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", "行政区划代码应为 6 位数字（GB/T 2260）")],
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code])
    # Contact facts for the 政府信息公开指南 (条例 art. 12: name, address, hours, phone, fax, internet).
    office_name = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField(
        "邮政编码", max_length=6, blank=True, validators=[RegexValidator(r"^\d{6}$", "邮政编码应为 6 位数字")]
    )
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    website = models.URLField("网站", blank=True)
    # How the agency numbers its 依申请公开 letters, e.g. 浦人社依复〔{年}〕{号}号; blank: letters carry no 文号
    letter_number_pattern = models.CharField(
        "依申请公开文书编号格式",
        max_length=60,
        blank=True,
        validators=[validate_letter_number_pattern],
        help_text="如 浦人社依复〔{年}〕{号}号：{年} 为出具年份，{号} 为本机关当年文书的顺序号"
        "（从 1 起，不补零）；留空则文书不编号",
    )
    # Who reviews this agency's acts (《行政复议法》(2023) 第二十四条、第二十七条), named on every reply
    # letter. Blank means the default from the agency's kind and place in the tree (see
    # default_review_body); the district office sets it where the default does not fit.
    review_body = models.CharField(
        "行政复议机关",
        max_length=100,
        blank=True,
        help_text="留空则按机关类型和上级自动确定；垂直管理机关填写上一级主管部门。",
    )
    vertically_managed = models.BooleanField(
        "实行垂直领导",
        default=False,
        help_text="海关、金融、外汇管理、税务、国家安全机关等：向上一级主管部门申请行政复议（行政复议法第二十七条）",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "机关"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    # Contact fields an agency admin may edit from the workspace.
    CONTACT_FIELDS = (
        "office_name",
        "address",
        "postcode",
        "office_hours",
        "phone",
        "fax",
        "email",
        "website",
    )

    @property
    def contact_facts(self) -> list[tuple[str, str]]:
        """(label, value) of the guide's contact facts, in the guide's order."""
        fields = {f.name: f for f in self._meta.concrete_fields}
        return [(str(fields[name].verbose_name), getattr(self, name)) for name in self.CONTACT_FIELDS]

    def clean(self):
        allowed = ALLOWED_PARENT_KINDS.get(self.kind, set())
        parent_kind = self.parent.kind if self.parent_id else None
        if parent_kind not in allowed:
            names = "、".join(AgencyKind(k).label if k else "无上级" for k in allowed)
            raise ValidationError({"parent": f"{self.get_kind_display()}的上级应为：{names}"})
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": "上级机关不能是本机关或其下级机关"})
            node = node.parent

    def default_review_body(self) -> tuple[str, str]:
        """(body, legal basis) of the review body the law gives for this agency's acts; the body is
        empty where the law names one the tree cannot know (a vertically managed agency's superior)."""
        if self.vertically_managed:
            return "", "实行垂直领导的机关，向上一级主管部门申请行政复议（《中华人民共和国行政复议法》第二十七条）"
        if self.kind == AgencyKind.CITY:
            return (
                self.name,
                "直辖市人民政府管辖对本机关行政行为不服的复议案件（《中华人民共和国行政复议法》第二十四条第二款）",
            )
        parent = self.parent
        if parent is None:
            return "", "没有上级机关，无法确定复议机关"
        if self.kind == AgencyKind.BUREAU:
            return (
                parent.name,
                "对本级人民政府工作部门的行政行为不服，向本级人民政府申请（《中华人民共和国行政复议法》第二十四条第一款第（一）项）",
            )
        if self.kind == AgencyKind.SUBDISTRICT:
            return (
                parent.name,
                "对县级人民政府设立的派出机关的行政行为不服，向该人民政府申请（《中华人民共和国行政复议法》第二十四条第一款第（三）项）",
            )
        # a town, or a district under the city: the government one level up
        return (
            parent.name,
            "对下一级人民政府的行政行为不服，向上一级人民政府申请（《中华人民共和国行政复议法》第二十四条第一款第（二）项）",
        )

    def review_body_name(self) -> str:
        """The body a reply letter names for 行政复议; empty when it must still be entered."""
        return self.review_body.strip() or self.default_review_body()[0]

    def set_review_body(self, *, by, body: str, vertically_managed: bool) -> None:
        """The district office records who reviews this agency's acts."""

        body = body.strip()
        if vertically_managed and not body:
            raise ValidationError(
                {"review_body": "行政复议机关：实行垂直领导的机关必须填写上一级主管部门（行政复议法第二十七条）"}
            )
        old = {"review_body": self.review_body, "vertically_managed": self.vertically_managed}
        with transaction.atomic():
            self.review_body, self.vertically_managed = body, vertically_managed
            self.save(update_fields=["review_body", "vertically_managed"])
            new = {"review_body": body, "vertically_managed": vertically_managed}
            audit.record(by, "agency.review_body_set", self, {"from": old, "to": new})

    def subtree_ids(self) -> set[int]:
        """This agency and every agency below it (the tree is at most four levels deep)."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(Agency.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.update(frontier)
        return ids

    def update_contacts(self, *, by, **changes):
        """Change the guide's contact facts (and the letters' number pattern); records what changed in
        the audit trail."""
        unknown = set(changes) - {*self.CONTACT_FIELDS, "letter_number_pattern"}
        if unknown:
            raise ValueError(f"not contact fields: {sorted(unknown)}")
        diff = {name: [getattr(self, name), value] for name, value in changes.items() if getattr(self, name) != value}
        if not diff:
            return diff
        with transaction.atomic():
            for name, (_old, new) in diff.items():
                setattr(self, name, new)
            self.save(update_fields=list(diff))
            audit.record(by, "agency.contacts_updated", self, {"changes": diff})
        return diff


def letter_number(pattern: str, year: int, serial: int) -> str:
    return pattern.replace("{年}", str(year)).replace("{号}", str(serial))


class Department(models.Model):
    """A 处室 / 科室 inside an agency."""

    agency = models.ForeignKey(Agency, verbose_name="所属机关", on_delete=models.CASCADE, related_name="departments")
    name = models.CharField("名称", max_length=100)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "处室"
        ordering = ["agency", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="department_unique_name")]

    def __str__(self):
        return f"{self.agency.short_name or self.agency.name}·{self.name}"


class Role(models.TextChoices):
    DRAFTER = "drafter", "起草人"
    REVIEWER = "reviewer", "审核人"
    OFFICER = "officer", "公开办"
    # 条例 art. 33 ¶2: an extension is approved by the head of the disclosure office.
    OFFICE_HEAD = "office_head", "公开办负责人"
    LEADER = "leader", "领导"
    AGENCY_ADMIN = "agency_admin", "单位管理员"
    SUPERVISOR = "supervisor", "区政务公开办"
    SYSADMIN = "sysadmin", "系统管理员"


class UserKind(models.TextChoices):
    STAFF = "staff", "工作人员"
    PUBLIC = "public", "公众用户"


class PublicKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class OrganisationType(models.TextChoices):
    # The applicant columns of the annual report's table 三 (国办公开办函〔2021〕30号).
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    WELFARE = "welfare", "社会公益组织"
    LEGAL = "legal", "法律服务机构"
    OTHER = "other", "其他"


class User(AbstractUser):
    kind = models.CharField("用户类型", max_length=8, choices=UserKind.choices, default=UserKind.PUBLIC)
    full_name = models.CharField("姓名", max_length=60, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name="所属机关", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    department = models.ForeignKey(
        Department,
        verbose_name="所属处室",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    public_kind = models.CharField(
        "申请人类型", max_length=16, choices=PublicKind.choices, blank=True, help_text="仅公众用户"
    )
    org_name = models.CharField("组织名称", max_length=100, blank=True)
    org_type = models.CharField("组织类别", max_length=16, choices=OrganisationType.choices, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code])

    # django-stubs declares AbstractUser.objects a ClassVar of its own manager type
    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.public_kind == PublicKind.ORGANISATION and self.org_name:
            return self.org_name
        return self.full_name or self.username

    @property
    def is_agency_staff(self) -> bool:
        return self.is_active and self.kind == UserKind.STAFF

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.pk or self.kind != UserKind.STAFF:
            return frozenset()
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def clean(self):
        errors = {}
        if self.kind == UserKind.STAFF:
            if not self.agency_id:
                errors["agency"] = "工作人员必须属于一个机关"
            elif self.department_id and self.department.agency_id != self.agency_id:
                errors["department"] = "所属处室必须在所属机关内"
        elif self.public_kind == PublicKind.ORGANISATION:
            if not self.org_name:
                errors["org_name"] = "法人或其他组织必须填写组织名称"
            if not self.credit_code:
                errors["credit_code"] = "法人或其他组织必须填写统一社会信用代码"
        if errors:
            raise ValidationError(errors)


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    granted_at = models.DateTimeField("授予时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "角色"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="rolegrant_unique")]

    def __str__(self):
        return self.get_role_display()


class LoginThrottle(models.Model):
    """Consecutive failed logins under one key: ``pair:<username>|<address>``, ``client:<address>`` or
    ``account:<username>``; kept whether or not the username exists (no enumeration). From a key's
    threshold (settings.LOGIN_DELAY_AFTER) on, the next try must wait, the wait doubling with every
    failure. The owner trying from their own address is not held back by a stranger's failures
    elsewhere until the account-wide threshold, which is set high."""

    username = models.CharField(max_length=150, unique=True)  # the key
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)  # no try before this time

    class Meta:
        verbose_name = verbose_name_plural = "登录失败记录"

    def __str__(self):
        return self.username

    @staticmethod
    def keys(username: str, address: str) -> dict[str, str]:
        name = username.strip().lower()[:60]
        return {
            "pair": f"pair:{name}|{address}"[:150],
            "client": f"client:{address}"[:150],
            "account": f"account:{name}",
        }

    @staticmethod
    def delay(failures: int, threshold: int) -> datetime.timedelta | None:
        if failures < threshold:
            return None
        seconds = settings.LOGIN_FIRST_DELAY_SECONDS * 2 ** min(failures - threshold, 16)
        return datetime.timedelta(seconds=min(seconds, settings.LOGIN_MAX_DELAY_MINUTES * 60))

    @classmethod
    def wait_until(cls, username: str, address: str, now: datetime.datetime) -> datetime.datetime | None:
        """When the next try for this username from this address may be made, if not now."""
        rows = cls.objects.filter(username__in=cls.keys(username, address).values(), locked_until__gt=now)
        return max((row.locked_until for row in rows if row.locked_until), default=None)

    @classmethod
    def register_failure(
        cls, username: str, address: str, now: datetime.datetime
    ) -> tuple[datetime.datetime | None, bool]:
        """Count a wrong password under every key; (the time the next try may be made or None, whether
        this failure started a wait on the pair or the account — the moment to tell the owner)."""
        until, started = None, False
        with transaction.atomic():
            for scope, key in cls.keys(username, address).items():
                row, _ = cls.objects.select_for_update().get_or_create(username=key)
                row.failures += 1
                wait = cls.delay(row.failures, settings.LOGIN_DELAY_AFTER[scope])
                if wait is not None:
                    row.locked_until = now + wait
                    until = max(until or row.locked_until, row.locked_until)
                    started |= scope != "client" and row.failures == settings.LOGIN_DELAY_AFTER[scope]
                row.save(update_fields=["failures", "locked_until"])
        return until, started

    @classmethod
    def clear(cls, username: str, address: str) -> None:
        """A right password: this client and this account start afresh."""
        cls.objects.filter(username__in=cls.keys(username, address).values()).delete()


class Notification(models.Model):
    """An in-app message to one user (deadline reminders and the like), shown on 我的待办."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField("内容", max_length=300)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "站内提醒"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.text


def notify(user, text: str, url: str = "", *, email_subject: str = "") -> Notification:
    """Tell a user in the workspace and, when they have an address and a subject is given, by e-mail."""

    note = Notification.objects.create(user=user, text=text[:300], url=url)
    if email_subject and user.email:
        link = f"{settings.GONGKAI_SITE_URL.rstrip('/')}{url}" if url else ""
        send_mail(email_subject, f"{text}\n{link}".strip(), None, [user.email], fail_silently=False)
    return note


def notify_once(marker: models.Model, users, text: str, url: str = "", *, email_subject: str = "") -> bool:
    """Save ``marker`` (an unsaved row whose unique constraint names this reminder) and tell ``users``,
    in one transaction; False, and nothing sent, when the marker exists: that reminder went out before.
    A failed e-mail rolls the marker back, so the worker tries again next time."""

    try:
        with transaction.atomic():
            marker.save(force_insert=True)
            for user in users:
                notify(user, text, url, email_subject=email_subject)
    except IntegrityError:
        return False
    return True
