"""Liaison's URL map."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from api.views import graphql_view
from frontend.health import healthz

urlpatterns = [
    # Until the directory's own pages exist, the stewards' admin is the way in.
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("healthz", healthz, name="healthz"),
    path("graphql", graphql_view(), name="graphql"),
    path("admin/", admin.site.urls),
]
