"""Importing 公文 from .docx files (one, or many in a zip): preview first, save only what is confirmed.

One .docx is read at once (the package limits keep that under a second). A zip is an ``ImportJob``:
the upload returns at once to the job's page, the worker reads the files and then saves the ticked
ones, and the page shows the progress and can cancel.

Uploads are staged under MEDIA_ROOT/import-staging/<user>/<token>/ between the preview and the
confirmation; the staging folder is removed after confirming, and stale ones after a day.
"""

import shutil
import time
import uuid
import zipfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts.permissions import require
from gongkai.accounts.views import staff_required
from gongkai.documents.importer import ZipEntry, stage_entry
from gongkai.documents.library import draft_from_docx
from gongkai.documents.models import ImportJob
from gongkai.documents.workflow import DocumentError

SESSION_KEY = "document_import"
MAX_ZIP_BYTES = 100 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label="公文文件（.docx，或多个 .docx 打成的 .zip）")


def _staging_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "import-staging"


def _clean_stale(root: Path) -> None:
    cutoff = time.time() - 24 * 3600
    for folder in root.glob("*/*"):
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


def _stage(request, upload) -> tuple[list[dict], str]:
    """Write the upload's .docx files to a staging folder; return their previews or an error."""
    name = upload.name.lower()
    data = upload.read()
    if name.endswith(".docx"):
        if len(data) > settings.GONGKAI_ATTACHMENT_MAX_MB * 1024 * 1024:
            return [], f"文件大小：不能超过 {settings.GONGKAI_ATTACHMENT_MAX_MB} MB"

        entries = [ZipEntry(upload.name, data)]
    else:
        return [], "文件类型：只接受 .docx 或 .zip"
    root = _staging_root()
    _clean_stale(root)
    token = uuid.uuid4().hex
    folder = root / str(request.user.pk) / token
    folder.mkdir(parents=True)
    previews = []
    for index, entry in enumerate(entries):
        item, parsed = stage_entry(index, entry, folder)
        if parsed is not None:
            item["parsed"] = parsed
        previews.append(item)
    request.session[SESSION_KEY] = {"token": token, "names": {str(p["index"]): p["name"] for p in previews}}
    return previews, ""


@staff_required
def import_documents(request):
    agency = request.user.agency
    require(request.user, "document.draft", agency)
    form = ImportForm(request.POST or None, request.FILES or None)
    previews, error = None, ""
    if request.method == "POST" and "confirm" not in request.POST and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.name.lower().endswith(".zip"):
            if upload.size > MAX_ZIP_BYTES:
                error = f"文件大小：压缩包不能超过 {MAX_ZIP_BYTES // (1024 * 1024)} MB"
            elif not zipfile.is_zipfile(upload):
                error = "压缩包无法打开（不是有效的 zip 文件）"
            else:
                upload.seek(0)
                job = ImportJob.start(agency=agency, by=request.user, filename=upload.name, data=upload.read())
                return redirect("documents:import_job", pk=job.pk)
        else:
            previews, error = _stage(request, upload)
    return render(request, "documents/import.html", {"form": form, "previews": previews, "error": error})


@staff_required
def import_confirm(request):
    agency = request.user.agency
    require(request.user, "document.draft", agency)
    state = request.session.get(SESSION_KEY)
    if request.method != "POST" or not state:
        return redirect("documents:import")
    folder = _staging_root() / str(request.user.pk) / state["token"]
    chosen = {key[len("confirm_") :] for key in request.POST if key.startswith("confirm_")}
    report = []
    for index, name in state["names"].items():
        path = folder / f"{index}.docx"
        if index not in chosen or not path.exists():
            report.append({"name": name, "skipped": True})
            continue
        try:
            doc = draft_from_docx(agency=agency, by=request.user, name=name, data=path.read_bytes())
        except DocumentError as exc:
            report.append({"name": name, "error": str(exc)})
        else:
            report.append({"name": name, "doc": doc})
    shutil.rmtree(folder, ignore_errors=True)
    del request.session[SESSION_KEY]
    return render(request, "documents/import_report.html", {"report": report})


def _own_job(request, pk) -> ImportJob:
    return get_object_or_404(ImportJob.objects.for_user(request.user), pk=pk, created_by=request.user)


@staff_required
def import_job(request, pk):
    """The batch's page: progress while the worker reads or saves (the page reloads itself every two
    seconds, no script), then the preview to tick, then the report."""
    job = _own_job(request, pk)
    return render(request, "documents/import_job.html", {"job": job})


@staff_required
@require_POST
def import_job_cancel(request, pk):
    job = _own_job(request, pk)
    try:
        job.cancel(by=request.user)
    except DocumentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已取消：已读取或保存的到此为止，其余不再处理。")
    return redirect("documents:import_job", pk=job.pk)


@staff_required
@require_POST
def import_job_confirm(request, pk):
    job = _own_job(request, pk)
    chosen = [key[len("confirm_") :] for key in request.POST if key.startswith("confirm_")]
    try:
        job.confirm(by=request.user, chosen=chosen)
    except DocumentError as exc:
        messages.error(request, str(exc))
    return redirect("documents:import_job", pk=job.pk)
