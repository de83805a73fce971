"""Loaded by pytest before Django (``-p gongkai.testenv`` in pyproject.toml).

The settings default to production (DEBUG off, which needs a SECRET_KEY). The suite, like ``make run``,
is a development run: it turns DEBUG on unless the caller chose. Django's test environment switches
DEBUG off again while tests run, so the pages are tested as production serves them.
"""

import os

os.environ.setdefault("DEBUG", "true")
