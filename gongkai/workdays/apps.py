from gongkai.accounts import registry


class WorkdaysConfig(registry.GongkaiConfig):
    name = "gongkai.workdays"
    verbose_name = "工作日历"
    queue = ("gongkai.workdays.reminders.queue_items",)
