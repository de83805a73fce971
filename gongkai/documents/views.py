"""Staff pages of the library: lists and queues, the item form, the item page and its actions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Agency
from gongkai.accounts.permissions import has, require
from gongkai.accounts.views import staff_required
from gongkai.documents.forms import DocumentForm, ReasonForm, RereviewForm, ReviewForm, RevisionForm, ValidityForm
from gongkai.documents.library import add_attachments, create_draft, set_links
from gongkai.documents.models import EDITABLE, Document, Status
from gongkai.documents.stats import interpretation_stats, late_items
from gongkai.lib.errors import Refused, show
from gongkai.lib.html import body_html
from gongkai.lib.params import choice_param, page_param, year_param

TABS = {
    "all": ("全部", {}),
    "drafts": ("我的草稿", {"status__in": [Status.DRAFT, Status.RETURNED]}),
    "review": ("待审查", {"status": Status.IN_REVIEW}),
    "publish": ("待发布", {"status": Status.APPROVED}),
    "published": ("已发布", {"status": Status.PUBLISHED}),
    "filed": ("不主动公开", {"status": Status.FILED}),
}


def get_document_for_user(user, uid) -> Document:
    try:
        return Document.objects.for_user(user).select_related("agency", "subject", "drafter").get(uid=uid)
    except (Document.DoesNotExist, ValueError):
        raise Http404("未找到该信息") from None


@staff_required
def document_list(request):
    tab = choice_param(request, "tab", TABS, default="all", label="列表")
    label, filters = TABS.get(tab, TABS["all"])
    docs = Document.objects.for_user(request.user).filter(**filters).select_related("agency")
    if tab == "drafts":
        docs = docs.filter(drafter=request.user)
    if q := request.GET.get("q", "").strip():
        docs = docs.filter(title__icontains=q) | docs.filter(index_number=q) | docs.filter(doc_number=q)
    page = Paginator(docs.order_by("-updated_at"), 50).get_page(page_param(request))
    can_draft = has(request.user, "document.draft", request.user.agency)
    return render(
        request,
        "documents/list.html",
        {"page": page, "tab": tab, "tabs": TABS, "label": label, "q": q, "can_draft": can_draft},
    )


@staff_required
def document_new(request):
    agency = request.user.agency
    require(request.user, "document.draft", agency)
    form = DocumentForm(request.POST or None, request.FILES or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data, relations, links, accepted = form.parts()
        try:
            with transaction.atomic():
                doc = create_draft(agency=agency, by=request.user, **data, **relations)
                add_attachments(doc, accepted, by=request.user)
                set_links(doc, by=request.user, **links)
        except Refused as exc:
            show(exc, form=form)
        else:
            messages.success(request, f"已保存草稿，索引号 {doc.index_number}。")
            return redirect("documents:detail", uid=doc.uid)
    return render(request, "documents/form.html", {"form": form, "doc": None})


@staff_required
def document_edit(request, uid):
    doc = get_document_for_user(request.user, uid)
    require(request.user, "document.draft", doc)
    if doc.status not in EDITABLE:
        messages.error(request, f"当前状态为“{doc.get_status_display()}”，不能修改；已发布的信息请使用“修订”。")
        return redirect("documents:detail", uid=doc.uid)
    form = DocumentForm(request.POST or None, request.FILES or None, instance=doc, agency=doc.agency)
    if request.method == "POST" and form.is_valid():
        data, relations, links, accepted = form.parts()
        fresh = Document.objects.get(pk=doc.pk)  # the form wrote into ``doc``; diff against the stored row
        with transaction.atomic():
            fresh.update_draft(by=request.user, **data)
            for name, values in relations.items():
                getattr(fresh, name).set(values)
            add_attachments(fresh, accepted, by=request.user)
            set_links(fresh, by=request.user, **links)
        messages.success(request, "已保存。")
        return redirect("documents:detail", uid=doc.uid)
    return render(request, "documents/form.html", {"form": form, "doc": doc})


@staff_required
def document_detail(request, uid):
    doc = get_document_for_user(request.user, uid)
    user = request.user
    context = {
        "doc": doc,
        "reviews": doc.reviews.select_related("reviewer"),
        "versions": doc.versions.all(),
        "changes": doc.status_changes.all(),
        "attachments": doc.attachments.all(),
        "relations_out": doc.relations_out.select_related("target"),
        "relations_in": doc.relations_in.select_related("source"),
        "service_links": doc.service_links.all(),
        "interpretations": doc.interpretations.all(),
        "policies": doc.interprets.all(),
        "rereviews": doc.rereviews.all(),
        "pending": doc.pending_revision,
        "may_draft": has(user, "document.draft", doc),
        "may_review": has(user, "document.review", doc) and doc.drafter_id != user.pk,
        "may_publish": has(user, "document.publish", doc),
        "review_form": ReviewForm(initial={"attribute": doc.attribute, "withhold_ground": doc.withhold_ground}),
        "reason_form": ReasonForm(),
        "revision_form": RevisionForm(initial={"title": doc.title, "summary": doc.summary, "body": doc.body}),
        "validity_form": ValidityForm(initial={"validity": doc.validity, "on": timezone.localdate()}),
        "rereview_form": RereviewForm(),
        "late": doc.is_late(),
        "due": doc.disclosure_due(),
    }
    return render(request, "documents/detail.html", context)


def _act(request, uid, rule, action, form_class=None):
    """Run one verb from a POST; a refused transition comes back as a Chinese message."""
    doc = get_document_for_user(request.user, uid)
    require(request.user, rule, doc)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
        return redirect("documents:detail", uid=doc.uid)
    try:
        note = action(doc, form.cleaned_data if form else None)
    except Refused as exc:
        show(exc, request=request)
    else:
        messages.success(request, note)
    return redirect("documents:detail", uid=doc.uid)


@staff_required
@require_POST
def document_submit(request, uid):
    def act(doc, _):
        doc.submit(by=request.user)
        return "已提交审查。"

    return _act(request, uid, "document.draft", act)


@staff_required
@require_POST
def document_review(request, uid):
    def act(doc, data):
        review = doc.review(by=request.user, **data)
        return f"已记录审查结论：{review.get_decision_display()}。"

    return _act(request, uid, "document.review", act, ReviewForm)


@staff_required
@require_POST
def document_publish(request, uid):
    def act(doc, _):
        doc.publish(by=request.user)
        return "已发布。"

    return _act(request, uid, "document.publish", act)


@staff_required
@require_POST
def document_withdraw(request, uid):
    def act(doc, data):
        doc.withdraw(by=request.user, reason=data["reason"])
        return "已撤回。"

    return _act(request, uid, "document.publish", act, ReasonForm)


@staff_required
@require_POST
def document_revise(request, uid):
    def act(doc, data):
        revision = doc.revise(
            by=request.user, title=data["title"], summary=data["summary"], body=body_html(data["body"])
        )
        return f"已提交第{revision.version}版修订，审查通过并发布后替换公开内容。"

    return _act(request, uid, "document.draft", act, RevisionForm)


@staff_required
@require_POST
def document_validity(request, uid):
    def act(doc, data):
        doc.set_validity(data["validity"], on=data["on"], by=request.user)
        return "已更新有效性。"

    return _act(request, uid, "document.publish", act, ValidityForm)


@staff_required
@require_POST
def document_rereview(request, uid):
    def act(doc, data):
        doc.rereview(by=request.user, verdict=data["verdict"], reason=data["reason"])
        return "已记录复审结论。"

    return _act(request, uid, "document.publish", act, RereviewForm)


@staff_required
def attachment_download(request, uid, pk):
    """Staff download, scoped like the item itself (media files are never served directly)."""
    item = get_document_for_user(request.user, uid).attachments.filter(pk=pk).first()
    if item is None:
        raise Http404("未找到该附件")
    return item.download()


@staff_required
def late_list(request):
    docs = late_items(Document.objects.for_user(request.user).select_related("agency"))
    return render(request, "documents/late.html", {"docs": docs})


@staff_required
def rereview_queue(request):
    docs = (
        Document.objects.for_user(request.user)
        .filter(status=Status.FILED)
        .select_related("agency")
        .order_by("next_rereview_on")
    )
    return render(request, "documents/rereview.html", {"docs": docs, "today": timezone.localdate()})


@staff_required
def indicators(request):
    year = year_param(request)
    rows = [(agency, interpretation_stats(agency, year)) for agency in Agency.objects.for_user(request.user)]
    return render(request, "documents/indicators.html", {"rows": rows, "year": year})
