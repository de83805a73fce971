from django.contrib import admin

from gongkai.audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["id", "created_at", "actor_name", "verb", "target_repr"]
    list_filter = ["verb"]
    search_fields = ["actor_name", "target_repr", "verb"]

    # The log is append-only: the admin may read it, never change it.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
