"""The search's equivalences (简称 = 全称): anyone may read them; the district office edits them here as
in the workspace (signed in, rule ``search.equivalences``), through the same verbs."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import django_auth

from gongkai.accounts.permissions import has
from gongkai.api.public import AnonymousThrottle
from gongkai.search.models import Equivalence, EquivalenceRefused

router = Router(tags=["检索同义词"])


class PairIn(Schema):
    short: str
    full: str
    source: str = ""


def _out(pair: Equivalence) -> dict:
    return {"id": pair.pk, "short": pair.short, "full": pair.full, "source": pair.source}


@router.get("/equivalences", throttle=[AnonymousThrottle()])
def list_equivalences(request):
    """全部简称与全称的对应，及全称所见的公开文件。"""
    return {"items": [_out(p) for p in Equivalence.objects.all()]}


@router.post("/equivalences", auth=django_auth, response={201: dict, 403: dict, 422: dict})
def add_equivalence(request, pair: PairIn):
    """添加一对（区政务公开办、系统管理员；登录后使用，需 CSRF 令牌）。"""
    if not has(request.auth, "search.equivalences"):
        return Status(403, {"error": "没有权限：只有区政务公开办或系统管理员可以修改检索同义词"})
    try:
        created = Equivalence.add(short=pair.short, full=pair.full, source=pair.source, by=request.auth)
    except EquivalenceRefused as exc:
        return Status(422, {"error": str(exc), "fields": {exc.field: str(exc)} if exc.field else {}})
    return Status(201, _out(created))


@router.delete("/equivalences/{pk}", auth=django_auth, response={204: None, 403: dict, 404: dict})
def remove_equivalence(request, pk: int):
    """删除一对。"""
    if not has(request.auth, "search.equivalences"):
        return Status(403, {"error": "没有权限：只有区政务公开办或系统管理员可以修改检索同义词"})
    get_object_or_404(Equivalence, pk=pk).remove(by=request.auth)
    return Status(204, None)
