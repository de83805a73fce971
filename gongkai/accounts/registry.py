"""The one shape in which an app joins the platform. Every app's ``AppConfig`` subclasses
``GongkaiConfig`` and declares, by the same attribute names, what it adds — resolved from dotted paths
when Django is ready:

* ``navigation``: (label, url name, permission rule) for the workspace menu
* ``queue``: providers of 我的待办 items (``accounts.queue``)
* ``periodic``: (job name, every N seconds, task[, inline]) for the worker (``lib.periodic``)
* ``demo``: the loader ``manage.py load_demo`` calls
* ``metrics``: (key, label, function) live indicators (``lib.metrics``)

Anything else (e.g. a registration with another app) goes in ``connect()``.
"""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.module_loading import import_string

from gongkai.lib import metrics as metric_registry
from gongkai.lib import periodic as periodic_registry


class GongkaiConfig(AppConfig):
    navigation: tuple[str, str, str] | None = None
    queue: tuple[str, ...] = ()
    periodic: tuple[tuple, ...] = ()
    demo: str | None = None
    metrics: tuple[tuple[str, str, str], ...] = ()

    def ready(self):
        # Local: ready() runs once every app config exists; these registries import models.
        from gongkai.accounts import navigation, queue  # noqa: PLC0415
        from gongkai.accounts.management.commands import load_demo  # noqa: PLC0415

        if self.navigation and self.navigation not in navigation.NAV:
            navigation.NAV.append(self.navigation)
        for path in self.queue:
            queue.register(import_string(path))
        for name, seconds, path, *inline in self.periodic:
            periodic_registry.register(name, seconds, import_string(path), inline=bool(inline and inline[0]))
        if self.demo:
            loader = import_string(self.demo)
            if loader not in load_demo.DEMO_LOADERS:
                load_demo.DEMO_LOADERS.append(loader)
        for key, label, path in self.metrics:
            metric_registry.register(key, label, import_string(path))
        self.connect()

    def connect(self) -> None:
        """Registrations with other apps that the attributes above do not cover."""
