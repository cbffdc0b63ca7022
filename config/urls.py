"""Liaison's URL map."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from api.roster_uploads import roster_upload
from api.views import graphql_view
from frontend.health import healthz
from frontend.metrics import metrics

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("graphql", graphql_view(), name="graphql"),
    path("graphql/rosters", roster_upload, name="graphql_roster_upload"),
    # The admin signs in through the site's own steps (throttled, with the second factor), not its own form.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("frontend.urls")),
]

handler404 = "frontend.views.errors.not_found"
handler403 = "frontend.views.errors.forbidden"
