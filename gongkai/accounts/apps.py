from gongkai.accounts import registry


class AccountsConfig(registry.GongkaiConfig):
    name = "gongkai.accounts"
    verbose_name = "机关与用户"
    periodic = (("db.refresh_statistics", 3600, "gongkai.accounts.tasks.refresh_database_statistics"),)
