from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gongkai.audit"
    verbose_name = "审计留痕"

    def ready(self):
        from gongkai.audit.tasks import verify_audit_chain
        from gongkai.lib import periodic

        periodic.register("audit.verify_chain", 24 * 3600, verify_audit_chain)
