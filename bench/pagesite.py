"""Settings for bench/pages.py: the project as configured, with bench/pageurls.py in front of its URLs."""

from gongkai.settings import *  # noqa: F403

ROOT_URLCONF = "pageurls"
