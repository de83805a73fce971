"""Demo data: agencies from the sample work plans, one staff user per role, and public users.

Idempotent: objects are looked up by their natural keys and only missing ones are created, so a
second run changes nothing. New users get a random password, printed once and kept in
``<data dir>/demo-logins.txt`` (mode 600) so ``make run`` can show the logins again.
"""

import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.accounts.models import (
    Agency,
    AgencyKind,
    Department,
    OrganisationType,
    PublicKind,
    Role,
    RoleGrant,
    User,
    UserKind,
)
from gongkai.lib.dbmaint import refresh_statistics


def _guide(
    address: str, postcode: str, *, site: str = "https://www.shanghai.gov.cn/", mail: str = ""
) -> dict[str, str]:
    """The 公开指南 contact facts every demo agency shows (条例第十二条); telephone enquiries go to the
    city's 12345 citizen hotline in the demo, so no invented office number is shown."""
    return {
        "address": f"上海市{address}" if not address.startswith("上海市") else address,
        "postcode": postcode,
        "office_hours": "工作日 9:00—17:00（法定节假日除外）",
        "phone": "12345（上海市民服务热线）",
        "website": site,
        **({"email": mail} if mail else {}),
    }


# (code, name, short name, kind, parent code, extra fields, departments)
# 上海市国防动员办公室 and 上海市机关事务管理局 come from the 2023 sample plans (the latter's contact
# facts are as printed at the foot of its plan); the district bureau's 科室 come from the 2020 sample
# task table (法制科, 办公室, 社管科, 劳动保障监察大队).
AGENCIES = [
    (
        "SH",
        "上海市人民政府",
        "市政府",
        AgencyKind.CITY,
        None,
        {
            "region_code": "310000",
            "office_name": "上海市人民政府办公厅",
            **_guide("人民大道200号", "200003", mail="gongkai@sh.example.gov.cn"),
        },
        ["办公厅"],
    ),
    (
        "SH-GFDY",
        "上海市国防动员办公室",
        "市国动办",
        AgencyKind.BUREAU,
        "SH",
        {
            "office_name": "上海市国防动员办公室秘书处",
            **_guide("黄浦区示范路3号", "200003", mail="gongkai@gfdy.example.gov.cn"),
            "office_hours": "工作日 9:00—17:00",
        },
        ["秘书处", "法规处", "科信处", "信息中心", "宣教中心"],
    ),
    (
        "SH-JGJ",
        "上海市机关事务管理局",
        "市机管局",
        AgencyKind.BUREAU,
        "SH",
        {
            "office_name": "上海市机关事务管理局办公室",
            "address": "上海市人民大道200号",
            "postcode": "200003",
            "office_hours": "工作日 9:00—18:00（国定节假日除外）",
            "phone": "021-23111111",
            "email": "gongkai@jgj.example.gov.cn",
            "website": "https://www.shanghai.gov.cn/",
        },
        ["办公室", "政策法规处"],
    ),
    (
        "PD",
        "上海市浦东新区人民政府",
        "浦东新区政府",
        AgencyKind.DISTRICT,
        "SH",
        {
            "region_code": "310115",
            "office_name": "浦东新区人民政府办公室（区政务公开办）",
            **_guide(
                "世纪大道2001号", "200135", site="https://www.pudong.gov.cn/", mail="gongkai@pudong.example.gov.cn"
            ),
        },
        ["区政务公开办"],
    ),
    (
        "PD-RSJ",
        "上海市浦东新区人力资源和社会保障局",
        "浦东新区人社局",
        AgencyKind.BUREAU,
        "PD",
        {
            "office_name": "浦东新区人力资源和社会保障局办公室",
            **_guide("浦东新区示范路1号", "200135", site="https://www.pudong.gov.cn/"),
            "office_hours": "工作日 9:00—11:30，13:30—17:00",
            "email": "gongkai@rsj.example.gov.cn",
        },
        ["办公室", "法制科", "社管科", "劳动保障监察大队"],
    ),
    (
        "PD-LJZ",
        "浦东新区陆家嘴街道办事处",
        "陆家嘴街道",
        AgencyKind.SUBDISTRICT,
        "PD",
        {
            "office_name": "陆家嘴街道党政办公室",
            **_guide(
                "浦东新区陆家嘴示范路2号",
                "200120",
                site="https://www.pudong.gov.cn/",
                mail="gongkai@ljz.example.gov.cn",
            ),
        },
        ["党政办公室"],
    ),
]

# (username, full name, agency code, department, roles)
STAFF = [
    ("drafter", "起草人·李明", "PD-RSJ", "社管科", [Role.DRAFTER]),
    ("reviewer", "审核人·王芳", "PD-RSJ", "法制科", [Role.REVIEWER]),
    ("officer", "公开办·陈静", "PD-RSJ", "办公室", [Role.OFFICER, Role.OFFICE_HEAD]),
    ("leader", "领导·赵强", "PD-RSJ", "办公室", [Role.LEADER]),
    ("agencyadmin", "单位管理员·周敏", "PD-RSJ", "办公室", [Role.AGENCY_ADMIN]),
    ("supervisor", "区政务公开办·吴磊", "PD", "区政务公开办", [Role.SUPERVISOR]),
    ("sysadmin", "系统管理员", "SH", "办公厅", [Role.SYSADMIN]),
    ("jgj-officer", "市机管局公开办·孙丽", "SH-JGJ", "办公室", [Role.OFFICER, Role.OFFICE_HEAD]),
    ("jgj-drafter", "市机管局起草人·郑华", "SH-JGJ", "政策法规处", [Role.DRAFTER]),
    ("jgj-reviewer", "市机管局审核人·冯洁", "SH-JGJ", "办公室", [Role.REVIEWER]),
    ("gfdy-drafter", "市国动办起草人·蒋伟", "SH-GFDY", "法规处", [Role.DRAFTER]),
    ("gfdy-reviewer", "市国动办审核人·韩梅", "SH-GFDY", "秘书处", [Role.REVIEWER]),
    ("gfdy-officer", "市国动办公开办·杨帆", "SH-GFDY", "秘书处", [Role.OFFICER, Role.OFFICE_HEAD]),
    ("ljz-officer", "陆家嘴街道公开办·林晓", "PD-LJZ", "党政办公室", [Role.OFFICER, Role.OFFICE_HEAD]),
    ("ljz-reviewer", "陆家嘴街道审核人·许宁", "PD-LJZ", "党政办公室", [Role.REVIEWER]),
]

# Apps add loaders for their own demo data (called after agencies and users exist).
DEMO_LOADERS: list[Callable[..., object]] = []

# (username, fields)
PUBLIC = [
    ("citizen", {"full_name": "张三", "public_kind": PublicKind.PERSON}),
    (
        "company",
        {
            "full_name": "联系人·钱七",
            "public_kind": PublicKind.ORGANISATION,
            "org_name": "上海示范科技有限公司（演示）",
            "org_type": OrganisationType.COMMERCIAL,
            "credit_code": "91310115MA1K4DEM05",
        },
    ),
]


def logins_path():
    return settings.DATA_DIR / "demo-logins.txt"


class Command(BaseCommand):
    help = "Load the demo agencies and users (idempotent)."

    def handle(self, *args, **options):
        created_logins = []
        with transaction.atomic():
            agencies = self._agencies()
            for username, full_name, code, dept, roles in STAFF:
                agency = agencies[code]
                department = Department.objects.get(agency=agency, name=dept)
                fields = {
                    "full_name": full_name,
                    "kind": UserKind.STAFF,
                    "agency": agency,
                    "department": department,
                }
                if Role.SYSADMIN in roles:
                    fields.update(is_staff=True, is_superuser=True)
                user, password = self._user(username, fields)
                for role in roles:
                    RoleGrant.objects.get_or_create(user=user, role=role)
                if password:
                    created_logins.append((username, password, f"{full_name}（{agency.short_name}）"))
            for username, fields in PUBLIC:
                _, password = self._user(username, {"kind": UserKind.PUBLIC, **fields})
                if password:
                    created_logins.append((username, password, f"公众用户 {fields['full_name']}"))
        if created_logins:
            path = logins_path()
            # Keep earlier lines for users that still exist; a re-created user replaces its line.
            lines = {}
            if path.exists():
                for line in path.read_text(encoding="utf-8").splitlines():
                    lines[line.split("\t", 1)[0]] = line
            for username, password, who in created_logins:
                lines[username] = f"{username}\t{password}\t{who}"
            path.write_text("".join(f"{line}\n" for line in lines.values()), encoding="utf-8")
            path.chmod(0o600)
            self.stdout.write(f"已创建演示账号（密码只显示这一次，也保存在 {path}）：")
            for username, password, who in created_logins:
                self.stdout.write(f"  {username:<12} {password:<16} {who}")
        else:
            self.stdout.write("演示数据已存在，未做修改。")
        for loader in DEMO_LOADERS:
            self.stdout.write(loader())
        refresh_statistics()

    def _agencies(self) -> dict[str, Agency]:
        agencies: dict[str, Agency] = {}
        for order, (code, name, short, kind, parent, extra, departments) in enumerate(AGENCIES):
            agency, _ = Agency.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "short_name": short,
                    "kind": kind,
                    "parent": agencies.get(parent) if parent else None,
                    "sort_order": order,
                    **extra,
                },
            )
            agencies[code] = agency
            for d_order, dept in enumerate(departments):
                Department.objects.get_or_create(agency=agency, name=dept, defaults={"sort_order": d_order})
        return agencies

    def _user(self, username: str, fields: dict) -> tuple[User, str | None]:
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user, None
        password = "Gk-" + secrets.token_urlsafe(9)
        user = User(username=username, **fields)
        user.set_password(password)
        user.full_clean()
        user.save()
        return user, password
