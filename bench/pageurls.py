"""URLs for bench/pages.py: the project's, plus one bare view as the baseline.

The baseline is the cheapest page Django can serve with this project's data: a view that reads 20
published documents and writes them as a plain HTML list, with no template and no context
processors. Each public page is measured against it in the same run.
"""

from django.http import HttpResponse
from django.urls import include, path
from django.utils.html import escape

from gongkai.documents.models import Document


def bare(request):
    rows = Document.objects.public().order_by("-published_at").values_list("title", "doc_number")[:20]
    items = "".join(f"<li>{escape(title)} {escape(number)}</li>" for title, number in rows)
    return HttpResponse(f"<!doctype html><title>bare</title><ul>{items}</ul>")


urlpatterns = [path("__bench__/bare", bare), path("", include("gongkai.urls"))]
