"""Public pages. Every document shown here comes from ``Document.objects.public()`` (DESIGN rule 1)."""

from __future__ import annotations

import difflib
import functools
import re
from collections import OrderedDict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from gongkai.accounts.forms import PublicRegistrationForm
from gongkai.accounts.models import Agency, UserKind
from gongkai.accounts.views import login_view
from gongkai.catalog.models import Entry as CatalogEntry
from gongkai.decisions.models import Catalogue
from gongkai.documents import versions
from gongkai.documents.law import ART20_BY_NUMBER, DocKind, Validity, art20_category, art20_number
from gongkai.documents.models import Attachment, Document, SubjectCategory, Tag, public_q
from gongkai.interactions.models import Answer, Message
from gongkai.lib import health
from gongkai.lib.clients import client_address
from gongkai.lib.params import page_param
from gongkai.lib.text import html_to_text
from gongkai.portal import decisions
from gongkai.portal.context_processors import A11Y_COOKIE
from gongkai.portal.pagecache import cached_page
from gongkai.portal.reports import portal_url, public_reports
from gongkai.search import engine, query, suggest, tokenizer
from gongkai.search.models import ChangeLog
from gongkai.workdays import reminders

PAGE_SIZE = 20
FACET_LABELS = OrderedDict(
    [
        ("agency", "发文机关"),
        ("subject", "主题分类"),
        ("kind", "文种"),
        ("year", "年份"),
        ("validity", "有效性"),
        ("normative", "行政规范性文件"),
        ("tags", "需求侧标签"),
    ]
)


def public_documents():
    return Document.objects.public().select_related("agency", "subject__parent")


@cached_page
def home(request):
    latest = public_documents().policies()[:10]
    interpretations = public_documents().interpretations()[:6]
    agencies = Agency.objects.active().select_related("parent")
    context = {"latest": latest, "interpretations": interpretations, "agencies": agencies,
               "closing_soon": decisions.closing_soon()}  # fmt: skip
    return render(request, "portal/home.html", context)


HISTORY_SHOWN = 10


_NO_UID = "00000000-0000-0000-0000-000000000000"
HISTORY_FIELDS = ("pk", "uid", "title", "published_at", "validity", "repealed_on", "expires_on")


def _history_lines(ids: set[int]) -> dict[int, dict[str, str]]:
    """The earlier versions a results page lists (a hundred at times), as plain values formatted here
    rather than model objects formatted in the template: measured in docs/search.md."""
    link = reverse("portal:document", args=[_NO_UID])
    labels = dict(Validity.choices)
    lines = {}
    for row in Document.objects.public().filter(pk__in=ids).order_by().values(*HISTORY_FIELDS):
        validity, state = row["validity"], ""
        if validity != Validity.VALID:
            state = ("" if validity == Validity.AMENDED else "已") + str(labels.get(validity, validity))
            when = row["repealed_on"] if validity == Validity.REPEALED else row["expires_on"]
            if validity in (Validity.REPEALED, Validity.EXPIRED) and when:
                state += f"（{when:%Y-%m-%d}）"
        published = timezone.localtime(row["published_at"]).date() if row["published_at"] else None
        lines[row["pk"]] = {
            "url": link.replace(_NO_UID, str(row["uid"])), "title": row["title"],
            "date": f"{published:%Y-%m-%d}" if published else "", "validity": validity, "state": state,
        }  # fmt: skip
    return lines


def _facet_labels() -> dict[str, dict[str, str]]:
    return {
        "agency": dict(Agency.objects.values_list("code", "name")),
        "kind": dict(DocKind.choices),
        "validity": dict(Validity.choices),
        "normative": {"1": "是", "0": "否"},
        "tags": {
            f"{code}:{name}": f"{group}：{name}"
            for code, group, name in Tag.objects.values_list("group__code", "group__name", "name")
        },
    }


def _public_interpretations(by_id: dict[int, Document]) -> dict[int, list[Document]]:
    """Each result's public interpretations (a scheduled one is not yet), in two indexed lookups: the
    links of these results, then those interpretations by id. (A prefetch filtered by ``public()``
    lets the planner walk every public document.)"""
    links = Document.interprets.through.objects.filter(to_document_id__in=list(by_id))
    pairs = list(links.values_list("to_document_id", "from_document_id"))
    found = Document.objects.public().filter(pk__in={i for _, i in pairs}).only("uid", "title", "interpretation_form")
    interpretations = {d.pk: d for d in found}
    result: dict[int, list[Document]] = {pk: [] for pk in by_id}
    for policy, interpretation in pairs:
        if interpretation in interpretations:
            result[policy].append(interpretations[interpretation])
    return result


def _highlight(text: str, terms: list[str], width: int = 80) -> str:
    """A snippet around the first matched term, terms wrapped in <mark>. Matches are found on the
    plain text first (longest term first, never overlapping) and every piece is escaped after, so a
    term never matches inside an HTML entity or an earlier mark."""
    plain = re.sub(r"\s+", " ", text)
    positions = [plain.find(t) for t in terms if t and plain.find(t) >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    snippet = plain[start : start + width]
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    pieces, i = [], 0
    pattern = re.compile("|".join(re.escape(w) for w in words)) if words else None
    for match in pattern.finditer(snippet) if pattern else ():
        pieces.append(str(escape(snippet[i : match.start()])))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        i = match.end()
    pieces.append(str(escape(snippet[i:])))
    return mark_safe(("…" if start else "") + "".join(pieces) + ("…" if start + width < len(plain) else ""))


def _noting_the_query(view):
    """Every search on page 1 counts toward popular queries (search/suggest.py), cached or not: a line
    in this machine's query log, no database write on a GET."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        text = request.GET.get("q", "")
        if text.strip() and request.GET.get("page", "1") == "1" and request.method == "GET":
            suggest.record(text, client_address(request))
        return view(request, *args, **kwargs)

    return wrapper


@_noting_the_query
@cached_page
def library(request):
    """The policy library and the search results: one page, one box, all agencies."""
    raw = request.GET.get("q", "")
    parsed = query.parse(raw)
    labels = _facet_labels()
    filters, notices = _read_filters(request, FACET_LABELS, labels)
    order = (
        "date"
        if request.GET.get("sort") == "date" or (not raw.strip() and request.GET.get("sort") != "relevance")
        else "relevance"
    )
    # The search page forgives a bad page number with a notice (a citizen's edited link still finds
    # results); every other page answers 400 for it.
    try:
        page_number = page_param(request)
    except BadRequest:
        notices.append("页码无法识别，已显示第 1 页")
        page_number = 1
    if (page_number - 1) * PAGE_SIZE > engine.MAX_OFFSET:
        notices.append(f"只能浏览前 {engine.MAX_OFFSET} 条结果，已回到第 1 页；请增加检索词或筛选条件")
        page_number = 1
    # versions of one policy fold under the version in force (documents/versions.py)
    result = engine.search(
        parsed.query, filters, order=order, offset=(page_number - 1) * PAGE_SIZE, limit=PAGE_SIZE, group_versions=True
    )
    # a result lists its newest HISTORY_SHOWN other versions, and counts them all
    history_ids = {i for ids in result.versions.values() for i in ids[:HISTORY_SHOWN]}
    by_id = {d.pk: d for d in public_documents().filter(pk__in=result.ids).order_by()}  # the index's order counts
    history = _history_lines(history_ids)
    interpretations = _public_interpretations(by_id)
    replaced_by = versions.current_versions(list(by_id.values()))  # the version in force of each repealed one
    rows = []
    for doc_id in result.ids:
        doc = by_id.get(doc_id)
        if doc is None:  # the replica is behind the database: never show what public() does not return
            continue
        text = " ".join(filter(None, [doc.summary, html_to_text(doc.body)]))
        older = result.versions.get(doc_id, [])
        rows.append(
            {
                "doc": doc,
                "title": _highlight(doc.title, parsed.highlight, 200),
                "snippet": _highlight(text, parsed.highlight),
                "interpretations": interpretations[doc.pk],
                "history": [history[i] for i in older[:HISTORY_SHOWN] if i in history],
                "history_count": len(older),
                "history_more": max(0, len(older) - HISTORY_SHOWN),
                "current": replaced_by.get(doc.pk),
            }
        )
    facets = []
    for name, label in FACET_LABELS.items():
        names = labels.get(name, {})
        options = [
            {
                "value": value,
                "label": names.get(value, value),
                "count": count,
                "selected": value in filters.get(name, []),
            }
            for value, count in result.facets.get(name, [])
        ]
        if name == "year":
            options.sort(key=lambda o: o["value"], reverse=True)
        for o in options:  # a hundred checkboxes: formatted here, a tenth of the template's time (docs/search.md)
            o["html"] = format_html(
                '<label><input type="checkbox" name="{}" value="{}"{}> {} <span class="muted">({})</span></label>',
                name, o["value"], mark_safe(" checked") if o["selected"] else "", o["label"], o["count"],
            )  # fmt: skip
        facets.append({"name": name, "label": label, "options": options})
    pages = Paginator(range(result.total), PAGE_SIZE).get_page(page_number)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {
        "help": _zero_results_help(raw, filters) if result.total == 0 and raw.strip() else None,
        "q": raw,
        "message": parsed.message,
        "notices": notices,
        "rows": rows,
        "total": result.total,
        "facets": facets,
        "order": order,
        "pages": pages,
        "base_query": query_string.urlencode(),
    }
    return render(request, "portal/library.html", context)


@cached_page
def suggestions(request):
    """What to offer under the search box as someone types (the box works without it)."""
    return JsonResponse(suggest.suggest(request.GET.get("q", "")), json_dumps_params={"ensure_ascii": False})


def _vocabulary() -> list[str]:
    """Terms a citizen may mean: the search dictionary, tags, subject classes and agency names."""
    terms = set(tokenizer.DICTIONARY.read_text(encoding="utf-8").split())
    terms.update(Tag.objects.values_list("name", flat=True))
    terms.update(SubjectCategory.objects.values_list("name", flat=True))
    for name, short in Agency.objects.active().values_list("name", "short_name"):
        terms.update(t for t in (name, short) if t)
    return sorted(t for t in terms if len(t) >= 2)


def _count(text: str, filters: dict[str, list[str]]) -> int:
    parsed = query.parse(text)
    if parsed.query is None:
        return 0
    return engine.search(parsed.query, filters, limit=1, with_facets=False).total


def _zero_results_help(raw: str, filters: dict[str, list[str]]) -> dict:
    """When nothing matched: the closest known term that finds something, how many the words find
    without the filters, and the way to ask for the information instead."""
    words = raw.split()
    vocabulary = _vocabulary()
    spelling = None
    for i, word in enumerate(words):
        for candidate in difflib.get_close_matches(word, vocabulary, n=3, cutoff=0.6):
            if candidate == word:
                continue
            fixed = " ".join([*words[:i], candidate, *words[i + 1 :]])
            count = _count(fixed, filters) or _count(fixed, {})
            if count:
                spelling = {"q": fixed, "count": count}
                break
        if spelling:
            break
    unfiltered = _count(raw, {}) if any(filters.values()) else 0
    return {"spelling": spelling, "unfiltered": unfiltered}


def _read_filters(request, names, labels) -> tuple[dict[str, list[str]], list[str]]:
    """The facet filters in the query, the ones that mean nothing dropped with a notice (a citizen's
    edited link still finds results)."""
    filters, notices = {}, []
    for name in names:
        values = [v for v in request.GET.getlist(name) if v]
        known = set(labels.get(name, {})) if name in labels else None
        if name == "year":
            good = [v for v in values if v.isdigit() and len(v) == 4]
        elif name == "subject":
            good = [v for v in values if SubjectCategory.objects.filter(name=v, parent__isnull=True).exists()]
        else:
            good = [v for v in values if known is None or v in known]
        if len(good) < len(values):
            notices.append(f"已忽略无法识别的{FACET_LABELS[name]}筛选条件")
        if good:
            filters[name] = good
    return filters, notices


NORMATIVE_FILTERS = ("agency", "year", "validity", "subject")
NORMATIVE_PAGE = 30


@cached_page
def normative(request):
    """行政规范性文件库: the same search box and filters as the library (机关, 年份, 有效性, 主题), every
    item with its validity and period of validity."""
    raw = request.GET.get("q", "")
    parsed = query.parse(raw)
    labels = _facet_labels()
    filters, notices = _read_filters(request, NORMATIVE_FILTERS, labels)
    page_number = page_param(request)
    if (page_number - 1) * NORMATIVE_PAGE > engine.MAX_OFFSET:
        page_number = 1
    result = engine.search(
        parsed.query, {**filters, "normative": ["1"]}, order="relevance" if raw.strip() else "date",
        offset=(page_number - 1) * NORMATIVE_PAGE, limit=NORMATIVE_PAGE,
    )  # fmt: skip
    by_id = {d.pk: d for d in public_documents().filter(pk__in=result.ids, is_normative=True).select_related("agency")}
    docs = [by_id[i] for i in result.ids if i in by_id]
    choices = []
    for name in NORMATIVE_FILTERS:
        names = labels.get(name, {})
        options = [(value, names.get(value, value), count) for value, count in result.facets.get(name, [])]
        if name == "year":
            options.sort(reverse=True)
        selected = filters.get(name, [""])[0]
        choices.append({"name": name, "label": FACET_LABELS[name], "options": options, "selected": selected})
    pages = Paginator(range(result.total), NORMATIVE_PAGE).get_page(page_number)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {
        "q": raw, "message": parsed.message, "notices": notices, "docs": docs, "total": result.total,
        "choices": choices, "pages": pages, "base_query": query_string.urlencode(),
    }  # fmt: skip
    return render(request, "portal/normative.html", context)


@cached_page
def document(request, uid):
    doc = get_object_or_404(public_documents(), uid=uid)
    public = Document.objects.public()
    # the linked items show a title and a link: read only those columns (the bodies are the bulk)
    link = ("uid", "title", "interpretation_form")
    context = {
        "doc": doc,
        "attachments": doc.attachments.all(),
        "interpretations": public.filter(interprets=doc).only(*link),
        "policies": public.filter(interpretations=doc).only(*link),
        "relations_out": doc.relations_out.filter(public_q("target__"))
        .select_related("target")
        .only("kind", "target__uid", "target__title"),
        "relations_in": doc.relations_in.filter(public_q("source__"))
        .select_related("source")
        .only("kind", "source__uid", "source__title"),
        "service_links": doc.service_links.all(),
        "current_version": None if doc.validity == Validity.VALID else versions.current_version(doc),
    }
    # 政民互动 under the policy and its interpretations: the FAQ (knowledge base) and the published board;
    # a question asked here goes to the policy's drafting department (an interpretation: its policy's)
    policy = doc if not doc.is_interpretation else context["policies"].first() or doc
    family = [doc.pk, policy.pk, *public.filter(interprets=policy).values_list("pk", flat=True)]
    context.update(
        faq=Answer.objects.public().filter(document__in=family).only("pk", "question", "answer")[:20],
        board=Message.objects.public().filter(document__in=family).select_related("channel", "agency")[:20],
        ask_document=policy if doc.validity == Validity.VALID else None,
    )
    return render(request, "portal/document.html", context)


def attachment(request, uid, pk):
    doc = get_object_or_404(Document.objects.public(), uid=uid)
    return get_object_or_404(Attachment, pk=pk, document=doc).download()


@cached_page
def agency_column(request, code):
    agency = get_object_or_404(Agency.objects.active(), code=code)
    docs = public_documents().filter(agency=agency).policies().order_by("-published_at")
    by_label: dict[str, list] = {}
    for doc in docs.select_related("subject__parent"):
        by_label.setdefault(art20_category(doc), []).append(doc)
    # in the order art. 20 lists them, each with its number for the 查看全部 link
    grouped = [(label, art20_number(label), by_label[label]) for label in sorted(by_label, key=art20_number)]
    rules = docs.filter(subject__name="政务公开")[:10]
    reports = [(p, portal_url(p)) for p in public_reports(agency)]
    decision_years = list(Catalogue.objects.public().filter(agency=agency).values_list("year", flat=True))
    context = {"agency": agency, "grouped": grouped, "rules": rules, "count": docs.count(), "reports": reports,
               "decision_years": decision_years,
               "has_standard": CatalogEntry.objects.public().filter(agency=agency).exists()}  # fmt: skip
    return render(request, "portal/agency.html", context)


@cached_page
def agency_category(request, code, item):
    """All of an agency's public items of one art. 20 category (the agency page shows the first ten)."""
    agency = get_object_or_404(Agency.objects.active(), code=code)
    label = ART20_BY_NUMBER.get(item)
    if label is None:
        raise Http404("没有这一类法定主动公开内容")
    docs = (
        public_documents().filter(agency=agency).policies().order_by("-published_at").select_related("subject__parent")
    )
    matching = [doc for doc in docs if art20_category(doc) == label]
    page = Paginator(matching, 20).get_page(page_param(request))
    context = {"agency": agency, "label": label, "page": page, "count": len(matching)}
    return render(request, "portal/agency_category.html", context)


# No CSRF token: the switch only changes how the pages look, and a token in the header would make
# every page personal and so uncacheable (portal/pagecache.py).
@csrf_exempt
@require_POST
def toggle_a11y(request):
    """Switch 适老化 mode; works without JavaScript (a form post) and remembers the choice."""
    turn_on = request.COOKIES.get(A11Y_COOKIE) != "1"
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    response = redirect(target)
    response.set_cookie(A11Y_COOKIE, "1" if turn_on else "0", max_age=365 * 24 * 3600, samesite="Lax")
    return response


def public_login(request):
    return login_view(request, kind=UserKind.PUBLIC, template="portal/login.html", default_next="portal:home")


def register(request):
    form = PublicRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "注册成功。")
        return redirect("portal:home")
    return render(request, "portal/register.html", {"form": form})


def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /workspace/",
        "Disallow: /admin/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def healthz(request):
    """For monitoring: 200 when the database answers, this machine's worker looped in the last three
    minutes, the search replica is at most 100 changes behind and next year's holiday notice is entered
    (from 1 November, when it is due); else 503 saying which. Counts only: nothing about any case or person."""
    checks: dict[str, object] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "down"
    age = health.worker_age()
    checks["worker_seconds_since_last_loop"] = None if age is None else round(age)
    try:
        lag = max(0, ChangeLog.head() - max(engine.applied_seq(), 0))
    except DatabaseError:
        lag = None
    checks["search_index_lag"] = lag
    missing = reminders.missing_next_year(timezone.localdate()) if checks["database"] == "ok" else None
    checks["next_year_calendar_missing"] = missing
    problems = [
        name
        for name, bad in (
            ("database", checks["database"] != "ok"),
            ("worker", age is None or age > health.WORKER_STALE_SECONDS),
            ("search_index", lag is None or lag > health.INDEX_LAG_LIMIT),
            ("calendar", bool(missing)),
        )
        if bad
    ]
    return JsonResponse({"ok": not problems, "problems": problems, **checks}, status=503 if problems else 200)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the icon."""
    return redirect(static("img/favicon.svg"), permanent=True)


def forbidden(request, exception=None):
    """403: a signed-in person opened a page their account may not use (a citizen in /workspace/)."""
    staff_page = request.path.startswith("/workspace/")
    return render(request, "portal/403.html", {"staff_page": staff_page}, status=403)


def not_found(request, exception=None):
    # the page does not echo the address asked for (not even in the large-print switch's return path)
    return render(request, "portal/404.html", {"a11y_next": "/"}, status=404)


def server_error(request):
    """500: rendered without the request's context (no session, no database: either may be what failed)."""
    return HttpResponse(render_to_string("portal/500.html", {"SITE_NAME": settings.SITE_NAME}), status=500)


def bad_request(request, exception=None):
    """400: say which parameter was wrong and why (the message comes from lib/params.py)."""
    message = str(exception) if exception and str(exception) else "请求的参数不正确。"
    return render(request, "portal/400.html", {"message": message}, status=400)
