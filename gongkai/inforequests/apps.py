from django.apps import AppConfig


class InforequestsConfig(AppConfig):
    name = "gongkai.inforequests"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.accounts import navigation, queue
        from gongkai.inforequests import views

        queue.register(views.queue_items)
        navigation.NAV.append(("依申请公开", "inforequests:list", "workspace.enter"))
