"""Staff workspace: login, the queue, and agency pages."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongkai.accounts import queue
from gongkai.accounts.forms import AgencyContactsForm, LoginForm, ReviewBodyForm
from gongkai.accounts.models import Agency, UserKind
from gongkai.accounts.permissions import get_agency_for_user, require


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def login_view(request, kind=UserKind.STAFF, template="accounts/login.html", default_next="accounts:queue"):
    form = LoginForm(request, request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        return redirect(_safe_next(request, reverse(default_next)))
    return render(request, template, {"form": form, "next": request.GET.get("next", "")})


@require_POST
def logout_view(request):
    was_staff = getattr(request.user, "is_agency_staff", False)
    logout(request)
    return redirect("accounts:login" if was_staff else "portal:home")


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged-in staff only; public users are sent to the staff login page."""

    @login_required
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        require(request.user, "workspace.enter")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@staff_required
def my_queue(request):
    if request.method == "POST" and request.POST.get("read"):
        request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("accounts:queue")
    unread = list(request.user.notifications.filter(read_at__isnull=True)[:50])
    now, earlier = queue.grouped(queue.items_for(request.user))
    context = {"items": now, "earlier": earlier, "earlier_label": queue.EARLIER_YEARS, "notifications": unread}
    return render(request, "accounts/queue.html", context)


@staff_required
def agency_list(request):
    agencies = Agency.objects.for_user(request.user).select_related("parent")
    return render(request, "accounts/agency_list.html", {"agencies": agencies})


@staff_required
def agency_detail(request, code):
    agency = get_agency_for_user(request.user, code)
    require(request.user, "agency.view", agency)
    context = {
        "agency": agency,
        "departments": agency.departments.all(),
        "staff": agency.staff.filter(is_active=True).select_related("department").prefetch_related("role_grants"),
        "children": agency.children.all(),
    }
    return render(request, "accounts/agency_detail.html", context)


@staff_required
def agency_edit(request, code):
    agency = get_agency_for_user(request.user, code)
    require(request.user, "agency.manage", agency)
    form = AgencyContactsForm(request.POST or None, instance=Agency.objects.get(pk=agency.pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in Agency.CONTACT_FIELDS}
        diff = agency.update_contacts(by=request.user, **changes)
        messages.success(request, f"已保存，修改了 {len(diff)} 项。" if diff else "没有修改。")
        return redirect("accounts:agency", code=agency.code)
    return render(request, "accounts/agency_edit.html", {"agency": agency, "form": form})


@staff_required
def agency_review_body(request, code):
    """The district office names who reviews an agency's acts (行政复议法第二十四条、第二十七条)."""
    agency = get_agency_for_user(request.user, code)
    require(request.user, "agency.review_body", agency)
    initial = {"review_body": agency.review_body, "vertically_managed": agency.vertically_managed}
    form = ReviewBodyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        agency.set_review_body(
            by=request.user,
            body=form.cleaned_data["review_body"],
            vertically_managed=form.cleaned_data["vertically_managed"],
        )
        messages.success(request, f"已保存。答复书写明的行政复议机关：{agency.review_body_name() or '（未确定）'}")
        return redirect("accounts:agency", code=agency.code)
    default, basis = agency.default_review_body()
    context = {"agency": agency, "form": form, "default": default, "basis": basis}
    return render(request, "accounts/agency_review_body.html", context)
