"""The admin's pages for the worker and webhooks: jobs' last runs, endpoints (secret shown once), deliveries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory import models as m
from directory.changes import all_event_types
from directory.permissions import ensure_can_manage_webhooks, may_read_webhooks
from directory.services.jobs import run_job_now
from directory.services.webhooks import (
    PUBLICATION_LOCK,
    register_webhook_endpoint,
    remove_webhook_endpoint,
    retry_deliveries,
    rotate_webhook_secret,
    update_webhook_endpoint,
)
from directory.webhooks.targets import TargetRefused, check_target


class AdministratorsOnly(admin.ModelAdmin):
    """Seen and changed by administrators only, whatever Django's model permissions say."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_read_webhooks(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_read_webhooks(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may_read_webhooks(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_read_webhooks(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_read_webhooks(request.user)


@admin.register(m.JobRun)
class JobRunAdmin(AdministratorsOnly):
    """Each periodic job's last run: when, what it did, or why it failed."""

    list_display = ("name", "state", "last_started_at", "last_finished_at", "last_result", "runs", "failures")
    readonly_fields = [field.name for field in m.JobRun._meta.fields]
    actions = ("run_now",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[m.JobRun]:
        return super().get_queryset(request).exclude(name=PUBLICATION_LOCK)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Run now (at the worker's next round)")
    def run_now(self, request: HttpRequest, queryset: QuerySet[m.JobRun]) -> None:
        """Make the chosen jobs due at once."""
        for job in queryset:
            run_job_now(job.name)
        self.message_user(request, _("The worker runs them at its next round."), messages.SUCCESS)


class EndpointForm(forms.ModelForm):
    """An endpoint, with its event types chosen from the ones Liaison sends."""

    url = forms.URLField(max_length=500, assume_scheme="https")
    event_types = forms.MultipleChoiceField(
        choices=[(name, name) for name in all_event_types()],
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text="None chosen: every type.",
    )

    class Meta:
        model = m.WebhookEndpoint
        fields = ("name", "url", "event_types", "countries", "topics", "active")

    def clean_url(self) -> str:
        """Refuse a target the worker would refuse: not https, or resolving to a private address."""
        url = self.cleaned_data["url"]
        try:
            check_target(url)
        except TargetRefused as error:
            raise ValidationError(str(error), code="refused_target") from error
        return url


@admin.register(m.WebhookEndpoint)
class WebhookEndpointAdmin(AdministratorsOnly):
    """Endpoints: saved through the services (the URL checked against SSRF), the secret shown once."""

    form = EndpointForm
    list_display = ("name", "url", "active", "created_at")
    list_filter = ("active",)
    filter_horizontal = ("countries", "topics")
    actions = ("rotate_secret",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Register or change the endpoint through the services; on registering, show the secret once."""
        ensure_can_manage_webhooks(request.user)
        data = form.cleaned_data
        fields = {
            "name": data["name"],
            "url": data["url"],
            "event_types": data["event_types"],
            "country_codes": [country.code for country in data["countries"]],
            "topic_slugs": [topic.slug for topic in data["topics"]],
        }
        if change:
            update_webhook_endpoint(obj, active=data["active"], **fields)
            return
        endpoint, secret = register_webhook_endpoint(**fields)
        obj.pk = endpoint.pk
        self.message_user(
            request,
            _("Signing secret for %(name)s, shown only now; give it to the receiver: %(secret)s")
            % {"name": endpoint.name, "secret": secret},
            messages.WARNING,
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Nothing: the service has set the countries and topics already."""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        ensure_can_manage_webhooks(request.user)
        remove_webhook_endpoint(obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[m.WebhookEndpoint]) -> None:
        for endpoint in queryset:
            self.delete_model(request, endpoint)

    @admin.action(description="Rotate the signing secret (shown once)")
    def rotate_secret(self, request: HttpRequest, queryset: QuerySet[m.WebhookEndpoint]) -> None:
        """Give each chosen endpoint a new secret and show it once."""
        ensure_can_manage_webhooks(request.user)
        for endpoint in queryset:
            secret = rotate_webhook_secret(endpoint)
            self.message_user(
                request,
                _("New signing secret for %(name)s, shown only now: %(secret)s")
                % {"name": endpoint.name, "secret": secret},
                messages.WARNING,
            )


@admin.register(m.WebhookDelivery)
class WebhookDeliveryAdmin(AdministratorsOnly):
    """The delivery log: each change sent to each endpoint, its status, attempts and last error."""

    list_display = ("id", "endpoint", "event", "status", "attempts", "last_status_code", "next_attempt_at")
    list_filter = ("status", "endpoint")
    search_fields = ("record_uuid", "message_id")
    readonly_fields = [field.name for field in m.WebhookDelivery._meta.fields]
    list_select_related = ("endpoint", "event")
    actions = ("retry_now",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Try again now")
    def retry_now(self, request: HttpRequest, queryset: QuerySet[m.WebhookDelivery]) -> None:
        """Make the chosen deliveries due at once, given up or not."""
        ensure_can_manage_webhooks(request.user)
        count = retry_deliveries(queryset)
        text = ngettext("%(count)d delivery will be tried again.", "%(count)d deliveries will be tried again.", count)
        self.message_user(request, text % {"count": count})
