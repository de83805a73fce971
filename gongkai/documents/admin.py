from django.contrib import admin

from gongkai.documents.models import (
    AgencyToken,
    Document,
    LibrarySettings,
    Review,
    SubjectCategory,
    Tag,
    TagGroup,
)


@admin.register(SubjectCategory)
class SubjectCategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "sort_order"]
    list_filter = ["parent"]


class TagInline(admin.TabularInline):
    model = Tag
    extra = 0


@admin.register(TagGroup)
class TagGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order"]
    inlines = [TagInline]


@admin.register(LibrarySettings)
class LibrarySettingsAdmin(admin.ModelAdmin):
    list_display = ["agency", "index_pattern", "oa_prereviewed", "rereview_months"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only: documents change through the workspace's verbs, never by editing fields here."""

    list_display = ["title", "agency", "index_number", "status", "attribute", "validity", "published_at"]
    list_filter = ["status", "attribute", "validity", "kind", "agency"]
    search_fields = ["title", "index_number", "doc_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(DocumentAdmin):
    list_display = ["document", "version", "reviewer", "decision", "attribute", "created_at"]
    list_filter = ["decision", "attribute"]
    search_fields = ["document__title"]


@admin.register(AgencyToken)
class AgencyTokenAdmin(admin.ModelAdmin):
    list_display = ["agency", "name", "created_at", "revoked"]
    readonly_fields = ["token_hash"]

    def has_add_permission(self, request):
        return False  # tokens are issued with `manage.py issue_filing_token`, which shows the token once
