"""Liaison's URL map."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path

from frontend.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
