"""Settings for ThiĐua. Everything that differs between a laptop and a national server comes from the
environment: DATABASE_URL (SQLite by default, PostgreSQL for a province or the nation), THIDUA_SECRET_KEY,
THIDUA_DEBUG, THIDUA_HTTPS, THIDUA_ALLOWED_HOSTS, THIDUA_DEMO, THIDUA_BASE_URL, THIDUA_EMAIL_* (EMAIL_BACKEND, HOST, PORT,
USER, PASSWORD, TLS, FROM)."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("THIDUA_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("THIDUA_DEBUG", False)
# Demo mode allows the printed demo passwords; outside it no account has a default password.
DEMO_MODE = env_flag("THIDUA_DEMO", False)
HTTPS = env_flag("THIDUA_HTTPS", False)

_secret = os.environ.get("THIDUA_SECRET_KEY")
if not _secret:
    # A laptop install keeps one generated key in var/ so sessions survive a restart.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    _secret = key_file.read_text().strip()
SECRET_KEY = _secret

ALLOWED_HOSTS = os.environ.get("THIDUA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_htmx",
    "django_tables2",
    "django_filters",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "thidua.core",
    "thidua.accounts",
    "thidua.orgs",
    "thidua.clusters",
    "thidua.movements",
    "thidua.scoring",
    "thidua.meetings",
    "thidua.voting",
    "thidua.awards",
    "thidua.dossiers",
    "thidua.reports",
    "thidua.screens",
    "thidua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.core.language.ChosenLanguage",  # Vietnamese unless English was chosen (cookie); no Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "thidua.accounts.middleware.ForcePasswordChange",  # a temporary password is changed before anything else
    "thidua.core.widgets.RequestChoices",  # a model select's options read once per request (core/widgets.py)
    "thidua.core.headers.PermissionsPolicy",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.core.context_processors.site",
                "thidua.accounts.context_processors.notifications",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'thidua.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no covering indexes: the INCLUDE columns of awards' award_search_text_cover are PostgreSQL's
    # only, and SQLite builds the index without them, as intended (models.W040 says so at every migrate).
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
    # Django's SQLite backend that reads a decimal stored out of its column's range instead of failing the page.
    DATABASES["default"]["ENGINE"] = "thidua.core.sqlite"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The test database stays in memory, as Django's own SQLite backend has it; said explicitly because the engine's
    # name is ours, and pytest-django (with xdist) would otherwise name one file per worker after the real one.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE avoids "database is locked" upgrades. Writers
        # queue for the lock: 200 leaders casting at once on a loaded 2-core machine took over 5 s to drain, and
        # a ballot refused with "database is locked" is worse than one that waits, so the wait may last up to 20 s
        # (within gunicorn's 30 s worker timeout).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the application's statements are short, and PostgreSQL judged by their cost estimate
    # alone that the people of 1.000 units (a collective title's check at national scale) were worth compiling:
    # 1,3 s of compiling for a 0,9 s read. Set per connection, so it holds on any server.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# E-mails (invitations, password resets, notifications): an SMTP server from the environment; without one,
# invitations fail with a clear message and the printed sheet with a temporary password remains. Invitation links
# expire after 3 days. In demo mode the mails are written to the console (the server's output), never sent.
EMAIL_BACKEND = os.environ.get("THIDUA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEMO_MODE
                               else "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("THIDUA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("THIDUA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("THIDUA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("THIDUA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("THIDUA_EMAIL_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("THIDUA_EMAIL_FROM", "thidua@localhost")
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
# The site's address as users reach it, for the links in e-mails sent outside a request (notifications, digests).
THIDUA_BASE_URL = os.environ.get("THIDUA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# `thidua daily_jobs` (started by `make run`): a task is reminded this many days before its deadline (today
# included); the jobs run every day at this hour, local time.
REMINDER_DAYS_BEFORE = int(os.environ.get("THIDUA_REMINDER_DAYS_BEFORE", "3"))
DAILY_JOBS_HOUR = int(os.environ.get("THIDUA_DAILY_JOBS_HOUR", "6"))

# Lock-out after repeated failed log-ins (django-axes): 5 failures lock the username from that address.
AXES_FAILURE_LIMIT = int(os.environ.get("THIDUA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Behind a reverse proxy: its addresses, comma-separated, so that the lock-out counts the real client's address
# (X-Forwarded-For as the proxy writes it) and not the proxy's, which every voter shares (accounts/client.py).
THIDUA_TRUSTED_PROXIES = [a.strip() for a in os.environ.get("THIDUA_TRUSTED_PROXIES", "").split(",") if a.strip()]
AXES_CLIENT_IP_CALLABLE = "thidua.accounts.client.client_address"

# Content-Security-Policy (django-csp 4): everything from our own origin; no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 8 * 3600

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Django's own `vi` formats read 05/06/2025 as 6 May; ours read it as 5 June (see formats/vi).
FORMAT_MODULE_PATH = ["thidua.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The project's own and vendored files live in src/thidua/static; `thidua` is no installed app, so no app
# finder would see them.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

DJANGO_TABLES2_TEMPLATE = "core/table.html"
DJANGO_TABLES2_PAGE_RANGE = 8

# Largest Excel file an import accepts, in bytes.
# Background work (core/jobs.py): queued in the database, run by `thidua db_worker` (started by `make run`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

THIDUA_IMPORT_MAX_BYTES = int(os.environ.get("THIDUA_IMPORT_MAX_BYTES", str(30 * 1024 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
