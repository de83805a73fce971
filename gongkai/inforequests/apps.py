from django.apps import AppConfig


class InforequestsConfig(AppConfig):
    name = "gongkai.inforequests"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.accounts import navigation, queue
        from gongkai.inforequests import views

        queue.register(views.queue_items)

        from gongkai.inforequests.tasks import remind_due_cases
        from gongkai.lib import periodic

        periodic.register("inforequests.remind", 3600, remind_due_cases)

        from gongkai.accounts.management.commands import load_demo
        from gongkai.inforequests import demo

        if demo.load not in load_demo.DEMO_LOADERS:
            load_demo.DEMO_LOADERS.append(demo.load)
        navigation.NAV.append(("依申请公开", "inforequests:list", "workspace.enter"))

        from gongkai.inforequests.metrics import requests_on_time
        from gongkai.lib import metrics

        metrics.register("requests_on_time", "依申请公开在法定期限内答复的比例", requests_on_time)
