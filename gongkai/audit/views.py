from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from gongkai.accounts.permissions import has, require
from gongkai.audit.models import Event


@login_required
def timeline(request, target_type, target_id):
    require(request.user, "workspace.enter")
    events = list(Event.objects.filter(target_type=target_type, target_id=target_id).order_by("id"))
    # All events of one object share its agency; an object outside the user's scope does not exist.
    if not events or not has(request.user, "audit.view", events[0].agency_id):
        raise Http404("未找到")
    return render(
        request,
        "audit/timeline.html",
        {"events": events, "target_repr": events[-1].target_repr, "target_type": target_type},
    )
