from gongkai.accounts import registry


class EventsConfig(registry.GongkaiConfig):
    name = "gongkai.events"
    verbose_name = "开放活动和专区"
    navigation = ("开放日和专区", "events:list", "workspace.enter")
    periodic = (("events.remind", 3600, "gongkai.events.duties.remind"),)
    demo = "gongkai.events.demo.load"
    metrics = (
        ("open_events", "举办政府开放活动次数", "gongkai.events.duties.events_held"),
        ("open_event_participants", "政府开放活动参加人数", "gongkai.events.duties.participants"),
        ("open_event_satisfaction", "开放活动满意度（评分 4 分及以上的比例）", "gongkai.events.duties.satisfaction"),
    )
