"""The dependency rules of DESIGN.md, checked on the source: no two apps import each other, no domain
app imports the portal or another app's views, and search depends on no domain app."""

import itertools
import re
from pathlib import Path

from django.apps import apps

from gongkai.accounts import navigation, queue
from gongkai.accounts.management.commands import load_demo
from gongkai.accounts.registry import GongkaiConfig
from gongkai.lib import metrics, periodic

ROOT = Path(__file__).resolve().parents[1]
NOT_APPS = {"tests", "templates", "static"}
IMPORT = re.compile(r"^\s*(?:from|import) gongkai\.(\w+)(?:\.(\w+))?", re.MULTILINE)


def imports() -> dict[str, set[tuple[str, str]]]:
    apps = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name not in NOT_APPS}
    found: dict[str, set[tuple[str, str]]] = {app: set() for app in apps}
    for app in apps:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for target, module in IMPORT.findall(path.read_text(encoding="utf-8")):
                if target in apps and target != app:
                    found[app].add((target, module))
    return found


def test_no_two_apps_import_each_other():
    found = imports()
    edges = {app: {t for t, _ in targets} for app, targets in found.items()}
    cycles = [(a, b) for a, b in itertools.combinations(sorted(edges), 2) if b in edges[a] and a in edges[b]]
    assert cycles == []


def test_domain_apps_import_neither_the_portal_nor_other_apps_views():
    for app, targets in imports().items():
        if app == "portal":
            continue
        assert ("portal", "") not in {(t, "") for t, _ in targets}, app
        assert not [t for t, module in targets if module == "views" and t != "accounts"], app


def test_search_and_the_base_apps_depend_on_no_domain():
    domains = {"documents", "inforequests", "reports", "workplans", "portal", "api"}
    for base in ("search", "workdays", "audit", "accounts", "lib"):
        assert not {t for t, _ in imports().get(base, set())} & domains, base


def test_every_app_joins_through_the_one_registry_shape():
    configs = [c for c in apps.get_app_configs() if c.name.startswith("gongkai.")]
    assert configs and all(isinstance(c, GongkaiConfig) for c in configs), [type(c).__name__ for c in configs]
    for config in configs:
        if config.navigation:
            assert config.navigation in navigation.NAV
        assert all(name in periodic.JOBS for name, *_ in config.periodic)
        assert all(key in metrics.METRICS for key, *_ in config.metrics)
    assert len(queue.PROVIDERS) == sum(len(c.queue) for c in configs)
    assert len(load_demo.DEMO_LOADERS) >= sum(1 for c in configs if c.demo)
