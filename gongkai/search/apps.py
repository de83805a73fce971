from gongkai.accounts import registry


class SearchConfig(registry.GongkaiConfig):
    name = "gongkai.search"
    verbose_name = "全文检索"
    navigation = ("检索同义词", "search:equivalences", "search.equivalences")
    # The worker keeps this machine's index replica a couple of seconds behind the database; inline,
    # so it leaves no task row behind every two seconds.
    periodic = (
        ("search.apply", 2, "gongkai.search.engine.apply_changes", True),
        # the web processes' query log into the anonymised counts behind suggestions (search/suggest.py)
        ("search.tally_queries", 60, "gongkai.search.suggest.tally", True),
    )
