from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from gongkai.accounts.models import Agency, Department, LoginThrottle, RoleGrant, User


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    inlines = [DepartmentInline]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "kind", "agency", "department", "is_active"]
    list_filter = ["kind", "agency"]
    search_fields = ["username", "full_name", "org_name"]
    inlines = [RoleGrantInline]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("平台信息", {"fields": ("kind", "full_name", "phone", "agency", "department")}),
        ("公众用户", {"fields": ("public_kind", "org_name", "org_type", "credit_code")}),
    )


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    list_display = ["username", "failures", "locked_until"]
