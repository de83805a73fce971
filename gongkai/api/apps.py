from gongkai.accounts import registry


class ApiConfig(registry.GongkaiConfig):
    name = "gongkai.api"
    verbose_name = "开放接口"
