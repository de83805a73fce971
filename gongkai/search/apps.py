from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    verbose_name = "全文检索"

    def ready(self):
        from gongkai.lib import periodic
        from gongkai.search import engine

        # The worker keeps this machine's index replica a couple of seconds behind the database;
        # inline, so it leaves no task row behind every two seconds.
        periodic.register("search.apply", 2, engine.apply_changes, inline=True)
