"""The district office's page for equivalences (简称 = 全称): list, add, remove, and a preview of what a
query finds with and without them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts.permissions import require
from gongkai.accounts.views import staff_required
from gongkai.lib.errors import show
from gongkai.search import engine, query
from gongkai.search.models import Equivalence, EquivalenceRefused


class EquivalenceForm(forms.Form):
    short = forms.CharField(label="简称", max_length=40)
    full = forms.CharField(label="全称", max_length=80)
    source = forms.CharField(label="出处（全称所见的公开文件）", max_length=200, required=False)


def _preview(text: str) -> dict[str, object]:
    """What ``text`` finds now, and what the words alone find (no equivalences)."""
    parsed, plain = query.parse(text), query.parse(text, equivalences=False)
    found = engine.search(parsed.query, {}, limit=10, with_facets=False) if parsed.query is not None else None
    alone = engine.search(plain.query, {}, limit=1, with_facets=False).total if plain.query is not None else None
    return {
        "q": text,
        "variants": [v for word in text.split() for v in query.variants(word)],
        "total": found.total if found else 0,
        "alone": alone,
        "ids": found.ids if found else [],
    }


@staff_required
def equivalences(request: HttpRequest) -> HttpResponse:
    require(request.user, "search.equivalences")
    form = EquivalenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pair = Equivalence.add(**form.cleaned_data, by=request.user)
        except EquivalenceRefused as exc:
            show(exc, form=form)
        else:
            messages.success(request, f"已添加“{pair}”，下一次检索起生效。")
            return redirect(f"{request.path}?preview={pair.short}")
    text = request.GET.get("preview", "").strip()[: query.MAX_LENGTH]
    filter_text = request.GET.get("q", "").strip()[:40]
    pairs = Equivalence.objects.all()
    if filter_text:
        pairs = pairs.filter(short__contains=filter_text) | pairs.filter(full__contains=filter_text)
    context = {"form": form, "pairs": pairs, "filter": filter_text, "preview": _preview(text) if text else None}
    return render(request, "search/equivalences.html", context)


@staff_required
@require_POST
def equivalence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "search.equivalences")
    pair = get_object_or_404(Equivalence, pk=pk)
    pair.remove(by=request.user)
    messages.success(request, f"已删除“{pair.short} = {pair.full}”，下一次检索起生效。")
    return redirect("search:equivalences")
