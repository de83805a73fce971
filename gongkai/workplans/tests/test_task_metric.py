"""Tasks done by their deadline: the share of due tasks of the year's plan marked done on or before it."""

import datetime

from gongkai.lib import metrics
from gongkai.workplans import parse
from gongkai.workplans import service as plans

TABLE = (
    "序号\t任务名称\t任务内容\t牵头单位\t时间节点\n1\t甲\t甲。\t办公室\t3月31日前\n"
    "2\t乙\t乙。\t办公室\t6月30日前\n3\t丙\t丙。\t办公室\t12月31日前\n"
)


def test_tasks_done_on_time_over_tasks_due(tree, officer_a):
    year = datetime.date.today().year - 1  # a whole past year: every deadline has come
    plan = plans.save(tree["a"], year, parse.parse_text(TABLE, year).to_json(), by=officer_a, source_name="p.txt",
                      digest="d")  # fmt: skip
    first, second, third = plan.tasks.order_by("position")
    first.set_status(by=officer_a, status="done", on=datetime.date(year, 3, 30))
    second.set_status(by=officer_a, status="done", on=datetime.date(year, 7, 15))  # late
    share, _, how = metrics.value("tasks_on_time", tree["a"], year)
    assert str(share) == "33.3" and "到期任务3项，按期完成1项" in how
    assert metrics.value("tasks_on_time", tree["b"], year)[0] is None
