"""Liaison settings: defaults for a local checkout, every deployment value from the environment."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.local_secrets import secret_from_env_or_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LIAISON_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_rate(name: str, default: str) -> str:
    """Read a rate limit such as 600/m (a count per s, m, h or d, optionally several: 100/5m)."""
    rate = os.environ.get(name, default).strip()
    if not re.fullmatch(r"[1-9][0-9]*/([1-9][0-9]*)?[smhd]", rate):
        raise ImproperlyConfigured(f"{name} is {rate!r}; give a count per period such as 600/m (s, m, h or d).")
    return rate


def env_minutes(name: str, default: int) -> int:
    """Read a whole number of minutes, 1 or more, from the environment."""
    value = os.environ.get(name, str(default)).strip()
    if not value.isdigit() or int(value) < 1:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of minutes, 1 or more (such as {default}), not {value!r}."
        )
    return int(value)


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def env_log_level(name: str, default: str) -> str:
    """Read a log level, in any case (gunicorn takes "warning", Python "WARNING")."""
    level = os.environ.get(name, default).strip().upper()
    if level not in LOG_LEVELS:
        raise ImproperlyConfigured(f"{name} is {level!r}; give one of {', '.join(LOG_LEVELS)} (in any case).")
    return level


SECRET_KEY = secret_from_env_or_file("DJANGO_SECRET_KEY", VAR_DIR / "secret_key")
# Keys the hashes of API tokens; changing it invalidates every issued token.
LIAISON_TOKEN_KEY = secret_from_env_or_file("LIAISON_TOKEN_KEY", VAR_DIR / "token_key")
DEBUG = env_flag("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "directory",
    "graph",
    "api",
    "frontend",
]

MIDDLEWARE = [
    # Before everything: the request runs in a stack chunk of its own, where no call crosses into the next one.
    "config.stack_room.StackRoomMiddleware",
    # Next: it times and logs everything below, static files and refusals included, under one request id.
    "directory.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "directory.content_security_policy.ContentSecurityPolicyMiddleware",
    # Pages compressed for slow connections; Django pads gzip output against BREACH-style guessing.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, so static files keep their cache headers and everything else is never stored.
    "directory.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "directory.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "directory.middleware.SessionRoleMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "frontend.two_factor.SecondFactorRequiredMiddleware",
    "directory.middleware.RequestContextMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages, so that signing out an idle session can say why on the sign-in page.
    "directory.middleware.IdleSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "frontend.middleware.DatabaseBusyMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'liaison.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
# How long a write waits for a lock another writer holds before the answer is "busy, retry" (DATABASE_BUSY).
DATABASE_LOCK_TIMEOUT = float(os.environ.get("DATABASE_LOCK_TIMEOUT", "10"))
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A health check or request must not wait long on an unreachable database, nor on a row another writer holds.
    _postgresql = DATABASES["default"].setdefault("OPTIONS", {})
    _postgresql["connect_timeout"] = 3
    # Added to any server options the URL gives (?options=...), not in place of them.
    _lock_timeout = f"-c lock_timeout={int(DATABASE_LOCK_TIMEOUT * 1000)}"
    _postgresql["options"] = f"{_postgresql.get('options', '')} {_lock_timeout}".strip()
    # Values bound by the server, not spliced into the text, so that each connection keeps the plan of a query it has
    # run before (psycopg prepares it on its second run): PostgreSQL's CPU on the read mix halves (bench/RESULTS.md).
    # A pooler in transaction mode that cannot keep prepared statements needs DATABASE_PREPARED_STATEMENTS=0.
    if env_flag("DATABASE_PREPARED_STATEMENTS", default=True):
        _postgresql["server_side_binding"] = True
        _postgresql["prepare_threshold"] = 2
else:
    # Django's SQLite backend with SQL's row values for tuple lookups: without them a prefetch of over a thousand
    # records through a foreign key fails (decision 0039).
    DATABASES["default"]["ENGINE"] = "config.sqlite"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        # Writers queue for the lock (up to the timeout) instead of failing at once with "database is locked".
        timeout=DATABASE_LOCK_TIMEOUT,
        # Take the write lock at BEGIN: a transaction that has read cannot wait to upgrade, SQLite fails it at once.
        transaction_mode="IMMEDIATE",
        # WAL: readers and the one writer do not block each other; NORMAL is safe in WAL (fsync at checkpoints).
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    )
    # A file, not memory: concurrent requests then use their own connections and WAL, as in production.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-liaison.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The throttle first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "frontend.throttle.SignInThrottleBackend",
    "directory.sign_in_backend.AccountWithOwnEntryBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# Each named in its own language: the header's buttons show these names. Kazakh in Cyrillic, Uzbek in Latin script.
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("kk", "Қазақша"), ("uz", "Oʻzbekcha")]
LOCALE_PATHS = [BASE_DIR / "frontend" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"
LANGUAGE_COOKIE_NAME = "liaison_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Neo4j. With NEO4J_URI unset, Liaison launches and uses its own server (graph/launcher) on NEO4J_PORT.
NEO4J_URI = os.environ.get("NEO4J_URI", "")
NEO4J_USER = os.environ.get("NEO4J_USER", "neo4j")
NEO4J_DATABASE = os.environ.get("NEO4J_DATABASE", "neo4j")
NEO4J_PORT = int(os.environ.get("NEO4J_PORT", "7687"))
# How the driver reaches the local server: "bolt" (one server, direct) or "neo4j" (routing, as to a cluster).
NEO4J_SCHEME = os.environ.get("NEO4J_SCHEME", "bolt")
NEO4J_HOME = Path(os.environ.get("LIAISON_NEO4J_HOME", VAR_DIR / "neo4j"))
NEO4J_PASSWORD = os.environ.get("NEO4J_PASSWORD") or (
    "" if NEO4J_URI else secret_from_env_or_file("NEO4J_PASSWORD", VAR_DIR / "neo4j_password", 24)
)
NEO4J_START_TIMEOUT = float(os.environ.get("NEO4J_START_TIMEOUT", "120"))
NEO4J_HEAP = os.environ.get("LIAISON_NEO4J_HEAP", "1g")
# The local server's JVM: the quick compiler only, which halves the CPU a start and the short queries of the demo
# and the tests cost (bench/RESULTS.md); a long-lived large graph is better served by "-XX:+UseG1GC" alone.
NEO4J_JAVA_OPTIONS = os.environ.get("LIAISON_NEO4J_JAVA_OPTIONS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
# Seconds the local server keeps a query's plan before a change in the graph's size may have it planned again
# (a whole number); unset keeps Neo4j's 10 s. The tests keep plans for the session (tests/conftest.py).
NEO4J_MIN_REPLAN_SECONDS = os.environ.get("LIAISON_NEO4J_MIN_REPLAN_SECONDS", "").strip()
# `graph_rebuild --offline`: the importer's JVM heap, and the memory outside it that it may use (Neo4j's default
# is 90% of the machine's, too much beside a running server and the web processes).
LIAISON_NEO4J_IMPORT_HEAP = os.environ.get("LIAISON_NEO4J_IMPORT_HEAP", "1g")
LIAISON_NEO4J_IMPORT_MEMORY = os.environ.get("LIAISON_NEO4J_IMPORT_MEMORY", "1g")
# The importer's JVM, whatever the server's: a run of seconds, which the quick compiler serves best (at 100,000
# officers its node stage took 1.7-1.9 s with it against 4.8-6.8 s with the optimising one; bench/RESULTS.md).
LIAISON_NEO4J_IMPORT_JAVA_OPTIONS = os.environ.get(
    "LIAISON_NEO4J_IMPORT_JAVA_OPTIONS", "-XX:+UseG1GC -XX:TieredStopAtLevel=1"
)
# The importer's worker threads: at least 4. Its default is one per core; on 2 cores, with 4 threads its node and
# relationship stages at 100,000 officers took a fifth to a quarter less time (bench/RESULTS.md). From 4 cores on,
# its own default.
LIAISON_NEO4J_IMPORT_THREADS = os.environ.get("LIAISON_NEO4J_IMPORT_THREADS", str(max(4, os.cpu_count() or 1)))
# The offline rebuild's export: this many processes write the larger tables' files in parts, side by side. Reading
# and converting the rows is Python's work, one core a process; at 100,000 officers on 2 cores, 2 processes wrote
# the nodes 1.7x and the links 2x as fast as one (bench/RESULTS.md).
LIAISON_GRAPH_EXPORT_PROCESSES = max(
    1, int(os.environ.get("LIAISON_GRAPH_EXPORT_PROCESSES", str(min(4, os.cpu_count() or 1))))
)
# Request-path limits: a graph question that takes longer than this is a failure, not a wait.
NEO4J_QUERY_TIMEOUT = float(os.environ.get("NEO4J_QUERY_TIMEOUT", "10"))
NEO4J_CONNECTION_TIMEOUT = float(os.environ.get("NEO4J_CONNECTION_TIMEOUT", "3"))
NEO4J_RETRY_SECONDS = float(os.environ.get("NEO4J_RETRY_SECONDS", "1"))
# Hard client-side deadlines, which hold even when the server is frozen and answers nothing: a graph read (the
# page shows its notice instead) and a projection's write (its events wait for the next try).
NEO4J_READ_DEADLINE = float(os.environ.get("NEO4J_READ_DEADLINE", "2"))
NEO4J_WRITE_DEADLINE = float(os.environ.get("NEO4J_WRITE_DEADLINE", "30"))
# A read that ran out of time counts towards the breaker only if Neo4j then fails to answer a trivial read within
# this many seconds: a slow question on a live server (a plan made afresh after a restart) is not a sick server.
NEO4J_LIVENESS_DEADLINE = float(os.environ.get("NEO4J_LIVENESS_DEADLINE", "0.5"))
# Graph reads under way at once per web process; more wait their turn within their deadline. The web processes
# together should send Neo4j about two reads per core it has (decision 0054): on a two-core server, 4 at once
# answered as many questions a second as 8 did, and the slowest sooner.
NEO4J_READ_THREADS = int(os.environ.get("NEO4J_READ_THREADS", "2"))
# After this many graph reads in a row fail or time out, reads are refused at once for the cool-off (seconds);
# then one read probes the server, and its answer closes the breaker again.
NEO4J_BREAKER_FAILURES = int(os.environ.get("NEO4J_BREAKER_FAILURES", "3"))
NEO4J_BREAKER_COOL_OFF = float(os.environ.get("NEO4J_BREAKER_COOL_OFF", "10"))

# Logs: one JSON object a line on standard error (time, level, logger, message, request_id; for each request also
# method, path, status and duration_ms). LIAISON_REQUEST_LOG=0 leaves out the line per request.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "directory.log_format.RequestIdFilter"}},
    "formatters": {
        "json": {
            # Written by orjson, as the API's answers are: a request's line in 0.08 ms less than through json.dumps
            # (bench/RESULTS.md, 2026-12-07), with Cyrillic as itself rather than as \u escapes.
            "()": "pythonjsonlogger.orjson.OrjsonFormatter",
            "fmt": "{levelname}{name}{message}{request_id}",
            "style": "{",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_log_level("LIAISON_LOG_LEVEL", "WARNING")},
    "loggers": {
        "liaison.requests": {"level": "INFO" if env_flag("LIAISON_REQUEST_LOG", default=True) else "WARNING"},
        # One line as each web process is ready to serve, with how many objects it keeps out of garbage collection.
        "liaison.web": {"level": "INFO"},
    },
}
AUTH_USER_MODEL = "directory.User"

# /metrics (Prometheus): a scraper sends this key as "Authorization: Bearer <key>"; administrators may read it
# signed in; from loopback without a proxy's headers anyone may, unless turned off (always off in production).
LIAISON_METRICS_TOKEN = os.environ.get("LIAISON_METRICS_TOKEN", "")
LIAISON_METRICS_ALLOW_LOOPBACK = env_flag("LIAISON_METRICS_ALLOW_LOOPBACK", default=True)
LIAISON_METRICS_RATE_LIMIT = env_rate("LIAISON_METRICS_RATE_LIMIT", "120/m")  # scrapes per address

# After a write commits, nudge a projection (off: only the worker's periodic job projects). "worker": one datagram
# wakes the worker, which projects at once in its own process (when no worker listens, a thread of the web process
# projects instead); "background": a thread of the web process projects; "inline": the request projects before it
# answers (the tests that read the graph right after a write). No request waits on Neo4j but with "inline". The
# worker's graph_projection job drains whatever is left either way.
LIAISON_PROJECT_ON_COMMIT = env_flag("LIAISON_PROJECT_ON_COMMIT", default=True)
LIAISON_PROJECTION = os.environ.get("LIAISON_PROJECTION", "worker")

# GraphQL: introspection, field suggestions and GraphiQL only in development; errors masked elsewhere.
LIAISON_GRAPHQL_INTROSPECTION = env_flag("LIAISON_GRAPHQL_INTROSPECTION", default=DEBUG)
LIAISON_GRAPHQL_MASK_ERRORS = env_flag("LIAISON_GRAPHQL_MASK_ERRORS", default=not DEBUG)
LIAISON_GRAPHQL_MAX_BODY_BYTES = int(os.environ.get("LIAISON_GRAPHQL_MAX_BODY_BYTES", "65536"))

# GraphQL rate limits, as "count/period" (period s, m, h or d, such as 600/m), counted in Django's cache. The
# default cache is each process's memory: several web processes need a shared cache (such as the database
# cache) to count together. A cache that fails lets requests through rather than refusing everyone.
LIAISON_GRAPHQL_RATE_LIMIT = env_rate("LIAISON_GRAPHQL_RATE_LIMIT", "600/m")  # per user or API token
LIAISON_TOKEN_FAILURE_LIMIT = env_rate("LIAISON_TOKEN_FAILURE_LIMIT", "30/m")  # failed token checks per address
RATELIMIT_FAIL_OPEN = True

# Sign-in throttling (django-axes): after this many failures for one account, or from one address, sign-in is
# refused until the cool-off has passed; failures during a lock-out do not extend it, so no one is locked out for good.
AXES_FAILURE_LIMIT = int(os.environ.get("LIAISON_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LIAISON_SIGNIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "frontend.views.accounts.locked_out"
# Behind a reverse proxy every request comes from the proxy: name the header it sets to the client's address
# (such as X-Real-IP), or one visitor's failures would lock out everyone.
LIAISON_CLIENT_IP_HEADER = os.environ.get("LIAISON_CLIENT_IP_HEADER", "")
# The same header as request.META names it (X-Real-IP: HTTP_X_REAL_IP), for the GraphQL rate limits.
LIAISON_CLIENT_ADDRESS_HEADER = (
    "HTTP_" + LIAISON_CLIENT_IP_HEADER.upper().replace("-", "_") if LIAISON_CLIENT_IP_HEADER else ""
)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_" + LIAISON_CLIENT_IP_HEADER.upper().replace("-", "_"),) if LIAISON_CLIENT_IP_HEADER else ("REMOTE_ADDR",)
)

# Two-factor sign-in (django-otp): offered to everyone, required for these roles (production: stewards, admins).
LIAISON_REQUIRE_2FA_ROLES = tuple(env_list("LIAISON_REQUIRE_2FA_ROLES", ""))
OTP_TOTP_ISSUER = "Liaison"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Browser-side defences. Every script and style comes from Liaison's own static files; a page that truly needs an
# inline one (development GraphiQL) marks it with the request's nonce. data: covers the icons and fonts that Pico
# and GraphiQL embed in their stylesheets.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Liaison uses none of these device features; no script on its pages may ask for them either.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A signed-in session ends after this many minutes without a request (directory.middleware.IdleSessionMiddleware).
LIAISON_SESSION_IDLE_MINUTES = env_minutes("LIAISON_SESSION_IDLE_MINUTES", 30)

# An entry not confirmed within this many days is stale: ranked lower, marked, and asked to confirm.
LIAISON_STALE_AFTER_DAYS = int(os.environ.get("LIAISON_STALE_AFTER_DAYS", "365"))

# Roster imports: the largest file and the most rows one import reads, and how many previews a user may ask for.
LIAISON_ROSTER_MAX_BYTES = int(os.environ.get("LIAISON_ROSTER_MAX_BYTES", str(10 * 1024 * 1024)))
LIAISON_ROSTER_MAX_ROWS = int(os.environ.get("LIAISON_ROSTER_MAX_ROWS", "10000"))
LIAISON_ROSTER_RATE_LIMIT = env_rate("LIAISON_ROSTER_RATE_LIMIT", "60/h")
# Exports: the most rows one download holds, and downloads per user (django-ratelimit, like the API's limits).
LIAISON_EXPORT_MAX_ROWS = int(os.environ.get("LIAISON_EXPORT_MAX_ROWS", "5000"))
LIAISON_EXPORT_RATE_LIMIT = env_rate("LIAISON_EXPORT_RATE_LIMIT", "30/h")
# Changes through the stewards' contact and participation pages, per user (django-ratelimit, like the API's).
LIAISON_PAGE_CHANGE_RATE_LIMIT = env_rate("LIAISON_PAGE_CHANGE_RATE_LIMIT", "60/m")
# The worker (`manage.py worker`): its periodic jobs, one registry. Each function takes no arguments and returns
# how many things it did; each job runs once per period however many workers run.
LIAISON_WORKER_POLL_SECONDS = float(os.environ.get("LIAISON_WORKER_POLL_SECONDS", "1"))
LIAISON_PERIODIC_JOBS: list[dict[str, object]] = [
    {"name": "graph_projection", "every_seconds": 1, "function": "graph.projector.drain_outbox"},
    {"name": "change_publication", "every_seconds": 1, "function": "directory.services.webhooks.publish_changes"},
    {"name": "webhook_delivery", "every_seconds": 1, "function": "directory.webhooks.delivery.deliver_due"},
    # After each start of Neo4j, the plans of the graph questions, made before users ask (graph/warm.py).
    {"name": "graph_plans", "every_seconds": 5, "function": "answers.plans.warm_graph_plans"},
]

# Webhooks: tries before giving up, the first retry's wait (doubled each time, up to the cap), the receiver's time
# limit per connection step and the most of its answer read. Plain http and loopback targets only while developing.
LIAISON_WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("LIAISON_WEBHOOK_MAX_ATTEMPTS", "8"))
LIAISON_WEBHOOK_BACKOFF_SECONDS = float(os.environ.get("LIAISON_WEBHOOK_BACKOFF_SECONDS", "30"))
LIAISON_WEBHOOK_BACKOFF_MAX_SECONDS = float(os.environ.get("LIAISON_WEBHOOK_BACKOFF_MAX_SECONDS", "21600"))
LIAISON_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("LIAISON_WEBHOOK_TIMEOUT_SECONDS", "5"))
LIAISON_WEBHOOK_RESPONSE_CAP_BYTES = int(os.environ.get("LIAISON_WEBHOOK_RESPONSE_CAP_BYTES", "65536"))
LIAISON_WEBHOOK_ALLOW_LOOPBACK = env_flag("LIAISON_WEBHOOK_ALLOW_LOOPBACK", default=DEBUG)

# Idempotency-Key on GraphQL mutations: how long a key's first answer is kept for retries (expired ones are pruned
# by the worker), and how long a first attempt counts as still running (a retry then gets 409; after it, the
# attempt is taken for dead and a retry runs the request).
LIAISON_IDEMPOTENCY_KEEP_HOURS = float(os.environ.get("LIAISON_IDEMPOTENCY_KEEP_HOURS", "24"))
LIAISON_IDEMPOTENCY_LEASE_SECONDS = float(os.environ.get("LIAISON_IDEMPOTENCY_LEASE_SECONDS", "60"))
LIAISON_PERIODIC_JOBS.append(
    {
        "name": "idempotency_pruning",
        "every_seconds": 3600,
        "function": "directory.services.idempotency.prune_expired_answers",
    }
)

# The change feed (`changes` in GraphQL): the most changes one page holds.
LIAISON_CHANGE_FEED_MAX_PAGE = int(os.environ.get("LIAISON_CHANGE_FEED_MAX_PAGE", "500"))
# How long bookkeeping is kept before the worker's pruning job deletes it: settled webhook deliveries (the delivery
# log), and published changes (the feed's history; a cursor older than that is told it expired). Never the change log.
LIAISON_WEBHOOK_DELIVERY_RETENTION_DAYS = int(os.environ.get("LIAISON_WEBHOOK_DELIVERY_RETENTION_DAYS", "30"))
LIAISON_CHANGE_FEED_RETENTION_DAYS = int(os.environ.get("LIAISON_CHANGE_FEED_RETENTION_DAYS", "365"))
LIAISON_PERIODIC_JOBS += [
    {"name": "pruning", "every_seconds": 3600, "function": "directory.services.retention.prune_expired_records"},
]
# E-mail: printed to the console unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Liaison <liaison@localhost>")
# Links in e-mails point here (no request to take the address from): the site's public address.
LIAISON_SITE_URL = os.environ.get("LIAISON_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Confirmation requests: how long a link works, how often a reminder follows, how many at most, and how many
# entries one request may name.
LIAISON_CONFIRMATION_LINK_DAYS = int(os.environ.get("LIAISON_CONFIRMATION_LINK_DAYS", "14"))
LIAISON_CONFIRMATION_REMINDER_DAYS = int(os.environ.get("LIAISON_CONFIRMATION_REMINDER_DAYS", "7"))
LIAISON_CONFIRMATION_MAX_REMINDERS = int(os.environ.get("LIAISON_CONFIRMATION_MAX_REMINDERS", "3"))
LIAISON_CONFIRMATION_BATCH_LIMIT = int(os.environ.get("LIAISON_CONFIRMATION_BATCH_LIMIT", "200"))
# Confirmation links answered per address, signed in or not (they are the credential, so guessing is throttled).
LIAISON_CONFIRMATION_LINK_RATE_LIMIT = env_rate("LIAISON_CONFIRMATION_LINK_RATE_LIMIT", "30/m")
# "Did they answer?": ask this many days after a user saw an officer's contact details.
LIAISON_FOLLOW_UP_AFTER_DAYS = int(os.environ.get("LIAISON_FOLLOW_UP_AFTER_DAYS", "7"))
# ...and ask about one officer at most once in this many days, however often the user looked them up.
LIAISON_FOLLOW_UP_EVERY_DAYS = int(os.environ.get("LIAISON_FOLLOW_UP_EVERY_DAYS", "30"))

# The periodic jobs that keep entries current, in the same registry (run by hand too: manage.py run_job NAME).
LIAISON_PERIODIC_JOBS += [
    {
        "name": "confirmation_reminders",
        "every_seconds": 3600,
        "function": "directory.services.confirmations.send_due_reminders",
    },
    {
        "name": "follow_up_questions",
        "every_seconds": 3600,
        "function": "directory.services.followups.ask_due_follow_ups",
    },
    {"name": "daily_digests", "every_seconds": 3600, "function": "directory.services.digests.send_daily_digests"},
    {"name": "weekly_digests", "every_seconds": 3600, "function": "directory.services.digests.send_weekly_digests"},
]
