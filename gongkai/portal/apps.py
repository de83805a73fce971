from gongkai.accounts import registry


class PortalConfig(registry.GongkaiConfig):
    name = "gongkai.portal"
    verbose_name = "门户"
