from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    verbose_name = "机关与用户"

    def ready(self):
        from gongkai.accounts.tasks import refresh_database_statistics
        from gongkai.lib import periodic

        periodic.register("db.refresh_statistics", 3600, refresh_database_statistics)
