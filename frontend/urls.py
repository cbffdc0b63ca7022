"""The directory's pages."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from frontend.views import (
    accounts,
    coverage,
    duplicates,
    exports,
    finder,
    intake,
    network,
    officers,
    records,
    search,
    steward,
    two_factor,
)

urlpatterns = [
    path("", finder.home, name="home"),
    path("login/", accounts.SignInView.as_view(), name="login"),
    path("login/code/", accounts.sign_in_code, name="sign_in_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/two-factor/", two_factor.two_factor, name="two_factor"),
    path("account/two-factor/recovery-codes/", two_factor.new_recovery_codes, name="two_factor_recovery_codes"),
    path("account/two-factor/remove/", two_factor.remove_two_factor, name="two_factor_remove"),
    path("search/", search.search, name="search"),
    path("officers/<uuid:uuid>/", officers.profile, name="officer"),
    path("officers/<uuid:uuid>/edit/", steward.officer_edit, name="officer_edit"),
    path("officers/<uuid:uuid>/verify/", steward.officer_verify, name="officer_verify"),
    path("officers/<uuid:uuid>/confirm/", steward.officer_confirm, name="officer_confirm"),
    path("officers/<uuid:uuid>/merge/", steward.officer_merge, name="officer_merge"),
    path("officers/<uuid:uuid>/vcard/", exports.officer_vcard, name="officer_vcard"),
    path("steward/", steward.steward_home, name="steward"),
    path("intake/", intake.upload, name="intake"),
    path("intake/<uuid:uuid>/", intake.preview, name="intake_preview"),
    path("intake/<uuid:uuid>/options/", intake.options, name="intake_options"),
    path("intake/<uuid:uuid>/resolve/", intake.resolve, name="intake_resolve"),
    path("intake/<uuid:uuid>/commit/", intake.commit, name="intake_commit"),
    path("intake/<uuid:uuid>/discard/", intake.discard, name="intake_discard"),
    path("intake/imports/<int:pk>/", intake.done, name="intake_done"),
    path("steward/duplicates/", duplicates.duplicate_list, name="duplicates"),
    path("steward/duplicates/<uuid:first>/<uuid:second>/", duplicates.duplicate_compare, name="duplicate_compare"),
    path(
        "steward/duplicates/<uuid:first>/<uuid:second>/dismiss/",
        duplicates.duplicate_dismiss,
        name="duplicate_dismiss",
    ),
    path("exports/officers/", exports.officers_export, name="officers_export"),
    path("countries/", records.country_list, name="countries"),
    path("countries/<str:code>/", records.country_detail, name="country"),
    path("agencies/<uuid:uuid>/", records.agency_detail, name="agency"),
    path("organisations/", records.organisation_list, name="organisations"),
    path("organisations/<uuid:uuid>/", records.organisation_detail, name="organisation"),
    path("topics/", records.topic_list, name="topics"),
    path("topics/<slug:slug>/", records.topic_detail, name="topic"),
    path("events/", records.event_list, name="events"),
    path("events/<uuid:uuid>/", records.event_detail, name="event"),
    path("events/<uuid:uuid>/attendance.<str:file_format>", exports.attendance_export, name="attendance_export"),
    path("coverage/", coverage.coverage_matrix, name="coverage"),
    path("coverage/map/", coverage.coverage_map, name="coverage_map"),
    path("network/<str:kind>/<uuid:uuid>/", network.network, name="network"),
]
