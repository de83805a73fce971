from gongkai.accounts import registry


class AuditConfig(registry.GongkaiConfig):
    name = "gongkai.audit"
    verbose_name = "审计留痕"
    periodic = (
        ("audit.verify_chain", 24 * 3600, "gongkai.audit.tasks.verify_audit_chain"),
        ("audit.checkpoint", 3600, "gongkai.audit.tasks.write_audit_checkpoint"),
    )
