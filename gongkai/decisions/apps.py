from gongkai.accounts import registry


class DecisionsConfig(registry.GongkaiConfig):
    name = "gongkai.decisions"
    verbose_name = "重大行政决策"
    navigation = ("重大行政决策", "decisions:list", "workspace.enter")
    queue = ("gongkai.decisions.duties.queue_items",)
    periodic = (("decisions.remind", 6 * 3600, "gongkai.decisions.duties.remind_adoption_reports"),)
    demo = "gongkai.decisions.demo.load"
    metrics = (
        (
            "decision_catalogue",
            "重大行政决策事项目录按期（3月31日前）公布",
            "gongkai.decisions.metrics.catalogue_on_time",
        ),
        ("decision_participation", "重大行政决策公开征求意见的比例", "gongkai.decisions.metrics.participation_share"),
        ("decision_adoption_on_time", "意见采纳情况按期公布的比例", "gongkai.decisions.metrics.adoption_on_time"),
        ("decision_adoption_days", "决策后公布意见采纳情况的最长工作日数", "gongkai.decisions.metrics.adoption_days"),
        ("decision_attendance", "邀请公众代表列席决策会议次数", "gongkai.decisions.metrics.attendance_count"),
    )
