"""标准目录: XLSX import in the national layout (preview, errors naming row and column), export and
re-import unchanged, documents suggested and linked, entries flagged when their 更新周期 passes without new
content, the portal column and the coverage metric."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from gongkai.catalog import sheet
from gongkai.catalog.demo import workbook
from gongkai.catalog.models import Entry, replace_catalogue
from gongkai.catalog.views import queue_items, suggestions
from gongkai.documents.models import Tag
from gongkai.lib import metrics


def _upload(client, data: bytes, name="目录.xlsx"):
    f = io.BytesIO(data)
    f.name = name
    return client.post("/workspace/catalog/import/", {"file": f}, follow=True)


def test_the_national_layout_is_read_and_written_back_unchanged(tree, officer_a, as_user):
    client = as_user(officer_a)
    page = _upload(client, workbook()).content.decode()
    assert "确认导入" in page and Entry.objects.count() == 0  # a preview first, nothing saved
    token_page = _upload(client, workbook())
    client.post(token_page.redirect_chain[-1][0])
    entries = list(Entry.objects.filter(agency=tree["a"]).order_by("seq"))
    assert len(entries) == 8 and entries[0].level1 == "财政预决算" and entries[0].cycle == "year"
    assert entries[2].to_specific and entries[2].on_request and entries[2].level_town and not entries[2].level_county
    assert entries[2].channels == ["政府网站", "社区/企事业单位/村公示栏（电子屏）"]
    exported = client.get("/workspace/catalog/export.xlsx").content
    again = sheet.read(exported)
    assert not again.errors
    fields = ["seq", "level1", "level2", "content", "basis", "time_limit", "body", "channels", "to_all", "to_specific",
              "proactive", "on_request", "level_county", "level_town", "area", "cycle"]  # fmt: skip
    assert again.rows == [{f: getattr(e, f) for f in fields} for e in entries]
    rows = list(load_workbook(io.BytesIO(exported)).active.values)
    assert rows[0][:4] == ("序号", "公开事项", None, "公开内容（要素）") and rows[1][1:3] == ("一级事项", "二级事项")


def test_errors_name_the_row_and_the_column(tree, officer_a, as_user):
    book = Workbook()
    s = book.active
    s.append([top for _, top, _ in sheet.COLUMNS])
    s.append([sub for _, _, sub in sheet.COLUMNS])
    s.append([1, "社会救助", "低保", "条件", "", "", "街道", "政府网站", "√", "", "√", "", "", "", "社会救助", ""])
    s.append([2, "", "临时救助", "条件", "", "20个工作日", "街道", "传真", "x", "", "", "", "", "", "火星", "每周"])
    out = io.BytesIO()
    book.save(out)
    parsed = sheet.read(out.getvalue())
    assert "第3行“公开时限”：必须填写" in parsed.errors
    assert "第4行“公开渠道和载体”：无法识别“传真”（可用：" in "".join(parsed.errors)
    assert "第4行“全社会”：只能填 √ 或留空（现为“x”）" in parsed.errors
    assert "第4行“公开方式”：主动和依申请公开至少勾选一项" in parsed.errors
    assert "第4行“试点领域”：无法识别“火星”" in parsed.errors
    assert parsed.rows[1]["level1"] == "社会救助"  # a merged 一级事项 carries down
    page = _upload(as_user(officer_a), out.getvalue()).content.decode()
    assert "需要改正（" in page and "确认导入" not in page
    fake = _upload(as_user(officer_a), b"not a workbook")
    assert "标准目录：文件内容不是 XLSX" in fake.content.decode()


def test_documents_are_suggested_linked_and_entries_flagged_when_stale(tree, officer_a, approved, client):
    parsed = sheet.read(workbook())
    replace_catalogue(tree["a"], parsed.rows, by=officer_a)
    budget = Entry.objects.get(agency=tree["a"], level2="部门预算")
    assert budget.is_stale()  # yearly, no content at all
    assert "标准目录·内容未按周期更新" in [i.kind for i in queue_items(officer_a)]
    doc = approved(title="测试区甲局2026年部门预算")
    doc.publish(by=officer_a)
    other = approved(title="关于开展防空警报试鸣的通告")
    other.tags.set(Tag.objects.filter(name="人民防空"))
    other.publish(by=officer_a)
    assert suggestions(budget)[0] == doc and other not in suggestions(budget)
    budget.link(doc, by=officer_a)
    assert not budget.is_stale()
    assert budget.is_stale(timezone.localdate() + datetime.timedelta(days=400))  # a year and a month later
    page = client.get(f"/agencies/{tree['a'].code}/standard/").content.decode()
    assert "部门预算" in page and "测试区甲局2026年部门预算" in page
    share, _, how = metrics.value("catalog_coverage", tree["a"], 2026)
    assert share == pytest.approx(12.5) and "有现行内容的 1 项" in how


def test_another_agencys_entry_is_404_and_a_document_of_another_body_cannot_be_linked(
    tree, officer_a, officer_b, approved, as_user
):
    replace_catalogue(tree["a"], sheet.read(workbook()).rows, by=officer_a)
    entry = Entry.objects.first()
    assert as_user(officer_b).get(f"/workspace/catalog/{entry.pk}/").status_code == 404
    replace_catalogue(tree["b"], sheet.read(workbook()).rows, by=officer_b)
    doc = approved(title="甲局的文件")
    with pytest.raises(Exception, match="文件：只能关联本机关发布的文件"):
        Entry.objects.filter(agency=tree["b"]).first().link(doc, by=officer_b)
