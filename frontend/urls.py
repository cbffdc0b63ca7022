"""The directory's pages."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from frontend.views import (
    accounts,
    confirmations,
    coverage,
    finder,
    followups,
    network,
    officers,
    proposals,
    records,
    search,
    steward,
    subscriptions,
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
    path("steward/", steward.steward_home, name="steward"),
    path("steward/confirmation-requests/", steward.request_confirmations, name="request_confirmations"),
    path("steward/proposals/", proposals.proposal_queue, name="proposal_queue"),
    path("steward/proposals/<int:pk>/decide/", proposals.decide_proposed_change, name="decide_proposed_change"),
    path("account/my-entry/propose/", proposals.propose_own_changes, name="propose_own_changes"),
    path("follow-ups/<int:pk>/answer/", followups.answer, name="answer_follow_up"),
    path("steward/reports/<int:pk>/resolve/", followups.resolve, name="resolve_wrong_contact"),
    path("account/subscriptions/", subscriptions.subscriptions, name="subscriptions"),
    path("account/subscriptions/<int:pk>/remove/", subscriptions.remove_subscription, name="remove_subscription"),
    path("unsubscribe/<str:token>/", subscriptions.unsubscribe_link, name="unsubscribe"),
    path("confirm/<str:token>/", confirmations.confirmation_link, name="confirmation_link"),
    path("countries/", records.country_list, name="countries"),
    path("countries/<str:code>/", records.country_detail, name="country"),
    path("agencies/<uuid:uuid>/", records.agency_detail, name="agency"),
    path("organisations/", records.organisation_list, name="organisations"),
    path("organisations/<uuid:uuid>/", records.organisation_detail, name="organisation"),
    path("topics/", records.topic_list, name="topics"),
    path("topics/<slug:slug>/", records.topic_detail, name="topic"),
    path("events/", records.event_list, name="events"),
    path("events/<uuid:uuid>/", records.event_detail, name="event"),
    path("coverage/", coverage.coverage_matrix, name="coverage"),
    path("coverage/map/", coverage.coverage_map, name="coverage_map"),
    path("network/<str:kind>/<uuid:uuid>/", network.network, name="network"),
]
