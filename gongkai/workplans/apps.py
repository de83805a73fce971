from django.apps import AppConfig


class WorkplansConfig(AppConfig):
    name = "gongkai.workplans"
    verbose_name = "工作要点"

    def ready(self):
        from gongkai.accounts import navigation, queue
        from gongkai.accounts.management.commands import load_demo
        from gongkai.lib import periodic
        from gongkai.workplans import demo, tracking

        navigation.NAV.append(("工作要点", "workplans:list", "workspace.enter"))
        queue.register(tracking.queue_items)
        periodic.register("workplans.remind", 6 * 3600, tracking.remind_due_tasks)
        if demo.load not in load_demo.DEMO_LOADERS:
            load_demo.DEMO_LOADERS.append(demo.load)
