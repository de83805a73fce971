"""Gongkai settings: one file, read from the environment, with safe development defaults.

Variables (all optional in development):
  DATABASE_URL      postgres://user:pass@host:port/name — unset means SQLite in GONGKAI_DATA_DIR
  SECRET_KEY        required when DEBUG is off
  DEBUG             true/false (default false; `make run` and the test suite set true)
  ALLOWED_HOSTS     comma-separated (default 127.0.0.1,localhost)
  GONGKAI_DATA_DIR  where SQLite, uploads and the search index live (default ./var)
  SITE_NAME         the portal's name
  SITE_CODE         网站标识码, 10 digits
  SITE_ICP          ICP 备案号, e.g. 沪ICP备2021016245号-2
  SITE_POLICE       公安机关备案号, e.g. 沪公网安备31011502000001号
  GONGKAI_SITE_URL  the address links in e-mails point to (default http://127.0.0.1:8000)
  EMAIL_HOST        SMTP server for reminders (with EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
                    EMAIL_USE_TLS, DEFAULT_FROM_EMAIL); unset means mail is written to files in
                    GONGKAI_DATA_DIR/mail
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from gongkai.lib.env import env_bool, env_list, env_pattern, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("GONGKAI_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

# Off unless asked for: a production install that forgets the variable is not a debug server.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "环境变量 SECRET_KEY 未设置：DEBUG 关闭（默认）时必须提供；本机开发请设置 DEBUG=true 或使用 make run"
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
elif len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "环境变量 SECRET_KEY 无效：长度至少 50 个字符"
        '（可用 python -c "import secrets; print(secrets.token_urlsafe(50))" 生成）'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

SITE_NAME = env_str("SITE_NAME", "公开·政务公开平台（演示）")
# 网站标识码: 10 digits issued per government website (GB/T 2260 prefix + serial).
SITE_CODE = env_pattern("SITE_CODE", "3100000000", r"\d{10}", "网站标识码应为 10 位数字")
SITE_ICP = env_pattern(
    "SITE_ICP",
    "沪ICP备00000000号",
    r"[\u4e00-\u9fff]{1,2}ICP备\d{6,12}号(-\d+)?",
    "应形如 沪ICP备2021016245号-2",
)
# 公安机关备案号 (the 检查指标 expect it in the footer with the two above).
SITE_POLICE = env_pattern(
    "SITE_POLICE",
    "沪公网安备31000002000000号",
    r"[\u4e00-\u9fff]{1,2}公网安备\d{14}号",
    "应形如 沪公网安备31011502000001号",
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    # django-ninja: its API docs page (Swagger UI) is served from its own static files, not a CDN
    "ninja",
    "gongkai.accounts",
    "gongkai.audit",
    "gongkai.workdays",
    "gongkai.documents",
    "gongkai.search",
    "gongkai.inforequests",
    "gongkai.reports",
    "gongkai.workplans",
    "gongkai.decisions",
    "gongkai.interactions",
    "gongkai.subscriptions",
    "gongkai.catalog",
    "gongkai.gazette",
    "gongkai.inspections",
    "gongkai.events",
    "gongkai.api",
    "gongkai.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.lib.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.api.middleware.JsonErrorsMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongkai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.portal.context_processors.site",
            ],
        },
    },
]

if env_str("DATABASE_URL", ""):
    DATABASES = {"default": parse_database_url(env_str("DATABASE_URL", ""))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "gongkai.sqlite3",
            "OPTIONS": {
                # WAL lets the web server read while the worker writes; IMMEDIATE takes the write
                # lock at BEGIN so two writers queue instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:queue"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Whether an information request's reply clock stops while a fee notice is unpaid. The text of
# 国办函〔2020〕109号 is unclear (spec §1.3); stopping is the cautious default.
GONGKAI_FEE_PAUSES_CLOCK = env_bool("GONGKAI_FEE_PAUSES_CLOCK", True)

# Attachments to documents: the largest accepted file.
GONGKAI_ATTACHMENT_MAX_MB = int(
    env_pattern("GONGKAI_ATTACHMENT_MAX_MB", "50", r"[1-9]\d{0,3}", "应为 1—9999 的整数（MB）")
)

# Anonymous requests to the public API, per client address (django-ninja throttle syntax).
# Reverse proxies in front of the platform whose X-Forwarded-For may be trusted (gongkai/lib/clients.py);
# 0 (the default) trusts none: rate limits and throttles key on the TCP peer.
GONGKAI_TRUSTED_PROXIES = int(
    env_pattern("GONGKAI_TRUSTED_PROXIES", "0", r"\d{1,2}", "应为 0—99 的整数（反向代理的层数）")
)
NINJA_NUM_PROXIES = GONGKAI_TRUSTED_PROXIES

# "off" switches the limit off, for load measurements on loopback (bench/pages.py), never in production.
GONGKAI_API_ANON_RATE = env_pattern(
    "GONGKAI_API_ANON_RATE", "120/m", r"\d+/[smhd]|off", "应形如 120/m（次数/s、m、h 或 d），或 off"
)

# 依申请公开 analysis: an applicant with more requests than this to one agency in a calendar month is
# flagged for art. 35 review (the fee schedule's free band is 10 a month, 国办函〔2020〕109号).
GONGKAI_REQUESTS_MONTHLY_FLAG = int(
    env_pattern("GONGKAI_REQUESTS_MONTHLY_FLAG", "10", r"[1-9]\d{0,2}", "应为 1—999 的整数")
)
# Art. 44 suggestions: requests count as similar above this text similarity (0–1) and are suggested
# for active disclosure once this many different applicants asked.
GONGKAI_SIMILAR_REQUEST_THRESHOLD = float(
    env_pattern("GONGKAI_SIMILAR_REQUEST_THRESHOLD", "0.5", r"0?\.\d+|1(\.0+)?", "应为 0 到 1 之间的小数")
)
GONGKAI_SIMILAR_REQUEST_APPLICANTS = int(
    env_pattern("GONGKAI_SIMILAR_REQUEST_APPLICANTS", "3", r"[2-9]|[1-9]\d", "应为 2—99 的整数")
)

GONGKAI_SITE_URL = env_str("GONGKAI_SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "gongkai@localhost")
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env_pattern("EMAIL_PORT", "25", r"\d{1,5}", "应为端口号"))
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"

# Audit chain anchors (gongkai/audit/anchors.py): where the signed checkpoints are appended — somewhere
# the database user cannot rewrite — and the signing key (kept out of the database; default derived
# from SECRET_KEY).
GONGKAI_AUDIT_ANCHOR_DIR = env_str("GONGKAI_AUDIT_ANCHOR_DIR", "")  # empty: <data dir>/audit-anchors
GONGKAI_AUDIT_KEY = env_str("GONGKAI_AUDIT_KEY", "")

# Text messages (query-code recovery): a class with send(phone, text); the default writes to
# GONGKAI_DATA_DIR/sms-outbox.log (gongkai/lib/sms.py).
GONGKAI_SMS_SENDER = env_str("GONGKAI_SMS_SENDER", "gongkai.lib.sms.FileSender")

# Failed logins slow the guesser down instead of locking the account (a stranger could lock anyone):
# consecutive failures counted per (username, client address), per client address and per username;
# from the threshold on, each further failure doubles a wait that starts at LOGIN_FIRST_DELAY_SECONDS,
# capped at LOGIN_MAX_DELAY_MINUTES (accounts/models.py LoginThrottle).
LOGIN_DELAY_AFTER = {"pair": 3, "client": 10, "account": 20}
LOGIN_FIRST_DELAY_SECONDS = 30
LOGIN_MAX_DELAY_MINUTES = 15

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "gongkai" / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Two caches. "default" is shared by every process on every machine (a table in the database): the
# counters that must not be multiplied by the number of processes — API rate limits, query-code
# failures. "local" is each process's memory, bounded: the page cache (portal/pagecache.py), the
# template fragments and report exports; their keys carry a version or a content hash, so processes
# and machines never need to invalidate each other.
_LOCAL = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gongkai-local",
          "OPTIONS": {"MAX_ENTRIES": 5000}}  # fmt: skip
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "gongkai_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 4},
    },
    "local": _LOCAL,
    "template_fragments": _LOCAL,  # the {% cache %} tag's own alias: the same per-process store
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"

# Served over HTTPS (GONGKAI_HTTPS=true, with a TLS proxy in front): redirect plain HTTP and send HSTS.
# Off by default so the demo works on http://127.0.0.1:8000. With trusted proxies (GONGKAI_TRUSTED_PROXIES)
# the proxy's X-Forwarded-Proto says whether the client used HTTPS. See docs/operations.md.
GONGKAI_HTTPS = env_bool("GONGKAI_HTTPS", False)
if GONGKAI_HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(env_pattern("SECURE_HSTS_SECONDS", "31536000", r"\d{1,9}", "应为秒数"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if GONGKAI_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs go to standard error (systemd's journal, or the process manager's file); "json" writes one JSON
# object per line for a log collector (gongkai/lib/logs.py).
GONGKAI_LOG_FORMAT = env_pattern("GONGKAI_LOG_FORMAT", "text", r"text|json", "应为 text 或 json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "gongkai.lib.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": GONGKAI_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "INFO" if DEBUG else "WARNING"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
