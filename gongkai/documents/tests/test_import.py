import datetime
import io
import zipfile

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.documents.importer import parse_date, parse_docx
from gongkai.documents.law import Attribute
from gongkai.documents.models import Document

LINES = [
    "上海市浦东新区人力资源和社会保障局文件",
    "浦人社发[2026]12号",
    "关于做好2026年高校毕业生",
    "就业创业工作的通知",
    "各科室、各直属单位：",
    "为贯彻落实就业优先政策，进一步做好高校毕业生就业创业工作，现将有关事项通知如下。",
    "一、加大政策宣传力度。通过线上线下多种渠道开展政策宣传。",
    "二、落实就业补贴。符合条件的高校毕业生可申请一次性就业补贴。",
    "附件：1. 一次性就业补贴申请表",
    "2. 办理流程图",
    "上海市浦东新区人力资源和社会保障局",
    "2026年3月2日",
    "（此件公开发布）",
    "抄送：区政府办公室。",
    "上海市浦东新区人力资源和社会保障局办公室 2026年3月3日印发",
]


def build_docx(lines=LINES) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_it_reads_a_gb_t_9704_layout():
    parsed = parse_docx(io.BytesIO(build_docx()), "通知.docx")
    assert parsed.issuer == "上海市浦东新区人力资源和社会保障局"
    assert parsed.doc_number == "浦人社发〔2026〕12号"
    assert parsed.title == "关于做好2026年高校毕业生就业创业工作的通知"
    assert parsed.addressee == "各科室、各直属单位"
    assert len(parsed.paragraphs) == 3 and parsed.paragraphs[1].startswith("一、加大政策宣传力度")
    assert parsed.attachment_note == "1. 一次性就业补贴申请表；2. 办理流程图"
    assert parsed.signatory == "上海市浦东新区人力资源和社会保障局"
    assert parsed.written_on == datetime.date(2026, 3, 2)
    assert parsed.attribute_hint == Attribute.PROACTIVE and parsed.kind == "notice"
    assert parsed.cc == "区政府办公室。" and parsed.warnings == []


def test_a_classified_document_is_withheld():
    parsed = parse_docx(io.BytesIO(build_docx(["000123", "机密★1年", *LINES])))
    assert parsed.classified
    fields = parsed.draft_fields()
    assert fields["attribute"] == Attribute.WITHHELD and fields["withhold_ground"] == "state_secret"


def test_it_reports_what_it_could_not_find():
    parsed = parse_docx(
        io.BytesIO(
            build_docx(["一份没有版头的材料", "正文内容很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。"])
        )
    )
    assert "未识别出发文字号" in parsed.warnings and "未识别出成文日期" in parsed.warnings
    assert parse_docx(io.BytesIO(b"not a docx")).warnings[0].startswith("无法读取")


def test_chinese_numeral_dates():
    assert parse_date("二〇二三年三月一日") == datetime.date(2023, 3, 1)
    assert parse_date("二〇二三年十二月二十一日") == datetime.date(2023, 12, 21)
    assert parse_date("2023年2月30日") is None


def test_the_import_screen_previews_then_saves_confirmed_files(as_user, drafter):
    client = as_user(drafter)
    buffer = io.BytesIO()
    second = [line.replace("12号", "13号").replace("高校毕业生", "退役军人") for line in LINES]
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("一号.docx", build_docx())
        archive.writestr("二号.docx", build_docx(second))
        archive.writestr("说明.txt", "不是公文")
    upload = SimpleUploadedFile("批量.zip", buffer.getvalue())
    page = client.post(reverse("documents:import"), {"file": upload}).content.decode()
    assert "关于做好2026年高校毕业生就业创业工作的通知" in page and "跳过：不是 .docx 文件" in page
    assert not Document.objects.exists()
    report = client.post(reverse("documents:import_confirm"), {"confirm_0": "1"}).content.decode()
    doc = Document.objects.get()
    assert doc.doc_number == "浦人社发〔2026〕12号" and doc.written_on == datetime.date(2026, 3, 2)
    assert doc.attachments.get().kind == "docx" and doc.status == "draft"
    assert "二号.docx：未勾选，未保存" in report


def test_a_duplicate_number_is_reported_per_file(as_user, drafter, make_draft):
    make_draft(doc_number="浦人社发〔2026〕12号")
    client = as_user(drafter)
    client.post(reverse("documents:import"), {"file": SimpleUploadedFile("一号.docx", build_docx())})
    report = client.post(reverse("documents:import_confirm"), {"confirm_0": "1"}).content.decode()
    assert "未保存：发文字号 浦人社发〔2026〕12号 已被" in report
    assert Document.objects.count() == 1


def test_the_import_screen_refuses_other_files(as_user, drafter):
    page = as_user(drafter).post(reverse("documents:import"), {"file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert "文件类型：只接受 .docx 或 .zip" in page.content.decode()
