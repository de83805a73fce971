from gongkai.accounts import registry


class WorkplansConfig(registry.GongkaiConfig):
    name = "gongkai.workplans"
    verbose_name = "工作要点"
    navigation = ("工作要点", "workplans:list", "workspace.enter")
    queue = ("gongkai.workplans.tracking.queue_items",)
    periodic = (("workplans.remind", 6 * 3600, "gongkai.workplans.tracking.remind_due_tasks"),)
    demo = "gongkai.workplans.demo.load"
    metrics = (("tasks_on_time", "工作要点任务按期完成的比例", "gongkai.workplans.metrics.tasks_on_time"),)
