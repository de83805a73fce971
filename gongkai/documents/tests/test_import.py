import datetime
import io
import zipfile

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.documents import importer
from gongkai.documents.importer import parse_date, parse_docx
from gongkai.documents.law import Attribute
from gongkai.documents.models import Document, ImportJob

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


def batch_zip(count=2) -> bytes:
    buffer = io.BytesIO()
    second = [line.replace("12号", "13号").replace("高校毕业生", "退役军人") for line in LINES]
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("一号.docx", build_docx())
        for i in range(1, count):
            archive.writestr(f"{i + 1}号.docx", build_docx([line.replace("12号", f"{12 + i}号") for line in second]))
        archive.writestr("说明.txt", "不是公文")
    return buffer.getvalue()


def test_a_zip_is_read_and_saved_by_the_worker_while_the_page_shows_progress(
    as_user, drafter, django_capture_on_commit_callbacks
):
    client = as_user(drafter)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("documents:import"), {"file": SimpleUploadedFile("批量.zip", batch_zip())})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:import_job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()  # the request returned before any reading
    assert job.state == "queued" and 'http-equiv="refresh"' in page and "取消导入" in page and "<progress" in page
    for callback in queued:
        callback()  # the worker takes the job (tests run tasks at once)
    job.refresh_from_db()
    assert job.state == "previewed" and (job.done, job.total) == (3, 3)
    page = client.get(response["Location"]).content.decode()
    assert "关于做好2026年高校毕业生就业创业工作的通知" in page and "跳过：不是 .docx 文件" in page
    assert 'http-equiv="refresh"' not in page and not Document.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:import_job_confirm", args=[job.pk]), {"confirm_0": "1"})
    job.refresh_from_db()
    doc = Document.objects.get()
    assert (
        job.state == "saved"
        and doc.doc_number == "浦人社发〔2026〕12号"
        and doc.written_on == datetime.date(2026, 3, 2)
    )
    assert doc.attachments.get().kind == "docx" and doc.status == "draft" and not job.folder.exists()
    report = client.get(reverse("documents:import_job", args=[job.pk])).content.decode()
    assert "2号.docx：未勾选，未保存" in report and doc.title in report
    assert [s.new for s in job.status_changes.all()] == ["queued", "reading", "previewed", "saving", "saved"]


def test_a_batch_can_be_cancelled_while_the_worker_reads_it(
    as_user, drafter, monkeypatch, django_capture_on_commit_callbacks
):
    client = as_user(drafter)
    with django_capture_on_commit_callbacks() as queued:
        client.post(reverse("documents:import"), {"file": SimpleUploadedFile("批量.zip", batch_zip(4))})
    job = ImportJob.objects.get()
    real = importer.parse_docx

    def cancel_after_the_first(fileobj, name):
        if job.done == 0:  # the drafter presses 取消 while the first file is read
            client.post(reverse("documents:import_job_cancel", args=[job.pk]))
        job.refresh_from_db()
        return real(fileobj, name)

    monkeypatch.setattr(importer, "parse_docx", cancel_after_the_first)
    for callback in queued:
        callback()
    job.refresh_from_db()
    assert job.state == "cancelled" and job.done == 1 and len(job.previews) == 1 and not job.folder.exists()
    page = client.get(reverse("documents:import_job", args=[job.pk])).content.decode()
    assert "已取消" in page and "取消导入" not in page
    again = client.post(reverse("documents:import_job_cancel", args=[job.pk]), follow=True).content.decode()
    assert "导入当前为“已取消”，不能再取消" in again


def test_someone_elses_batch_is_not_found(as_user, drafter, officer_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(drafter).post(reverse("documents:import"), {"file": SimpleUploadedFile("批量.zip", batch_zip())})
    job = ImportJob.objects.get()
    other = as_user(officer_a)
    assert other.get(reverse("documents:import_job", args=[job.pk])).status_code == 404
    assert other.post(reverse("documents:import_job_cancel", args=[job.pk])).status_code == 404


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
