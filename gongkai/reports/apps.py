from gongkai.accounts import registry


class ReportsConfig(registry.GongkaiConfig):
    name = "gongkai.reports"
    verbose_name = "年度报告"
    navigation = ("年度报告", "reports:list", "workspace.enter")
    queue = ("gongkai.reports.reminders.queue_items",)
    periodic = (("reports.remind", 6 * 3600, "gongkai.reports.reminders.remind_report_deadlines"),)
    demo = "gongkai.reports.demo.load"
    metrics = (
        (
            "report_on_time",
            "上一年度政府信息公开工作年报按期（1月31日前）发布",
            "gongkai.reports.metrics.report_on_time",
        ),
    )

    def connect(self):
        from gongkai.inforequests import analysis  # noqa: PLC0415 — models load after the app configs; connect() runs once they have
        from gongkai.reports.tables import check_request_tables  # noqa: PLC0415 — as above

        # the 依申请公开 analysis page previews tables 三 and 四 with the report's own checks
        if check_request_tables not in analysis.TABLE_CHECKS:
            analysis.TABLE_CHECKS.append(check_request_tables)
