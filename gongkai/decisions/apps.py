from gongkai.accounts import registry


class DecisionsConfig(registry.GongkaiConfig):
    name = "gongkai.decisions"
    verbose_name = "重大行政决策"
    navigation = ("重大行政决策", "decisions:list", "workspace.enter")
    queue = ("gongkai.decisions.models.queue_items",)
    demo = "gongkai.decisions.demo.load"
    metrics = (
        (
            "decision_catalogue",
            "重大行政决策事项目录按期（3月31日前）公布",
            "gongkai.decisions.metrics.catalogue_on_time",
        ),
    )
