from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "gongkai.workdays"
    verbose_name = "工作日历"

    def ready(self):
        from gongkai.accounts import queue
        from gongkai.workdays import reminders

        queue.register(reminders.queue_items)
