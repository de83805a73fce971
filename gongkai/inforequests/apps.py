from gongkai.accounts import registry


class InforequestsConfig(registry.GongkaiConfig):
    name = "gongkai.inforequests"
    verbose_name = "依申请公开"
    navigation = ("依申请公开", "inforequests:list", "workspace.enter")
    queue = ("gongkai.inforequests.views.queue_items",)
    periodic = (
        ("inforequests.remind", 3600, "gongkai.inforequests.tasks.remind_due_cases"),
        ("inforequests.sweep_orphans", 24 * 3600, "gongkai.inforequests.tasks.sweep_orphans"),
    )
    demo = "gongkai.inforequests.demo.load"
    metrics = (
        ("requests_on_time", "依申请公开在法定期限内答复的比例", "gongkai.inforequests.metrics.requests_on_time"),
        (
            "review_corrected",
            "依申请公开行政复议被纠错的比例（纠错率）",
            "gongkai.inforequests.metrics.review_corrected",
        ),
        ("lawsuit_lost", "依申请公开行政诉讼败诉的比例（败诉率）", "gongkai.inforequests.metrics.lawsuit_lost"),
    )
