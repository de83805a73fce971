from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    verbose_name = "年度报告"

    def ready(self):
        from gongkai.accounts import navigation, queue
        from gongkai.lib import periodic
        from gongkai.reports import reminders

        navigation.NAV.append(("年度报告", "reports:list", "workspace.enter"))
        queue.register(reminders.queue_items)
        periodic.register("reports.remind", 6 * 3600, reminders.remind_report_deadlines)

        from gongkai.accounts.management.commands import load_demo
        from gongkai.reports import demo

        if demo.load not in load_demo.DEMO_LOADERS:
            load_demo.DEMO_LOADERS.append(demo.load)

        from gongkai.inforequests import analysis
        from gongkai.lib import metrics
        from gongkai.reports.metrics import report_on_time
        from gongkai.reports.tables import check_request_tables

        if check_request_tables not in analysis.TABLE_CHECKS:
            analysis.TABLE_CHECKS.append(check_request_tables)

        metrics.register("report_on_time", "上一年度政府信息公开工作年报按期（1月31日前）发布", report_on_time)
