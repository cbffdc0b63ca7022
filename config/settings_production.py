"""Production settings: the defaults plus HTTPS-only cookies, HSTS and a secret key that must be given."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings import *  # noqa: F403

for _required in ("DJANGO_SECRET_KEY", "LIAISON_TOKEN_KEY"):
    if not os.environ.get(_required):
        raise ImproperlyConfigured(f"{_required} must be set in production (50+ random characters).")

DEBUG = False
SECURE_SSL_REDIRECT = True
# The load balancer probes /healthz, and the monitoring system scrapes /metrics (with its key), over plain HTTP on
# the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Whatever DJANGO_DEBUG or the GraphQL variables say: no introspection, no "Did you mean" guesses at the schema,
# no GraphiQL (which follows introspection) and every unexpected error masked. GET queries are never accepted.
LIAISON_GRAPHQL_INTROSPECTION = False
LIAISON_GRAPHQL_MASK_ERRORS = True

# Stewards and admins sign in with a second factor (TOTP or a recovery code).
LIAISON_REQUIRE_2FA_ROLES = tuple(env_list("LIAISON_REQUIRE_2FA_ROLES", "steward,admin"))  # noqa: F405

# Behind a reverse proxy on the same host every request comes from loopback: /metrics needs its key or an admin.
LIAISON_METRICS_ALLOW_LOOPBACK = False

# Webhooks go over https to public addresses only, whatever LIAISON_WEBHOOK_ALLOW_LOOPBACK says.
LIAISON_WEBHOOK_ALLOW_LOOPBACK = False
