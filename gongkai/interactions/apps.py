from gongkai.accounts import registry


class InteractionsConfig(registry.GongkaiConfig):
    name = "gongkai.interactions"
    verbose_name = "政民互动"
    navigation = ("政民互动", "interactions:list", "workspace.enter")
    queue = ("gongkai.interactions.duties.queue_items",)
    periodic = (("interactions.remind", 3600, "gongkai.interactions.duties.remind"),)
    demo = "gongkai.interactions.demo.load"
    metrics = (
        ("messages_on_time", "留言在办理时限内答复的比例", "gongkai.interactions.metrics.on_time"),
        ("messages_satisfaction", "留言答复满意率（满意和基本满意）", "gongkai.interactions.metrics.satisfaction"),
        ("messages_unanswered", "超过3个月未答复的留言数", "gongkai.interactions.metrics.unanswered"),
        ("kb_coverage", "有知识库问答的现行有效政策比例", "gongkai.interactions.metrics.kb_coverage"),
        ("kb_deflection", "看过知识库答案后不再留言的比例", "gongkai.interactions.metrics.kb_deflection"),
        (
            "first_response_on_time",
            "突发事件和社会关切按时首次回应的比例",
            "gongkai.interactions.metrics.first_response",
        ),
    )
