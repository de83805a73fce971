from gongkai.accounts import registry


class InspectionsConfig(registry.GongkaiConfig):
    name = "gongkai.inspections"
    verbose_name = "网站检查"
    navigation = ("网站检查", "inspections:list", "workspace.enter")
    periodic = (("inspections.weekly", 7 * 24 * 3600, "gongkai.inspections.tasks.inspect_all"),)
    demo = "gongkai.inspections.demo.load"
    metrics = (("inspection_score", "网站检查得分（单项否决记 0 分）", "gongkai.inspections.views.score_metric"),)
