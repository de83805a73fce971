import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from gongkai.workdays import add_workdays
from gongkai.workdays.importer import NoticeError, decode_upload, parse_notice, preview
from gongkai.workdays.models import CalendarYear, DayException

D = datetime.date

YAML_2027 = """\
# illustrative data for tests, not the real 2027 notice
year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知（测试〔2026〕1号）
published_on: 2026-11-05
holidays:
  - name: 元旦
    rest: 2027-01-01..2027-01-03
  - name: 春节
    放假: 2027-02-05 至 2027-02-13
    work: [2027-01-31, 2027-02-20]
  - name: 国庆节
    rest: [2027-10-01, 2027-10-02, 2027-10-03, 2027-10-04, 2027-10-05, 2027-10-06, 2027-10-07]
    work: 2027-10-09
"""

CSV_2027 = """date,kind,name,source
2027-01-01,放假,元旦,测试〔2026〕1号
2027-02-05,放假,春节,测试〔2026〕1号
2027-01-31,上班,春节,测试〔2026〕1号
"""


def test_it_reads_a_yaml_notice():
    notice = parse_notice(YAML_2027, "yaml")
    assert notice.year == 2027 and notice.published_on == D(2026, 11, 5)
    assert len(notice.holidays) == 3 + 9 + 7 and len(notice.workdays) == 3
    assert (D(2027, 1, 31), "workday", "春节") in notice.days


def test_it_accepts_the_bare_off_key_that_yaml_reads_as_false():
    notice = parse_notice(YAML_2027.replace("rest: 2027-01-01", "off: 2027-01-01"), "yaml")
    assert (D(2027, 1, 2), "holiday", "元旦") in notice.days


def test_it_reads_a_csv_notice():
    notice = parse_notice(CSV_2027, "csv")
    assert notice.year == 2027 and notice.source == "测试〔2026〕1号" and len(notice.days) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (YAML_2027.replace("2027-01-01..", "2027-01-32.."), "holidays 第1项（元旦） rest：“2027-01-32”不是有效日期"),
        (YAML_2027.replace("work: 2027-10-09", "work: 2027-10-08"), "2027-10-08 是星期五，本来就是工作日"),
        (YAML_2027.replace("rest: 2027-01-01..2027-01-03", "rest: 2026-12-31"), "2026-12-31 不属于 2027 年"),
        (YAML_2027.replace("2027-10-07]", "2027-10-07, 2027-10-07]"), "2027-10-07 重复出现"),
        (YAML_2027.replace("source: 国务院", "sauce: 国务院"), "source：必须填写"),
        (YAML_2027.replace("year: 2027", "year: 1999"), "year：应为 2004—2099"),
        ("year: [", "不是有效的 YAML"),
        (YAML_2027.replace("2027-02-05 至 2027-02-13", "2027-02-13 至 2027-02-05"), "结束日期早于开始日期"),
    ],
)
def test_it_names_the_entry_and_rule_of_each_error(text, message):
    with pytest.raises(NoticeError) as excinfo:
        parse_notice(text, "yaml")
    assert any(message in e for e in excinfo.value.errors), excinfo.value.errors


def test_it_reports_every_bad_csv_row():
    text = CSV_2027 + "2027-13-01,放假,元旦,测试〔2026〕1号\n2027-03-01,休息日,元旦,测试〔2026〕1号\n"
    with pytest.raises(NoticeError) as excinfo:
        parse_notice(text, "csv")
    assert any(e.startswith("第5行 date") for e in excinfo.value.errors)
    assert any("第6行 kind：“休息日”应为“放假”或“上班”" in e for e in excinfo.value.errors)


def test_it_warns_about_more_than_six_working_days_in_a_row(db):
    assert preview(parse_notice(YAML_2027, "yaml")).warnings == []  # 15–20 Feb: 6 days, allowed
    notice = parse_notice(YAML_2027.replace("2027-02-20]", "2027-02-20, 2027-02-21]"), "yaml")
    warnings = preview(notice).warnings
    assert any("2027-02-15 至 2027-02-26 连续工作 12 天" in w for w in warnings)


def test_it_previews_the_difference_with_what_is_stored(db):
    p = preview(
        parse_notice(
            "year: 2026\nsource: 更正\nholidays:\n  - name: 元旦\n    rest: 2026-01-01..2026-01-03\n"
            "    work: 2026-01-04\n",
            "yaml",
        )
    )
    assert p.added == [] and p.changed == []
    assert D(2026, 10, 1) in [d for d, *_ in p.removed]


def test_it_checks_uploads_by_type_and_size():
    with pytest.raises(NoticeError, match="文件类型"):
        decode_upload(SimpleUploadedFile("notice.pdf", b"%PDF"))
    with pytest.raises(NoticeError, match="不能超过 64 KB"):
        decode_upload(SimpleUploadedFile("notice.yaml", b"a" * (65 * 1024)))
    with pytest.raises(NoticeError, match="UTF-8"):
        decode_upload(SimpleUploadedFile("notice.csv", "日期".encode("gbk")))
    assert decode_upload(SimpleUploadedFile("n.YML", YAML_2027.encode()))[1] == "yaml"


def test_the_command_previews_then_saves(db, tmp_path, capsys):
    path = tmp_path / "2027.yaml"
    path.write_text(YAML_2027, encoding="utf-8")
    call_command("import_calendar", str(path), "--dry-run")
    assert "（试运行，未保存）" in capsys.readouterr().out
    assert not DayException.objects.filter(date__year=2027).exists()
    call_command("import_calendar", str(path))
    assert DayException.objects.filter(date__year=2027).count() == 22
    assert CalendarYear.objects.get(year=2027).complete
    assert not add_workdays(D(2027, 1, 29), 3).provisional


def test_the_command_saves_nothing_from_a_bad_file(db, tmp_path):
    path = tmp_path / "2027.yaml"
    path.write_text(YAML_2027.replace("work: 2027-10-09", "work: 2027-10-08"), encoding="utf-8")
    with pytest.raises(CommandError, match="没有保存任何内容"):
        call_command("import_calendar", str(path))
    assert not DayException.objects.filter(date__year=2027).exists()
