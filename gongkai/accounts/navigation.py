"""The workspace's navigation: each entry is shown only to users its permission rule admits."""

from django.urls import reverse

from gongkai.accounts.permissions import has

# (label, url name, permission rule). Apps add their entries here as they arrive.
NAV = [
    ("我的待办", "accounts:queue", "workspace.enter"),
    ("机关与人员", "accounts:agencies", "workspace.enter"),
    ("工作日历", "workdays:calendar", "workspace.enter"),
]


def nav_for(request) -> list[dict]:
    items = []
    for label, url_name, action in NAV:
        if has(request.user, action):
            url = reverse(url_name)
            items.append({"label": label, "url": url, "current": request.path == url})
    if request.user.is_superuser:
        items.append({"label": "系统管理", "url": reverse("admin:index"), "current": False})
    return items
