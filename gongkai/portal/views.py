"""Public pages. Only public querysets are read here (DESIGN rule 1)."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongkai.accounts.forms import PublicRegistrationForm
from gongkai.accounts.models import Agency, UserKind
from gongkai.accounts.views import login_view
from gongkai.portal.context_processors import A11Y_COOKIE


def home(request):
    agencies = Agency.objects.active().select_related("parent")
    return render(request, "portal/home.html", {"agencies": agencies})


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
