from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    verbose_name = "全文检索"

    def ready(self):
        from gongkai.lib import periodic
        from gongkai.search.tasks import apply_search_changes

        # The worker keeps this machine's index replica a couple of seconds behind the database.
        periodic.register("search.apply", 2, apply_search_changes)
